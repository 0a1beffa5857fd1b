// `dth run`: the whole scenario pack against every rule, on the embedded engines by default or on a
// real Elasticsearch / Splunk (containers or a URL); writes report.json, junit.xml, summary.md and
// report.html, prints the summary table, and fails (exit 1) when a rule errors, a pinned expectation
// does not hold, the embedded and real verdicts differ without a known reason, or the gate finds a
// regression against --baseline.
import type { Command } from 'commander';
import { readReportFile } from '../../../reports/report-file.js';
import { runPacks } from '../../../reports/run-packs.js';
import { readWeightsFile } from '../../../reports/weights.js';
import { useColor } from '../../../reports/writers/terminal.js';
import { DEFAULT_SEED } from '../../../generators/generate.js';
import { DEFAULT_PACK } from '../../../generators/scenario-pack.js';
import { DATA_SOURCE_IDS } from '../../../generators/data-source-ids.js';
import { DEFAULT_MACROS_FILE } from '../../backends/embedded-splunk.js';
import { ExpectationFailure, InputError } from '../../errors.js';
import { fromRoot } from '../../paths.js';
import { DEFAULT_PROFILE_ID } from '../../profiles/load-profile.js';
import { DEFAULT_BACKEND_TIMEOUT_SECONDS } from '../../backends/select.js';
import { collect, integerOption, outputDirectoryOption, scaleOption, startOption } from '../options.js';
import { thresholdsFrom } from './gate.js';

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
      const baseline = opts.baseline === undefined ? undefined : { file: opts.baseline, report: readReportFile(opts.baseline) };
      const timeoutSeconds = integerOption('backend-timeout', opts.backendTimeout, 1);
      const problems = await runPacks({
        packs: opts.pack.length > 0 ? opts.pack : [DEFAULT_PACK],
        ruleFiles: opts.rule,
        macrosFile: opts.macros,
        seed,
        scale,
        ...(start === undefined ? {} : { start }),
        schedule: opts.schedule !== false,
        backend: { backend: opts.backend, elasticsearchUrl: opts.elasticsearchUrl, splunkUrl: opts.splunkUrl, timeoutSeconds, splunkCaFile: opts.splunkCa, insecure: opts.insecure === true },
        knownDifferencesFile: opts.knownDifferences,
        sourceIds: opts.source,
        profile: opts.profile,
        sweep: opts.sweep,
        ...(weights === undefined ? {} : { weights }),
        ...(baseline === undefined ? {} : { baseline }),
        thresholds,
        outDir: opts.out,
        color: useColor(process.stdout),
        write: (text) => process.stdout.write(text),
        progressStream: process.stderr,
      });
      if (problems.length > 0) throw new ExpectationFailure(`run failed:\n  ${problems.join('\n  ')}`);
    });
}
