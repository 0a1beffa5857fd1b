// `dth pins update`: rewrites a scenario pack's pinned verdicts (`expect:`) to what a run observed,
// editing only the pins that no longer match and leaving every other byte of the file as it was
// (comments, quoting, folded text, blank lines). The yaml library's Document API gives each node's
// source range (https://eemeli.org/yaml/#nodes, `range: [start, value-end, node-end]`); the edits are
// text replacements at those ranges, so nothing is re-serialised.
import { isMap, isPair, isScalar, isSeq, parseDocument, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { InputError } from '../harness/errors.js';
import { observedVerdict } from './expectations.js';
import type { Report } from './model.js';
import type { PinVerdict } from '../harness/runner/run-input.js';

const VERDICTS: readonly PinVerdict[] = ['detect', 'miss', 'partial'];

export interface PinChange {
  scenarioId: string;
  ruleId: string;
  /** `file:line` of the pin. */
  at: string;
  before: string;
  after: string;
}

export interface PinsUpdate {
  text: string;
  changes: PinChange[];
  /** Pins left alone and why (the rule did not run, the scenario recorded nowhere). */
  skipped: string[];
}

interface Pin {
  verdict: PinVerdict;
  sources: Record<string, PinVerdict>;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** The new pin: each recorded data source's override set to what was observed, the default verdict kept where it still holds. */
export function updatedPin(pin: Pin, observed: ReadonlyMap<string, PinVerdict>): Pin {
  const sources = { ...pin.sources };
  for (const [dataSourceId, seen] of observed) {
    if (seen === pin.verdict) delete sources[dataSourceId];
    else sources[dataSourceId] = seen;
  }
  // When the default verdict applies to no recorded data source any more and every recorded one agrees, that becomes the default.
  const recorded = [...observed.keys()];
  const defaultApplies = recorded.some((id) => sources[id] === undefined);
  const values = new Set(recorded.map((id) => sources[id]));
  const only = [...values][0];
  if (!defaultApplies && values.size === 1 && only !== undefined) {
    for (const id of recorded) delete sources[id];
    return { verdict: only, sources };
  }
  return { verdict: pin.verdict, sources };
}

function samePin(a: Pin, b: Pin): boolean {
  const keys = new Set([...Object.keys(a.sources), ...Object.keys(b.sources)]);
  return a.verdict === b.verdict && [...keys].every((k) => a.sources[k] === b.sources[k]);
}

function pinText(pin: Pin): string {
  const sources = Object.entries(pin.sources);
  return sources.length === 0 ? pin.verdict : `${pin.verdict} (${sources.map(([k, v]) => `${k}: ${v}`).join(', ')})`;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

function asVerdict(value: unknown): PinVerdict | undefined {
  return VERDICTS.find((v) => v === value);
}

function range(node: Node | null | undefined): [number, number] {
  const r = node?.range;
  if (r === undefined || r === null) throw new Error('pins update: a YAML node without a source range');
  return [r[0], r[1]];
}

/** A scalar's replacement keeping its quote style. */
function scalarText(node: Scalar, value: string): string {
  if (node.type === 'QUOTE_DOUBLE') return `"${value}"`;
  if (node.type === 'QUOTE_SINGLE') return `'${value}'`;
  return value;
}

function flowSources(sources: Record<string, PinVerdict>): string {
  return `{ ${Object.entries(sources).map(([k, v]) => `${k}: ${v}`).join(', ')} }`;
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((item): item is Pair => isPair(item) && isScalar(item.key) && item.key.value === key);
}

/** Edits turning the pin `node` (a scalar or a map) into `next`, touching as little text as it can. */
function pinEdits(text: string, node: Node, next: Pin): Edit[] {
  const sources = Object.entries(next.sources);
  if (isScalar(node)) {
    const [start, end] = range(node);
    if (sources.length === 0) return [{ start, end, text: scalarText(node, next.verdict) }];
    return [{ start, end, text: `{ verdict: ${next.verdict}, sources: ${flowSources(next.sources)} }` }];
  }
  if (!isMap(node)) throw new Error('pins update: a pin is neither a verdict nor a mapping');
  const edits: Edit[] = [];
  const verdictPair = pairOf(node, 'verdict');
  if (verdictPair !== undefined && isScalar(verdictPair.value) && verdictPair.value.value !== next.verdict) {
    const [start, end] = range(verdictPair.value);
    edits.push({ start, end, text: scalarText(verdictPair.value, next.verdict) });
  }
  const sourcesPair = pairOf(node, 'sources');
  const flow = node.flow === true;
  if (sourcesPair === undefined) {
    if (sources.length === 0) return edits;
    const last = node.items[node.items.length - 1];
    const [, end] = range((isPair(last) ? (last.value as Node | null) : null) ?? (isPair(last) ? (last.key as Node) : null));
    if (flow) return [...edits, { start: end, end, text: `, sources: ${flowSources(next.sources)}` }];
    const indent = ' '.repeat(columnOf(text, range(node.items[0]?.key as Node)[0]));
    // A block scalar's range ends after its last line break: insert before it.
    const at = text[end - 1] === '\n' ? end - 1 : end;
    return [...edits, { start: at, end: at, text: `\n${indent}sources:\n${sources.map(([k, v]) => `${indent}  ${k}: ${v}`).join('\n')}` }];
  }
  const value = sourcesPair.value as Node | null;
  if (sources.length === 0) {
    // Drop the whole `sources:` entry: from its key's line start to the end of its value's last line.
    const keyStart = range(sourcesPair.key as Node)[0];
    const from = flow ? keyStart : lineStart(text, keyStart);
    const valueEnd = value === null ? range(sourcesPair.key as Node)[1] : range(value)[1];
    if (flow) {
      const before = text.lastIndexOf(',', keyStart);
      return [...edits, { start: before >= range(node)[0] ? before : keyStart, end: valueEnd, text: '' }];
    }
    const lineEnd = text.indexOf('\n', valueEnd - 1);
    return [...edits, { start: from, end: lineEnd === -1 ? text.length : lineEnd + 1, text: '' }];
  }
  if (value === null || !isMap(value)) throw new InputError('pins update: `sources` of a pin is not a mapping');
  const [start, end] = range(value);
  if (value.flow === true || flow) return [...edits, { start, end, text: flowSources(next.sources) }];
  const indent = ' '.repeat(columnOf(text, start));
  const at = text[end - 1] === '\n' ? end - 1 : end;
  return [...edits, { start, end: at, text: sources.map(([k, v]) => `${k}: ${v}`).join(`\n${indent}`) }];
}

/** Observed verdict per data source that recorded the scenario, for a rule that ran. */
function observedFor(report: Report, ruleId: string, scenarioId: string): Map<string, PinVerdict> {
  const out = new Map<string, PinVerdict>();
  for (const cell of report.ruleScenarioDataSource) {
    if (cell.ruleId !== ruleId || cell.scenarioId !== scenarioId) continue;
    const { tp, fn, fp, tn } = cell.metrics;
    out.set(cell.dataSourceId, observedVerdict({ fired: tp + fp, total: tp + fn + fp + tn }));
  }
  return out;
}

/** The pack text with every pin that differs from the report's observations rewritten. */
export function updatePins(text: string, file: string, report: Report): PinsUpdate {
  const doc = parseDocument(text, { keepSourceTokens: true });
  if (doc.errors.length > 0) throw new InputError(`not valid YAML: ${doc.errors[0]?.message ?? ''}`, { file });
  const scenarios = doc.get('scenarios');
  if (!isSeq(scenarios)) throw new InputError('no `scenarios:` list', { file });
  const ran = new Set(report.rules.filter((r) => r.error === null).map((r) => r.id));
  const edits: Edit[] = [];
  const changes: PinChange[] = [];
  const skipped: string[] = [];
  for (const item of scenarios.items) {
    if (!isMap(item)) continue;
    const scenarioId = item.get('id');
    const expect = item.get('expect', true);
    if (typeof scenarioId !== 'string' || !isMap(expect)) continue;
    for (const pair of expect.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const ruleId = String(pair.key.value);
      const node = pair.value as Node | null;
      const at = `${file}:${lineOf(text, range(pair.key as Node)[0])}`;
      if (!ran.has(ruleId)) {
        skipped.push(`${at}: ${scenarioId} × ${ruleId}: the rule did not run, the pin is left as it is`);
        continue;
      }
      const observed = observedFor(report, ruleId, scenarioId);
      if (observed.size === 0) {
        skipped.push(`${at}: ${scenarioId} × ${ruleId}: no data source recorded the scenario, the pin is left as it is`);
        continue;
      }
      const current = readPin(node);
      if (current === undefined) continue;
      const next = updatedPin(current, observed);
      if (samePin(current, next)) continue;
      edits.push(...pinEdits(text, node as Node, next));
      changes.push({ scenarioId, ruleId, at, before: pinText(current), after: pinText(next) });
    }
  }
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return { text: out, changes, skipped };
}

function readPin(node: Node | null): Pin | undefined {
  if (isScalar(node)) {
    const verdict = asVerdict(node.value);
    return verdict === undefined ? undefined : { verdict, sources: {} };
  }
  if (!isMap(node)) return undefined;
  const verdict = asVerdict(node.get('verdict'));
  if (verdict === undefined) return undefined;
  const sources: Record<string, PinVerdict> = {};
  const sourcesNode = node.get('sources', true);
  if (isMap(sourcesNode)) {
    for (const pair of sourcesNode.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const v = asVerdict(isScalar(pair.value) ? pair.value.value : undefined);
      if (v !== undefined) sources[String(pair.key.value)] = v;
    }
  }
  return { verdict, sources };
}
