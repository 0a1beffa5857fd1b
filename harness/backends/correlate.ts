// Alerts back to events, for the parity check. EQL hits carry `_id` (= canonical event id). SPL rows of the
// Splunk rule (`... | bin span=1s | stats values(*) as * by _time, host`) map back to the records with the
// same host and the same whole second of `_time` (pinned; the simulator keeps (host, second) unique within
// a generated set, so a row stands for one event). Nothing is ever added to an event to track it.
import type { SplunkRecord } from '../../generators/records.js';
import type { ResultRow } from './backend.js';

export interface RowCorrelation {
  eventIds: string[];
  /** Rows whose (host, second) matches no loaded record. */
  unmatchedRows: ResultRow[];
  /** Rows that match several records (the (host, second) pin was broken). */
  ambiguousRows: { row: ResultRow; eventIds: string[] }[];
}

/**
 * `_time` of a result row in epoch seconds: epoch text (what the real backend asks Splunk for with
 * output_time_format=%s.%3N) or an ISO 8601 time with offset (Splunk's default rendering).
 */
export function rowEpochSeconds(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return undefined;
  if (/^-?\d+(\.\d+)?$/.test(text.trim())) return Number(text);
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms / 1000;
}

function key(host: string, epochSeconds: number): string {
  return `${host}\u0000${Math.floor(epochSeconds)}`;
}

export function correlateRows(rows: readonly ResultRow[], records: readonly SplunkRecord[]): RowCorrelation {
  const byKey = new Map<string, string[]>();
  for (const record of records) {
    const k = key(record.host, record._time);
    const ids = byKey.get(k) ?? [];
    ids.push(record._id);
    byKey.set(k, ids);
  }
  const eventIds: string[] = [];
  const unmatchedRows: ResultRow[] = [];
  const ambiguousRows: { row: ResultRow; eventIds: string[] }[] = [];
  for (const row of rows) {
    const host = Array.isArray(row['host']) ? row['host'][0] : row['host'];
    const seconds = rowEpochSeconds(row['_time']);
    const ids = host !== undefined && seconds !== undefined ? byKey.get(key(host, seconds)) : undefined;
    if (ids === undefined) {
      unmatchedRows.push(row);
      continue;
    }
    if (ids.length > 1) ambiguousRows.push({ row, eventIds: [...ids] });
    eventIds.push(...ids);
  }
  return { eventIds, unmatchedRows, ambiguousRows };
}
