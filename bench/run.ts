// The whole QEMU pack end to end on the embedded engines, as `dth run` does it: time per stage and
// throughput, then the deployment sweep on top; then the whole `dth run` CLI timed from outside at each
// --cli-scale (wall time, CPU time per event, peak RSS from /usr/bin/time -v): issue 12's targets are
// CPU per event ≤ 1 ms at scale 8 and peak RSS < 1.5 GB at scale 32.
// Usage: npm run bench:run [-- --scale <x>] [--cli-scale <x,y,...>] [--cli-runs <n>] (default 1, the pack as shipped;
// CLI scales 1; each CLI scale run 3 times: medians of wall and CPU, the highest peak RSS)
// Figures print one per line as `name: value unit`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SEED } from '../generators/generate.js';
import { DEFAULT_PACK } from '../generators/scenario-pack.js';
import { DEFAULT_MACROS_FILE, loadMacrosFile } from '../harness/backends/embedded-splunk.js';
import { fromRoot } from '../harness/paths.js';
import { loadRuleSet } from '../harness/rules/rule-set.js';
import { loadProfile, shippedProfiles } from '../harness/profiles/load-profile.js';
import { runAndReport } from '../reports/run-report.js';
import { defaultRuleFiles } from '../harness/runner/packs.js';
import { createProgress } from '../harness/runner/progress.js';
import { runSweep } from '../harness/runner/sweep.js';
import { writeReports } from '../reports/write-reports.js';
import { loadNote, timeRuns } from './measure.js';

function scaleArg(): number {
  const at = process.argv.indexOf('--scale');
  const value = at >= 0 ? Number(process.argv[at + 1]) : 1;
  if (!(value > 0)) throw new Error('--scale must be a positive number');
  return value;
}

function cliScalesArg(): number[] {
  const at = process.argv.indexOf('--cli-scale');
  const values = (at >= 0 ? (process.argv[at + 1] ?? '') : '1').split(',').map(Number);
  if (values.some((v) => !(v > 0))) throw new Error('--cli-scale must be positive numbers, comma-separated');
  return values;
}

function cliRunsArg(): number {
  const at = process.argv.indexOf('--cli-runs');
  const value = at >= 0 ? Number(process.argv[at + 1]) : 3;
  if (!(Number.isInteger(value) && value > 0)) throw new Error('--cli-runs must be a positive integer');
  return value;
}

/** `dth run --scale <scale>` as a user runs it: wall time, CPU time (user + system) per event, peak RSS. */
function cliRun(scale: number, runs: number): void {
  const out = mkdtempSync(join(tmpdir(), 'dth-bench-run-cli-'));
  const timed = timeRuns(runs, process.execPath, [fromRoot('dist', 'harness', 'cli', 'main.js'), 'run', '--scale', String(scale), '--out', out], [0, 1]);
  rmSync(out, { recursive: true, force: true });
  const counts = timed.all.map((t) => Number((/([\d,]+) events ·/.exec(t.stdout)?.[1] ?? '0').replace(/,/g, '')));
  const events = counts[0] ?? 0;
  if (events === 0) throw new Error(`dth run --scale ${scale}: no event count in its output`);
  if (counts.some((c) => c !== events)) throw new Error(`dth run --scale ${scale}: runs disagree on the event count (${counts.join(', ')})`);
  line(`cli run --scale ${scale} runs (medians; peak rss the highest)`, runs, 'runs');
  line(`cli run --scale ${scale} events`, events, 'events');
  line(`cli run --scale ${scale} wall`, timed.seconds, 's');
  if (timed.cpuSeconds !== null) line(`cli run --scale ${scale} cpu per event`, (timed.cpuSeconds * 1000) / events, 'ms', 2);
  if (timed.peakRssMb !== null) line(`cli run --scale ${scale} peak rss`, timed.peakRssMb, 'MB');
  if (timed.peakRssMb !== null) line(`cli run --scale ${scale} peak rss per event`, (timed.peakRssMb * 1024) / events, 'KB');
  if (timed.cpuSeconds !== null) line(`cli run --scale ${scale} cpu`, timed.cpuSeconds, 's');
  // Issue 12's targets beside the figures they bound, and what the issue recorded before the work.
  const target = TARGETS[scale];
  if (target?.cpuPerEventMs !== undefined) line(`cli run --scale ${scale} cpu per event target (at most)`, target.cpuPerEventMs, 'ms');
  if (target?.peakRssMb !== undefined) line(`cli run --scale ${scale} peak rss target (below)`, target.peakRssMb, 'MB');
  const before = RECORDED_BEFORE[scale];
  if (before !== undefined) {
    line(`cli run --scale ${scale} cpu per event recorded earlier`, before.cpuPerEventMs, 'ms', 2);
    line(`cli run --scale ${scale} peak rss recorded earlier`, before.peakRssMb, 'MB');
  }
}

