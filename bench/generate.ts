// Benchmark of the telemetry simulator: canonical event generation from the default pack, then each
// data source's renderer alone over the events it applies to (`generate <id>`), and the same with
// the record JSON-encoded as `dth generate` writes it (`… as ndjson`). Prints `name: value unit` lines.
// Rates are per second of this process's CPU time (process.cpuUsage), i.e. per busy core: rendering
// is single-threaded, so the figure is the one-core rate and does not drop when other work shares the
// machine (GC helper threads count too, which only lowers it).
// Then canonical generation warm (the pack at scale 10, medians of 5 passes after a warm-up; and the
// pack at scale 1), and `dth generate` for
// every data source as a user runs it, timed from outside with its peak RSS (issue 12's targets: warm
// canonical generation ≥ 50k events/s; `dth generate --scale 100` for every source under 500 MB).
// Usage: npm run bench:generate [-- <minimum records per renderer> [<CLI scale> [<source,source,…>]]]
//   (defaults: 200,000 records; scale 100, the target's; every data source. At scale 100 each source
//   takes minutes on a loaded 2-core machine.)
import type { CanonicalEvent } from '../generators/canonical-event.js';
import { DATA_SOURCES } from '../generators/data-sources.js';
import { generateEvents, streamEvents } from '../generators/generate.js';
import { loadPack } from '../generators/scenario-pack.js';
import { fromRoot } from '../harness/paths.js';
import { figure, loadNote, timeOnce } from './measure.js';

const TARGET = Number(process.argv[2] ?? 200_000);
const CLI_SCALE = Number(process.argv[3] ?? 100);
const SOURCES = process.argv[4]?.split(',');

function rate(count: number, micros: number): number {
  return Math.round((count / micros) * 1_000_000);
}

/** CPU time (user + system) of this process in microseconds since `since`. */
function cpuSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return used.user + used.system;
}

const pack = loadPack();
let start = process.cpuUsage();
const events = generateEvents(pack, { seed: 1 });
process.stdout.write(`generate canonical events: ${rate(events.length, cpuSince(start))} events/s\n`);

for (const source of DATA_SOURCES) {
  const applicable: CanonicalEvent[] = events.filter((e) => source.os.includes(e.os));
  // Warm the JIT on one pass, then time enough passes to reach the target count.
  for (const event of applicable) JSON.stringify(source.render(event));
  const passes = Math.max(1, Math.ceil(TARGET / applicable.length));
  let keys = 0;
  start = process.cpuUsage();
  for (let pass = 0; pass < passes; pass++) {
    for (const event of applicable) keys += Object.keys(source.render(event)).length;
  }
  const renderMicros = cpuSince(start);
  let bytes = 0;
  start = process.cpuUsage();
  for (let pass = 0; pass < passes; pass++) {
    for (const event of applicable) bytes += JSON.stringify(source.render(event)).length;
  }
  const ndjsonMicros = cpuSince(start);
  if (keys === 0 || bytes === 0) throw new Error('nothing rendered');
  process.stdout.write(`generate ${source.id}: ${rate(applicable.length * passes, renderMicros)} events/s\n`);
  process.stdout.write(`generate ${source.id} as ndjson: ${rate(applicable.length * passes, ndjsonMicros)} events/s\n`);
}

// Warm canonical generation, the steady state a long `dth generate` reaches. The generator builds a
// scenario's events one after another, so at --scale 10 each scenario's population and variant code
// runs 500 times in a row and is optimised (a libvirt launch takes ~60 µs cold and ~2 µs optimised);
// that is the target's figure. The pack at scale 1 (each scenario's code runs 50 times, then the
// next scenario's) is printed beside it. "held" keeps the events in an array (generateEvents, as
// tests and the in-process runner use it: every event outlives the young generation, so V8 copies each
// one); "streamed" drops each event once it is counted (streamEvents, as `dth generate` writes them).
const WARM_SCALE = 10;
const WARM_PASSES = 5;
const PACK_PASSES = 9;

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

// Each kind's passes run together, after two warm-up passes (about 70,000 events): a held pass leaves
// ~100 MB of events for the old generation to collect, which would otherwise land in a streamed pass.
function warmRates(pass: () => number, runs: number): number[] {
  pass();
  pass();
  return Array.from({ length: runs }, () => timedPass(pass));
}
const streamedRates = warmRates(() => streamedPass(WARM_SCALE), WARM_PASSES);
const heldRates = warmRates(() => heldPass(WARM_SCALE), WARM_PASSES);
const packRates = Array.from({ length: PACK_PASSES }, () => timedPass(() => streamedPass(1)));
const warm = `generate canonical events warm, pack at scale ${WARM_SCALE}`;
figure(`${warm} streamed (median of ${WARM_PASSES}; target >= 50000)`, median(streamedRates), 'events/s');
figure(`${warm} streamed slowest pass`, Math.min(...streamedRates), 'events/s');
figure(`${warm} held (median of ${WARM_PASSES})`, median(heldRates), 'events/s');
figure(`${warm} held slowest pass`, Math.min(...heldRates), 'events/s');
figure(`generate canonical events warm, pack at scale 1 streamed (median of ${PACK_PASSES})`, median(packRates), 'events/s');

// `dth generate` as a user runs it, for every data source (or the ones named), timed from outside:
// wall time, CPU time, records written per CPU second, and peak RSS (target < 500 MB at scale 100).
loadNote();
const wanted = SOURCES === undefined ? DATA_SOURCES : DATA_SOURCES.filter((source) => SOURCES.includes(source.id));
if (wanted.length === 0) throw new Error(`no data source among ${SOURCES?.join(', ')}`);
for (const source of wanted) {
  const timed = timeOnce(process.execPath, [fromRoot('dist', 'harness', 'cli', 'main.js'), 'generate', '--source', source.id, '--scale', String(CLI_SCALE), '--out', '/dev/null']);
  // The command's own summary says how many records it wrote (stderr: "… N <source> records written …").
  const written = new RegExp(`(\\d+) ${source.id} records written`).exec(timed.stderr);
  if (written === null) throw new Error(`dth generate --source ${source.id}: no record count in its summary: ${timed.stderr.slice(-500)}`);
  const records = Number(written[1]);
  const label = `cli generate --scale ${CLI_SCALE} ${source.id}`;
  figure(`${label} records`, records, 'records');
  figure(`${label} wall`, timed.seconds, 's');
  if (timed.cpuSeconds !== null) figure(`${label} per cpu second`, Math.round(records / timed.cpuSeconds), 'records/s');
  figure(`${label} peak rss (target < 500)`, timed.peakRssMb === null ? 'n/a' : Math.round(timed.peakRssMb), 'MB');
}
