// The behaviour-level estimator (reports/behaviour-rate.ts): a weighted mean of per-scenario fractions
// with the Wilson interval over Kish's effective number of scenarios. Kish, "Survey Sampling" (1965)
// §11.7: n_eff = (Σw)² / Σw²; Wilson (1927) for the score interval.
import { expect, test } from '@playwright/test';
import { behaviourRate } from '../../reports/behaviour-rate.js';
import { wilsonInterval, wilsonIntervalOfProportion } from '../../reports/wilson.js';

test('unweighted: the mean of the fractions over n = the number of scenarios', () => {
  const rate = behaviourRate([1, 1, 0.5, 0].map((fraction) => ({ fraction, weight: 1 })));
  const interval = wilsonIntervalOfProportion(0.625, 4);
  expect(rate).toEqual({ k: 2.5, n: 4, value: 0.625, low: interval?.low, high: interval?.high });
});

test('with whole fractions it is the Wilson interval of k caught scenarios of n', () => {
  const rate = behaviourRate([1, 1, 1, 0, 0, 0, 0].map((fraction) => ({ fraction, weight: 1 })));
  const interval = wilsonInterval(3, 7);
  expect(rate.low).toBeCloseTo(interval?.low ?? NaN, 12);
  expect(rate.high).toBeCloseTo(interval?.high ?? NaN, 12);
});

test('weighted: the weighted mean over Kish effective n, which is below the count of scenarios', () => {
  const rate = behaviourRate([
    { fraction: 1, weight: 8 },
    { fraction: 0, weight: 1 },
    { fraction: 0, weight: 1 },
  ]);
  expect(rate.value).toBeCloseTo(0.8, 12);
  // (8 + 1 + 1)² / (64 + 1 + 1) = 100 / 66
  expect(rate.n).toBeCloseTo(100 / 66, 5);
  const interval = wilsonIntervalOfProportion(0.8, 100 / 66);
  expect(rate.low).toBeCloseTo(interval?.low ?? NaN, 12);
  // Equal weights of any size are the unweighted estimate.
  expect(behaviourRate([{ fraction: 1, weight: 5 }, { fraction: 0, weight: 5 }])).toEqual(behaviourRate([{ fraction: 1, weight: 1 }, { fraction: 0, weight: 1 }]));
});

test('no scenario is n/a, never 0%; bad weights and fractions are refused', () => {
  expect(behaviourRate([])).toEqual({ k: 0, n: 0, value: null, low: null, high: null });
  expect(() => behaviourRate([{ fraction: 0.5, weight: 0 }])).toThrow(RangeError);
  expect(() => behaviourRate([{ fraction: 1.5, weight: 1 }])).toThrow(RangeError);
});
