// Turns what a run observed (RunInput) into the report: counts, rates with Wilson intervals, example
// event ids per cell, blind spots, evasions, cross-SIEM disagreements, expectation results and errors.
// Pure and deterministic: the same input gives the same report, in input order throughout.
import { blindSpotOf } from './blind-spots.js';
import { compositeKey, metricsOf, rate, Tally, TallyMap } from './metrics.js';
import {
  REPORT_SCHEMA_VERSION,
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
import type { EventInput, RuleInput, RunInput, RunMeta } from './run-input.js';
import { validateRunInput, type InputIndex } from './validate-input.js';
import { judgeExpectations } from './expectations.js';
import { crossSiemDisagreements, scenarioVerdict, type FireCount } from './verdicts.js';

type RuleDs = { ruleId: string; dataSourceId: string };
type RuleScenarioDs = { ruleId: string; scenarioId: string; dataSourceId: string };
type RuleScenario = { ruleId: string; scenarioId: string };
type RuleVariant = { ruleId: string; variant: string | null };
type RulePopulation = { ruleId: string; population: string };

interface Tallies {
  overall: TallyMap<string>;
  ruleDs: TallyMap<RuleDs>;
  ruleScenarioDs: TallyMap<RuleScenarioDs>;
  ruleScenario: TallyMap<RuleScenario>;
  ruleVariant: TallyMap<RuleVariant>;
  /** Unmodified (variant null) malicious events per population: what an evasion is compared with. */
  rulePopulation: TallyMap<RulePopulation>;
}

export function buildReport(input: RunInput): Report {
  const index = validateRunInput(input);
  const ran = input.rules.filter((rule) => rule.error === null);
  const tallies = tally(input, index);
  const { ruleDataSource, blindSpots, covered } = dataSourceCells(input, ran, tallies);
  poolOverCovered(input, index, covered, tallies);

  const scenarios = reportScenarios(input);
  const ruleScenarioDataSource = scenarioDataSourceCells(input, ran, tallies);
  const fireCountMap = new Map<string, FireCount[]>();
  for (const cell of ruleScenarioDataSource) {
    const key = compositeKey(cell.ruleId, cell.scenarioId);
    const list = fireCountMap.get(key) ?? [];
    list.push({ dataSourceId: cell.dataSourceId, fired: cell.metrics.tp + cell.metrics.fp, total: cellTotal(cell) });
    fireCountMap.set(key, list);
  }
  const fireCounts = (ruleId: string, scenarioId: string): FireCount[] => fireCountMap.get(compositeKey(ruleId, scenarioId)) ?? [];

  const ruleScenario: RuleScenarioCell[] = [];
  for (const rule of ran) {
    for (const scenario of input.scenarios) {
      const cell = tallies.ruleScenario.get({ ruleId: rule.id, scenarioId: scenario.id }).cell();
      const verdict = scenarioVerdict(fireCounts(rule.id, scenario.id));
      ruleScenario.push({ ruleId: rule.id, scenarioId: scenario.id, verdict, pooledDataSourceIds: covered.get(rule.id) ?? [], ...cell });
    }
  }
  const verdicts = new Map(ruleScenario.map((cell) => [compositeKey(cell.ruleId, cell.scenarioId), cell.verdict]));
  const verdictOf = (ruleId: string, scenarioId: string) => verdicts.get(compositeKey(ruleId, scenarioId)) ?? 'no-data';

  const ruleVariant = variantCells(input, ran, covered, tallies);
  const evasions = findEvasions(input, ruleVariant, tallies);
  const disagreements = crossSiemDisagreements(scenarios, ran, verdictOf);
  const expectations = input.scenarios.flatMap((scenario) =>
    scenario.expectations.flatMap((pin) =>
      judgeExpectations(scenario.id, pin, {
        rule: (id) => index.rules.get(id),
        dataSourceSiem: (id) => index.dataSources.get(id)?.siem,
        siemInRun: (siem) => [...index.dataSources.values()].some((d) => d.siem === siem),
        cells: fireCounts,
      }),
    ),
  );
  const errors = reportErrors(input);
  const rules = input.rules.map((rule) => reportRule(rule, input, tallies, covered));
  const cited = citedEventIds([ruleDataSource, ruleScenario, ruleScenarioDataSource, ruleVariant], blindSpots, evasions);

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
  };
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

/** One cell per rule that ran x data source of its SIEM; the blind ones become blind spots, the others the rule's covered data sources. */
function dataSourceCells(input: RunInput, ran: RuleInput[], tallies: Tallies) {
  const ruleDataSource: RuleDataSourceCell[] = [];
  const blindSpots: BlindSpot[] = [];
  const covered = new Map<string, string[]>();
  for (const rule of ran) {
    const coveredIds: string[] = [];
    for (const dataSource of input.dataSources.filter((ds) => ds.siem === rule.siem)) {
      const tallyOf = tallies.ruleDs.get({ ruleId: rule.id, dataSourceId: dataSource.id });
      const cell = tallyOf.cell();
      const blind = tallyOf.malicious > 0 && tallyOf.counts.tp === 0;
      ruleDataSource.push({ ruleId: rule.id, dataSourceId: dataSource.id, blind, ...cell });
      if (blind) {
        const fact = input.coverage.find((f) => f.ruleId === rule.id && f.dataSourceId === dataSource.id);
        blindSpots.push(blindSpotOf(rule.id, dataSource.id, fact, cell.metrics.recall, cell.examples.fn));
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

function tally(input: RunInput, index: InputIndex): Tallies {
  const tallies: Tallies = {
    overall: new TallyMap((id) => id),
    ruleDs: new TallyMap((k) => compositeKey(k.ruleId, k.dataSourceId)),
    ruleScenarioDs: new TallyMap((k) => compositeKey(k.ruleId, k.scenarioId, k.dataSourceId)),
    ruleScenario: new TallyMap((k) => compositeKey(k.ruleId, k.scenarioId)),
    ruleVariant: new TallyMap((k) => compositeKey(k.ruleId, k.variant)),
    rulePopulation: new TallyMap((k) => compositeKey(k.ruleId, k.population)),
  };
  for (const { ruleId, dataSourceId, eventId, fired } of input.observations) {
    const event = index.events.get(eventId) as EventInput;
    tallies.overall.get(ruleId).add(event.label, fired, eventId);
    tallies.ruleDs.get({ ruleId, dataSourceId }).add(event.label, fired, eventId);
    tallies.ruleScenarioDs.get({ ruleId, scenarioId: event.scenarioId, dataSourceId }).add(event.label, fired, eventId);
  }
  return tallies;
}

/** Per-scenario and per-variant figures pool only the data sources a rule is not blind in. */
function poolOverCovered(input: RunInput, index: InputIndex, covered: Map<string, string[]>, tallies: Tallies): void {
  const coveredSets = new Map([...covered].map(([ruleId, ids]) => [ruleId, new Set(ids)]));
  for (const { ruleId, dataSourceId, eventId, fired } of input.observations) {
    if (!coveredSets.get(ruleId)?.has(dataSourceId)) continue;
    const event = index.events.get(eventId) as EventInput;
    tallies.ruleScenario.get({ ruleId, scenarioId: event.scenarioId }).add(event.label, fired, eventId);
    tallies.ruleVariant.get({ ruleId, variant: event.variant }).add(event.label, fired, eventId);
    if (event.variant === null && event.label === 'malicious') {
      tallies.rulePopulation.get({ ruleId, population: event.population }).add(event.label, fired, eventId);
    }
  }
}

function scenarioDataSourceCells(input: RunInput, ran: RuleInput[], tallies: Tallies): RuleScenarioDataSourceCell[] {
  const cells: RuleScenarioDataSourceCell[] = [];
  for (const rule of ran) {
    for (const scenario of input.scenarios) {
      for (const dataSource of input.dataSources) {
        if (dataSource.siem !== rule.siem) continue;
        const found = tallies.ruleScenarioDs.find({ ruleId: rule.id, scenarioId: scenario.id, dataSourceId: dataSource.id });
        if (found === undefined || found.total === 0) continue;
        cells.push({ ruleId: rule.id, scenarioId: scenario.id, dataSourceId: dataSource.id, label: scenario.label, ...found.cell() });
      }
    }
  }
  return cells;
}

/** Variants in order: the unmodified population (null) first, then by first appearance among the events. */
function variantOrder(input: RunInput): (string | null)[] {
  const order: (string | null)[] = [null];
  for (const event of input.events) if (!order.includes(event.variant)) order.push(event.variant);
  return order;
}

function variantCells(input: RunInput, ran: RuleInput[], covered: Map<string, string[]>, tallies: Tallies): RuleVariantCell[] {
  const cells: RuleVariantCell[] = [];
  const variants = variantOrder(input);
  for (const rule of ran) {
    for (const variant of variants) {
      const found = tallies.ruleVariant.find({ ruleId: rule.id, variant }) ?? new Tally();
      if (variant === null && found.total === 0) continue;
      cells.push({ ruleId: rule.id, variant, pooledDataSourceIds: covered.get(rule.id) ?? [], ...found.cell() });
    }
  }
  return cells;
}

/** A variant beats a rule when the rule's recall on it, where the rule can see, is below 1. */
function findEvasions(input: RunInput, cells: RuleVariantCell[], tallies: Tallies): Evasion[] {
  const evasions: Evasion[] = [];
  for (const cell of cells) {
    const recall = cell.metrics.recall;
    if (cell.variant === null || recall.value === null || recall.value >= 1) continue;
    const variantEvents = input.events.filter((e) => e.variant === cell.variant && e.label === 'malicious');
    const scenarioIds = [...new Set(variantEvents.map((e) => e.scenarioId))];
    const populations = [...new Set(variantEvents.map((e) => e.population))];
    const unmodified = new Tally();
    for (const population of populations) {
      const found = tallies.rulePopulation.find({ ruleId: cell.ruleId, population });
      if (found !== undefined) {
        unmodified.counts.tp += found.counts.tp;
        unmodified.counts.fn += found.counts.fn;
      }
    }
    evasions.push({
      ruleId: cell.ruleId,
      variant: cell.variant,
      beats: recall.k === 0 ? 'fully' : 'partially',
      recall,
      unmodifiedRecall: rate(unmodified.counts.tp, unmodified.malicious),
      populations,
      scenarioIds,
      examples: cell.examples.fn,
    });
  }
  return evasions;
}

function reportRule(rule: RuleInput, input: RunInput, tallies: Tallies, covered: Map<string, string[]>): ReportRule {
  const dataSourceIds = input.dataSources.filter((ds) => ds.siem === rule.siem).map((ds) => ds.id);
  const overall = rule.error === null ? (tallies.overall.find(rule.id) ?? new Tally()) : null;
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
    coveredDataSourceIds: rule.error === null ? (covered.get(rule.id) ?? []) : [],
    overall: overall === null ? null : metricsOf(overall.counts),
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
  blindSpots: BlindSpot[],
  evasions: Evasion[],
): Set<string> {
  const ids = new Set<string>();
  for (const cells of cellGroups) {
    for (const { examples } of cells) for (const list of [examples.tp, examples.fn, examples.fp, examples.tn]) for (const id of list) ids.add(id);
  }
  for (const item of [...blindSpots, ...evasions]) for (const id of item.examples) ids.add(id);
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
