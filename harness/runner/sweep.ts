// The deployment-sensitivity sweep: the run's verdicts under every other shipped profile. Only what a
// profile changes is redone — the canonical events are the run's own, and a data source is re-rendered
// and re-searched only when the other profile sets something different for it (command-line capture,
// host metadata, pipeline version, its index's mapping limits, its source type's TRUNCATE). Sweeps run
// on the embedded engines; each source's differences are the "why" of every verdict that changes there.
import type { CanonicalEvent } from '../../generators/canonical-event.js';
import { DATA_SOURCES, type DataSource, type ElasticDataSource } from '../../generators/data-sources.js';
import type { Observation } from './run-input.js';
import type { RuleMacros } from '../backends/embedded-splunk.js';
import { indexIgnoreAboveFor, indexSettingsFor } from '../engines/eql/mappings/index-mapping.js';
import { sourceSettings, truncateFor } from '../profiles/profile.js';
import type { DeploymentProfile } from '../model/profile.js';
import type { LoadedRule } from '../rules/rule-files.js';
import type { Progress } from './progress.js';
import { appendAll } from './append.js';
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

/** Index-level ignore_above per profile and index. */
const indexLimits = new WeakMap<DeploymentProfile, Map<string, number | undefined>>();

function indexIgnoreAboveOf(index: string, profile: DeploymentProfile): number | undefined {
  let byIndex = indexLimits.get(profile);
  if (byIndex === undefined) indexLimits.set(profile, (byIndex = new Map()));
  if (!byIndex.has(index)) byIndex.set(index, indexIgnoreAboveFor(index, profile));
  return byIndex.get(index);
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
    const ia = indexIgnoreAboveOf(source.index, base);
    const ib = indexIgnoreAboveOf(source.index, other);
    if (ia !== ib) reasons.push(`index.mapping.ignore_above ${limitText(ib)} (${base.id}: ${limitText(ia)})`);
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
  /** The macros each Splunk rule expands with (rule-macros.ts). */
  macros: RuleMacros;
  seed: number;
  scale: number;
  knownRuleIds?: readonly string[];
  progress: Progress;
}

/** True when the only thing `other` changes for the source is an Elasticsearch mapping limit. */
function mappingOnly(source: DataSource, base: DeploymentProfile, other: DeploymentProfile): boolean {
  const a = sourceSettings(base, source.id);
  const b = sourceSettings(other, source.id);
  return source.siem === 'elastic' && a.commandLine === b.commandLine && a.hostMetadata === b.hostMetadata && a.pipeline === b.pipeline;
}

/**
 * The smallest ignore_above that differs between the two profiles for an index (index-level or per
 * field, the smaller of the two values): a value no longer than this is indexed alike under both.
 */
function smallestChangedLimit(index: string, base: DeploymentProfile, other: DeploymentProfile): number {
  const finite = (...values: Array<number | undefined>): number => Math.min(...values.map((v) => v ?? Number.POSITIVE_INFINITY));
  const a = indexIgnoreAboveOf(index, base);
  const b = indexIgnoreAboveOf(index, other);
  let smallest = a === b ? Number.POSITIVE_INFINITY : finite(a, b);
  const fa: Record<string, number | undefined> = indexSettingsFor(base, index).fieldIgnoreAbove;
  const fb: Record<string, number | undefined> = indexSettingsFor(other, index).fieldIgnoreAbove;
  for (const field of new Set([...Object.keys(fa), ...Object.keys(fb)])) {
    // A field without its own limit takes the index-level one.
    const la = fa[field] ?? a;
    const lb = fb[field] ?? b;
    if (la !== lb) smallest = Math.min(smallest, finite(la, lb));
  }
  return smallest;
}

/**
 * The longest value a renderer can write as a keyword from this event. Every keyword string in an
 * Elastic record is one of the event's strings (command lines, argv elements, paths), a part of one,
 * a concatenation of the argv (process.title ≈ the command line) or its hex encoding (auditd EXECVE,
 * twice the length): so twice the longest plus a record line's overhead bounds it.
 */
function longestKeywordBound(event: CanonicalEvent): number {
  let longest = 0;
  for (const p of [event.process, event.parent]) {
    longest = Math.max(longest, p.commandLine.length, p.executable.length, ...p.args.map((a) => a.length));
  }
  return 2 * longest + 1024;
}

/**
 * Runs every profile other than the base over the sources it changes; never re-generates events. A
 * source whose only change is a mapping limit is re-searched with just the events that can reach that
 * limit (a value's length decides whether it is indexed, document by document); its other events keep
 * the run's verdicts, which no mapping limit above their longest value can change.
 */
export async function runSweep(options: SweepOptions): Promise<SweepProfileRun[]> {
  const covered = new Set(options.base.input.dataSources.map((d) => d.id));
  const sources = DATA_SOURCES.filter((s) => covered.has(s.id));
  const runs: SweepProfileRun[] = [];
  const common = { packFile: options.packFile, pack: options.base.pack, rules: options.rules, macros: options.macros, seed: options.seed, scale: options.scale, skipCoverage: true, progress: options.progress, ...(options.knownRuleIds ? { knownRuleIds: options.knownRuleIds } : {}) };
  for (const profile of options.profiles) {
    if (profile.id === options.baseProfile.id && profile.file === options.baseProfile.file) continue;
    const started = performance.now();
    const differences = new Map(sources.map((s) => [s.id, sourceDifferences(s, options.baseProfile, profile)]));
    const changed = sources.filter((s) => (differences.get(s.id) ?? []).length > 0);
    const full = changed.filter((s) => !mappingOnly(s, options.baseProfile, profile)).map((s) => s.id);
    const limited = changed.filter((s) => mappingOnly(s, options.baseProfile, profile));
    const observations: Observation[] = [];
    const errors: string[] = [];
    const collect = (result: RunPackResult): void => {
      appendAll(observations, result.input.observations);
      errors.push(...result.input.rules.filter((r) => r.error !== null).map((r) => `${r.id}: ${(r.error ?? '').split('\n')[0]}`));
    };
    const providers = embeddedProviders(options.macros, profile);
    if (full.length > 0) collect(await runPack({ ...common, providers, sourceIds: full, profile, events: options.base.events }));
    if (limited.length > 0) {
      const threshold = Math.min(...limited.map((s) => smallestChangedLimit((s as ElasticDataSource).index, options.baseProfile, profile)));
      const candidates = options.base.events.filter((e) => longestKeywordBound(e) > threshold);
      const candidateIds = new Set(candidates.map((e) => e.id));
      const limitedIds = new Set<string>(limited.map((s) => s.id));
      appendAll(observations, options.base.input.observations.filter((o) => limitedIds.has(o.dataSourceId) && !candidateIds.has(o.eventId)));
      if (candidates.length > 0) collect(await runPack({ ...common, providers, sourceIds: [...limitedIds], profile, events: candidates }));
    }
    runs.push({ profile, differences, observations, errors: [...new Set(errors)], elapsedMs: performance.now() - started });
  }
  return runs;
}
