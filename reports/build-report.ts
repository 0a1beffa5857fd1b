// Turns what a run observed (RunInput) into the report: per-scenario cells with event-level fractions,
// behaviour-level rates per rule × data source (reports/behaviour-rate.ts), "any data source" coverage,
// example event ids per cell, blind spots, evasions, cross-SIEM disagreements, expectation results and errors.
// Pure and deterministic: the same input gives the same report, in input order throughout.
import { blindSpotOf } from './blind-spots.js';
import { behaviourRate, type ScenarioFraction } from './behaviour-rate.js';
import { compositeKey, EXAMPLES_PER_KIND, Tally, TallyMap } from './metrics.js';
import {
  REPORT_SCHEMA_VERSION,
  type AlertVolume,
  type AlertVolumeRow,
  type AlertVolumeTerm,
  type AnyDataSourceCoverage,
  type ScenarioOutcomes,
  type ScenarioVerdict,
  type BlindSpot,
  type Evasion,
  type Report,
  type ReportDataSource,
  type ReportError,
  type ReportEvent,
  type ReportRule,
  type ReportScenario,
  type RuleDataSourceCell,
  type RuleScenarioCell,
  type RuleScenarioDataSourceCell,
  type RuleVariantCell,
} from './model.js';
import type { EventInput, RuleInput, RunInput, RunMeta } from '../harness/runner/run-input.js';
import { WEIGHTS_UNIT, type WeightsFile } from './weights.js';
import { validateRunInput, type InputIndex } from './validate-input.js';
import { judgeExpectations } from './expectations.js';
import { crossSiemDisagreements, scenarioVerdict, type FireCount } from './verdicts.js';

type RuleDs = { ruleId: string; dataSourceId: string };
type RuleScenarioDs = { ruleId: string; scenarioId: string; dataSourceId: string };

interface Tallies {
  /** Events of counting scenarios only: the event counts and examples of a rule × data source. */
  ruleDs: TallyMap<RuleDs>;
  /** Every scenario, fixtures included: the per-scenario cells (and the pins judged on them). */
  ruleScenarioDs: TallyMap<RuleScenarioDs>;
}

/** The per-scenario cells of one rule, looked up by scenario and data source. */
type CellLookup = (ruleId: string, scenarioId: string, dataSourceId: string) => RuleScenarioDataSourceCell | undefined;

/** What the report is built from: what the run observed, and the user's `--weights` file if given. */
export interface ReportInput extends RunInput {
  /** `--weights`: launches per 1,000 endpoints per day of benign scenarios, weights of malicious ones. */
  weights?: WeightsFile;
}

