// The shape of a deployment profile (harness/profiles/ reads and validates the files; profiles/*.yaml
// are the data): what a site's sensors, pipelines and indexes do to an event before a rule sees it.
// Types only: every floor reads them (renderers, the EQL engine's mappings, the embedded Splunk).

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
