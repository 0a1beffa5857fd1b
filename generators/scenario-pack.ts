// Scenario pack loader: YAML (with positions) → validated ScenarioPack. Validation is the pack's
// JSON Schema (scenarios/qemu-tunneling.schema.json, via ajv) plus the checks a schema cannot make
// (unique ids, population and variant OS support, variant applicability). Every problem is
// reported with file, line, column and the shape that was expected.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { yamlToJs } from '../harness/yaml-document.js';
import { isMap, isScalar, parseDocument, type Document, type Node } from 'yaml';
import { caretExcerpt, formatLocation, InputError, positionAt, type SourceLocation } from '../harness/errors.js';
import { fromRoot } from '../harness/paths.js';
import type { OsFamily } from './canonical-event.js';
import { makeHost, makeOrganisation } from './context/hosts.js';
import { deriveSeed, Rng } from './context/rng.js';
import { applyEvasions, buildProgramLaunch } from './declarative/build.js';
import { populationIssues, toPopulations, toPrograms, type RawPopulation, type RawProgram } from './declarative/load.js';
import type { DeclarativePopulation } from './declarative/model.js';
import { evasionById } from './evasion/index.js';
import { missingTraits } from './evasion/operator.js';
import { POPULATIONS, populationById } from './populations/index.js';
import type { PinnedExpectation, Scenario, ScenarioPack, ScenarioPurpose, Verdict, VariantUse } from './scenario.js';
import { variantById } from './variants/index.js';
import { readBoundedText } from '../harness/read-bounded-text.js';

export type { PinnedExpectation, Scenario, ScenarioPack, ScenarioPurpose, Verdict, VariantUse } from './scenario.js';

export const DEFAULT_PACK = fromRoot('scenarios', 'qemu-tunneling.yaml');
export const PACK_SCHEMA_FILE = fromRoot('scenarios', 'qemu-tunneling.schema.json');
export const DEFAULT_COUNT = 50;

export interface PackIssue {
  message: string;
  location: SourceLocation;
}

