// Warm canonical generation (issue 12's target: ≥ 50,000 events/s), run by bench/generate.ts in a
// fresh process. Rates are per second of this process's CPU time (every thread, GC helpers included).
//
// The figure is the steady state a long `dth generate` reaches. The generator builds a scenario's
// events one after another, so at --scale 10 each scenario's population and variant code runs 500
// times in a row and is optimised (a libvirt launch takes ~60 µs cold and ~2 µs optimised); the rate
// keeps rising for about five passes while V8 settles the shapes 51 scenarios bring, so passes are
// timed after WARM_UP_EVENTS. "streamed" drops each event once it is counted (streamEvents, as
// `dth generate` writes them) and runs first, as in `dth generate`; "held" keeps the events in an
// array (generateEvents, as tests and the in-process runner use it: every event outlives the young
// generation). The pack at scale 1 (each scenario's code runs 50 times, then the next scenario's) is
// printed beside them.
import { generateEvents, streamEvents } from '../generators/generate.js';
import { loadPack } from '../generators/scenario-pack.js';
import { cpuSince, figure, rate } from './measure.js';

const WARM_SCALE = 10;
const WARM_UP_EVENTS = 150_000;
const WARM_PASSES = 5;
const PACK_PASSES = 9;

const pack = loadPack();

function heldPass(scale: number): number {
  return generateEvents(pack, { seed: 1, scale }).length;
}

function streamedPass(scale: number): number {
  let count = 0;
  for (const event of streamEvents(pack, { seed: 1, scale })) if (event.id !== '') count++;
  return count;
}

function timedPass(pass: () => number): number {
  const begin = process.cpuUsage();
  const count = pass();
  return rate(count, cpuSince(begin));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

for (let warmed = 0; warmed < WARM_UP_EVENTS; ) warmed += streamedPass(WARM_SCALE);
const streamedRates = Array.from({ length: WARM_PASSES }, () => timedPass(() => streamedPass(WARM_SCALE)));
const packRates = Array.from({ length: PACK_PASSES }, () => timedPass(() => streamedPass(1)));
// A held pass leaves ~100 MB of events for the old generation to collect: the held passes run last.
heldPass(WARM_SCALE);
const heldRates = Array.from({ length: WARM_PASSES }, () => timedPass(() => heldPass(WARM_SCALE)));

const warm = `generate canonical events warm, pack at scale ${WARM_SCALE}`;
figure(`${warm} streamed (median of ${WARM_PASSES}; target >= 50000)`, median(streamedRates), 'events/s');
figure(`${warm} streamed slowest pass`, Math.min(...streamedRates), 'events/s');
figure(`${warm} held (median of ${WARM_PASSES})`, median(heldRates), 'events/s');
figure(`${warm} held slowest pass`, Math.min(...heldRates), 'events/s');
figure(`generate canonical events warm, pack at scale 1 streamed (median of ${PACK_PASSES})`, median(packRates), 'events/s');
