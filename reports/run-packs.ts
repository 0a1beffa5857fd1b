// `dth run` below the CLI: plan every pack (harness/runner/plan-packs.ts), then per pack run it, build and
// write its reports, print its terminal summary, and gate it against the baseline; with several packs,
// write the packs index. Returns every reason the run failed, one line each (the CLI sets the exit code).
import { join, relative } from 'node:path';
import { ExpectationFailure, InputError } from '../harness/errors.js';
import type { BackendCliOptions } from '../harness/backends/select.js';
import { loadProfile, shippedProfiles } from '../harness/profiles/load-profile.js';
import type { ParitySummary } from '../harness/runner/execute-run.js';
import { planPacks } from '../harness/runner/plan-packs.js';
import { escapeTerminal } from './escape.js';
import { gateReports, reportGateResult, type GateThresholds } from './gate.js';
import type { Report } from './model.js';
import { runAndReport } from './run-report.js';
import { checkWeights, type WeightsFile } from './weights.js';
import { writeReports, type WrittenReports } from './write-reports.js';
import { writePacksIndex, type PackRunSummary } from './writers/packs-index.js';
import { renderTerminal } from './writers/terminal.js';

export interface RunPacksOptions {
  /** --pack (files or directories); --rule (empty: each pack's rules or the default set); --macros. */
  packs: readonly string[];
  ruleFiles: readonly string[];
  macrosFile: string;
  seed: number;
  scale: number;
  start?: string;
  schedule: boolean;
  backend: BackendCliOptions & { backend: string };
  knownDifferencesFile: string;
  /** --source: only these data sources; empty for all. */
  sourceIds: readonly string[];
  /** --profile: a shipped id or a profile file. */
  profile: string;
  /** Sweep over the other shipped profiles (--no-sweep: false). */
  sweep: boolean;
  weights?: WeightsFile;
  /** --baseline: the file as named, and its report (read and validated before the run). */
  baseline?: { file: string; report: Report };
  thresholds: GateThresholds;
  /** --out: the report directory (one subdirectory per pack when there are several). */
  outDir: string;
  color: boolean;
  /** Where the terminal summary goes; progress goes to `progressStream`. */
  write: (text: string) => void;
  progressStream?: NodeJS.WriteStream;
}

function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

/** Every reason the run failed, one line each (rule errors, expectations, parity). */
function failures(report: Report, parity: ParitySummary | null): string[] {
  const lines: string[] = [];
  for (const error of report.errors) {
    if (error.kind === 'rule-error') {
      const sources = report.rules.find((r) => r.id === error.ruleId)?.dataSourceIds.length ?? 0;
      const pins = report.expectations.filter((e) => e.ruleId === error.ruleId).length;
      lines.push(`rule error: ${error.ruleId} on ${error.backend}: ${error.message.split('\n')[0]} (affects ${sources} data source${sources === 1 ? '' : 's'} and ${pins} pin${pins === 1 ? '' : 's'}; the whole message is in the Errors section)`);
    }
    else lines.push(`records lost: ${error.count} record(s) of ${error.dataSourceId} were not stored (e.g. ${error.examples[0]?.reason ?? 'no reason given'})`);
  }
  for (const e of report.expectations.filter((x) => x.status === 'failed')) {
    lines.push(`expectation failed: ${e.scenarioId} / ${e.ruleId}${e.dataSourceId ? ` / ${e.dataSourceId}` : ''}: expected ${e.expected}, ${e.observed}${e.pinnedAt ? ` (pinned at ${e.pinnedAt})` : ''}`);
  }
  if (parity !== null) for (const line of parity.unexplained) lines.push(`parity: ${line}`);
  return lines;
}

function writeReportFiles(report: Report, outDir: string): WrittenReports {
  try {
    return writeReports(report, outDir);
  } catch (error) {
    // The directory was checked before the run; it can still fill up or change under us.
    if (typeof (error as NodeJS.ErrnoException).code !== 'string') throw error;
    throw new InputError(`cannot write the reports to ${outDir}: ${(error as Error).message}`, { file: outDir });
  }
}

