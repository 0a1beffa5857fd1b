// The run's heap growth (harness/runner/heap-growth.ts): before each data source the growing factor is
// fitted so that a small heap may grow up to V8's own maximum factor (4) and a heap near or past the
// budget only by 1.3. The peak RSS and CPU time this gives are measured by npm run bench:run.
import { expect, test } from '@playwright/test';
import { growingPercentFor, HEAP_BUDGET_BYTES, HEAP_GROWING_PERCENT, MAX_GROWING_PERCENT } from '../../harness/runner/heap-growth.js';

const MB = 1024 * 1024;

test('growing percent: capped for a small heap, floored at and past the budget, fitted in between', () => {
  expect(growingPercentFor(0)).toBe(MAX_GROWING_PERCENT);
  expect(growingPercentFor(100 * MB)).toBe(MAX_GROWING_PERCENT);
  expect(growingPercentFor(HEAP_BUDGET_BYTES)).toBe(HEAP_GROWING_PERCENT);
  expect(growingPercentFor(3 * HEAP_BUDGET_BYTES)).toBe(HEAP_GROWING_PERCENT);
  // 256 MB of a 512 MB budget may double: 100%.
  expect(growingPercentFor(256 * MB, 512 * MB)).toBe(100);
  // Monotone: a bigger heap never gets a bigger factor.
  let previous = Infinity;
  for (let used = 16 * MB; used < 2 * HEAP_BUDGET_BYTES; used += 16 * MB) {
    const p = growingPercentFor(used);
    expect(p).toBeLessThanOrEqual(previous);
    previous = p;
  }
});
