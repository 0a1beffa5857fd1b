import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { wilsonInterval, Z_95 } from '../../reports/wilson.js';

// Known values: Newcombe, R. G. (1998). "Two-sided confidence intervals for the single proportion:
// comparison of seven methods". Statistics in Medicine 17(8):857-872, Table I, method 3 (Wilson score
// interval without continuity correction), 95%, given to 4 decimals.
const NEWCOMBE_1998_METHOD_3: [k: number, n: number, low: number, high: number][] = [
  [81, 263, 0.2553, 0.3662],
  [15, 148, 0.0624, 0.1605],
  [0, 20, 0.0, 0.1611],
  [1, 29, 0.0061, 0.1718],
  [29, 29, 0.883, 1.0],
];

test('Wilson 95% interval matches Newcombe (1998) Table I, method 3', () => {
  for (const [k, n, low, high] of NEWCOMBE_1998_METHOD_3) {
    const interval = wilsonInterval(k, n);
    expect(interval, `${k}/${n}`).not.toBeNull();
    expect(interval?.low, `${k}/${n} low`).toBeCloseTo(low, 4);
    expect(interval?.high, `${k}/${n} high`).toBeCloseTo(high, 4);
  }
});

test('at k = 0 the upper bound is z²/(n + z²) and the lower bound exactly 0 (Wilson 1927, closed form)', () => {
  // Wilson, E. B. (1927), JASA 22(158):209-212: with p = 0 the score interval is [0, z²/(n + z²)].
  for (const n of [1, 10, 100, 1000]) {
    const interval = wilsonInterval(0, n);
    expect(interval?.low).toBe(0);
    expect(interval?.high).toBeCloseTo((Z_95 * Z_95) / (n + Z_95 * Z_95), 12);
  }
});

test('n = 0 has no interval (reports show n/a, never 0%)', () => {
  expect(wilsonInterval(0, 0)).toBeNull();
});

test('bad counts are rejected', () => {
  expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
  expect(() => wilsonInterval(-1, 2)).toThrow(RangeError);
  expect(() => wilsonInterval(0.5, 2)).toThrow(RangeError);
});

test('properties: inside [0,1], contains k/n, mirror-symmetric, narrows as n grows', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 5000 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n }))),
      ([n, k]) => {
        const interval = wilsonInterval(k, n);
        const mirror = wilsonInterval(n - k, n);
        const larger = wilsonInterval(k * 4, n * 4);
        if (interval === null || mirror === null || larger === null) return false;
        const p = k / n;
        return (
          interval.low >= 0 &&
          interval.high <= 1 &&
          interval.low <= p + 1e-12 &&
          interval.high >= p - 1e-12 &&
          Math.abs(interval.low - (1 - mirror.high)) < 1e-9 &&
          Math.abs(interval.high - (1 - mirror.low)) < 1e-9 &&
          larger.high - larger.low <= interval.high - interval.low + 1e-12
        );
      },
    ),
    { seed: 20250101, numRuns: 500 },
  );
});
