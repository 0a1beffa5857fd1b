// The Wilson score interval for a binomial proportion.
//
// Source: E. B. Wilson (1927), "Probable inference, the law of succession, and statistical inference",
// Journal of the American Statistical Association 22(158):209-212, doi:10.1080/01621459.1927.10502953.
// Newcombe (1998), "Two-sided confidence intervals for the single proportion: comparison of seven
// methods", Statistics in Medicine 17:857-872 (method 3), and Brown, Cai & DasGupta (2001), "Interval
// estimation for a binomial proportion", Statistical Science 16(2):101-133, recommend it over the
// normal-approximation (Wald) interval for small n and for proportions near 0 or 1, which is exactly
// where detection rates live (recall near 1, false positive rate near 0).
//
//   centre    = (p + z²/2n) / (1 + z²/n)
//   halfWidth = z·sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n)        with p = k/n

/** Two-sided 95%: the 0.975 quantile of the standard normal distribution. */
export const Z_95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval for k successes in n trials. Returns null when n = 0: there is no
 * estimate to bound, and a caller must show "n/a", never 0%.
 */
export function wilsonInterval(k: number, n: number, z: number = Z_95): Interval | null {
  if (!Number.isInteger(k) || !Number.isInteger(n) || k < 0 || n < 0 || k > n) {
    throw new RangeError(`wilsonInterval: need integers 0 <= k <= n, got k=${k}, n=${n}`);
  }
  if (n === 0) return null;
  const p = k / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const halfWidth = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  // At k = 0 and k = n the formula's bound is exactly 0 or 1; clamp the rounding error away.
  return {
    low: k === 0 ? 0 : Math.max(0, centre - halfWidth),
    high: k === n ? 1 : Math.min(1, centre + halfWidth),
  };
}

/**
 * The Wilson interval for a proportion `p` estimated with an effective sample size `n` that need not
 * be an integer: the same formula with p and n as given (Kish's effective n for a weighted mean,
 * see reports/behaviour-rate.ts). Null when n is 0.
 */
export function wilsonIntervalOfProportion(p: number, n: number, z: number = Z_95): Interval | null {
  if (!Number.isFinite(p) || !Number.isFinite(n) || p < 0 || p > 1 || n < 0) {
    throw new RangeError(`wilsonIntervalOfProportion: need 0 <= p <= 1 and n >= 0, got p=${p}, n=${n}`);
  }
  if (n === 0) return null;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const halfWidth = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return {
    low: p === 0 ? 0 : Math.max(0, centre - halfWidth),
    high: p === 1 ? 1 : Math.min(1, centre + halfWidth),
  };
}
