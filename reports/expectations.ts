// Pinned expectations from the scenario pack, judged per data source: in every data source of the
// rule's SIEM that recorded the scenario, the rule must fire on every event of it (detect), on none
// (miss) or on some but not all (partial); `sources` overrides the verdict for named data sources
// (generators/scenario.ts pinnedVerdict). A pin the run does worse than fails; one it does better than
// (an attack now caught, a benign tool now quiet) is stale: reported with where it is pinned, never a
// failure, and `dth pins update` rewrites it. A pin about a data source that recorded nothing fails:
// nothing was tested. A pin about a data source the run left out (--source), or about a rule that is not
// in the run or failed to run (that error is reported once, under errors), is not evaluated.
import type { Label } from '../generators/canonical-event.js';
import type { Siem } from '../harness/model/records.js';
import { formatLocation } from '../harness/errors.js';
import type { ExpectationResult } from './model.js';
import type { ExpectationInput, PinVerdict } from '../harness/runner/run-input.js';
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

/** The verdict a fire count shows: detect (every event), miss (none), partial (between). */
export function observedVerdict(cell: { fired: number; total: number }): PinVerdict {
  if (cell.fired === cell.total) return 'detect';
  return cell.fired === 0 ? 'miss' : 'partial';
}

/** How much the rule fires under a verdict: miss 0, partial 1, detect 2. */
const FIRING: Record<PinVerdict, number> = { miss: 0, partial: 1, detect: 2 };

/** held, or whether the observed verdict is better (stale) or worse (failed) than the pinned one for this label. */
export function judgeVerdict(label: Label, expected: PinVerdict, observed: PinVerdict): 'held' | 'failed' | 'stale' {
  if (expected === observed) return 'held';
  const firesMore = FIRING[observed] > FIRING[expected];
  // An attack: firing more is better. A benign tool: firing less is better.
  return firesMore === (label === 'malicious') ? 'stale' : 'failed';
}

export function judgeExpectations(scenarioId: string, label: Label, pin: ExpectationInput, context: ExpectationContext): ExpectationResult[] {
  const pinnedAt = pin.location === undefined ? null : formatLocation(pin.location) || null;
  const result = (dataSourceId: string | null, expected: PinVerdict, status: ExpectationResult['status'], observed: string, seen: PinVerdict | null = null): ExpectationResult => ({
    scenarioId,
    ruleId: pin.ruleId,
    dataSourceId,
    expected,
    status,
    observedVerdict: seen,
    observed,
    reason: pin.reason ?? null,
    pinnedAt,
  });
  const rule = context.rule(pin.ruleId);
  if (rule === undefined) return [result(null, pin.verdict, 'not-evaluated', 'rule not part of this run')];
  if (rule.error !== null) return [result(null, pin.verdict, 'not-evaluated', 'rule failed to run (reported once under errors)')];

  const results: ExpectationResult[] = [];
  const recorded = context.cells(pin.ruleId, scenarioId).filter((cell) => cell.total > 0);
  for (const cell of recorded) {
    const expected = pin.sources[cell.dataSourceId] ?? pin.verdict;
    const seen = observedVerdict(cell);
    results.push(result(cell.dataSourceId, expected, judgeVerdict(label, expected, seen), `fired on ${cell.fired} of ${plural(cell.total)}`, seen));
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
