// The CI gate: compares a current report with a baseline, cell by cell (rule x scenario x data source).
// A regression is a malicious cell whose recall dropped by more than maxRecallDrop, a benign cell whose
// false positive rate rose by more than maxFprRise, a cell or rule the baseline tested and the current
// run no longer does, or a rule that errors now. Improvements are listed too (a cell's recall up or FPR
// down, scenarios newly caught, a rule x data source's behaviour-level recall up or FPR down) and never
// fail it: a rule fix must be able to pass CI. Fixtures (countsTowardRates false) are not gated.
import { ExpectationFailure } from '../harness/errors.js';
import { escapeTerminal as t } from './escape.js';
import { percent, rateText } from './format.js';
import type { Rate, Report, RuleScenarioDataSourceCell } from './model.js';
import { readReportFile } from './report-file.js';

export interface GateThresholds {
  /** Largest allowed drop in recall of a malicious cell, as a proportion (0.05 = 5 points). */
  maxRecallDrop: number;
  /** Largest allowed rise in false positive rate of a benign cell, as a proportion. */
  maxFprRise: number;
}

export const DEFAULT_THRESHOLDS: GateThresholds = { maxRecallDrop: 0, maxFprRise: 0 };

/** Rates are ratios of counts; this absorbs floating-point noise when comparing differences. */
const EPSILON = 1e-9;

export interface GateExample {
  eventId: string;
  host: string;
  commandLine: string;
}

interface CellRef {
  ruleId: string;
  ruleName: string;
  scenarioId: string;
  dataSourceId: string;
}

export type Regression =
  | (CellRef & { kind: 'recall-drop'; baseline: Rate; current: Rate; examples: GateExample[] })
  | (CellRef & { kind: 'fpr-rise'; baseline: Rate; current: Rate; examples: GateExample[] })
  | (CellRef & { kind: 'no-longer-tested'; label: 'malicious' | 'benign' })
  | { kind: 'rule-error'; ruleId: string; ruleName: string; message: string }
  | { kind: 'rule-missing'; ruleId: string; ruleName: string };

export type Improvement =
  | (CellRef & { kind: 'recall-up' | 'fpr-down'; baseline: Rate; current: Rate })
  | { kind: 'rate-up' | 'rate-down'; metric: 'recall' | 'falsePositiveRate'; ruleId: string; ruleName: string; dataSourceId: string; baseline: Rate; current: Rate };

export interface GateResult {
  passed: boolean;
  thresholds: GateThresholds;
  /** Cells present in both reports and compared. */
  compared: number;
  regressions: Regression[];
  /** Never fail the gate: what got better, per cell and per rule x data source. */
  improvements: Improvement[];
  /** Rule name -> scenarios caught (every event) in a data source where the baseline did not catch them, as `scenario @ data source`. */
  newlyCaught: Map<string, string[]>;
  /** Not regressions, but worth a look (different seed, new cells, a baseline rule that had errored). */
  warnings: string[];
}

function cellKey(cell: { ruleId: string; scenarioId: string; dataSourceId: string }): string {
  return `${cell.ruleId}\u0000${cell.scenarioId}\u0000${cell.dataSourceId}`;
}

function examplesOf(report: Report, ids: string[]): GateExample[] {
  return ids.flatMap((id) => {
    if (!Object.hasOwn(report.events, id)) return [];
    const event = report.events[id];
    return event === undefined ? [] : [{ eventId: id, host: event.host, commandLine: event.commandLine }];
  });
}

