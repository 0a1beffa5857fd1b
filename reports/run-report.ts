// The report of one `dth run`: what the runner observed (harness/runner/execute-run.ts) turned into the
// versioned report, with the backend section (parity, timings), the deployment section (profile and
// sweep), the real backends' credentials stripped, and the parity side's failures listed as errors.
// The runner returns observations only; composing the report here keeps runner below reports.
import { executeRun, type ExecuteRunOptions, type ExecuteRunResult } from '../harness/runner/execute-run.js';
import type { ParityRun } from '../harness/runner/run-pack.js';
import { buildReport } from './build-report.js';
import type { Report } from './model.js';
import { attachBackendSection } from './parity-section.js';
import { attachDeploymentSection } from './sweep.js';
import type { WeightsFile } from './weights.js';

export interface RunReport extends ExecuteRunResult {
  report: Report;
}

/** A rule × data source the parity side could not run is not compared: the report lists it as an error. */
function withParitySideErrors(report: Report, errors: readonly ParityRun[]): Report {
  if (errors.length === 0) return report;
  const added = errors.map((p) => ({ kind: 'rule-error' as const, ruleId: p.ruleId, backend: p.backend, message: `${p.dataSourceId}: ${p.error ?? ''}` }));
  return { ...report, errors: [...report.errors, ...added], totals: { ...report.totals, errors: report.totals.errors + added.length } };
}

/** The report of an executed run; `weights` is the user's `--weights` file (alert volume, malicious weights). */
export function buildRunReport(outcome: ExecuteRunResult, weights?: WeightsFile): Report {
  const { run } = outcome;
  let report = attachBackendSection(buildReport(weights === undefined ? run.input : { ...run.input, weights }), { parity: outcome.parity?.report ?? null, timings: outcome.timings });
  report = attachDeploymentSection(report, outcome.profile, outcome.sweepRuns === null ? null : { runs: outcome.sweepRuns, baseObservations: run.input.observations, events: run.events });
  if (outcome.redactor !== null) report = outcome.redactor.redactValue(report);
  return withParitySideErrors(report, outcome.parityErrors);
}

/** Runs the pack (executeRun) and builds its report: what `dth run`, `dth pins update` and the benchmarks call. */
export async function runAndReport(options: ExecuteRunOptions & { weights?: WeightsFile }): Promise<RunReport> {
  const { weights, ...runOptions } = options;
  const outcome = await executeRun(runOptions);
  return { ...outcome, report: buildRunReport(outcome, weights) };
}
