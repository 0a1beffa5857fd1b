// `dth run` below the report: choose and start the backends, run the pack (and the deployment sweep),
// compare embedded and real verdicts when both ran, and always close what was started. It returns what
// was observed; reports/run-report.ts builds the report from it (the runner never imports reports/).
import type { CanonicalEvent } from '../../generators/canonical-event.js';
import { loadProfile } from '../profiles/load-profile.js';
import type { DeploymentProfile } from '../model/profile.js';
import { runSweep, type SweepProfileRun } from './sweep.js';
import type { ElasticBackend, SplunkBackend } from '../backends/backend.js';
import { loadKnownDifferences } from './known-differences.js';
import { compareParity, describeUnexplained, type ParityCase, type ParityReport } from './parity.js';
import { loadMacrosFile } from '../backends/embedded-splunk.js';
import type { Redactor } from '../backends/credentials.js';
import { planBackends, startBackends, type BackendCliOptions, type RealBackends } from '../backends/select.js';
import type { BackendTimings } from '../model/backend-timings.js';
import type { LoadedRule } from '../rules/rule-files.js';
import { sharedClearedBetweenSources, type BackendProvider } from './backend-provider.js';
import { boundHeapGrowth } from './heap-growth.js';
import { createProgress } from './progress.js';
import { ruleMacros } from './rule-macros.js';
import { embeddedProviders, runPack, type ParityRun, type RunPackResult } from './run-pack.js';

export interface ExecuteRunOptions {
  packFile: string;
  rules: LoadedRule[];
  /** --macros: the macros the user's Splunk rules expand with (shipped rules keep the shipped ones). */
  macrosFile: string;
  seed: number;
  scale: number;
  /** Start of the generation window, ISO 8601 (`--start`, resolved); default the generator's fixed start. */
  start?: string;
  /** Kibana's execution schedule for EQL rules (`--no-schedule` turns it off). Default on. */
  schedule?: boolean;
  backend: BackendCliOptions;
  knownDifferencesFile: string;
  sourceIds?: readonly string[];
  /** Rule ids the pack's pinned expectations may name (see RunPackOptions). */
  knownRuleIds?: readonly string[];
  /** The deployment profile renderers, engines and templates obey; default the shipped `recommended`. */
  profile?: DeploymentProfile;
  /** Profiles to sweep against (`dth run`: every shipped one); none or empty: no sweep (--no-sweep). */
  sweepProfiles?: readonly DeploymentProfile[];
  /** Where progress is shown (a TTY only); undefined for none. */
  progressStream?: NodeJS.WriteStream;
  env?: NodeJS.ProcessEnv;
}

export interface ParitySummary {
  report: ParityReport;
  /** One line per unexplained difference. */
  unexplained: string[];
}

export interface ExecuteRunResult {
  run: RunPackResult;
  parity: ParitySummary | null;
  /** Rule × data source pairs the parity (embedded) side could not run: not compared, errors of the run. */
  parityErrors: ParityRun[];
  timings: BackendTimings[];
  /** The profile the run obeyed. */
  profile: DeploymentProfile;
  /** One run per swept profile; null without a sweep. */
  sweepRuns: SweepProfileRun[] | null;
  /** The real backends' credentials to strip from anything written; null when none ran. */
  redactor: Redactor | null;
}

type Providers = { elastic?: BackendProvider<ElasticBackend>; splunk?: BackendProvider<SplunkBackend> };

function realProviders(real: RealBackends): Providers {
  return {
    ...(real.elasticsearch ? { elastic: sharedClearedBetweenSources<ElasticBackend & { clear(): Promise<void> }>(real.elasticsearch) } : {}),
    ...(real.splunk ? { splunk: sharedClearedBetweenSources<SplunkBackend & { clear(): Promise<void> }>(real.splunk) } : {}),
  };
}