export function gateReports(baseline: Report, current: Report, thresholds: GateThresholds = DEFAULT_THRESHOLDS): GateResult {
  const regressions: Regression[] = [];
  const warnings: string[] = [];
  const currentRules = new Map(current.rules.map((r) => [r.id, r]));
  const baselineRules = new Map(baseline.rules.map((r) => [r.id, r]));

  for (const field of ['seed', 'scale', 'packFile'] as const) {
    if (baseline.run[field] !== current.run[field]) {
      warnings.push(`${field} differs: baseline ${JSON.stringify(baseline.run[field])}, current ${JSON.stringify(current.run[field])}; rates may move by sampling alone`);
    }
  }
  for (const rule of current.rules) {
    if (rule.error !== null) regressions.push({ kind: 'rule-error', ruleId: rule.id, ruleName: rule.name, message: rule.error });
  }
  for (const rule of baseline.rules) {
    if (!currentRules.has(rule.id)) regressions.push({ kind: 'rule-missing', ruleId: rule.id, ruleName: rule.name });
    else if (rule.error !== null) warnings.push(`rule ${rule.id} errored in the baseline: none of its cells could be compared`);
  }

  const currentCells = new Map(current.ruleScenarioDataSource.map((c) => [cellKey(c), c]));
  const fixtures = new Set([...baseline.scenarios, ...current.scenarios].filter((s) => !s.countsTowardRates).map((s) => s.id));
  const improvements: Improvement[] = [];
  const newlyCaught = new Map<string, string[]>();
  let compared = 0;
  for (const before of baseline.ruleScenarioDataSource) {
    if (fixtures.has(before.scenarioId)) continue;
    const rule = currentRules.get(before.ruleId);
    if (rule === undefined || rule.error !== null) continue; // already reported as rule-missing / rule-error
    const ref: CellRef = { ruleId: before.ruleId, ruleName: rule.name, scenarioId: before.scenarioId, dataSourceId: before.dataSourceId };
    const after = currentCells.get(cellKey(before));
    if (after === undefined) {
      regressions.push({ ...ref, kind: 'no-longer-tested', label: before.label });
      continue;
    }
    compared++;
    const regression = compareCell(ref, before, after, current, thresholds);
    if (regression !== undefined) regressions.push(regression);
    const improvement = improvedCell(ref, before, after);
    if (improvement !== undefined) improvements.push(improvement);
    if (before.label === 'malicious' && before.verdict !== 'caught' && after.verdict === 'caught') {
      const list = newlyCaught.get(rule.name) ?? [];
      list.push(`${before.scenarioId} @ ${before.dataSourceId}`);
      newlyCaught.set(rule.name, list);
    }
  }
  improvements.push(...improvedAggregates(baseline, current));

  const baselineKeys = new Set(baseline.ruleScenarioDataSource.map(cellKey));
  const added = current.ruleScenarioDataSource.filter((c) => !baselineKeys.has(cellKey(c)) && baselineRules.get(c.ruleId)?.error === null);
  if (added.length > 0) warnings.push(`${added.length} cell${added.length === 1 ? '' : 's'} not in the baseline (new scenarios, data sources or rules): not gated until the baseline is updated`);

  return { passed: regressions.length === 0, thresholds: { ...thresholds }, compared, regressions, improvements, newlyCaught, warnings };
}

/** A cell whose recall rose (malicious) or whose false positive rate fell (benign). */
function improvedCell(ref: CellRef, before: RuleScenarioDataSourceCell, after: RuleScenarioDataSourceCell): Improvement | undefined {
  const metric = after.label === 'malicious' ? 'recall' : 'falsePositiveRate';
  const was = before.metrics[metric];
  const now = after.metrics[metric];
  if (was.value === null || now.value === null) return undefined;
  if (metric === 'recall' && now.value - was.value > EPSILON) return { ...ref, kind: 'recall-up', baseline: was, current: now };
  if (metric === 'falsePositiveRate' && was.value - now.value > EPSILON) return { ...ref, kind: 'fpr-down', baseline: was, current: now };
  return undefined;
}

