// Checks a RunInput before any metric is computed: unknown ids, duplicates, SIEM mismatches and,
// above all, counts in = counts out (every stored event observed once per rule that ran).
// A problem here is a bug in the runner, so it is an internal error that lists every problem.
import type { DataSourceInput, EventInput, RuleInput, RunInput, ScenarioInput } from '../harness/runner/run-input.js';

export class RunInputError extends Error {
  constructor(readonly problems: string[]) {
    const shown = problems.slice(0, 20);
    const more = problems.length > shown.length ? `\n  ... and ${problems.length - shown.length} more` : '';
    super(`inconsistent run input (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  ${shown.join('\n  ')}${more}`);
    this.name = 'RunInputError';
  }
}

/** Lookup tables over a validated RunInput. */
export interface InputIndex {
  rules: Map<string, RuleInput>;
  dataSources: Map<string, DataSourceInput>;
  scenarios: Map<string, ScenarioInput>;
  events: Map<string, EventInput>;
  /** Data source id -> ids of the events it stored. */
  stored: Map<string, Set<string>>;
}

function indexById<T extends { id: string }>(items: T[], what: string, problems: string[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    if (map.has(item.id)) problems.push(`duplicate ${what} id ${JSON.stringify(item.id)}`);
    else map.set(item.id, item);
  }
  return map;
}

export function validateRunInput(input: RunInput): InputIndex {
  const problems: string[] = [];
  const rules = indexById(input.rules, 'rule', problems);
  const dataSources = indexById(input.dataSources, 'data source', problems);
  const scenarios = indexById(input.scenarios, 'scenario', problems);
  const events = indexById(input.events, 'event', problems);

  for (const event of input.events) {
    const scenario = scenarios.get(event.scenarioId);
    if (scenario === undefined) problems.push(`event ${event.id}: unknown scenario ${JSON.stringify(event.scenarioId)}`);
    else if (scenario.label !== event.label) {
      problems.push(`event ${event.id}: label ${event.label} differs from its scenario ${scenario.id} (${scenario.label})`);
    }
  }

  const stored = new Map<string, Set<string>>();
  for (const dataSource of input.dataSources) {
    const ids = new Set<string>();
    for (const id of dataSource.storedEventIds) {
      if (!events.has(id)) problems.push(`data source ${dataSource.id}: stored event ${JSON.stringify(id)} is not among the events`);
      if (ids.has(id)) problems.push(`data source ${dataSource.id}: event ${id} stored twice`);
      ids.add(id);
    }
    for (const { eventId } of dataSource.rejected) {
      if (!events.has(eventId)) problems.push(`data source ${dataSource.id}: rejected event ${JSON.stringify(eventId)} is not among the events`);
      if (ids.has(eventId)) problems.push(`data source ${dataSource.id}: event ${eventId} is both stored and rejected`);
    }
    stored.set(dataSource.id, ids);
  }

  checkObservations(input, { rules, dataSources, events, stored }, problems);
  checkCoverage(input, rules, dataSources, problems);

  if (problems.length > 0) throw new RunInputError(problems);
  return { rules, dataSources, scenarios, events, stored };
}

function observationText(o: { ruleId: string; dataSourceId: string; eventId: string }): string {
  return `observation (${o.ruleId}, ${o.dataSourceId}, ${o.eventId})`;
}

function checkObservations(
  input: RunInput,
  index: Pick<InputIndex, 'rules' | 'dataSources' | 'events' | 'stored'>,
  problems: string[],
): void {
  // Per rule × data source: the events observed and how many observations. Observations come in runs of
  // one rule and source, so the cell is looked up once per run, not keyed per event.
  const cells = new Map<string, { seen: Set<string>; count: number }>();
  let cell: { seen: Set<string>; count: number } | undefined;
  let cellRule: string | null = null;
  let cellSource: string | null = null;
  for (const observation of input.observations) {
    const { ruleId, dataSourceId, eventId } = observation;
    const rule = index.rules.get(ruleId);
    const dataSource = index.dataSources.get(dataSourceId);
    if (rule === undefined) {
      problems.push(`${observationText(observation)}: unknown rule`);
      continue;
    }
    if (dataSource === undefined) {
      problems.push(`${observationText(observation)}: unknown data source`);
      continue;
    }
    if (rule.error !== null) problems.push(`${observationText(observation)}: rule ${ruleId} errored, so it has no observations`);
    if (rule.siem !== dataSource.siem) problems.push(`${observationText(observation)}: a ${rule.siem} rule cannot observe a ${dataSource.siem} data source`);
    if (!index.stored.get(dataSourceId)?.has(eventId)) problems.push(`${observationText(observation)}: event not stored in this data source`);
    if (cell === undefined || ruleId !== cellRule || dataSourceId !== cellSource) {
      const cellKey = `${ruleId}\u0000${dataSourceId}`;
      cell = cells.get(cellKey);
      if (cell === undefined) cells.set(cellKey, (cell = { seen: new Set(), count: 0 }));
      cellRule = ruleId;
      cellSource = dataSourceId;
    }
    if (cell.seen.has(eventId)) problems.push(`${observationText(observation)}: observed twice`);
    cell.seen.add(eventId);
    cell.count++;
  }
  for (const rule of input.rules) {
    if (rule.error !== null) continue;
    for (const dataSource of input.dataSources) {
      if (dataSource.siem !== rule.siem) continue;
      const expected = dataSource.storedEventIds.length;
      const got = cells.get(`${rule.id}\u0000${dataSource.id}`)?.count ?? 0;
      if (got !== expected) {
        problems.push(`rule ${rule.id} x data source ${dataSource.id}: ${got} observations for ${expected} stored events`);
      }
    }
  }
}

function checkCoverage(
  input: RunInput,
  rules: Map<string, RuleInput>,
  dataSources: Map<string, DataSourceInput>,
  problems: string[],
): void {
  const seen = new Set<string>();
  for (const fact of input.coverage) {
    const where = `coverage (${fact.ruleId}, ${fact.dataSourceId})`;
    const rule = rules.get(fact.ruleId);
    const dataSource = dataSources.get(fact.dataSourceId);
    if (rule === undefined || dataSource === undefined) {
      problems.push(`${where}: unknown ${rule === undefined ? 'rule' : 'data source'}`);
      continue;
    }
    if (rule.siem !== dataSource.siem) problems.push(`${where}: a ${rule.siem} rule and a ${dataSource.siem} data source`);
    const key = `${fact.ruleId}\u0000${fact.dataSourceId}`;
    if (seen.has(key)) problems.push(`${where}: given twice`);
    seen.add(key);
  }
  for (const rule of input.rules) {
    for (const { selector, dataSourceIds } of rule.selectors) {
      for (const id of dataSourceIds) {
        if (!dataSources.has(id)) problems.push(`rule ${rule.id}: selector ${JSON.stringify(selector)} names unknown data source ${JSON.stringify(id)}`);
      }
    }
  }
}