/** Every problem found in a pack; `format()` prints each with its line and a caret. */
export class PackValidationError extends InputError {
  constructor(
    readonly issues: PackIssue[],
    sourceText: string,
  ) {
    const first = issues[0] ?? { message: 'invalid scenario pack', location: {} };
    super(issues.length > 1 ? `${first.message} (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : first.message, first.location, sourceText);
    this.name = 'PackValidationError';
  }

  override format(): string {
    return this.issues
      .map((issue) => {
        const where = formatLocation(issue.location);
        const head = where ? `${where}: ${issue.message}` : issue.message;
        return issue.location.line === undefined || this.sourceText === undefined ? head : `${head}\n${caretExcerpt(this.sourceText, issue.location.line, issue.location.column ?? 1)}`;
      })
      .join('\n');
  }
}

let validator: ValidateFunction | undefined;

function packValidator(): ValidateFunction {
  if (validator === undefined) {
    const schema = JSON.parse(readFileSync(PACK_SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
    validator = new Ajv({ allErrors: true, verbose: true, strict: false }).compile(schema);
  }
  return validator;
}

function pointerSegments(instancePath: string): Array<string | number> {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

/** The YAML node at a path, or the nearest ancestor that exists. */
function nodeAt(doc: Document, segments: Array<string | number>): Node | null {
  for (let n = segments.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : (doc.getIn(segments.slice(0, n), true) as Node | undefined);
    if (node && typeof node === 'object' && 'range' in node) return node;
  }
  return null;
}

function keyNode(doc: Document, segments: Array<string | number>, key: string): Node | null {
  const map = segments.length === 0 ? doc.contents : doc.getIn(segments, true);
  if (!isMap(map)) return null;
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
  return pair && isScalar(pair.key) ? pair.key : null;
}

function locate(file: string, text: string, node: Node | null | undefined): SourceLocation {
  const offset = node?.range?.[0] ?? 0;
  const { line, column } = positionAt(text, offset);
  return { file, line, column };
}

function describePath(segments: Array<string | number>): string {
  if (segments.length === 0) return 'the pack';
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function listOf(values: unknown): string {
  return Array.isArray(values) ? values.map((v) => String(v)).join(', ') : String(values);
}

function explain(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const parent = error.parentSchema as Record<string, unknown> | undefined;
  const description = typeof parent?.description === 'string' ? ` (${parent.description})` : '';
  switch (error.keyword) {
    case 'enum':
      return `expected one of: ${listOf(params.allowedValues)}`;
    case 'const':
      return `expected ${JSON.stringify(params.allowedValue)}`;
    case 'type':
      return `expected ${String(params.type)}${description}`;
    case 'required':
      return `missing required property '${String(params.missingProperty)}'`;
    case 'additionalProperties': {
      const allowed = parent?.properties ? Object.keys(parent.properties as object) : [];
      return `unknown property '${String(params.additionalProperty)}'${allowed.length > 0 ? ` (expected one of: ${allowed.join(', ')})` : ''}`;
    }
    case 'propertyNames':
      return `unknown key '${String(params.propertyName)}'`;
    case 'pattern':
      return `expected a string matching ${String(params.pattern)}${description}`;
    case 'minimum':
    case 'maximum':
      return `expected a number ${String(params.comparison)} ${String(params.limit)}${description}`;
    case 'minItems':
      return `expected at least ${String(params.limit)} item(s)`;
    case 'minLength':
      return `expected a non-empty string`;
    case 'maxLength':
      return `expected at most ${String(params.limit)} characters`;
    case 'uniqueItems':
      return `expected unique items (items ${String(params.j)} and ${String(params.i)} are the same)`;
    case 'anyOf':
      return `expected ${anyOfShape(error)}`;
    default:
      return error.message ?? `invalid (${error.keyword})`;
  }
}

function anyOfShape(error: ErrorObject): string {
  if (error.schemaPath.includes('/variants/')) return 'a variant id or a mapping {id: <variant id>, <parameter>: …}';
  if (error.schemaPath.includes('/expect/')) return "'detect', 'miss', 'partial' or a mapping {verdict: detect|miss|partial, reason?: text, sources?: {<data source id>: detect|miss|partial}}";
  return 'one of the allowed shapes';
}

/** Keep the most specific errors: drop `if` noise, and anyOf errors whose branches reported deeper problems. */
function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  const kept = errors.filter((e) => e.keyword !== 'if');
  const deeperThan = (path: string) => kept.some((e) => e.instancePath.startsWith(path + '/') && e.keyword !== 'anyOf');
  const anyOfPaths = new Set(kept.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  return kept.filter((e) => {
    if (e.keyword === 'anyOf') return !deeperThan(e.instancePath);
    // Branch errors at the anyOf's own level (type/enum of one alternative) are replaced by the anyOf summary.
    if (anyOfPaths.has(e.instancePath) && !deeperThan(e.instancePath)) return false;
    if (anyOfPaths.has(e.instancePath) && ['type', 'enum', 'const'].includes(e.keyword)) return false;
    return true;
  });
}

function schemaIssues(doc: Document, data: unknown, file: string, text: string): PackIssue[] {
  const validate = packValidator();
  if (validate(data)) return [];
  const seen = new Set<string>();
  const issues: PackIssue[] = [];
  for (const error of relevantErrors(validate.errors ?? [])) {
    const segments = pointerSegments(error.instancePath);
    const params = error.params as Record<string, unknown>;
    let node = nodeAt(doc, segments);
    if (error.keyword === 'additionalProperties') node = keyNode(doc, segments, String(params.additionalProperty)) ?? node;
    if (error.keyword === 'propertyNames') node = keyNode(doc, segments, String(params.propertyName)) ?? node;
    const message = `${describePath(segments)}: ${explain(error)}`;
    const key = `${error.instancePath}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ message, location: locate(file, text, node) });
  }
  return issues;
}