export function buildReport(given: ReportInput): Report {
  const input = withFileWeights(given);
  const index = validateRunInput(input);
  const ran = input.rules.filter((rule) => rule.error === null);
  const counting = new Set(input.scenarios.filter((s) => s.purpose === 'detection').map((s) => s.id));
  const tallies = tally(input, index, counting);

  const scenarios = reportScenarios(input);
  const ruleScenarioDataSource = scenarioDataSourceCells(input, ran, tallies);
  const cellMap = new Map(ruleScenarioDataSource.map((c) => [compositeKey(c.ruleId, c.scenarioId, c.dataSourceId), c]));
  const cellOf: CellLookup = (ruleId, scenarioId, dataSourceId) => cellMap.get(compositeKey(ruleId, scenarioId, dataSourceId));
  const searched = searchedDataSources(input, ran);
  const { ruleDataSource, blindSpots, covered } = dataSourceCells(input, ran, tallies, counting, cellOf, searched);

  const fireCounts = (ruleId: string, scenarioId: string): FireCount[] =>
    input.dataSources
      .map((ds) => cellOf(ruleId, scenarioId, ds.id))
      .filter((cell): cell is RuleScenarioDataSourceCell => cell !== undefined)
      .map((cell) => ({ dataSourceId: cell.dataSourceId, fired: cell.metrics.tp + cell.metrics.fp, total: cellTotal(cell) }));

  const ruleScenario: RuleScenarioCell[] = [];
  for (const rule of ran) {
    for (const scenario of input.scenarios) {
      const cells = fireCounts(rule.id, scenario.id);
      const of = (verdict: string) => cells.filter((c) => cellVerdict(c) === verdict).map((c) => c.dataSourceId);
      ruleScenario.push({
        ruleId: rule.id,
        scenarioId: scenario.id,
        label: scenario.label,
        verdictInAnySource: scenarioVerdict(cells),
        caughtIn: of('caught'),
        partialIn: of('partial'),
        missedIn: of('missed'),
      });
    }
  }
  const verdicts = new Map(ruleScenario.map((cell) => [compositeKey(cell.ruleId, cell.scenarioId), cell.verdictInAnySource]));
  const verdictOf = (ruleId: string, scenarioId: string) => verdicts.get(compositeKey(ruleId, scenarioId)) ?? 'no-data';

  const ruleVariant = variantCells(input, ran, covered, counting, cellOf);
  const evasions = findEvasions(input, ran, covered, counting, cellOf, ruleVariant);
  // A fixture is not evidence: it takes no part in cross-SIEM disagreements either.
  const disagreements = crossSiemDisagreements(scenarios.filter((s) => s.countsTowardRates), ran, verdictOf);
  const expectations = input.scenarios.flatMap((scenario) =>
    scenario.expectations.flatMap((pin) =>
      judgeExpectations(scenario.id, scenario.label, pin, {
        rule: (id) => index.rules.get(id),
        dataSourceSiem: (id) => index.dataSources.get(id)?.siem,
        siemInRun: (siem) => [...index.dataSources.values()].some((d) => d.siem === siem),
        cells: fireCounts,
      }),
    ),
  );
  const errors = reportErrors(input);
  const rules = input.rules.map((rule) => reportRule(rule, input, covered, searched, counting, cellOf));
  const cited = citedEventIds([ruleDataSource, ruleScenarioDataSource], ruleVariant, blindSpots, evasions);

  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    run: runMeta(input.meta),
    totals: {
      rules: input.rules.length,
      dataSources: input.dataSources.length,
      scenarios: input.scenarios.length,
      events: input.events.length,
      observations: input.observations.length,
      blindSpots: blindSpots.length,
      expectationFailures: expectations.filter((e) => e.status === 'failed').length,
      stalePins: expectations.filter((e) => e.status === 'stale').length,
      errors: errors.length,
    },
    rules,
    dataSources: reportDataSources(input, index),
    scenarios,
    ruleDataSource,
    ruleScenario,
    ruleScenarioDataSource,
    ruleVariant,
    blindSpots,
    evasions,
    disagreements,
    expectations,
    errors,
    events: eventTable(cited, index),
    alertVolume: input.weights === undefined ? null : alertVolume(input.weights, ruleDataSource, ruleScenarioDataSource, counting),
  };
}

/** A weights file's malicious weights replace the pack's (benign launch rates only feed alert volume). */
function withFileWeights(input: ReportInput): ReportInput {
  const weights = input.weights;
  if (weights === undefined) return input;
  return { ...input, scenarios: input.scenarios.map((s) => (s.label === 'malicious' && weights.malicious[s.id] !== undefined ? { ...s, weight: weights.malicious[s.id]?.weight ?? s.weight } : s)) };
}

/** Per rule × data source: Σ over the counting benign scenarios of launches per 1,000 endpoints per day × firing fraction. */
function alertVolume(weights: WeightsFile, cells: RuleDataSourceCell[], scenarioCells: RuleScenarioDataSourceCell[], counting: Set<string>): AlertVolume {
  const rows: AlertVolumeRow[] = cells.map((cell) => {
    const benign = scenarioCells.filter((c) => c.ruleId === cell.ruleId && c.dataSourceId === cell.dataSourceId && c.label === 'benign' && counting.has(c.scenarioId));
    const terms: AlertVolumeTerm[] = [];
    const unweighted: string[] = [];
    for (const c of benign) {
      const fraction = fractionOf(c);
      const rate = weights.benign[c.scenarioId];
      if (rate === undefined) {
        if (fraction > 0) unweighted.push(c.scenarioId);
        continue;
      }
      terms.push({ scenarioId: c.scenarioId, launchesPer1000EndpointsPerDay: rate.launches, firingFraction: fraction, alertsPer1000EndpointsPerDay: rate.launches * fraction });
    }
    const total = terms.reduce((sum, t) => sum + t.alertsPer1000EndpointsPerDay, 0);
    return { ruleId: cell.ruleId, dataSourceId: cell.dataSourceId, alertsPer1000EndpointsPerDay: total, terms, unweightedFiringScenarioIds: unweighted };
  });
  return { weightsFile: weights.file, unit: WEIGHTS_UNIT, rows };
}

