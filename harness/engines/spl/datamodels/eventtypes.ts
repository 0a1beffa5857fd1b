// Event types and tags of the Splunk Add-on for Microsoft Windows, the way Splunk assigns them at search
// time: an event has event type E when E's search matches it; it carries every tag tags.conf enables for
// `eventtype=E`. The `eventtype` and `tag` fields (and `tag::eventtype`) are what `eventtype=`, `tag=`
// and the CIM data-model constraints (`tag=process tag=report`) read.
// https://help.splunk.com/splunk-enterprise/manage-knowledge-objects/knowledge-management-manual/10.0/event-types/about-event-types
// https://help.splunk.com/splunk-enterprise/manage-knowledge-objects/knowledge-management-manual/10.0/tags/about-tags-and-aliases
//
// Definitions: Splunk_TA_windows/default/eventtypes.conf and tags.conf (add-on 8.x, as published in
// PMJeffery/splunk4windows). Only the stanzas that reach the CIM data models this engine models, or that
// security_content names (`eventtype=wineventlog_security` ...), are listed; each is the add-on's search
// and tags as written. Order matters only in that a type is listed after the types its search names.
// As written, the add-on tags every Windows event log event `endpoint filesystem` (wineventlog_windows),
// so Security events (4688 included) also land in Endpoint.Filesystem, with "unknown" file fields.
// Not modelled: other add-ons' event types (Sysmon's own ms-sysmon-*, the Unix/Linux add-ons'), so
// Linux audit events reach no data model here.
import { walkSearchExpr, type SearchExpr } from '../ast.js';
import { parseSpl } from '../parser.js';
import { rowMatcher } from '../search.js';
import type { FieldValue, Row } from '../values.js';

export interface EventTypeDefinition {
  name: string;
  search: string;
  tags: string[];
}

export const WINDOWS_EVENT_TYPES: readonly EventTypeDefinition[] = [
  { name: 'wineventlog_application', search: 'source=WinEventLog:Application OR source=WMI:WinEventLog:Application OR source=XmlWinEventLog:Application', tags: ['os', 'windows'] },
  { name: 'wineventlog_system', search: 'source=WinEventLog:System OR source=WMI:WinEventLog:System OR source=XmlWinEventLog:System', tags: ['os', 'windows'] },
  { name: 'wineventlog_security', search: 'source=WinEventLog:Security OR source=WMI:WinEventLog:Security OR source=XmlWinEventLog:Security', tags: ['os', 'windows'] },
  { name: 'wineventlog-ds', search: 'source="WinEventLog:Directory Service" OR source="XmlWinEventLog:Directory Service"', tags: [] },
  { name: 'wineventlog-dns', search: 'source="WinEventLog:DNS Server" OR source="XmlWinEventLog:DNS Server"', tags: [] },
  { name: 'wineventlog-dfs', search: 'source="WinEventLog:DFS Replication" OR source="XmlWinEventLog:DFS Replication"', tags: [] },
  { name: 'wineventlog-filereplication', search: 'source="WinEventLog:File Replication Service" OR source="XmlWinEventLog:File Replication Service"', tags: [] },
  { name: 'wineventlog-keymanagement', search: 'source="WinEventLog:Key Management Service" OR source="XmlWinEventLog:Key Management Service"', tags: [] },
  {
    name: 'wineventlog_windows',
    search:
      'eventtype=wineventlog_application OR eventtype=wineventlog_system OR eventtype=wineventlog_security OR eventtype=wineventlog-ds OR eventtype=wineventlog-dfs OR eventtype=wineventlog-keymanagement OR eventtype=wineventlog-filereplication OR eventtype=wineventlog-dns',
    tags: ['os', 'windows', 'endpoint', 'filesystem'],
  },
  { name: 'winsec', search: 'eventtype=wineventlog_security', tags: ['security'] },
  { name: 'windows_process_new', search: 'eventtype=wineventlog_security (EventCode=4688 OR EventCode=592)', tags: ['process', 'execute', 'start'] },
  { name: 'windows_process_exit', search: 'eventtype=wineventlog_security (EventCode=4689 OR EventCode=593)', tags: ['process', 'execute', 'stop'] },
  { name: 'windows_process_token', search: 'eventtype=wineventlog_security (EventCode=4696 OR EventCode=600)', tags: ['process', 'execute', 'start', 'privileged'] },
  { name: 'windows_logon_success', search: 'eventtype=wineventlog_security (EventCode=4624 OR EventCode=528 OR EventCode=540)', tags: ['authentication'] },
  { name: 'windows_logon_explicit', search: 'eventtype=wineventlog_security (EventCode=4648 OR EventCode=552)', tags: ['authentication', 'privileged'] },
  { name: 'windows_special_privileges', search: 'eventtype=wineventlog_security (EventCode=4672 OR EventCode=576)', tags: ['authentication', 'privileged'] },
  { name: 'windows_audit_log_cleared', search: 'eventtype=wineventlog_security (EventCode=1102 OR EventCode=517)', tags: ['audit', 'change', 'endpoint', 'delete', 'cleared', 'watchlist'] },
  // "## Endpoint Data Model": every WinEventLog / XmlWinEventLog event (Sysmon's XML included) is tagged
  // service, report and process, which is what puts 4688 and Sysmon 1 in Endpoint.Processes.
  { name: 'endpoint_services_processes', search: 'source="WMI:WinEventLog:Security" OR sourcetype="WinEventLog" OR sourcetype="XmlWinEventLog"', tags: ['service', 'report', 'process'] },
  {
    name: 'windows_security_endpoint_registry',
    search: '(source=WinEventLog:Security OR source=XmlWinEventLog:Security) (EventCode=4657 OR (EventCode=4670 AND (Object_Type="Registry" OR ObjectType="Registry")))',
    tags: ['endpoint', 'registry'],
  },
  { name: 'windows_security_endpoint_port', search: '(source=WinEventLog:Security OR source=XmlWinEventLog:Security) (EventCode=5158)', tags: ['listening', 'port'] },
];

