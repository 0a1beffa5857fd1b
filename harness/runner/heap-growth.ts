// How far V8 lets the heap grow past what the last full collection kept. `dth run` holds a modest live
// set (the canonical events, one data source's records and index, the verdicts so far: see the README's
// "Memory") but allocates fast while it renders, indexes and searches each source; V8 then picks a
// growing factor of up to 4 and the process grows to about four times its live set before collecting
// (scale 8: 1.29 GB peak for about 0.3 GB live). A fixed factor of 1.3 bounds the peak to about 1.3
// times the live set. Measured on `dth run --scale 4` (13,800 events): default 779 MB peak RSS; factor
// 1.5: 424 MB with the same CPU time; factor 1.3 (after the other memory changes): 329 MB against
// 361 MB at 1.5, for about 4% more CPU time (bench/run.ts prints the figures).
//
// `--heap-growing-percent` is read at every full collection (V8 heap/heap.cc, MemoryController), so
// setting it when the run starts takes effect; Node documents flags set after start-up as possibly
// ignored (https://nodejs.org/api/v8.html#v8setflagsfromstringflags), in which case only the peak
// changes, never a result.
import { setFlagsFromString } from 'node:v8';

/** Percent the heap may grow past the live set before the next full collection. */
export const HEAP_GROWING_PERCENT = 30;

let applied = false;

/** Applies the growing factor once per process (a node started with its own flag keeps it). */
export function boundHeapGrowth(): void {
  if (applied) return;
  applied = true;
  if (process.execArgv.some((a) => a.startsWith('--heap-growing-percent')) || (process.env.NODE_OPTIONS ?? '').includes('--heap-growing-percent')) return;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
