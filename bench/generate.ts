// Benchmark of the telemetry simulator: canonical event generation from the default pack, then each
// data source's renderer alone over the events it applies to (`generate <id>`), and the same with
// the record JSON-encoded as `dth generate` writes it (`… as ndjson`). Prints `name: value unit` lines.
// Rates are per second of this process's CPU time (process.cpuUsage), i.e. per busy core: rendering
// is single-threaded, so the figure is the one-core rate and does not drop when other work shares the
// machine (GC helper threads count too, which only lowers it).
// Usage: npm run bench:generate [-- <minimum records per renderer>]   (default 200,000)
import type { CanonicalEvent } from '../generators/canonical-event.js';
import { DATA_SOURCES } from '../generators/data-sources.js';
import { generateEvents } from '../generators/generate.js';
import { loadPack } from '../generators/scenario-pack.js';

const TARGET = Number(process.argv[2] ?? 200_000);

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