interface RawScenario {
  id: string;
  title: string;
  description: string;
  label: 'malicious' | 'benign';
  techniques: string[];
  references: string[];
  population: string;
  parameters?: Record<string, unknown>;
  os: OsFamily[];
  variants?: Array<string | ({ id: string } & Record<string, unknown>)>;
  count?: number;
  purpose?: ScenarioPurpose;
  weight?: number;
  chain?: { after: number; executable: string; args?: string[] }[];
  expect?: Record<string, Verdict | { verdict: Verdict; reason?: string; sources?: Record<string, Verdict> }>;
}

interface RawPack {
  name: string;
  description?: string;
  defaults?: { count?: number };
  rules?: string[];
  macros?: string;
  programs?: Record<string, RawProgram>;
  populations?: RawPopulation[];
  scenarios: RawScenario[];
}

function toScenario(raw: RawScenario, index: number, defaults: RawPack['defaults'], doc: Document, file: string, text: string): Scenario {
  const at = (...segments: Array<string | number>) => locate(file, text, nodeAt(doc, ['scenarios', index, ...segments]));
  const variants: VariantUse[] = (raw.variants ?? []).map((v) => {
    if (typeof v === 'string') return { id: v, params: {} };
    const { id, ...params } = v;
    return { id, params };
  });
  const expectations: PinnedExpectation[] = Object.entries(raw.expect ?? {}).map(([ruleId, value]) => {
    const location = locate(file, text, keyNode(doc, ['scenarios', index, 'expect'], ruleId));
    if (typeof value === 'string') return { ruleId, verdict: value, sources: {}, location };
    const pinned: PinnedExpectation = { ruleId, verdict: value.verdict, sources: { ...(value.sources ?? {}) }, location };
    if (value.reason !== undefined) pinned.reason = value.reason;
    return pinned;
  });
  return {
    id: raw.id,
    title: raw.title,
    description: raw.description,
    label: raw.label,
    techniques: [...raw.techniques],
    references: [...raw.references],
    population: raw.population,
    parameters: { ...(raw.parameters ?? {}) },
    os: [...raw.os],
    variants,
    count: raw.count ?? defaults?.count ?? DEFAULT_COUNT,
    purpose: raw.purpose ?? 'detection',
    weight: raw.weight ?? 1,
    chain: (raw.chain ?? []).map((step) => ({ afterSeconds: step.after, executable: step.executable, args: [...(step.args ?? [])] })),
    expectations,
    location: at(),
  };
}

export interface PackOptions {
  /**
   * Ids of the rules the run has loaded. When given, a pinned expectation naming any other rule is an
   * error (a typo would otherwise pin nothing); without it any rule id is accepted.
   */
  ruleIds?: readonly string[];
}

