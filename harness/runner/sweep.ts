// The deployment-sensitivity sweep: the run's verdicts under every other shipped profile. Only what a
// profile changes is redone — the canonical events are the run's own, and a data source is re-rendered
// and re-searched only when the other profile sets something different for it (command-line capture,
// host metadata, pipeline version, its index's mapping limits, its source type's TRUNCATE). Sweeps run
// on the embedded engines; each source's differences are the "why" of every verdict that changes there.
import type { DataSource } from '../../generators/data-sources.js';
import { DATA_SOURCES } from '../../generators/data-sources.js';
import type { Observation } from '../../reports/run-input.js';
import type { MacroLibrary } from '../engines/spl/macros.js';
import { resolveIndexMapping } from '../mappings/index-mapping.js';
import { indexSettingsFor, sourceSettings, truncateFor, type DeploymentProfile } from '../profiles/profile.js';
import type { LoadedRule } from '../rules/rule-files.js';
import type { Progress } from './progress.js';
import { embeddedProviders, runPack, type RunPackResult } from './run-pack.js';

export interface SweepProfileRun {
  profile: DeploymentProfile;
  /** Per data source id the base run covered: what this profile sets differently (empty: same). */
  differences: Map<string, string[]>;
  /** Verdicts on the re-run sources only. */
  observations: Observation[];
  /** Rule errors on the re-run sources (a rule that fails is never a miss). */
  errors: string[];
  elapsedMs: number;
}

function limitText(limit: number | undefined): string {
  return limit === undefined ? 'none' : String(limit);
}

/** What `other` sets differently from `base` for one data source, one phrase each. */
export function sourceDifferences(source: DataSource, base: DeploymentProfile, other: DeploymentProfile): string[] {
  const reasons: string[] = [];
  const a = sourceSettings(base, source.id);
  const b = sourceSettings(other, source.id);
  if (a.commandLine !== b.commandLine) reasons.push(b.commandLine ? 'command line captured' : 'command line not captured');
  if (source.siem === 'elastic' && source.hostMetadata && a.hostMetadata !== b.hostMetadata) reasons.push(b.hostMetadata ? 'host.os.* added by add_host_metadata' : 'no host.os.* (add_host_metadata off)');
  if (a.pipeline !== b.pipeline) reasons.push(`${b.pipeline} integration pipeline (${base.id}: ${a.pipeline})`);
  if (source.siem === 'elastic') {
    const ma = resolveIndexMapping(source.index, base);
    const mb = resolveIndexMapping(source.index, other);
    if (ma.indexIgnoreAbove !== mb.indexIgnoreAbove) reasons.push(`index.mapping.ignore_above ${limitText(mb.indexIgnoreAbove)} (${base.id}: ${limitText(ma.indexIgnoreAbove)})`);
    const la: Record<string, number | undefined> = indexSettingsFor(base, source.index).fieldIgnoreAbove;
    const lb: Record<string, number | undefined> = indexSettingsFor(other, source.index).fieldIgnoreAbove;
    for (const field of [...new Set([...Object.keys(la), ...Object.keys(lb)])].sort()) {
      if (la[field] !== lb[field]) reasons.push(`${field} ignore_above ${limitText(lb[field])} (${base.id}: ${limitText(la[field])})`);
    }
  } else {
    const ta = truncateFor(base, source.sourcetype);
    const tb = truncateFor(other, source.sourcetype);
    if (ta !== tb) reasons.push(`TRUNCATE ${tb === 0 ? 'off' : tb} bytes (${base.id}: ${ta === 0 ? 'off' : ta})`);
  }
  return reasons;
}

export interface SweepOptions {
  base: RunPackResult;
  baseProfile: DeploymentProfile;
  profiles: readonly DeploymentProfile[];
  packFile: string;
  rules: LoadedRule[];
  macros: MacroLibrary;
  seed: number;
  scale: number;
  knownRuleIds?: readonly string[];
  progress: Progress;
}

/** Runs every profile other than the base over the sources it changes; never re-generates events. */
export async function runSweep(options: SweepOptions): Promise<SweepProfileRun[]> {
  const covered = new Set(options.base.input.dataSources.map((d) => d.id));
  const sources = DATA_SOURCES.filter((s) => covered.has(s.id));
  const runs: SweepProfileRun[] = [];
  for (const profile of options.profiles) {
    if (profile.id === options.baseProfile.id && profile.file === options.baseProfile.file) continue;
    const started = performance.now();
    const differences = new Map(sources.map((s) => [s.id, sourceDifferences(s, options.baseProfile, profile)]));
    const rerun = sources.filter((s) => (differences.get(s.id) ?? []).length > 0).map((s) => s.id);
    if (rerun.length === 0) {
      runs.push({ profile, differences, observations: [], errors: [], elapsedMs: performance.now() - started });
      continue;
    }
    const result = await runPack({
      packFile: options.packFile,
      rules: options.rules,
      macros: options.macros,
      seed: options.seed,
      scale: options.scale,
      providers: embeddedProviders(options.macros, profile),
      sourceIds: rerun,
      profile,
      events: options.base.events,
      skipCoverage: true,
      ...(options.knownRuleIds ? { knownRuleIds: options.knownRuleIds } : {}),
      progress: options.progress,
    });
    const errors = result.input.rules.filter((r) => r.error !== null).map((r) => `${r.id}: ${(r.error ?? '').split('\n')[0]}`);
    runs.push({ profile, differences, observations: result.input.observations, errors, elapsedMs: performance.now() - started });
  }
  return runs;
}
