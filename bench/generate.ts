// Benchmark of the telemetry simulator: canonical event generation from the default pack, then each
// data source's renderer alone over the events it applies to (`generate <id>`), and the same with
// the record JSON-encoded as `dth generate` writes it (`… as ndjson`). Prints `name: value unit` lines.
// Rates are per second of this process's CPU time (process.cpuUsage), i.e. per busy core: rendering
// is single-threaded, so the figure is the one-core rate and does not drop when other work shares the
// machine (GC helper threads count too, which only lowers it).
// Then canonical generation warm (the median of 3 passes after a warm-up pass), and `dth generate` for
// every data source as a user runs it, timed from outside with its peak RSS (issue 12's targets: warm
// canonical generation ≥ 50k events/s; `dth generate --scale 100` for every source under 500 MB).
// Usage: npm run bench:generate [-- <minimum records per renderer> [<CLI scale>]]   (default 200,000; scale 10)
import type { CanonicalEvent } from '../generators/canonical-event.js';
import { DATA_SOURCES } from '../generators/data-sources.js';
import { generateEvents } from '../generators/generate.js';
import { loadPack } from '../generators/scenario-pack.js';
import { fromRoot } from '../harness/paths.js';
import { loadNote, timeOnce } from './measure.js';

const TARGET = Number(process.argv[2] ?? 200_000);
const CLI_SCALE = Number(process.argv[3] ?? 10);

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

// Warm canonical generation: the JIT has seen the generator; the median of three passes.
const warm: number[] = [];
for (let pass = 0; pass < 3; pass++) {
  start = process.cpuUsage();
  const again = generateEvents(pack, { seed: 1 });
  warm.push(rate(again.length, cpuSince(start)));
}
warm.sort((a, b) => a - b);
process.stdout.write(`generate canonical events warm (median of 3): ${warm[1]} events/s\n`);

loadNote();
for (const source of DATA_SOURCES) {
  const timed = timeOnce(process.execPath, [fromRoot('dist', 'harness', 'cli', 'main.js'), 'generate', '--source', source.id, '--scale', String(CLI_SCALE), '--out', '/dev/null']);
  process.stdout.write(`cli generate --scale ${CLI_SCALE} ${source.id} wall: ${timed.seconds.toFixed(1)} s\n`);
  process.stdout.write(`cli generate --scale ${CLI_SCALE} ${source.id} peak rss: ${timed.peakRssMb?.toFixed(0) ?? 'n/a'} MB\n`);
}
