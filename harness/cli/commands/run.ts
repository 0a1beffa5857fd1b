// `dth run`: the whole scenario pack against every rule, on the embedded engines by default or on a
// real Elasticsearch / Splunk (containers or a URL); writes report.json, junit.xml, summary.md and
// report.html, prints the summary table, and fails (exit 1) when a rule errors, a pinned expectation
// does not hold, the embedded and real verdicts differ without a known reason, or the gate finds a
// regression against --baseline.
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { gateReports } from '../../../reports/gate.js';
import { readReportFile } from '../../../reports/report-file.js';
import { checkWeights, readWeightsFile } from '../../../reports/weights.js';
import type { Report } from '../../../reports/model.js';
import { renderTerminal, useColor } from '../../../reports/writers/terminal.js';
import { writeReports } from '../../../reports/write-reports.js';
import { DEFAULT_SEED } from '../../../generators/generate.js';
import { DEFAULT_PACK, loadPack } from '../../../generators/scenario-pack.js';
import { DATA_SOURCE_IDS } from '../../../generators/data-source-ids.js';
import { escapeTerminal } from '../../../reports/escape.js';
import { writePacksIndex, type PackRunSummary } from '../../../reports/writers/packs-index.js';
import { DEFAULT_MACROS_FILE, loadMacrosFile } from '../../backends/embedded-splunk.js';
import { ExpectationFailure, InputError } from '../../errors.js';
import { fromRoot } from '../../paths.js';
import type { LoadedRule } from '../../rules/rule-files.js';
import { loadRuleSet } from '../../rules/rule-set.js';
import { DEFAULT_PROFILE_ID, loadProfile, shippedProfiles } from '../../profiles/load-profile.js';
import type { ParitySummary } from '../../runner/execute-run.js';
import { runAndReport } from '../../../reports/run-report.js';
import { defaultRuleFiles, packRuleFiles, partitionEmbeddedRunnable, resolvePackFiles } from '../../runner/packs.js';
import { DEFAULT_BACKEND_TIMEOUT_SECONDS } from '../../backends/select.js';
import { collect, integerOption, outputDirectoryOption, scaleOption, startOption } from '../options.js';
import { macrosFileFor } from '../../runner/rule-macros.js';
import { reportGateResult, thresholdsFrom } from './gate.js';

interface RunCliOptions {
  pack: string[];
  rule: string[];
  backend: string;
  elasticsearchUrl?: string;
  splunkUrl?: string;
  splunkCa?: string;
  insecure?: boolean;
  seed?: string;
  scale?: string;
  start?: string;
  out: string;
  baseline?: string;
  maxRecallDrop?: string;
  maxFprRise?: string;
  macros: string;
  knownDifferences: string;
  source: string[];
  backendTimeout?: string;
  profile: string;
  sweep: boolean;
  weights?: string;
  schedule: boolean;
}