/** Embedded verdicts (the parity runs) against the real engine's verdicts (the main runs). */
function parityCases(run: RunPackResult, parityRuns: readonly ParityRun[]): ParityCase[] {
  const eventsById = new Map<string, CanonicalEvent>(run.events.map((e) => [e.id, e]));
  const cases: ParityCase[] = [];
  for (const sourceRun of run.sourceRuns) {
    const events = new Map(sourceRun.storedIds.map((id) => [id, eventsById.get(id) as CanonicalEvent]));
    for (const [ruleId, outcome] of sourceRun.outcomes) {
      const embedded = parityRuns.find((p) => p.ruleId === ruleId && p.dataSourceId === sourceRun.sourceId);
      if (!outcome.ok || embedded === undefined || embedded.fired === null) continue;
      cases.push({ ruleId, dataSource: sourceRun.sourceId, backend: sourceRun.backend, events, embeddedMatches: embedded.fired, realMatches: outcome.fired });
    }
  }
  return cases;
}

export async function executeRun(options: ExecuteRunOptions): Promise<ExecuteRunResult> {
  boundHeapGrowth();
  const plan = planBackends(options.backend, options.env ?? process.env);
  const macros = ruleMacros(options.macrosFile);
  const known = plan.parity ? loadKnownDifferences(options.knownDifferencesFile) : [];
  const progress = createProgress(options.progressStream);
  const profile = options.profile ?? loadProfile();
  const sweepProfiles = options.sweepProfiles ?? [];
  const embedded = embeddedProviders(macros, profile);
  let real: RealBackends | undefined;
  try {
    if (plan.elasticsearch !== undefined || plan.splunk !== undefined) {
      real = await progress.stage('start backends', () =>
        startBackends(plan, {
          rulePatterns: options.rules.flatMap((l) => (l.rule.siem === 'elastic' ? l.rule.index : [])),
          macros: loadMacrosFile(options.macrosFile),
          profile,
          log: (line) => {
            options.progressStream?.write(`dth run: ${line}\n`);
          },
        }),
      );
    }
    const realOnes = real ? realProviders(real) : {};
    // With real engines the report carries their verdicts; the embedded ones are the parity side.
    const providers: Providers = plan.embedded && !plan.parity ? embedded : plan.parity ? { ...embedded, ...realOnes } : realOnes;
    const parityProviders: Providers | undefined = plan.parity
      ? { ...(realOnes.elastic ? { elastic: embedded.elastic } : {}), ...(realOnes.splunk ? { splunk: embedded.splunk } : {}) }
      : undefined;
    const run = await runPack({
      packFile: options.packFile,
      rules: options.rules,
      macros,
      seed: options.seed,
      scale: options.scale,
      ...(options.start === undefined ? {} : { start: options.start }),
      ...(options.schedule === undefined ? {} : { schedule: options.schedule }),
      providers,
      ...(parityProviders ? { parityProviders } : {}),
      ...(options.sourceIds ? { sourceIds: options.sourceIds } : {}),
      ...(options.knownRuleIds ? { knownRuleIds: options.knownRuleIds } : {}),
      profile,
      progress,
    });
    const sweepRuns =
      sweepProfiles.length === 0
        ? null
        : await progress.stage('deployment sweep', () =>
            runSweep({
              base: run,
              baseProfile: profile,
              profiles: sweepProfiles,
              packFile: options.packFile,
              rules: options.rules,
              macros,
              seed: options.seed,
              scale: options.scale,
              ...(options.knownRuleIds ? { knownRuleIds: options.knownRuleIds } : {}),
              progress: createProgress(undefined),
            }),
          );
    const timings = real?.timings() ?? [];
    const parityReport = plan.parity ? compareParity(parityCases(run, run.parityRuns), known) : null;
    const parityErrors = run.parityRuns.filter((p) => p.error !== null);
    const parity = parityReport
      ? {
          report: parityReport,
          unexplained: [
            ...describeUnexplained(parityReport),
            ...parityErrors.map((p) => `${p.ruleId} / ${p.dataSourceId}: not compared, ${p.backend} failed: ${(p.error ?? '').split('\n')[0]}`),
          ],
        }
      : null;
    return { run, parity, parityErrors, timings, profile, sweepRuns, redactor: real?.redactor ?? null };
  } finally {
    progress.done();
    if (real) await real.close();
  }
}
