// How far V8 lets the heap grow past what the last full collection kept. `dth run` holds a modest live
// set (the canonical events, one data source's records and index, the verdicts so far: see the README's
// "Memory") but allocates fast while it renders, indexes and searches each source; V8 then picks a
// growing factor of up to 4 and the process grows to about four times its live set before collecting
// (scale 8: 1.29 GB peak for about 0.3 GB live). The run starts with a factor of 1.3, which bounds the
// peak to about 1.3 times the live set, and relaxes it for a small heap (fitHeapGrowth, below).
// Measured on `dth run --scale 4` (13,800 events): default 779 MB peak RSS; factor 1.5: 424 MB with the same CPU time; factor 1.3 (after the other memory changes): 329 MB against
// 361 MB at 1.5, for about 4% more CPU time (bench/run.ts prints the figures).
//
// `--heap-growing-percent` is read at every full collection (V8 heap/heap.cc, MemoryController), so
// setting it when the run starts takes effect; Node documents flags set after start-up as possibly
// ignored (https://nodejs.org/api/v8.html#v8setflagsfromstringflags), in which case only the peak
// changes, never a result.
import { getHeapStatistics, setFlagsFromString } from 'node:v8';

/** Percent the heap may grow past the live set before the next full collection. */
export const HEAP_GROWING_PERCENT = 30;

let applied = false;

function ownFlag(): boolean {
  return process.execArgv.some((a) => a.startsWith('--heap-growing-percent')) || (process.env.NODE_OPTIONS ?? '').includes('--heap-growing-percent');
}

/** Applies the growing factor once per process (a node started with its own flag keeps it). */
export function boundHeapGrowth(): void {
  if (applied) return;
  applied = true;
  if (ownFlag()) return;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

/** The heap size a data source may start from and still grow by more than the 1.3 factor (bytes). */
export const HEAP_BUDGET_BYTES = 768 * 1024 * 1024;
/** V8's own largest growing factor, 4. */
export const MAX_GROWING_PERCENT = 300;

/** The growing percent that lets a heap of `usedBytes` grow to the budget: 30 at least, 300 at most. */
export function growingPercentFor(usedBytes: number, budgetBytes = HEAP_BUDGET_BYTES): number {
  if (usedBytes <= 0) return MAX_GROWING_PERCENT;
  const percent = Math.floor((budgetBytes / usedBytes - 1) * 100);
  return Math.min(MAX_GROWING_PERCENT, Math.max(HEAP_GROWING_PERCENT, percent));
}

let fitted = -1;

/**
 * Before each data source: a small heap (a small run) may grow by up to V8's own factor, which saves the
 * CPU time of frequent full collections (scale 8, quiet machine: 0.96 ms CPU per event at factor 4 against
 * 1.22 ms at 1.3); a heap near the budget keeps the 1.3 factor. The run starts at 1.3 (boundHeapGrowth),
 * so the limit V8 sets while the events are generated is already the bounded one.
 */
export function fitHeapGrowth(): void {
  if (!applied || ownFlag()) return;
  const percent = growingPercentFor(getHeapStatistics().used_heap_size);
  if (percent === fitted) return;
  fitted = percent;
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
