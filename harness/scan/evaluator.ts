// The seam between the chunk loop (chunk-processor.ts) and a SIEM's record semantics (elastic-records.ts,
// splunk-records.ts): records go in one at a time, verdicts come out through the sink.
import type { MatchInfo } from './types.js';

export interface Malformed {
  reason: string;
  /** 1-based column within the record, when known. */
  column?: number;
}

export interface ChunkSink {
  match(rule: number, info: MatchInfo): void;
  note(text: string): void;
}

export interface RecordEvaluator {
  /** A new chunk starts (CSV: with its input's column names). */
  begin(csvHeader: string[] | null): void;
  /**
   * Evaluates one record: `text` is its raw text, `line` its 1-based chunk-relative line, `may[r]` is 1
   * for every rule that can match it. Returns why it is malformed, or null.
   */
  record(text: string, line: number, may: Uint8Array, sink: ChunkSink): Malformed | null;
  /** The chunk is complete (an evaluator that batches reports its matches here, in record order). */
  end(sink: ChunkSink): void;
  /**
   * Per required field group of every rule, in rule order (BuiltPlan.ruleFieldGroups): whether some
   * record of the current chunk carries a field of the group. An input where no record carries any
   * field of a group ends with a warning, not a quiet 0.
   */
  fieldsSeen(): readonly boolean[];
  /** Looks at a record the prefilter ruled out, only to learn which rules' fields it carries. */
  observe(text: string): void;
}

const EXCERPT_LENGTH = 200;

/** At most EXCERPT_LENGTH code units, cut on a code point boundary. */
export function excerpt(text: string): string {
  if (text.length <= EXCERPT_LENGTH) return text;
  let cut = EXCERPT_LENGTH;
  const c = text.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--;
  return text.slice(0, cut) + '…';
}

/** Where a JSON.parse error points, from V8's message ("... at position 12" / "(line 1 column 13)"). */
export function jsonErrorColumn(message: string): number | undefined {
  const col = /column (\d+)/.exec(message);
  if (col) return Number(col[1]);
  const pos = /at position (\d+)/.exec(message);
  return pos ? Number(pos[1]) + 1 : undefined;
}

/** V8's JSON.parse message without its quote of the input (event text stays out of the reason). */
export function jsonErrorReason(message: string): string {
  const quoted = message.indexOf(', "');
  const base = quoted > 0 ? message.slice(0, quoted) : message;
  return `not valid JSON: ${base.replace(/ in JSON at position \d+.*$/, '')}`;
}

/** ISO 8601 (UTC) of epoch milliseconds, or null when out of range. */
export function isoTimeOfMillis(ms: number): string | null {
  if (!Number.isFinite(ms)) return null;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
