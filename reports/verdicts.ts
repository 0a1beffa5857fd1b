// What "a rule catches a scenario" means, in one place: the scenario verdict and the cross-SIEM
// disagreements built on it.
import type { Siem } from '../harness/model/records.js';
import type { Disagreement, ReportScenario, ScenarioVerdict } from './model.js';

/** Fired and total events of one (rule, scenario, data source) cell. */
export interface FireCount {
  dataSourceId: string;
  fired: number;
  total: number;
}

/**
 * caught: in at least one data source the rule fired on every event of the scenario;
 * missed: in every data source that recorded the scenario it fired on none;
 * partial: anything between; no-data: no data source of the rule's SIEM recorded the scenario.
 */
export function scenarioVerdict(cells: FireCount[]): ScenarioVerdict {
  const recorded = cells.filter((cell) => cell.total > 0);
  if (recorded.length === 0) return 'no-data';
  if (recorded.some((cell) => cell.fired === cell.total)) return 'caught';
  if (recorded.every((cell) => cell.fired === 0)) return 'missed';
  return 'partial';
}

/**
 * Scenarios that a rule of one SIEM catches and a rule of another SIEM misses (both verdicts as defined
 * by scenarioVerdict; partial and no-data never count). Rules that errored are left out by the caller.
 */
export function crossSiemDisagreements(
  scenarios: ReportScenario[],
  rules: { id: string; siem: Siem }[],
  verdictOf: (ruleId: string, scenarioId: string) => ScenarioVerdict,
): Disagreement[] {
  const result: Disagreement[] = [];
  for (const scenario of scenarios) {
    const caught = rules.filter((rule) => verdictOf(rule.id, scenario.id) === 'caught');
    const missed = rules.filter((rule) => verdictOf(rule.id, scenario.id) === 'missed');
    const caughtBy = caught.filter((c) => missed.some((m) => m.siem !== c.siem)).map((rule) => rule.id);
    const missedBy = missed.filter((m) => caught.some((c) => c.siem !== m.siem)).map((rule) => rule.id);
    if (caughtBy.length > 0 && missedBy.length > 0) result.push({ scenarioId: scenario.id, label: scenario.label, caughtBy, missedBy });
  }
  return result;
}
