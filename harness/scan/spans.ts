// Splitting raw bytes into CSV records, which may run over several physical lines inside quoted fields
// (RFC 4180: https://www.rfc-editor.org/rfc/rfc4180), and finding where the reader may cut a chunk.
// Spans exclude the line terminator (`\n` or `\r\n`). Newlines are found with Buffer.indexOf, never
// byte by byte. (Lines of JSON inputs come from prefilter/simd-scan.ts.)
import type { SpanTable } from './prefilter/matcher.js';

const NL = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;

/** Spans of one chunk, with the 0-based physical line (relative to the chunk) where each starts. */
export class Spans implements SpanTable {
  starts: Int32Array = new Int32Array(1024);
  ends = new Int32Array(1024);
  lines = new Int32Array(1024);
  /** Set on a CSV record whose quoted field never closes (only possible in the last record of a file). */
  unterminated = -1;
  count = 0;
  /** Physical lines the chunk holds. */
  physicalLines = 0;

  reset(): void {
    this.count = 0;
    this.physicalLines = 0;
    this.unterminated = -1;
  }

  push(start: number, end: number, line: number): void {
    if (this.count === this.starts.length) {
      const grow = (a: Int32Array): Int32Array<ArrayBuffer> => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
      this.lines = grow(this.lines);
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.lines[this.count] = line;
    this.count++;
  }
}

function trimCr(buf: Uint8Array, start: number, end: number): number {
  return end > start && buf[end - 1] === CR ? end - 1 : end;
}

/** Offset just past the last newline of `buf[from, length)`, or -1 when it has none. */
export function lastLineEnd(buf: Buffer, from: number, length: number): number {
  const at = buf.subarray(0, length).lastIndexOf(NL);
  return at >= from ? at + 1 : -1;
}

/** csvRecordEnd: the input ends before the record's newline, outside quotes. */
const NO_NEWLINE = -1;
/** csvRecordEnd: the input ends inside a quoted field (or cannot yet tell `""` from `"`). */
const IN_QUOTES = -2;

/**
 * Scans one CSV record from `start` (a record start). Returns the offset of the newline that ends it,
 * NO_NEWLINE or IN_QUOTES; `newlines` counts the newlines inside quoted fields. `final`: the input ends
 * at `length` (a quote there closes its field).
 */
function csvRecordEnd(view: Buffer, start: number, length: number, final: boolean, newlines: { count: number }): number {
  let pos = start;
  for (;;) {
    const nl = view.indexOf(NL, pos);
    const q = view.indexOf(QUOTE, pos);
    if (q < 0 || (nl >= 0 && nl < q)) return nl < 0 ? NO_NEWLINE : nl;
    // A quote opens a quoted field only at the start of a field; elsewhere it is a literal character.
    if (q !== start && view[q - 1] !== COMMA) {
      pos = q + 1;
      continue;
    }
    // Inside quotes until a quote that is not doubled.
    let p = q + 1;
    for (;;) {
      const close = view.indexOf(QUOTE, p);
      if (close < 0) {
        countNewlines(view, p, length, newlines);
        return IN_QUOTES;
      }
      countNewlines(view, p, close, newlines);
      if (close + 1 >= length && !final) return IN_QUOTES;
      if (view[close + 1] === QUOTE) {
        p = close + 2;
        continue;
      }
      pos = close + 1;
      break;
    }
  }
}

function countNewlines(view: Buffer, from: number, to: number, acc: { count: number }): void {
  let p = from;
  for (;;) {
    const nl = view.indexOf(NL, p);
    if (nl < 0 || nl >= to) return;
    acc.count++;
    p = nl + 1;
  }
}

/**
 * Every CSV record of `buf[0, length)`. A last record without a newline is a record; one whose quoted
 * field never closes is marked `unterminated` (the reader only cuts chunks at record ends, so this
 * happens only at the end of the input).
 */
export function csvSpans(buf: Buffer, length: number, out: Spans): void {
  out.reset();
  const view = buf.subarray(0, length);
  let start = 0;
  let line = 0;
  const inner = { count: 0 };
  while (start < length) {
    inner.count = 0;
    const end = csvRecordEnd(view, start, length, true, inner);
    if (end < 0) {
      if (end === IN_QUOTES) out.unterminated = out.count;
      out.push(start, trimCr(buf, start, length), line);
      line += 1 + inner.count;
      break;
    }
    out.push(start, trimCr(buf, start, end), line);
    line += 1 + inner.count;
    start = end + 1;
  }
  out.physicalLines = line;
}

/** Offset just past the newline ending the last complete CSV record of `buf[from, length)`, or -1. */
export function lastCsvRecordEnd(buf: Buffer, from: number, length: number): number {
  const view = buf.subarray(0, length);
  let start = from;
  let last = -1;
  const inner = { count: 0 };
  while (start < length) {
    const end = csvRecordEnd(view, start, length, false, inner);
    if (end < 0) break;
    last = end + 1;
    start = end + 1;
  }
  return last;
}

/**
 * Offset just past the newline ending the first CSV record of `buf[0, length)`, `length` when `final`
 * and the record runs to the end, or -1 when more input is needed. `lines` receives its physical lines.
 */
export function firstCsvRecordEnd(buf: Buffer, length: number, final: boolean, lines: { count: number }): number {
  const inner = { count: 0 };
  const end = csvRecordEnd(buf.subarray(0, length), 0, length, final, inner);
  lines.count = 1 + inner.count;
  if (end >= 0) return end + 1;
  return final ? length : -1;
}
