// `dth scan` below the CLI: resolve the inputs, start the worker threads while the rules load, build the
// plan, stream every input through it and return the scan report. Every directory entry not read is
// noted in the report with why (a FIFO, a dangling link, a loop).
import { DEFAULT_PROFILE_ID, loadProfile } from '../profiles/load-profile.js';
import { ScanWorkers } from './executor.js';
import { resolveInputs, type SkippedEntry } from './inputs.js';
import { buildPlan, type PlanOptions } from './plan.js';
import { buildScanReport, type ScanReport } from './report.js';
import { runScan, scanThreadCount } from './scan.js';
import type { ScanLimits } from './types.js';

export interface ScanFilesOptions extends Omit<PlanOptions, 'inputPaths' | 'profile' | 'limits'> {
  /** --events: files, directories, or `-` for standard input. */
  events: string[];
  /** --profile: a shipped id or a file; without it (and without --mapping) the shipped default. */
  profile?: string;
  limits: ScanLimits;
  /** --threads; undefined: one per core (or the main thread for small inputs), chosen adaptively. */
  threads?: number;
  chunkSize: number;
  maxLineBytes: number;
  maxMalformedShare: number;
  gzip: boolean;
}

export async function scanFiles(options: ScanFilesOptions): Promise<ScanReport> {
  const skipped: SkippedEntry[] = [];
  const inputs = resolveInputs(options.events, skipped);
  const threads = scanThreadCount(inputs, options.threads ?? 'auto');
  // Without --threads, plain files are scanned by the main thread first and workers start only if they
  // may pay (adaptive-executor.ts); otherwise they load their modules while the rules load.
  const lazy = options.threads === undefined && options.gzip !== true && inputs.every((i) => i.path !== null && !/\.gz$/i.test(i.path));
  const workers = threads > 0 && !lazy ? ScanWorkers.spawn(threads) : undefined;
  let built: ReturnType<typeof buildPlan>;
  try {
    // Elastic rules take the profile's index settings unless --mapping replaces the mapping and no --profile is given.
    const profile = options.profile !== undefined || options.mappingFile === undefined ? { profile: loadProfile(options.profile ?? DEFAULT_PROFILE_ID) } : {};
    built = buildPlan({
      ruleFiles: options.ruleFiles,
      inputPaths: inputs.map((i) => i.label),
      source: options.source,
      format: options.format,
      prefilter: options.prefilter,
      mappingFile: options.mappingFile,
      ...profile,
      macrosFile: options.macrosFile,
      raw: options.raw ?? false,
      limits: options.limits,
    });
  } catch (error) {
    await workers?.close();
    throw error;
  }
  const outcome = await runScan({
    plan: built.plan,
    inputs,
    threads,
    workers,
    adaptive: options.threads === undefined,
    chunkSize: options.chunkSize,
    maxLineBytes: options.maxLineBytes,
    gzip: options.gzip,
  });
  for (const e of skipped) outcome.aggregate.note(`skipped ${e.path}: ${e.reason}`);
  return buildScanReport(built, outcome, options.maxMalformedShare);
}
