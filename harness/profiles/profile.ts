// A deployment profile: what a site's sensors, pipelines and indexes do to an event before a rule sees
// it. The shipped profiles are data (profiles/*.yaml, each value cited there); this is their shape
// and the lookups every consumer shares — renderers (command-line capture, agent metadata, pipeline
// version), the Elasticsearch mapping builder (mapping.ts) and the embedded Splunk (TRUNCATE).
import { simpleMatch } from '../engines/eql/mappings/dynamic.js';

/** Which version of an integration's pipeline writes a source's documents, where behaviour differs. */
export type PipelineVersion = 'current' | 'legacy';

export interface SourceSettings {
  /** The sensor records the process command line (4688: "Include command line in process creation events"). */
  commandLine: boolean;
  /** The shipper adds the host's OS (`host.os.*`, Beats/Agent `add_host_metadata`). */
  hostMetadata: boolean;
  /** Integration pipeline version, for sources whose documents differ between versions. */
  pipeline: PipelineVersion;
}

/** Mapping settings for the indices a pattern selects (Fleet package templates, logsdb, a user's own). */
export interface IndexSettings {
  pattern: string;
  /**
   * Index-level `index.mapping.ignore_above` for keyword/wildcard fields that set none (logsdb: 8191);
   * null: none (a standard-mode index); undefined: not set by this rule.
   */
  indexIgnoreAbove?: number | null;
  /** Explicit per-field `ignore_above` the index template sets (Fleet: 1024 on package wildcard fields). */
  fieldIgnoreAbove: Record<string, number>;
  /** Why (one line, for reports). */
  reason?: string;
}

export interface SplunkSettings {
  /** props.conf TRUNCATE (bytes) for source types not listed; 0 = never truncate. */
  truncateDefault: number;
  /** props.conf TRUNCATE per source type. */
  truncateBySourcetype: Record<string, number>;
}

export interface DeploymentProfile {
  id: string;
  title: string;
  description: string;
  /** The file it was read from (as reports show it), or `<built-in>`. */
  file: string;
  /** Per data source id; a source not listed uses DEFAULT_SOURCE_SETTINGS. */
  sources: Record<string, SourceSettings>;
  elasticsearch: { indices: IndexSettings[] };
  splunk: SplunkSettings;
}

/** What a source does when a profile does not mention it: the harness's historical, fully captured form. */
export const DEFAULT_SOURCE_SETTINGS: SourceSettings = { commandLine: true, hostMetadata: true, pipeline: 'current' };

/** Splunk's own default (props.conf.spec: "TRUNCATE … Default: 10000"). */
export const SPLUNK_DEFAULT_TRUNCATE = 10000;

export function sourceSettings(profile: DeploymentProfile | undefined, sourceId: string): SourceSettings {
  return profile?.sources[sourceId] ?? DEFAULT_SOURCE_SETTINGS;
}

/** TRUNCATE for a source type (0 = none). */
export function truncateFor(profile: DeploymentProfile | undefined, sourcetype: string): number {
  if (profile === undefined) return 0;
  return profile.splunk.truncateBySourcetype[sourcetype] ?? profile.splunk.truncateDefault;
}

/** The mapping settings an index gets: per-field limits of every matching rule (first wins), the first index-level limit set. */
export function indexSettingsFor(profile: DeploymentProfile | undefined, indexName: string): { indexIgnoreAbove?: number | null; fieldIgnoreAbove: Record<string, number>; reasons: string[] } {
  const fieldIgnoreAbove: Record<string, number> = {};
  const reasons: string[] = [];
  let indexIgnoreAbove: number | null | undefined;
  for (const rule of profile?.elasticsearch.indices ?? []) {
    if (!simpleMatch(rule.pattern, indexName)) continue;
    for (const [field, limit] of Object.entries(rule.fieldIgnoreAbove)) if (!(field in fieldIgnoreAbove)) fieldIgnoreAbove[field] = limit;
    if (indexIgnoreAbove === undefined && rule.indexIgnoreAbove !== undefined) indexIgnoreAbove = rule.indexIgnoreAbove;
    if (rule.reason !== undefined) reasons.push(rule.reason);
  }
  return { ...(indexIgnoreAbove !== undefined ? { indexIgnoreAbove } : {}), fieldIgnoreAbove, reasons };
}