/** Copied field by field: the runner's objects may carry more than report.json allows. */
function runMeta(meta: RunMeta): RunMeta {
  return {
    seed: meta.seed,
    scale: meta.scale,
    ...(meta.window === undefined ? {} : { window: { start: meta.window.start, end: meta.window.end } }),
    packFile: meta.packFile,
    harnessVersion: meta.harnessVersion,
    nodeVersion: meta.nodeVersion,
    backends: [...meta.backends],
    startedAt: meta.startedAt,
    finishedAt: meta.finishedAt,
    stages: meta.stages.map((stage) => (stage.items === undefined ? { name: stage.name, elapsedMs: stage.elapsedMs } : { name: stage.name, elapsedMs: stage.elapsedMs, items: stage.items })),
  };
}

function rejectedCopy(rejected: { eventId: string; reason: string }[]): { eventId: string; reason: string }[] {
  return rejected.map((r) => ({ eventId: r.eventId, reason: r.reason }));
}

/** Rule id -> data sources its index patterns or macros select (no coverage fact: assumed selected). */
function searchedDataSources(input: RunInput, ran: RuleInput[]): Map<string, string[]> {
  const searched = new Map<string, string[]>();
  for (const rule of ran) {
    const ids = input.dataSources
      .filter((ds) => ds.siem === rule.siem)
      .filter((ds) => input.coverage.find((f) => f.ruleId === rule.id && f.dataSourceId === ds.id)?.selected ?? true)
      .map((ds) => ds.id);
    searched.set(rule.id, ids);
  }
  return searched;
}

/** The detection (or firing) fraction of a per-scenario cell. */
function fractionOf(cell: RuleScenarioDataSourceCell): number {
  const total = cellTotal(cell);
  return total === 0 ? 0 : (cell.metrics.tp + cell.metrics.fp) / total;
}

function cellVerdict(cell: FireCount): Exclude<ScenarioVerdict, 'no-data'> {
  if (cell.fired === cell.total) return 'caught';
  return cell.fired === 0 ? 'missed' : 'partial';
}

function outcomes(cells: RuleScenarioDataSourceCell[]): ScenarioOutcomes {
  return {
    caught: cells.filter((c) => c.verdict === 'caught').length,
    partial: cells.filter((c) => c.verdict === 'partial').length,
    missed: cells.filter((c) => c.verdict === 'missed').length,
  };
}

/**
 * One behaviour-level cell per rule that ran × data source of its SIEM; the blind ones become blind
 * spots, the others the rule's covered data sources.
 */
function dataSourceCells(input: RunInput, ran: RuleInput[], tallies: Tallies, counting: Set<string>, cellOf: CellLookup, searched: Map<string, string[]>) {
  const ruleDataSource: RuleDataSourceCell[] = [];
  const blindSpots: BlindSpot[] = [];
  const covered = new Map<string, string[]>();
  const weightOf = new Map(input.scenarios.map((s) => [s.id, s.weight]));
  for (const rule of ran) {
    const coveredIds: string[] = [];
    for (const dataSource of input.dataSources.filter((ds) => ds.siem === rule.siem)) {
      const cells = input.scenarios
        .filter((s) => counting.has(s.id))
        .map((s) => cellOf(rule.id, s.id, dataSource.id))
        .filter((c): c is RuleScenarioDataSourceCell => c !== undefined);
      const malicious = cells.filter((c) => c.label === 'malicious');
      const benign = cells.filter((c) => c.label === 'benign');
      const asFractions = (list: RuleScenarioDataSourceCell[]) => list.map((c) => ({ fraction: fractionOf(c), weight: weightOf.get(c.scenarioId) ?? 1 }));
      const tallyOf = tallies.ruleDs.find({ ruleId: rule.id, dataSourceId: dataSource.id }) ?? new Tally();
      const { examples } = tallyOf.cell();
      const blind = tallyOf.malicious > 0 && tallyOf.counts.tp === 0;
      const recall = behaviourRate(asFractions(malicious));
      ruleDataSource.push({
        ruleId: rule.id,
        dataSourceId: dataSource.id,
        searched: searched.get(rule.id)?.includes(dataSource.id) ?? false,
        blind,
        metrics: { recall, falsePositiveRate: behaviourRate(asFractions(benign)) },
        weighted: cells.some((c) => (weightOf.get(c.scenarioId) ?? 1) !== 1),
        scenarios: { malicious: outcomes(malicious), benign: outcomes(benign) },
        events: { ...tallyOf.counts },
        examples,
      });
      if (blind) {
        const fact = input.coverage.find((f) => f.ruleId === rule.id && f.dataSourceId === dataSource.id);
        blindSpots.push(blindSpotOf(rule.id, dataSource.id, fact, recall, examples.fn));
      } else {
        coveredIds.push(dataSource.id);
      }
    }
    covered.set(rule.id, coveredIds);
  }
  return { ruleDataSource, blindSpots, covered };
}

