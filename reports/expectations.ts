// Pinned expectations from the scenario pack, judged per data source: in every data source of the
// rule's SIEM that recorded the scenario, the rule must fire on every event of it (detect) or on none
// (miss); `sources` overrides the verdict for named data sources (generators/scenario.ts pinnedVerdict).
// A partial outcome fails either verdict, and a pin about a data source that recorded nothing fails:
// nothing was tested. A pin about a data source the run left out (--source) is not evaluated.
import type { Siem } from '../generators/records.js';
import { formatLocation } from '../harness/errors.js';
import type { ExpectationResult } from './model.js';
import type { ExpectationInput } from './run-input.js';
import type { FireCount } from './verdicts.js';

export interface ExpectationContext {
  /** The rule and whether it ran; undefined when the rule is not part of this run. */
  rule(ruleId: string): { error: string | null; siem: Siem } | undefined;
  dataSourceSiem(dataSourceId: string): Siem | undefined;
  /** Whether the run has any data source of the SIEM (none when --source left them all out). */
  siemInRun(siem: Siem): boolean;
  /** Fire counts of (rule, scenario), one per data source of the rule's SIEM that recorded the scenario. */
  cells(ruleId: string, scenarioId: string): FireCount[];
}

function plural(n: number): string {
  return `${n} event${n === 1 ? '' : 's'}`;
}

export function judgeExpectations(scenarioId: string, pin: ExpectationInput, context: ExpectationContext): ExpectationResult[] {
  const pinnedAt = pin.location === undefined ? null : formatLocation(pin.location) || null;
  const result = (dataSourceId: string | null, expected: 'detect' | 'miss', status: ExpectationResult['status'], observed: string): ExpectationResult => ({
    scenarioId,
    ruleId: pin.ruleId,
    dataSourceId,
    expected,
    status,
    observed,
    reason: pin.reason ?? null,
    pinnedAt,
  });
  const rule = context.rule(pin.ruleId);
  if (rule === undefined) return [result(null, pin.verdict, 'not-evaluated', 'rule not part of this run')];
  if (rule.error !== null) return [result(null, pin.verdict, 'failed', `rule failed to run: ${rule.error}`)];

  const results: ExpectationResult[] = [];
  const recorded = context.cells(pin.ruleId, scenarioId).filter((cell) => cell.total > 0);
  for (const cell of recorded) {
    const expected = pin.sources[cell.dataSourceId] ?? pin.verdict;
    const held = expected === 'detect' ? cell.fired === cell.total : cell.fired === 0;
    results.push(result(cell.dataSourceId, expected, held ? 'held' : 'failed', `fired on ${cell.fired} of ${plural(cell.total)}`));
  }
  for (const [dataSourceId, expected] of Object.entries(pin.sources)) {
    if (recorded.some((cell) => cell.dataSourceId === dataSourceId)) continue;
    const siem = context.dataSourceSiem(dataSourceId);
    // A data source the run left out (--source) is not evaluated, as a rule left out is not.
    if (siem === undefined) {
      results.push(result(dataSourceId, expected, 'not-evaluated', 'data source not part of this run'));
      continue;
    }
    const observed = siem !== rule.siem ? `a ${siem} data source; the rule runs on ${rule.siem}` : 'recorded no event of the scenario';
    results.push(result(dataSourceId, expected, 'failed', observed));
  }
  if (results.length === 0) {
    if (context.siemInRun(rule.siem)) results.push(result(null, pin.verdict, 'failed', `no ${rule.siem} data source recorded the scenario`));
    else results.push(result(null, pin.verdict, 'not-evaluated', `no ${rule.siem} data source is part of this run`));
  }
  return results;
}