/** Loads rule files; each Splunk rule's query expands with its own macros (rule-macros.ts), or none for ids only. */
export function loadRules(files: readonly string[], macrosFile: string | null): LoadedRule[] {
  const loaded = loadRuleSet(files, (file) => (macrosFile === null ? {} : { macros: loadMacrosFile(macrosFileFor({ sourceFile: file }, macrosFile)) }));
  if (loaded.length === 0) throw new InputError('no rules to run: give --rule <file> or put rule files under rules/');
  return loaded;
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

export function register(program: Command): void {
  program
    .command('run')
    .description('run the scenario pack against every rule and write reports (terminal, report.json, junit.xml, summary.md, report.html)')
    .option('--pack <file|dir>', 'scenario pack, or a directory of packs (repeatable; default scenarios/qemu-tunneling.yaml); each pack runs its own rules: list or the default rule set', collect, [])
    .option('--rule <file>', 'rule file (repeatable; default: every rule under rules/)', collect, [])
    .option('--backend <name>', 'embedded | elasticsearch | splunk | all (all: embedded and real side by side, with parity)', 'embedded')
    .option('--elasticsearch-url <url>', 'an existing Elasticsearch (credentials from DTH_ELASTICSEARCH_* variables) instead of a container')
    .option('--splunk-url <url>', 'an existing Splunk management URL (credentials from DTH_SPLUNK_* variables) instead of a container')
    .option('--splunk-ca <file>', 'PEM CA certificate to verify --splunk-url with (a private CA; default: the system CAs)')
    .option('--insecure', 'do not verify the TLS certificate of --splunk-url (recorded in the report); prefer --splunk-ca')
    .option('--seed <n>', `seed for every random choice (default ${DEFAULT_SEED})`)
    .option('--scale <x>', 'multiply every scenario count (default 1)')
    .option('--start <time>', 'start of the generation window: ISO 8601, a date, or now with date math (now, now-7d); default 2026-03-02T00:00:00Z; the reports print the window')
    .option('--source <id>', 'only this data source (repeatable; default: all)', collect, [])
    .option('--out <dir>', 'report directory', 'reports/out')
    .option('--baseline <report.json>', 'gate the run against this baseline report')
    .option('--max-recall-drop <x>', 'gate: allowed recall drop per cell, e.g. 0.05 or 5% (default 0)')
    .option('--max-fpr-rise <x>', 'gate: allowed false positive rate rise per cell (default 0)')
    .option('--macros <file>', 'macros.conf your Splunk rules (--rule) expand with; shipped rules keep rules/splunk/macros.conf', fromRoot(DEFAULT_MACROS_FILE))
    .option('--backend-timeout <seconds>', `seconds each request to --elasticsearch-url / --splunk-url may take before the run stops (default ${DEFAULT_BACKEND_TIMEOUT_SECONDS}; one retry)`)
    .option('--profile <id|file>', `deployment profile: a shipped id (profiles/*.yaml) or a profile file`, DEFAULT_PROFILE_ID)
    .option('--no-sweep', 'skip the deployment-sensitivity sweep over the other shipped profiles')
    .option('--weights <yaml>', 'launches per 1,000 endpoints per day of the benign scenarios (and weights of malicious ones): adds expected false alerts per 1,000 endpoints per day (example: reports/weights.example.yaml)')
    .option('--no-schedule', "search every loaded event at once instead of running EQL rules as Kibana's detection engine does (executions every interval over the from look-back, at most max_signals alerts each)")
    .option('--known-differences <file>', 'accepted embedded/real differences (with --backend all)', fromRoot('reports/known-differences.yaml'))
    .action(async (opts: RunCliOptions) => {
      const seed = integerOption('seed', opts.seed, 0) ?? DEFAULT_SEED;
      const scale = scaleOption(opts.scale) ?? 1;
      const start = startOption(opts.start);
      for (const id of opts.source) {
        if (!(DATA_SOURCE_IDS as readonly string[]).includes(id)) throw new InputError(`--source: unknown data source '${id}' (one of: ${DATA_SOURCE_IDS.join(', ')})`);
      }
      outputDirectoryOption('out', opts.out);
      const thresholds = thresholdsFrom(opts);
      const weights = opts.weights === undefined ? undefined : readWeightsFile(opts.weights);
      // Read and validate the baseline before the run: a missing or malformed one is bad input (exit 2).
      const baseline = opts.baseline === undefined ? undefined : readReportFile(opts.baseline);
      const packFiles = resolvePackFiles(opts.pack.length > 0 ? opts.pack : [DEFAULT_PACK]);
      const several = packFiles.length > 1;
      const fallbackRules = opts.rule.length > 0 ? opts.rule : defaultRuleFiles();
      // Each pack is checked (and its rules loaded) before anything runs, so bad input stops the run early.
      const plans = packFiles.map((packFile) => {
        const pack = loadPack(packFile);
        if (weights !== undefined) checkWeights(weights, pack.scenarios);
        const macrosFile = pack.macros ?? opts.macros;
        const packNamesRules = opts.rule.length === 0 && (pack.rules ?? []).length > 0;
        const rules = loadRules(packNamesRules ? packRuleFiles(pack, fallbackRules) : fallbackRules, macrosFile);
        // A pack that names its rules may ship some that await an engine feature: those are listed, not
        // run. A rule the user gives (--rule, rules/) that cannot run stays an error of the run (exit 1).
        const split = opts.backend === 'embedded' && packNamesRules ? partitionEmbeddedRunnable(rules, loadMacrosFile(macrosFile)) : { runnable: rules, notRunnable: [] };
        if (split.runnable.length === 0) throw new InputError(`no rule of pack ${pack.name} runs on the embedded engines (${split.notRunnable.map((r) => `${r.name}: ${r.feature}`).join('; ')})`, { file: packFile });
        return { packFile, pack, macrosFile, rules, ...split };
      });
      const names = new Map<string, string>();
      for (const plan of plans) {
        const first = names.get(plan.pack.name);
        if (several && first !== undefined) throw new InputError(`two packs are named ${plan.pack.name} (${first} and ${plan.packFile}); their reports would overwrite each other`, { file: plan.packFile });
        names.set(plan.pack.name, plan.packFile);
      }
      // Pins may name the shipped rules even when --rule narrows the run (they are then not evaluated);
      // a pin naming a rule that exists nowhere is a typo in the pack. Only their ids are needed here:
      // their queries are not expanded, so the user's --macros never touch them.
      const shipped = opts.rule.length > 0 ? loadRules(defaultRuleFiles(), null) : [];
      const profile = loadProfile(opts.profile);
      const sweepProfiles = opts.sweep ? shippedProfiles().filter((p) => p.id !== profile.id || p.file !== profile.file) : [];
      const timeoutSeconds = integerOption('backend-timeout', opts.backendTimeout, 1);
      const summaries: PackRunSummary[] = [];
      const problems: string[] = [];
      for (const plan of plans) {
        const knownRuleIds = [...new Set([...plan.rules, ...shipped].map((l) => l.rule.id))];
        const outcome = await runAndReport({
          packFile: plan.packFile,
          rules: plan.runnable,
          macrosFile: plan.macrosFile,
          seed,
          scale,
          ...(start === undefined ? {} : { start }),
          schedule: opts.schedule !== false,
          backend: { backend: opts.backend, elasticsearchUrl: opts.elasticsearchUrl, splunkUrl: opts.splunkUrl, timeoutSeconds, splunkCaFile: opts.splunkCa, insecure: opts.insecure === true },
          knownDifferencesFile: opts.knownDifferences,
          sourceIds: opts.source.length > 0 ? opts.source : undefined,
          knownRuleIds,
          profile,
          sweepProfiles,
          ...(weights === undefined ? {} : { weights }),
          progressStream: process.stderr,
        });
        const report = outcome.report;
        const outDir = several ? join(opts.out, plan.pack.name) : opts.out;
        let written: ReturnType<typeof writeReports>;
        try {
          written = writeReports(report, outDir);
        } catch (error) {
          // The directory was checked before the run; it can still fill up or change under us.
          if (typeof (error as NodeJS.ErrnoException).code !== 'string') throw error;
          throw new InputError(`cannot write the reports to ${outDir}: ${(error as Error).message}`, { file: outDir });
        }
        if (several) process.stdout.write(`${summaries.length > 0 ? '\n' : ''}══ pack ${escapeTerminal(plan.pack.name)} (${escapeTerminal(display(plan.packFile))}) ══\n`);
        process.stdout.write(renderTerminal(report, { color: useColor(process.stdout) }));
        if (plan.notRunnable.length > 0) {
          process.stdout.write(`\nRules not run (${plan.notRunnable.length}): the embedded engine lacks a feature\n`);
          for (const rule of plan.notRunnable) process.stdout.write(`  ${escapeTerminal(rule.name)}  needs ${escapeTerminal(rule.feature)}  (${escapeTerminal(display(rule.sourceFile))})\n`);
        }
        process.stdout.write(`\nreports: ${[written.json, written.junit, written.markdown, written.html].map(display).join(', ')}\n`);
        const packProblems = failures(report, outcome.parity);
        // The baseline is one pack's report: gate the pack it was made from.
        if (opts.baseline !== undefined && baseline !== undefined && (!several || baseline.run.packFile === report.run.packFile)) {
          const result = gateReports(baseline, report, thresholds);
          try {
            reportGateResult(result, { baseline: opts.baseline, current: written.json });
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
        const index = writePacksIndex(summaries, opts.out);
        process.stdout.write(`\npacks: ${display(index.markdown)}, ${display(index.json)}\n`);
      }
      if (problems.length > 0) throw new ExpectationFailure(`run failed:\n  ${problems.join('\n  ')}`);
    });
}