function cellTotal(cell: { metrics: { tp: number; fn: number; fp: number; tn: number } }): number {
  const { tp, fn, fp, tn } = cell.metrics;
  return tp + fn + fp + tn;
}

function tally(input: RunInput, index: InputIndex, counting: Set<string>): Tallies {
  const tallies: Tallies = {
    ruleDs: new TallyMap((k) => compositeKey(k.ruleId, k.dataSourceId)),
    ruleScenarioDs: new TallyMap((k) => compositeKey(k.ruleId, k.scenarioId, k.dataSourceId)),
  };
  // Observations come in runs of one rule and data source (the runner appends them per rule, per
  // source): the run's tallies are looked up once per run and scenario, not built into keys per event.
  let ruleId: string | null = null;
  let dataSourceId: string | null = null;
  let ruleDs: Tally | null = null;
  let byScenario = new Map<string, Tally>();
  for (const observation of input.observations) {
    if (observation.ruleId !== ruleId || observation.dataSourceId !== dataSourceId) {
      ruleId = observation.ruleId;
      dataSourceId = observation.dataSourceId;
      ruleDs = null;
      byScenario = new Map();
    }
    const { eventId, fired } = observation;
    const event = index.events.get(eventId) as EventInput;
    if (counting.has(event.scenarioId)) {
      ruleDs ??= tallies.ruleDs.get({ ruleId, dataSourceId });
      ruleDs.add(event.label, fired, eventId);
    }
    let scenarioTally = byScenario.get(event.scenarioId);
    if (scenarioTally === undefined) {
      scenarioTally = tallies.ruleScenarioDs.get({ ruleId, scenarioId: event.scenarioId, dataSourceId });
      byScenario.set(event.scenarioId, scenarioTally);
    }
    scenarioTally.add(event.label, fired, eventId);
  }
  return tallies;
}

function scenarioDataSourceCells(input: RunInput, ran: RuleInput[], tallies: Tallies): RuleScenarioDataSourceCell[] {
  const cells: RuleScenarioDataSourceCell[] = [];
  for (const rule of ran) {
    for (const scenario of input.scenarios) {
      for (const dataSource of input.dataSources) {
        if (dataSource.siem !== rule.siem) continue;
        const found = tallies.ruleScenarioDs.find({ ruleId: rule.id, scenarioId: scenario.id, dataSourceId: dataSource.id });
        if (found === undefined || found.total === 0) continue;
        const verdict = cellVerdict({ dataSourceId: dataSource.id, fired: found.fired, total: found.total });
        cells.push({ ruleId: rule.id, scenarioId: scenario.id, dataSourceId: dataSource.id, label: scenario.label, verdict, ...found.cell() });
      }
    }
  }
  return cells;
}

/** Variants in order: the unmodified population (null) first, then by first appearance among the scenarios. */
function variantOrder(input: RunInput): (string | null)[] {
  const order: (string | null)[] = [null];
  for (const scenario of input.scenarios) if (!order.includes(scenario.variant)) order.push(scenario.variant);
  return order;
}

/** Behaviour-level recall over the given malicious scenarios in one data source, and up to 3 missed events. */
function recallOver(ruleId: string, dataSourceId: string, scenarioIds: string[], weightOf: Map<string, number>, cellOf: CellLookup) {
  const cells = scenarioIds.map((id) => cellOf(ruleId, id, dataSourceId)).filter((c): c is RuleScenarioDataSourceCell => c !== undefined);
  return {
    recall: behaviourRate(cells.map((c) => ({ fraction: fractionOf(c), weight: weightOf.get(c.scenarioId) ?? 1 }))),
    scenarioIds: cells.map((c) => c.scenarioId),
    examples: cells.flatMap((c) => c.examples.fn).slice(0, EXAMPLES_PER_KIND),
  };
}