/** Issue 12: `dth run --scale 32` completes with peak RSS < 1.5 GB; CPU per event ≤ 1 ms at scale 8. */
const TARGETS: Record<number, { cpuPerEventMs?: number; peakRssMb?: number }> = { 8: { cpuPerEventMs: 1 }, 32: { peakRssMb: 1500 } };

/**
 * What the same command measured earlier on this 2-core machine under load, a reference and not a
 * figure of this run: scale 8 as issue 12 recorded it before the work; scale 32 after the index-time
 * CPU changes and before the memory ones (the run completed; 2.77 GB peak, 131 s CPU for 110,400 events).
 */
const RECORDED_BEFORE: Record<number, { cpuPerEventMs: number; peakRssMb: number }> = { 8: { cpuPerEventMs: 1.6, peakRssMb: 1285 }, 32: { cpuPerEventMs: 1.18, peakRssMb: 2770 } };

/** One `name: value unit` line; `digits` decimals for a fraction (CPU per event needs two: 1.0 ms hid 1.03 ms against a 1 ms target). */
function line(name: string, value: number, unit: string, digits = 1): void {
  process.stdout.write(`${name}: ${Number.isInteger(value) ? value : value.toFixed(digits)} ${unit}\n`);
}

async function main(): Promise<void> {
  // The CLI as a user runs it first: its figures do not depend on how this file loads rules.
  loadNote();
  const runs = cliRunsArg();
  for (const cliScale of cliScalesArg()) cliRun(cliScale, runs);
  const scale = scaleArg();
  const macrosFile = fromRoot(DEFAULT_MACROS_FILE);
  const macros = loadMacrosFile(macrosFile);
  const started = performance.now();
  // The rules `dth run` runs by default (rules/ without the packs' own, which expand with their own macros).
  const rules = loadRuleSet(defaultRuleFiles(), () => ({ macros }));
  const result = await runAndReport({
    packFile: DEFAULT_PACK,
    rules,
    macrosFile,
    seed: DEFAULT_SEED,
    scale,
    backend: { backend: 'embedded' },
    knownDifferencesFile: fromRoot('reports/known-differences.yaml'),
  });
  const reportWritten = performance.now();
  const out = mkdtempSync(join(tmpdir(), 'dth-bench-run-'));
  writeReports(result.report, out);
  const writeMs = performance.now() - reportWritten;
  const totalMs = performance.now() - started;
  rmSync(out, { recursive: true, force: true });

  const stages = result.report.run.stages;
  const sum = (prefix: string): number => stages.filter((s) => s.name.startsWith(prefix)).reduce((t, s) => t + s.elapsedMs, 0);
  const records = stages.filter((s) => s.name.startsWith('render ')).reduce((t, s) => t + (s.items ?? 0), 0);
  const events = result.run.events.length;
  line('run scale', scale, 'x');
  line('run events', events, 'events');
  line('run records', records, 'records');
  line('stage generate', sum('generate'), 'ms');
  line('stage render', sum('render '), 'ms');
  line('stage load and search', sum('load and search '), 'ms');
  line('stage coverage', sum('coverage '), 'ms');
  line('stage report build', totalMs - writeMs - stages.reduce((t, s) => t + s.elapsedMs, 0), 'ms');
  line('stage report write', writeMs, 'ms');
  for (const stage of stages.filter((s) => s.name.startsWith('load and search '))) line(`stage ${stage.name}`, stage.elapsedMs, 'ms');
  line('run total', totalMs, 'ms');
  line('run throughput', (events / totalMs) * 1000, 'events/s');
  line('run records throughput', (records / totalMs) * 1000, 'records/s');

  // The deployment-sensitivity sweep `dth run` adds (every other shipped profile, on the run's events).
  const sweepStarted = performance.now();
  const sweep = await runSweep({
    base: result.run,
    baseProfile: loadProfile(),
    profiles: shippedProfiles(),
    packFile: DEFAULT_PACK,
    rules,
    macros: () => macros,
    seed: DEFAULT_SEED,
    scale,
    progress: createProgress(undefined),
  });
  const sweepMs = performance.now() - sweepStarted;
  for (const run of sweep) {
    line(`sweep ${run.profile.id} sources re-run`, [...run.differences.values()].filter((r) => r.length > 0).length, 'sources');
    line(`sweep ${run.profile.id}`, run.elapsedMs, 'ms');
  }
  line('sweep total', sweepMs, 'ms');
  line('sweep share of the run without it', (sweepMs / totalMs) * 100, '%');

}

main().catch((error: unknown) => {
  process.stderr.write(`bench:run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