/** Behaviour-level recall up or FPR down per rule x data source (rules that ran in both). */
function improvedAggregates(baseline: Report, current: Report): Improvement[] {
  const out: Improvement[] = [];
  const before = new Map(baseline.ruleDataSource.map((c) => [`${c.ruleId}\u0000${c.dataSourceId}`, c]));
  for (const after of current.ruleDataSource) {
    const was = before.get(`${after.ruleId}\u0000${after.dataSourceId}`);
    if (was === undefined) continue;
    const ruleName = current.rules.find((r) => r.id === after.ruleId)?.name ?? after.ruleId;
    const base = { ruleId: after.ruleId, ruleName, dataSourceId: after.dataSourceId };
    const r0 = was.metrics.recall.value;
    const r1 = after.metrics.recall.value;
    if (r0 !== null && r1 !== null && r1 - r0 > EPSILON) out.push({ ...base, kind: 'rate-up', metric: 'recall', baseline: was.metrics.recall, current: after.metrics.recall });
    const f0 = was.metrics.falsePositiveRate.value;
    const f1 = after.metrics.falsePositiveRate.value;
    if (f0 !== null && f1 !== null && f0 - f1 > EPSILON) out.push({ ...base, kind: 'rate-down', metric: 'falsePositiveRate', baseline: was.metrics.falsePositiveRate, current: after.metrics.falsePositiveRate });
  }
  return out;
}

function compareCell(
  ref: CellRef,
  before: RuleScenarioDataSourceCell,
  after: RuleScenarioDataSourceCell,
  current: Report,
  thresholds: GateThresholds,
): Regression | undefined {
  if (after.label === 'malicious') {
    const was = before.metrics.recall;
    const now = after.metrics.recall;
    if (was.value === null || now.value === null) return undefined;
    if (was.value - now.value > thresholds.maxRecallDrop + EPSILON) {
      return { ...ref, kind: 'recall-drop', baseline: was, current: now, examples: examplesOf(current, after.examples.fn) };
    }
    return undefined;
  }
  const was = before.metrics.falsePositiveRate;
  const now = after.metrics.falsePositiveRate;
  if (was.value === null || now.value === null) return undefined;
  if (now.value - was.value > thresholds.maxFprRise + EPSILON) {
    return { ...ref, kind: 'fpr-rise', baseline: was, current: now, examples: examplesOf(current, after.examples.fp) };
  }
  return undefined;
}

function points(delta: number): string {
  return `${(delta * 100).toFixed(1)} points`;
}

const EXAMPLE_WIDTH = 160;

/** The gate's verdict for a terminal or CI log: every regression, its numbers and an example event. */
export function formatGateResult(result: GateResult, files: { baseline: string; current: string }): string {
  const lines: string[] = [];
  const { maxRecallDrop, maxFprRise } = result.thresholds;
  lines.push(`dth gate: baseline ${t(files.baseline)}, current ${t(files.current)}`);
  lines.push(`thresholds: recall may drop by ${percent(maxRecallDrop)}, false positive rate may rise by ${percent(maxFprRise)} per rule x scenario x data source; ${result.compared} cells compared`);
  for (const warning of result.warnings) lines.push(`warning: ${t(warning)}`);
  for (const r of result.regressions) lines.push('', ...formatRegression(r));
  const aggregates = result.improvements.filter((i) => i.kind === 'rate-up' || i.kind === 'rate-down');
  const cells = result.improvements.filter((i) => i.kind === 'recall-up' || i.kind === 'fpr-down');
  if (result.improvements.length > 0) {
    lines.push('', `improvements (${result.improvements.length}; never a failure):`);
    for (const i of aggregates) {
      if (i.kind !== 'rate-up' && i.kind !== 'rate-down') continue;
      const what = i.metric === 'recall' ? 'recall up' : 'false positive rate down';
      lines.push(`  IMPROVEMENT ${what}: ${t(i.ruleName)} @ ${t(i.dataSourceId)}: ${rateText(i.baseline)} -> ${rateText(i.current)} (over scenarios)`);
    }
    for (const i of cells) {
      if (i.kind !== 'recall-up' && i.kind !== 'fpr-down') continue;
      const what = i.kind === 'recall-up' ? 'recall up' : 'false positive rate down';
      lines.push(`  IMPROVEMENT ${what}: ${t(i.ruleName)} x ${t(i.scenarioId)} @ ${t(i.dataSourceId)}: ${rateText(i.baseline)} -> ${rateText(i.current)}`);
    }
  }
  for (const [rule, scenarios] of result.newlyCaught) lines.push(`  newly caught by ${t(rule)}: ${scenarios.map((s) => t(s)).join(', ')}`);
  lines.push('');
  if (result.passed) {
    const better = result.improvements.length > 0 ? `; ${result.improvements.length} improvement${result.improvements.length === 1 ? '' : 's'}` : '';
    lines.push(`gate passed: no regression in ${result.compared} cells${better}`);
  } else {
    lines.push(`gate FAILED: ${result.regressions.length} regression${result.regressions.length === 1 ? '' : 's'}`);
    for (const [rule, scenarios] of lostScenarios(result)) lines.push(`  scenarios newly missed by ${t(rule)}: ${scenarios.map((s) => t(s)).join(', ')}`);
  }
  return lines.join('\n') + '\n';
}