/** Checks a schema cannot express, each reported at the node it is about. */
function semanticIssues(pack: ScenarioPack, doc: Document, file: string, text: string, options: PackOptions, brokenPopulations: ReadonlySet<string>): PackIssue[] {
  const issues: PackIssue[] = [];
  const ids = new Map<string, number>();
  const ruleIds = options.ruleIds;
  pack.scenarios.forEach((scenario, index) => {
    const at = (...segments: Array<string | number>) => locate(file, text, nodeAt(doc, ['scenarios', index, ...segments]));
    const before = issues.length;
    if (ruleIds !== undefined) {
      for (const pinned of scenario.expectations) {
        if (!ruleIds.includes(pinned.ruleId)) issues.push({ message: `scenarios[${index}].expect: no loaded rule has id '${pinned.ruleId}'; expected one of: ${ruleIds.join(', ')}`, location: pinned.location });
      }
    }
    const earlier = ids.get(scenario.id);
    if (earlier !== undefined) issues.push({ message: `scenarios[${index}].id: duplicate scenario id '${scenario.id}' (first used by scenarios[${earlier}]); expected a unique id`, location: at('id') });
    else ids.set(scenario.id, index);
    const declarative = (pack.populations ?? []).find((p) => p.id === scenario.population);
    if (declarative !== undefined) {
      issues.push(...declarativeScenarioIssues(pack, scenario, declarative, index, at, brokenPopulations.has(declarative.id)));
      return;
    }
    const population = populationById(scenario.population);
    if (population === undefined) {
      const own = (pack.populations ?? []).map((p) => p.id);
      issues.push({ message: `scenarios[${index}].population: unknown population '${scenario.population}'; expected one of: ${[...own, ...POPULATIONS.map((p) => p.id)].join(', ')}`, location: at('population') });
      return;
    }
    if (population.label !== scenario.label) {
      issues.push({ message: `scenarios[${index}].label: population '${population.id}' is ${population.label}; expected label '${population.label}'`, location: at('label') });
    }
    scenario.os.forEach((os, i) => {
      if (!population.os.includes(os)) issues.push({ message: `scenarios[${index}].os[${i}]: population '${population.id}' does not run on ${os}; expected one of: ${population.os.join(', ')}`, location: at('os', i) });
    });
    if (scenario.variants.length > 0 && scenario.label !== 'malicious') {
      issues.push({ message: `scenarios[${index}].variants: evasion variants rewrite attacks; expected label 'malicious' or no variants`, location: at('variants') });
      return;
    }
    scenario.variants.forEach((use, i) => {
      const variant = variantById(use.id);
      if (variant === undefined) {
        if (evasionById(use.id) !== undefined) issues.push({ message: `scenarios[${index}].variants[${i}]: '${use.id}' is a generic evasion for populations written in the pack; population '${population.id}' takes the QEMU variants`, location: at('variants', i) });
        return;
      }
      for (const os of scenario.os) {
        if (!variant.os.includes(os)) issues.push({ message: `scenarios[${index}].variants[${i}]: variant '${variant.id}' exists only on ${variant.os.join(', ')}; the scenario runs on ${os}`, location: at('variants', i) });
      }
    });
    if (issues.length > before) return; // the probe below needs a consistent scenario
    for (const os of scenario.os) {
      const rng = new Rng(deriveSeed(0, 'probe', scenario.id, os));
      let launch = population.build({ rng, os, host: makeHost(rng, os, population.hostProfile, makeOrganisation(rng)), params: scenario.parameters });
      for (const [i, use] of scenario.variants.entries()) {
        const variant = variantById(use.id);
        if (variant === undefined) break;
        const reason = variant.check(launch);
        if (reason !== null) {
          issues.push({ message: `scenarios[${index}].variants[${i}]: variant '${variant.id}' cannot rewrite population '${population.id}' on ${os}: ${reason}`, location: at('variants', i) });
          break;
        }
        launch = variant.apply(launch, { rng, params: use.params });
      }
    }
  });
  return issues;
}