/** One cell per rule × variant × covered data source that recorded a counting malicious scenario of the variant. */
function variantCells(input: RunInput, ran: RuleInput[], covered: Map<string, string[]>, counting: Set<string>, cellOf: CellLookup): RuleVariantCell[] {
  const cells: RuleVariantCell[] = [];
  const weightOf = new Map(input.scenarios.map((s) => [s.id, s.weight]));
  for (const rule of ran) {
    for (const variant of variantOrder(input)) {
      const ids = input.scenarios.filter((s) => s.label === 'malicious' && counting.has(s.id) && s.variant === variant).map((s) => s.id);
      for (const dataSourceId of covered.get(rule.id) ?? []) {
        const found = recallOver(rule.id, dataSourceId, ids, weightOf, cellOf);
        if (found.scenarioIds.length === 0) continue;
        cells.push({ ruleId: rule.id, variant, dataSourceId, ...found });
      }
    }
  }
  return cells;
}

/** A variant beats a rule when, in a covered data source, the rule's recall on it is below 1. */
function findEvasions(input: RunInput, ran: RuleInput[], covered: Map<string, string[]>, counting: Set<string>, cellOf: CellLookup, cells: RuleVariantCell[]): Evasion[] {
  const evasions: Evasion[] = [];
  const weightOf = new Map(input.scenarios.map((s) => [s.id, s.weight]));
  for (const rule of ran) {
    for (const variant of variantOrder(input)) {
      if (variant === null) continue;
      const mine = cells.filter((c) => c.ruleId === rule.id && c.variant === variant);
      if (!mine.some((c) => c.recall.value !== null && c.recall.value < 1)) continue;
      const variantScenarios = input.scenarios.filter((s) => s.variant === variant && s.label === 'malicious' && counting.has(s.id));
      const populations = [...new Set(variantScenarios.map((s) => s.population))];
      const unmodified = input.scenarios
        .filter((s) => s.variant === null && s.label === 'malicious' && counting.has(s.id) && populations.includes(s.population))
        .map((s) => s.id);
      evasions.push({
        ruleId: rule.id,
        variant,
        beats: mine.every((c) => c.recall.value === 0) ? 'fully' : 'partially',
        dataSources: mine
          .filter((c) => (covered.get(rule.id) ?? []).includes(c.dataSourceId))
          .map((c) => ({ dataSourceId: c.dataSourceId, recall: c.recall, unmodifiedRecall: recallOver(rule.id, c.dataSourceId, unmodified, weightOf, cellOf).recall })),
        populations,
        scenarioIds: variantScenarios.map((s) => s.id),
        examples: mine.flatMap((c) => c.examples).filter((id, i, all) => all.indexOf(id) === i).slice(0, EXAMPLES_PER_KIND),
      });
    }
  }
  return evasions;
}

/** "Any data source": each counting scenario judged by its best searched data source. */
function anyDataSource(rule: RuleInput, input: RunInput, searched: string[], counting: Set<string>, cellOf: CellLookup): AnyDataSourceCoverage {
  const ofSiem = input.dataSources.filter((ds) => ds.siem === rule.siem).map((ds) => ds.id);
  const caught: string[] = [];
  const partial: string[] = [];
  const missed: string[] = [];
  const firing: string[] = [];
  const malicious: ScenarioFraction[] = [];
  const benign: ScenarioFraction[] = [];
  for (const scenario of input.scenarios) {
    if (!counting.has(scenario.id)) continue;
    // A scenario enters when any data source of the rule's SIEM recorded it, searched or not.
    if (!ofSiem.some((id) => cellOf(rule.id, scenario.id, id) !== undefined)) continue;
    const fractions = searched.map((id) => cellOf(rule.id, scenario.id, id)).filter((c): c is RuleScenarioDataSourceCell => c !== undefined).map(fractionOf);
    const best = Math.max(0, ...fractions);
    if (scenario.label === 'malicious') {
      malicious.push({ fraction: best, weight: scenario.weight });
      (best === 1 ? caught : best > 0 ? partial : missed).push(scenario.id);
    } else {
      benign.push({ fraction: best, weight: scenario.weight });
      if (best > 0) firing.push(scenario.id);
    }
  }
  return { recall: behaviourRate(malicious), falsePositiveRate: behaviourRate(benign), caught, partial, missed, firing };
}

