// Benchmark of the telemetry simulator: canonical event generation from the default pack, then each
// data source's renderer alone over the events it applies to (`generate <id>`), and the same with
// the record JSON-encoded as `dth generate` writes it (`… as ndjson`). Prints `name: value unit` lines.
// Rates are per second of this process's CPU time (process.cpuUsage), i.e. per busy core: rendering
// is single-threaded, so the figure is the one-core rate and does not drop when other work shares the
// machine (GC helper threads count too, which only lowers it).
// Then canonical generation warm, in a fresh process (bench/generation-rate.ts: the pack at scale 10,
// medians of 5 passes after 150,000 events; and the pack at scale 1), and `dth generate` for every
// data source as a user runs it, timed from outside with its peak RSS (issue 12's targets: warm
// canonical generation ≥ 50k events/s; `dth generate --scale 100` for every source under 500 MB).
// Usage: npm run bench:generate [-- <minimum records per renderer> [<CLI scale> [<source,source,…> [<CLI runs>]]]]
//   (defaults: 200,000 records; scale 100, the target's; every data source; 3 runs of each, medians of
//   wall and CPU and the highest peak RSS. At scale 100 each source
//   takes minutes on a loaded 2-core machine.)
import { spawnSync } from 'node:child_process';
import type { CanonicalEvent } from '../generators/canonical-event.js';
import { DATA_SOURCES } from '../generators/data-sources.js';
import { generateEvents } from '../generators/generate.js';
import { loadPack } from '../generators/scenario-pack.js';
import { fromRoot } from '../harness/paths.js';
import { cpuSince, figure, loadNote, rate, timeRuns } from './measure.js';

const TARGET = Number(process.argv[2] ?? 200_000);
const CLI_SCALE = Number(process.argv[3] ?? 100);
const SOURCES = process.argv[4]?.split(',');
const CLI_RUNS = Number(process.argv[5] ?? 3);
if (!(Number.isInteger(CLI_RUNS) && CLI_RUNS > 0)) throw new Error('<CLI runs> must be a positive integer');

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

// Warm canonical generation, in a process of its own (bench/generation-rate.ts): this one has just
// held a pack of events and rendered it, which makes V8 allocate generation's objects straight into
// the old generation (allocation-site pretenuring) and would charge a streamed pass for collecting them.
const warmRun = spawnSync(process.execPath, [fromRoot('dist', 'bench', 'generation-rate.js')], { encoding: 'utf8' });
if (warmRun.status !== 0) throw new Error(`bench/generation-rate.js failed: ${warmRun.stderr}`);
process.stdout.write(warmRun.stdout);

// `dth generate` as a user runs it, for every data source (or the ones named), timed from outside:
// wall time, CPU time, records written per CPU second, and peak RSS (target < 500 MB at scale 100).
loadNote();
const wanted = SOURCES === undefined ? DATA_SOURCES : DATA_SOURCES.filter((source) => SOURCES.includes(source.id));
if (wanted.length === 0) throw new Error(`no data source among ${SOURCES?.join(', ')}`);
for (const source of wanted) {
  const timed = timeRuns(CLI_RUNS, process.execPath, [fromRoot('dist', 'harness', 'cli', 'main.js'), 'generate', '--source', source.id, '--scale', String(CLI_SCALE), '--out', '/dev/null']);
  // The command's own summary says how many records it wrote (stderr: "… N <source> records written …").
  const counts = timed.all.map((run) => new RegExp(`(\\d+) ${source.id} records written`).exec(run.stderr)?.[1]);
  if (counts.some((count) => count === undefined)) throw new Error(`dth generate --source ${source.id}: no record count in its summary: ${timed.stderr.slice(-500)}`);
  if (counts.some((count) => count !== counts[0])) throw new Error(`dth generate --source ${source.id}: runs disagree on the record count (${counts.join(', ')})`);
  const records = Number(counts[0]);
  const label = `cli generate --scale ${CLI_SCALE} ${source.id}`;
  figure(`${label} runs (medians; peak rss the highest)`, CLI_RUNS, 'runs');
  figure(`${label} records`, records, 'records');
  figure(`${label} wall`, timed.seconds, 's');
  if (timed.cpuSeconds !== null) figure(`${label} per cpu second`, Math.round(records / timed.cpuSeconds), 'records/s');
  figure(`${label} peak rss (target < 500)`, timed.peakRssMb === null ? 'n/a' : Math.round(timed.peakRssMb), 'MB');
}
