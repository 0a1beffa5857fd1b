// What the embedded engine assumes a Splunk deployment has, made true on the real one before a rule
// that needs it runs (the live suite then compares like with like):
// - the Windows add-on's event types and tags that put events into the CIM data models
//   (harness/engines/spl/datamodels/eventtypes.ts), created over REST in configs/conf-eventtypes and
//   configs/conf-tags when absent; a deployment that already defines one keeps its own;
// - the CIM data models themselves come from Splunk_SA_CIM, which cannot be installed over REST: a rule
//   reading a data model the deployment lacks is refused with that reason, never run to an empty result;
// - summariesonly=false: security_content's `summariesonly_config` macro (rules/splunk/macros.conf,
//   installed with the rule's macros) makes tstats read every event, accelerated or not, as the embedded
//   engine does.
// Lookup tables (`lookup`, `inputlookup`) are not uploaded: a deployment must have them.
// REST: https://help.splunk.com/en/splunk-enterprise/leverage-rest-apis/rest-api-reference/9.4/configuration-endpoints/configuration-endpoint-descriptions
import { WINDOWS_EVENT_TYPES } from '../../engines/spl/datamodels/eventtypes.js';

export interface ConfStanza {
  file: 'eventtypes' | 'tags';
  stanza: string;
  settings: Record<string, string>;
}

/** The add-on stanzas, event types before the tags that name them. */
export function windowsKnowledgeStanzas(): ConfStanza[] {
  const eventtypes: ConfStanza[] = WINDOWS_EVENT_TYPES.map((t) => ({ file: 'eventtypes', stanza: t.name, settings: { search: t.search } }));
  const tags: ConfStanza[] = WINDOWS_EVENT_TYPES.filter((t) => t.tags.length > 0).map((t) => ({
    file: 'tags',
    stanza: `eventtype=${t.name}`,
    settings: Object.fromEntries(t.tags.map((tag) => [tag, 'enabled'])),
  }));
  return [...eventtypes, ...tags];
}

/** Does the search (or a macro it may call) read event types, tags or data models? */
export function needsKnowledge(texts: readonly string[]): boolean {
  return texts.some((t) => /\b(?:eventtype|tag(?:::\w+)?)\s*!?=|\bdatamodel\s*[=:]/i.test(t));
}

/** Data models a search names (`datamodel=Endpoint.Processes` -> Endpoint), from the search and its macros. */
export function dataModelsNamed(texts: readonly string[]): string[] {
  const out = new Set<string>();
  for (const t of texts) for (const m of t.matchAll(/\bdatamodel\s*[=:]\s*"?([A-Za-z_][A-Za-z0-9_]*)/gi)) out.add(m[1] as string);
  return [...out].sort();
}
