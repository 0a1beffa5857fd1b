// `dth run` end to end, below the CLI: choose and start the backends, run the pack, build the report,
// compare embedded and real verdicts when both ran, and always close what was started.
import type { CanonicalEvent } from '../../generators/canonical-event.js';
import { buildReport } from '../../reports/build-report.js';
import type { WeightsFile } from '../../reports/weights.js';
import type { Report } from '../../reports/model.js';
import { attachBackendSection } from '../../reports/parity-section.js';
import { attachDeploymentSection } from '../../reports/sweep.js';
import { loadProfile } from '../profiles/load-profile.js';
import type { DeploymentProfile } from '../profiles/profile.js';
import { runSweep } from './sweep.js';
import type { ElasticBackend, SplunkBackend } from '../backends/backend.js';
import { loadKnownDifferences } from './known-differences.js';
import { compareParity, describeUnexplained, type ParityCase, type ParityReport } from './parity.js';
import { loadMacrosFile } from '../backends/embedded-splunk.js';
import { planBackends, startBackends, type BackendCliOptions, type RealBackends } from '../backends/select.js';
import type { BackendTimings } from '../model/backend-timings.js';
import type { LoadedRule } from '../rules/rule-files.js';
import { sharedClearedBetweenSources, type BackendProvider } from './backend-provider.js';
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
  /** `--weights`: launch rates for alert volume and malicious weights for recall (reports/weights.ts). */
  weights?: WeightsFile;
}

export interface ParitySummary {
  report: ParityReport;
  /** One line per unexplained difference. */
  unexplained: string[];
}

export interface ExecuteRunResult {
  report: Report;
  run: RunPackResult;
  parity: ParitySummary | null;
  timings: BackendTimings[];
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

/** A rule × data source the parity side could not run is not compared: the report lists it as an error. */
function withParitySideErrors(report: Report, errors: readonly ParityRun[]): Report {
  if (errors.length === 0) return report;
  const added = errors.map((p) => ({ kind: 'rule-error' as const, ruleId: p.ruleId, backend: p.backend, message: `${p.dataSourceId}: ${p.error ?? ''}` }));
  return { ...report, errors: [...report.errors, ...added], totals: { ...report.totals, errors: report.totals.errors + added.length } };
}

export async function executeRun(options: ExecuteRunOptions): Promise<ExecuteRunResult> {
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
    let report = attachBackendSection(buildReport(options.weights === undefined ? run.input : { ...run.input, weights: options.weights }), { parity: parityReport, timings });
    report = attachDeploymentSection(report, profile, sweepRuns === null ? null : { runs: sweepRuns, baseObservations: run.input.observations, events: run.events });
    if (real) report = real.redactor.redactValue(report);
    const parityErrors = run.parityRuns.filter((p) => p.error !== null);
    report = withParitySideErrors(report, parityErrors);
    const parity = parityReport
      ? {
          report: parityReport,
          unexplained: [
            ...describeUnexplained(parityReport),
            ...parityErrors.map((p) => `${p.ruleId} / ${p.dataSourceId}: not compared, ${p.backend} failed: ${(p.error ?? '').split('\n')[0]}`),
          ],
        }
      : null;
    return { report, run, parity, timings };
  } finally {
    progress.done();
    if (real) await real.close();
  }
}