function formatRegression(r: Regression): string[] {
  switch (r.kind) {
    case 'rule-error':
      return [`REGRESSION rule error: ${t(r.ruleName)} (${t(r.ruleId)})`, `  ${t(r.message, 500)}`];
    case 'rule-missing':
      return [`REGRESSION rule missing: ${t(r.ruleName)} (${t(r.ruleId)}) is in the baseline but not in the current report`];
    case 'no-longer-tested':
      return [`REGRESSION no longer tested: ${t(r.ruleName)} x ${t(r.scenarioId)} @ ${t(r.dataSourceId)} (${r.label}) has no events in the current report`];
    case 'recall-drop':
    case 'fpr-rise': {
      const what = r.kind === 'recall-drop' ? 'recall drop' : 'false positive rate rise';
      const metric = r.kind === 'recall-drop' ? 'recall' : 'false positive rate';
      const delta = r.kind === 'recall-drop' ? (r.baseline.value ?? 0) - (r.current.value ?? 0) : (r.current.value ?? 0) - (r.baseline.value ?? 0);
      const lines = [
        `REGRESSION ${what}: ${t(r.ruleName)} x ${t(r.scenarioId)} @ ${t(r.dataSourceId)}`,
        `  ${metric} ${rateText(r.baseline)} -> ${rateText(r.current)} (${r.kind === 'recall-drop' ? '-' : '+'}${points(delta)})`,
      ];
      const verb = r.kind === 'recall-drop' ? 'missed' : 'fired on';
      for (const e of r.examples) lines.push(`  ${verb} ${t(e.eventId)} on ${t(e.host)}: ${t(e.commandLine, EXAMPLE_WIDTH)}`);
      return lines;
    }
  }
}

/** Rule name -> scenarios with a recall drop, in report order. */
function lostScenarios(result: GateResult): Map<string, string[]> {
  const lost = new Map<string, string[]>();
  for (const r of result.regressions) {
    if (r.kind !== 'recall-drop') continue;
    const list = lost.get(r.ruleName) ?? [];
    if (!list.includes(r.scenarioId)) list.push(r.scenarioId);
    lost.set(r.ruleName, list);
  }
  return lost;
}

export interface GateFiles {
  baseline: string;
  /** The current report.json; or pass the Report itself to gateAgainstBaseline. */
  current: string;
}

/** Reads both files (bad input on any problem with either) and gates them. */
export function gateFiles(files: GateFiles, thresholds: GateThresholds = DEFAULT_THRESHOLDS): GateResult {
  const baseline = readReportFile(files.baseline);
  const current = readReportFile(files.current);
  return gateReports(baseline, current, thresholds);
}

/** For `dth run --baseline`: the run's own report against a baseline file. */
export function gateAgainstBaseline(baselineFile: string, current: Report, thresholds: GateThresholds = DEFAULT_THRESHOLDS): GateResult {
  return gateReports(readReportFile(baselineFile), current, thresholds);
}

/** Writes the verdict; throws ExpectationFailure (exit 1) when the gate fails. `dth gate` and `dth run --baseline` share it. */
export function reportGateResult(result: GateResult, files: { baseline: string; current: string }, write: (text: string) => void): void {
  write(formatGateResult(result, files));
  if (!result.passed) {
    throw new ExpectationFailure(`gate failed: ${result.regressions.length} regression${result.regressions.length === 1 ? '' : 's'} against ${files.baseline}`);
  }
}