function reportRule(rule: RuleInput, input: RunInput, covered: Map<string, string[]>, searched: Map<string, string[]>, counting: Set<string>, cellOf: CellLookup): ReportRule {
  const dataSourceIds = input.dataSources.filter((ds) => ds.siem === rule.siem).map((ds) => ds.id);
  const ran = rule.error === null;
  return {
    id: rule.id,
    name: rule.name,
    siem: rule.siem,
    language: rule.language,
    sourceFile: rule.sourceFile,
    backend: rule.backend,
    query: rule.query,
    expandedQuery: rule.expandedQuery,
    notes: [...rule.notes],
    error: rule.error,
    selectors: rule.selectors.map((s) => ({ selector: s.selector, dataSourceIds: [...s.dataSourceIds] })),
    selectorsWithoutData: rule.selectors.filter((s) => s.dataSourceIds.length === 0).map((s) => s.selector),
    dataSourceIds,
    searchedDataSourceIds: ran ? (searched.get(rule.id) ?? []) : [],
    coveredDataSourceIds: ran ? (covered.get(rule.id) ?? []) : [],
    anyDataSource: ran ? anyDataSource(rule, input, searched.get(rule.id) ?? [], counting, cellOf) : null,
  };
}

function reportScenarios(input: RunInput): ReportScenario[] {
  const counts = new Map<string, number>();
  for (const event of input.events) counts.set(event.scenarioId, (counts.get(event.scenarioId) ?? 0) + 1);
  return input.scenarios.map((s) => ({
    id: s.id,
    title: s.title,
    label: s.label,
    techniques: [...s.techniques],
    population: s.population,
    variant: s.variant,
    references: [...s.references],
    purpose: s.purpose,
    weight: s.weight,
    countsTowardRates: s.purpose === 'detection',
    events: counts.get(s.id) ?? 0,
  }));
}

function reportDataSources(input: RunInput, index: InputIndex): ReportDataSource[] {
  return input.dataSources.map((ds) => {
    const scenarioEvents = nullPrototype<number>();
    let malicious = 0;
    for (const id of ds.storedEventIds) {
      const event = index.events.get(id) as EventInput;
      scenarioEvents[event.scenarioId] = (scenarioEvents[event.scenarioId] ?? 0) + 1;
      if (event.label === 'malicious') malicious++;
    }
    const total = ds.storedEventIds.length;
    return {
      id: ds.id,
      siem: ds.siem,
      title: ds.title,
      events: { total, malicious, benign: total - malicious },
      scenarioEvents,
      rejected: rejectedCopy(ds.rejected),
    };
  });
}

const REJECTED_EXAMPLES = 5;

function reportErrors(input: RunInput): ReportError[] {
  const errors: ReportError[] = [];
  for (const rule of input.rules) {
    if (rule.error !== null) errors.push({ kind: 'rule-error', ruleId: rule.id, backend: rule.backend, message: rule.error });
  }
  for (const ds of input.dataSources) {
    if (ds.rejected.length === 0) continue;
    errors.push({
      kind: 'records-rejected',
      dataSourceId: ds.id,
      count: ds.rejected.length,
      examples: rejectedCopy(ds.rejected.slice(0, REJECTED_EXAMPLES)),
    });
  }
  return errors;
}

function citedEventIds(
  cellGroups: { examples: { tp: string[]; fn: string[]; fp: string[]; tn: string[] } }[][],
  variants: RuleVariantCell[],
  blindSpots: BlindSpot[],
  evasions: Evasion[],
): Set<string> {
  const ids = new Set<string>();
  for (const cells of cellGroups) {
    for (const { examples } of cells) for (const list of [examples.tp, examples.fn, examples.fp, examples.tn]) for (const id of list) ids.add(id);
  }
  for (const item of [...variants, ...blindSpots, ...evasions]) for (const id of item.examples) ids.add(id);
  return ids;
}

/** Example material for the cited events, in event input order. */
function eventTable(cited: Set<string>, index: InputIndex): Record<string, ReportEvent> {
  const table = nullPrototype<ReportEvent>();
  for (const [id, event] of index.events) {
    if (!cited.has(id)) continue;
    table[id] = reportEventOf(event);
  }
  return table;
}

/** An event as the report shows it (also used by reports/parity-section.ts). */
export function reportEventOf(event: EventInput): ReportEvent {
  return {
    scenarioId: event.scenarioId,
    label: event.label,
    population: event.population,
    variant: event.variant,
    os: event.os,
    timestamp: event.timestamp,
    host: event.host.name,
    user: event.user.domain === '' ? event.user.name : `${event.user.domain}\\${event.user.name}`,
    executable: event.process.executable,
    commandLine: event.process.commandLine,
    parentExecutable: event.parent.executable,
    parentCommandLine: event.parent.commandLine,
  };
}

/** A record keyed by ids from the input: without a prototype, an id such as `__proto__` is just a key. */
function nullPrototype<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