interface CompiledEventType {
  name: string;
  tags: string[];
  match: (row: Row) => boolean;
}

interface CompiledEventTypes {
  types: CompiledEventType[];
  /**
   * The fields the searches read, when they read nothing else: then an event's types and tags depend on
   * these values only and are computed once per combination. `eventtype` is among them: the searches
   * read the types assigned so far, and before the first one an extracted `eventtype` field.
   * Null when a search has a bare term (it reads `_raw`).
   */
  keyFields: string[] | null;
}

let compiled: CompiledEventTypes | null = null;

function compiledEventTypes(): CompiledEventTypes {
  if (compiled !== null) return compiled;
  const fields = new Set<string>();
  let rawRead = false;
  const types = WINDOWS_EVENT_TYPES.map((d) => {
    const command = parseSpl(d.search).commands[0];
    const expr: SearchExpr | null = command?.kind === 'search' ? command.expr : null;
    if (expr === null) rawRead = true;
    else {
      walkSearchExpr(expr, (node) => {
        if (node.kind === 'compare' || node.kind === 'in') fields.add(node.field);
        else if (node.kind === 'term' || node.kind === 'subsearch') rawRead = true;
      });
    }
    return { name: d.name, tags: d.tags, match: rowMatcher(expr, d.search) };
  });
  compiled = { types, keyFields: rawRead ? null : [...fields].sort() };
  return compiled;
}

interface Assignment {
  types: string[];
  tags: string[];
}

/** Assignments by the values of the key fields; bounded (cleared when full: it is only a cache). */
const assignments = new Map<string, Assignment>();
const MAX_ASSIGNMENTS = 4096;

function assignmentKey(keyFields: readonly string[], fields: ReadonlyMap<string, FieldValue>): string {
  return JSON.stringify(keyFields.map((f) => fields.get(f) ?? null));
}

function evaluate(types: readonly CompiledEventType[], doc: number, fields: Map<string, FieldValue>): Assignment {
  const names: string[] = [];
  const tags = new Set<string>();
  const row: Row = { doc, fields };
  for (const et of types) {
    if (names.length > 0) fields.set('eventtype', [...names]);
    if (!et.match(row)) continue;
    names.push(et.name);
    for (const t of et.tags) tags.add(t);
  }
  fields.delete('eventtype');
  return { types: names, tags: [...tags].sort() };
}

/**
 * Adds `eventtype`, `tag` and `tag::eventtype` to an event's fields (in place). `fields` must hold the
 * event's default and extracted fields (`_raw` included).
 */
export function assignEventTypes(doc: number, fields: Map<string, FieldValue>): void {
  const { types, keyFields } = compiledEventTypes();
  let assignment: Assignment;
  if (keyFields === null) assignment = evaluate(types, doc, fields);
  else {
    const key = assignmentKey(keyFields, fields);
    const known = assignments.get(key);
    if (known !== undefined) assignment = known;
    else {
      assignment = evaluate(types, doc, fields);
      if (assignments.size >= MAX_ASSIGNMENTS) assignments.clear();
      assignments.set(key, assignment);
    }
  }
  fields.delete('eventtype');
  const names = assignment.types;
  if (names.length > 0) fields.set('eventtype', names.length === 1 ? (names[0] as string) : [...names]);
  const tagList = assignment.tags;
  if (tagList.length > 0) {
    const v = tagList.length === 1 ? (tagList[0] as string) : [...tagList];
    fields.set('tag', v);
    fields.set('tag::eventtype', v);
  }
}
