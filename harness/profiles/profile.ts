// A deployment profile: what a site's sensors, pipelines and indexes do to an event before a rule sees
// it. The shipped profiles are data (profiles/*.yaml, each value cited there); this is their shape
// and the lookups every consumer shares — renderers (command-line capture, agent metadata, pipeline
// version), the Elasticsearch mapping builder (engines/eql/mappings/index-mapping.ts `indexSettingsFor`) and the embedded Splunk (TRUNCATE).
import type { DeploymentProfile, SourceSettings } from '../model/profile.js';

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
