// The behaviour-level estimator: a rule's recall (or false positive rate) on one data source is the
// weighted mean, over the scenarios (behaviours) that data source recorded, of each scenario's own
// detection (or firing) fraction. The events of one scenario are replicas of one behaviour, so they
// refine that scenario's fraction and never count as independent evidence: `--scale` changes how
// many replicas there are, not how many behaviours, and must not narrow the interval.
//
// The interval is the Wilson 95% score interval with the scenarios as the sample: n is the number of
// scenarios or, when weights differ, Kish's effective sample size n_eff = (Σw)² / Σw² (L. Kish,
// "Survey Sampling", Wiley 1965, §11.7; the design-effect form in Kish 1992, "Weighting for unequal
// Pi", Journal of Official Statistics 8(2):183-200). Using the effective n in a binomial interval is
// the approach of Korn & Graubard (1998), "Confidence intervals for proportions with small expected
// number of positive counts estimated from survey data", Survey Methodology 24(2):193-201, and
// Dean & Pagano (2015), "Evaluating confidence interval methods for binomial proportions in clustered
// surveys", Journal of Survey Statistics and Methodology 3(4):484-503, who find Wilson with the
// effective n among the best-covering choices for clustered data. Each scenario is one cluster.
import type { Rate } from './model.js';
import { wilsonIntervalOfProportion } from './wilson.js';

/** One scenario's evidence in one cell: its own event-level fraction and its weight. */
export interface ScenarioFraction {
  /** Detection (malicious) or firing (benign) fraction over the scenario's events, 0..1. */
  fraction: number;
  /** Weight (> 0); 1 unless the pack or a weights file says otherwise. */
  weight: number;
}

/** Decimal places kept for k and n of a behaviour rate: exact for unweighted counts, stable in JSON. */
const PLACES = 6;

function round(x: number): number {
  return Math.round(x * 10 ** PLACES) / 10 ** PLACES;
}

/**
 * The weighted mean of the fractions with its Wilson interval over the effective number of scenarios.
 * `k` = value × n and `n` = the effective number of scenarios (the count of scenarios when weights are
 * equal), so `{k, n}` reads as "k of n behaviours"; all null but k = n = 0 when there is no scenario.
 */
export function behaviourRate(items: readonly ScenarioFraction[]): Rate {
  let sumW = 0;
  let sumW2 = 0;
  let sumWp = 0;
  for (const { fraction, weight } of items) {
    if (!(weight > 0) || !Number.isFinite(weight)) throw new RangeError(`behaviourRate: weight must be > 0, got ${weight}`);
    if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`behaviourRate: fraction must be in [0, 1], got ${fraction}`);
    sumW += weight;
    sumW2 += weight * weight;
    sumWp += weight * fraction;
  }
  if (items.length === 0) return { k: 0, n: 0, value: null, low: null, high: null };
  const value = Math.min(1, sumWp / sumW);
  const n = (sumW * sumW) / sumW2;
  const interval = wilsonIntervalOfProportion(value, n);
  if (interval === null) return { k: 0, n: 0, value: null, low: null, high: null };
  return { k: round(value * n), n: round(n), value, low: interval.low, high: interval.high };
}
