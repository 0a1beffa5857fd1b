// Alerts back to events, for the parity check. EQL hits carry `_id` (= canonical event id). SPL result
// rows are grouped, so they map back to the loaded records by host and time:
// - host: the row's `host` (the Splunk rule's `... | bin span=1s | stats values(*) as * by _time, host`);
//   a data-model row has none, so its `dest` stands in (`Processes.dest`, `Filesystem.dest`, ...,
//   or `dest` after security_content's `drop_dm_object_name`). For the Endpoint datasets `dest` is the
//   event's computer name (4688 XML `<Computer>`, classic `ComputerName`, Sysmon `Computer`: see
//   harness/engines/spl/fields/), an FQDN where `host` is the forwarder's short name, so a dest matches
//   the records whose host equals it or equals its first DNS label (case-insensitively);
// - time: `_time` as one whole second (the pinned `bin span=1s`; the simulator keeps (host, second)
//   unique within a generated set, so such a row stands for one event); a row without `_time` but with
//   security_content's `firstTime`/`lastTime` (`min(_time)`/`max(_time)`, possibly through
//   `security_content_ctime`, "%Y-%m-%dT%H:%M:%S" in UTC) maps to the host's records from the first to
//   the last whole second; a row with neither maps to every record of its host.
// Nothing is ever added to an event to track it.
import type { SplunkRecord } from '../model/records.js';
import type { ResultRow } from '../model/records.js';
import { parseSplunkTime } from '../engines/spl/record-time.js';

export interface RowCorrelation {
  eventIds: string[];
  /** Rows whose host (or dest) and time match no loaded record. */
  unmatchedRows: ResultRow[];
  /** Rows that match several records (the (host, second) pin was broken, or a time window holds several). */
  ambiguousRows: { row: ResultRow; eventIds: string[] }[];
}

/** A result row's time field in epoch seconds (engines/spl/record-time.ts: epoch text, ISO 8601, ctime; no zone: UTC). */
export function rowEpochSeconds(value: string | string[] | undefined): number | undefined {
  return parseSplunkTime(Array.isArray(value) ? value[0] : value) ?? undefined;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The row's host, or the data-model dest that stands for it. */
function rowHost(row: ResultRow): { name: string; fromDest: boolean } | undefined {
  const host = first(row['host']);
  if (host !== undefined) return { name: host, fromDest: false };
  const destKey = Object.keys(row).find((k) => k === 'dest' || /^[A-Za-z_]+\.dest$/.test(k));
  const dest = destKey === undefined ? undefined : first(row[destKey]);
  return dest === undefined ? undefined : { name: dest, fromDest: true };
}

function hostMatches(recordHost: string, want: { name: string; fromDest: boolean }): boolean {
  if (!want.fromDest) return recordHost === want.name;
  const r = recordHost.toLowerCase();
  const d = want.name.toLowerCase();
  return r === d || r === d.split('.')[0];
}

/** The whole seconds a row covers: [from, to] inclusive, or null for any time. */
function rowWindow(row: ResultRow): { from: number; to: number } | null | undefined {
  if (row['_time'] !== undefined) {
    const t = rowEpochSeconds(row['_time']);
    return t === undefined ? undefined : { from: Math.floor(t), to: Math.floor(t) };
  }
  if (row['firstTime'] !== undefined && row['lastTime'] !== undefined) {
    const a = rowEpochSeconds(row['firstTime']);
    const b = rowEpochSeconds(row['lastTime']);
    return a === undefined || b === undefined ? undefined : { from: Math.floor(a), to: Math.floor(b) };
  }
  return null;
}

export function correlateRows(rows: readonly ResultRow[], records: readonly SplunkRecord[]): RowCorrelation {
  const byHost = new Map<string, SplunkRecord[]>();
  for (const record of records) {
    const key = record.host.toLowerCase();
    const list = byHost.get(key) ?? [];
    list.push(record);
    byHost.set(key, list);
  }
  const eventIds: string[] = [];
  const unmatchedRows: ResultRow[] = [];
  const ambiguousRows: { row: ResultRow; eventIds: string[] }[] = [];
  for (const row of rows) {
    const host = rowHost(row);
    const window = rowWindow(row);
    if (host === undefined || window === undefined) {
      unmatchedRows.push(row);
      continue;
    }
    const candidates = [...(byHost.get(host.name.toLowerCase()) ?? []), ...(host.fromDest ? (byHost.get(host.name.toLowerCase().split('.')[0] as string) ?? []) : [])];
    const ids = [...new Set(candidates.filter((r) => hostMatches(r.host, host) && (window === null || (Math.floor(r._time) >= window.from && Math.floor(r._time) <= window.to))).map((r) => r._id))];
    if (ids.length === 0) {
      unmatchedRows.push(row);
      continue;
    }
    if (ids.length > 1) ambiguousRows.push({ row, eventIds: [...ids] });
    for (const id of ids) eventIds.push(id); // no spread: a row may stand for more events than the argument limit
  }
  return { eventIds, unmatchedRows, ambiguousRows };
}
