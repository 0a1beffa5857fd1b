// One line of a `dth spl --events` file as a Splunk event: a JSON object {"_raw", "_time" (epoch seconds
// or ISO 8601), "host", "source", "sourcetype", "index", optional "_id"}. A malformed line is a
// LineInputError naming the file, the line and what was expected (the caret excerpt is the line itself,
// so no more than the line is held).
import { LineInputError } from '../../errors.js';
import type { SplunkRecord } from '../../model/records.js';
import { parseSplunkTime } from './record-time.js';

const STRING_FIELDS = ['_raw', 'host', 'source', 'sourcetype', 'index'] as const;

/** An event as read from a line: `_id` is null when the line has none (its line number stands in). */
export type EventLine = Omit<SplunkRecord, '_id'> & { _id: string | null };

/** True when the text holds a C0 control character or DEL (ids are printed one per line). */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** The event of a non-blank line; throws LineInputError when the line is not one well-formed event. */
export function parseEventLine(line: string, lineNumber: number, file: string): EventLine {
  const fail = (message: string): never => {
    throw new LineInputError(message, { file, line: lineNumber, column: 1 }, line);
  };
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch (e) {
    return fail(`not a JSON object: ${(e as Error).message}`);
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) fail('expected a JSON object (one Splunk event)');
  const o = obj as Record<string, unknown>;
  for (const f of STRING_FIELDS) {
    if (typeof o[f] !== 'string' || (f !== '_raw' && (o[f] as string) === '')) fail(`"${f}": expected a${f === '_raw' ? '' : ' non-empty'} string`);
  }
  const time = parseSplunkTime(o._time);
  if (time === null) fail('"_time": expected epoch seconds or an ISO 8601 date-time (no zone: UTC)');
  let id: string | null = null;
  if (o._id !== undefined) {
    if (typeof o._id !== 'string' || o._id === '' || hasControlCharacter(o._id)) fail('"_id": expected a non-empty string without control characters');
    id = o._id as string;
  }
  return { _raw: o._raw as string, _time: time as number, host: o.host as string, source: o.source as string, sourcetype: o.sourcetype as string, index: o.index as string, _id: id };
}
