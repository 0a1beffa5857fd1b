// Benchmark of `dth eql` end to end, as a user runs it: the real CLI as a child process, timed from outside
// (start-up, file read, mapping, prefilter, predicate, output), on Elastic Defend documents rendered by the
// harness's own renderer (bench/defend-file.ts): one file with 0.05% QEMU starts, one QEMU-heavy (50%).
// In the same run and on the same files, the floors: a bare JSON.parse-per-line pass in Node
// (bench/json-parse-floor.ts) and `grep -c -i netdev`. Each figure is the median of RUNS runs; the match
// counts of `dth eql` and `dth eql --no-prefilter` must be equal, and every run of a command must print
// the same, or the benchmark fails. Also the compiled predicate alone, over documents held in memory.
// Usage: npm run bench:eql [-- <events> [<runs>]]   (default 200,000 events per file, 3 runs)
// Targets (issue 12): dth eql ≤ 0.5× the JSON.parse pass at 0.05% QEMU, ≤ 1.3× on the QEMU-heavy file.
import { compileEql } from '../harness/engines/eql/compile.js';
import { parseEql } from '../harness/engines/eql/parser.js';
import { forEachLine } from '../harness/line-reader.js';
import { ecsFieldTypes } from '../harness/engines/eql/mappings/index-mapping.js';
import { fromRoot } from '../harness/paths.js';
import { loadElasticRule } from '../harness/rules/elastic-loader.js';
import { ensureDefendFile, type DefendFile } from './defend-file.js';
import { figure, loadNote, timeMedian } from './measure.js';

const EVENTS = Number(process.argv[2] ?? 200_000);
const RUNS = Number(process.argv[3] ?? 3);
const SEED = 20260301;
const CLI = fromRoot('dist', 'harness', 'cli', 'main.js');
const FLOOR = fromRoot('dist', 'bench', 'json-parse-floor.js');
const RULE = loadElasticRule(fromRoot('rules', 'elastic', 'command_and_control_tunnel_qemu.toml'));

function lines(stdout: string): number {
  return stdout === '' ? 0 : stdout.trimEnd().split('\n').length;
}

function endToEnd(label: string, file: DefendFile): void {
  const megabytes = file.bytes / 1e6;
  figure(`${label} file`, megabytes, `MB (${file.events} events, ${file.qemu} QEMU)`);
  // A first grep brings the file into the page cache for every measured run.
  timeMedian(1, 'grep', ['-c', '-i', 'netdev', file.path], [0, 1]);
  const grep = timeMedian(RUNS, 'grep', ['-c', '-i', 'netdev', file.path], [0, 1]);
  const floor = timeMedian(RUNS, process.execPath, [FLOOR, file.path]);
  const eql = timeMedian(RUNS, process.execPath, [CLI, 'eql', RULE.query, '--events', file.path]);
  const full = timeMedian(RUNS, process.execPath, [CLI, 'eql', RULE.query, '--events', file.path, '--no-prefilter']);
  if (Number(floor.stdout.trim()) !== file.events) throw new Error(`JSON.parse pass counted ${floor.stdout.trim()} objects, the file has ${file.events}`);
  if (eql.stdout !== full.stdout) throw new Error(`${label}: dth eql and dth eql --no-prefilter disagree (${lines(eql.stdout)} vs ${lines(full.stdout)} matches)`);
  figure(`${label} grep lines with netdev`, Number(grep.stdout.trim()), 'lines');
  figure(`${label} dth eql matches`, lines(eql.stdout), 'events (equal with --no-prefilter)');
  figure(`${label} dth eql`, eql.seconds, `s (${(file.events / eql.seconds).toFixed(0)} events/s, peak rss ${eql.peakRssMb?.toFixed(0) ?? 'n/a'} MB)`);
  figure(`${label} dth eql --no-prefilter`, full.seconds, `s (peak rss ${full.peakRssMb?.toFixed(0) ?? 'n/a'} MB)`);
  figure(`${label} floor JSON.parse per line`, floor.seconds, `s (peak rss ${floor.peakRssMb?.toFixed(0) ?? 'n/a'} MB)`);
  figure(`${label} floor grep -c -i netdev`, grep.seconds, 's');
  figure(`${label} dth eql / JSON.parse pass`, eql.seconds / floor.seconds, 'x');
  figure(`${label} dth eql --no-prefilter / JSON.parse pass`, full.seconds / floor.seconds, 'x');
  figure(`${label} dth eql / grep`, eql.seconds / grep.seconds, 'x');
}

/** The compiled predicate alone over the QEMU-heavy file's documents (parsed beforehand): the engine's ceiling. */
function predicateOnly(file: DefendFile): void {
  const predicate = compileEql(parseEql(RULE.query, RULE.sourceFile), ecsFieldTypes());
  const docs: Record<string, unknown>[] = [];
  forEachLine(file.path, (text) => {
    if (docs.length < 50_000 && text !== '') docs.push(JSON.parse(text) as Record<string, unknown>);
  });
  const times: number[] = [];
  let matches = 0;
  for (let r = 0; r < Math.max(RUNS, 3); r++) {
    const started = performance.now();
    matches = 0;
    for (const doc of docs) if (predicate(doc)) matches++;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  figure('predicate documents (QEMU-heavy)', docs.length, `docs (${matches} matches)`);
  figure('eql predicate', docs.length / ((times[Math.floor(times.length / 2)] as number) / 1000), 'events/s');
}

function main(): void {
  loadNote();
  figure('runs per figure (median)', RUNS, 'runs');
  const sparse = ensureDefendFile(EVENTS, 0.0005, SEED);
  const heavy = ensureDefendFile(EVENTS, 0.5, SEED);
  endToEnd('0.05% QEMU', sparse);
  endToEnd('50% QEMU', heavy);
  predicateOnly(heavy);
}

main();