export async function runPacks(options: RunPacksOptions): Promise<string[]> {
  const { weights, write } = options;
  const plans = planPacks({
    packs: options.packs,
    ruleFiles: options.ruleFiles,
    macrosFile: options.macrosFile,
    setAsideNotRunnable: options.backend.backend === 'embedded',
    ...(weights === undefined ? {} : { checkPack: (pack) => checkWeights(weights, pack.scenarios) }),
  });
  // Profiles load after the packs and rules are checked: bad input there stops the run first.
  const profile = loadProfile(options.profile);
  const sweepProfiles = options.sweep ? shippedProfiles().filter((p) => p.id !== profile.id || p.file !== profile.file) : [];
  const several = plans.length > 1;
  const summaries: PackRunSummary[] = [];
  const problems: string[] = [];
  for (const plan of plans) {
    const outcome = await runAndReport({
      packFile: plan.packFile,
      rules: plan.runnable,
      macrosFile: plan.macrosFile,
      seed: options.seed,
      scale: options.scale,
      ...(options.start === undefined ? {} : { start: options.start }),
      schedule: options.schedule,
      backend: options.backend,
      knownDifferencesFile: options.knownDifferencesFile,
      sourceIds: options.sourceIds.length > 0 ? options.sourceIds : undefined,
      knownRuleIds: plan.knownRuleIds,
      profile,
      sweepProfiles,
      ...(weights === undefined ? {} : { weights }),
      ...(options.progressStream === undefined ? {} : { progressStream: options.progressStream }),
    });
    const report = outcome.report;
    const outDir = several ? join(options.outDir, plan.pack.name) : options.outDir;
    const written = writeReportFiles(report, outDir);
    if (several) write(`${summaries.length > 0 ? '\n' : ''}══ pack ${escapeTerminal(plan.pack.name)} (${escapeTerminal(display(plan.packFile))}) ══\n`);
    write(renderTerminal(report, { color: options.color }));
    if (plan.notRunnable.length > 0) {
      write(`\nRules not run (${plan.notRunnable.length}): the embedded engine lacks a feature\n`);
      for (const rule of plan.notRunnable) write(`  ${escapeTerminal(rule.name)}  needs ${escapeTerminal(rule.feature)}  (${escapeTerminal(display(rule.sourceFile))})\n`);
    }
    write(`\nreports: ${[written.json, written.junit, written.markdown, written.html].map(display).join(', ')}\n`);
    const packProblems = failures(report, outcome.parity);
    // The baseline is one pack's report: gate the pack it was made from.
    const baseline = options.baseline;
    if (baseline !== undefined && (!several || baseline.report.run.packFile === report.run.packFile)) {
      const result = gateReports(baseline.report, report, options.thresholds);
      try {
        reportGateResult(result, { baseline: baseline.file, current: written.json }, write);
      } catch (error) {
        if (!(error instanceof ExpectationFailure)) throw error;
        packProblems.push(error.message);
      }
    }
    problems.push(...packProblems.map((line) => (several ? `${plan.pack.name}: ${line}` : line)));
    summaries.push({
      name: plan.pack.name,
      packFile: display(plan.packFile),
      reportDir: display(outDir),
      rules: plan.runnable.map((l) => ({ id: l.rule.id, name: l.rule.name, sourceFile: display(l.rule.sourceFile) })),
      notRunnable: plan.notRunnable.map((r) => ({ ...r, sourceFile: display(r.sourceFile) })),
      scenarios: plan.pack.scenarios.length,
      events: outcome.run.events.length,
      problems: packProblems,
    });
  }
  if (several) {
    const index = writePacksIndex(summaries, options.outDir);
    write(`\npacks: ${display(index.markdown)}, ${display(index.json)}\n`);
  }
  return problems;
}