/** A scenario of a declarative population: label, OS forms, evasions the program accepts, and a probe build. */
function declarativeScenarioIssues(pack: ScenarioPack, scenario: Scenario, population: DeclarativePopulation, index: number, at: (...segments: Array<string | number>) => SourceLocation, populationBroken: boolean): PackIssue[] {
  const issues: PackIssue[] = [];
  const program = pack.programs?.[population.program];
  if (population.label !== scenario.label) issues.push({ message: `scenarios[${index}].label: population '${population.id}' is ${population.label}; expected label '${population.label}'`, location: at('label') });
  const forms = Object.keys(population.forms);
  scenario.os.forEach((os, i) => {
    if (population.forms[os] === undefined) issues.push({ message: `scenarios[${index}].os[${i}]: population '${population.id}' has no ${os} form; expected one of: ${forms.join(', ')}`, location: at('os', i) });
  });
  if (scenario.variants.length > 0 && scenario.label !== 'malicious') issues.push({ message: `scenarios[${index}].variants: evasion variants rewrite attacks; expected label 'malicious' or no variants`, location: at('variants') });
  scenario.variants.forEach((use, i) => {
    const operator = evasionById(use.id);
    if (operator === undefined) {
      issues.push({ message: `scenarios[${index}].variants[${i}]: '${use.id}' is a QEMU variant; populations written in the pack take the generic evasions`, location: at('variants', i) });
      return;
    }
    for (const os of scenario.os) if (!operator.os.includes(os)) issues.push({ message: `scenarios[${index}].variants[${i}]: evasion '${operator.id}' exists only on ${operator.os.join(', ')}; the scenario runs on ${os}`, location: at('variants', i) });
    const missing = program === undefined ? [] : missingTraits(operator, program.traits);
    if (missing.length > 0) issues.push({ message: `scenarios[${index}].variants[${i}]: evasion '${operator.id}' needs a program whose parser accepts it (${missing.join(', ')}); program '${program?.id ?? ''}' does not declare ${missing.length > 1 ? 'these traits' : 'this trait'}, so the real tool would reject the result`, location: at('variants', i) });
  });
  // The probe build needs a consistent scenario and a population without problems of its own.
  if (issues.length > 0 || program === undefined || populationBroken) return issues;
  for (const os of scenario.os) {
    const rng = new Rng(deriveSeed(0, 'probe', scenario.id, os));
    const host = makeHost(rng, os, population.hostProfile, makeOrganisation(rng));
    try {
      applyEvasions(scenario, buildProgramLaunch(population, program, os, rng, host), rng, host);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      issues.push({ message: `scenarios[${index}]: ${error.message}`, location: at() });
      break;
    }
  }
  return issues;
}

/** Parse and validate pack text; `file` names it in messages. */
export function parsePack(text: string, file: string, options: PackOptions = {}): ScenarioPack {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new PackValidationError(
      doc.errors.map((e) => {
        const { line, column } = positionAt(text, e.pos[0]);
        return { message: `YAML syntax: ${e.message.split('\n')[0] ?? e.message}`, location: { file, line, column } };
      }),
      text,
    );
  }
  if (!isMap(doc.contents)) {
    throw new PackValidationError([{ message: 'expected a mapping with name and scenarios (a scenario pack)', location: locate(file, text, doc.contents) }], text);
  }
  const data = yamlToJs(doc, text, file);
  const schemaProblems = schemaIssues(doc, data, file, text);
  if (schemaProblems.length > 0) throw new PackValidationError(schemaProblems.sort(byPosition), text);
  const raw = data as RawPack;
  const locator = (path: Array<string | number>): SourceLocation => locate(file, text, nodeAt(doc, path));
  const base = dirname(file);
  const pack: ScenarioPack = {
    name: raw.name,
    description: raw.description ?? '',
    file,
    scenarios: raw.scenarios.map((s, i) => toScenario(s, i, raw.defaults, doc, file, text)),
    programs: toPrograms(raw.programs),
    populations: toPopulations(raw.populations, locator),
    rules: (raw.rules ?? []).map((r) => resolve(base, r)),
    ...(raw.macros !== undefined ? { macros: resolve(base, raw.macros) } : {}),
  };
  const builtIn = new Set(POPULATIONS.map((p) => p.id));
  const populations = populationIssues(pack.populations ?? [], raw.populations, pack.programs ?? {}, builtIn, locator);
  const problems = [...populations.issues, ...semanticIssues(pack, doc, file, text, options, populations.broken)];
  if (problems.length > 0) throw new PackValidationError(problems.sort(byPosition), text);
  return pack;
}

function byPosition(a: PackIssue, b: PackIssue): number {
  return (a.location.line ?? 0) - (b.location.line ?? 0) || (a.location.column ?? 0) - (b.location.column ?? 0);
}

/** Read and validate a pack file. */
export function loadPack(path: string = DEFAULT_PACK, options: PackOptions = {}): ScenarioPack {
  return parsePack(readBoundedText(path, 'scenario pack'), path, options);
}
