// Where each character of a rule's query sits in its file, so that an error the query parser reports
// at a query offset is shown at the file's own line and column, with the file's line under the caret.
// The query is a TOML string (detection-rules: basic, literal, multi-line) or a YAML scalar (plain,
// quoted, block); each decoder below follows its format's escapes and line folding:
//   TOML 1.0 strings: https://toml.io/en/v1.0.0#string
//   YAML 1.2.2 flow scalars (7.3) and block scalars (8.1): https://yaml.org/spec/1.2.2/
// Every decoding is checked against the value the format's own parser produced; when they differ (a
// construct not followed here), the query maps to the start of its value, never to a wrong place.
import { InputError, positionAt, type SourceLocation } from '../errors.js';

/** File offset (UTF-16 units) of each query offset; one more entry for the end of the query. */
export type QueryOffsets = number[];

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t';

class Decoder {
  readonly chars: string[] = [];
  readonly offsets: number[] = [];
  emit(text: string, at: number): void {
    for (const ch of text) {
      // A code point outside the BMP is two UTF-16 units: both map to where it came from.
      for (let k = 0; k < ch.length; k++) {
        this.chars.push(ch[k] as string);
        this.offsets.push(at);
      }
    }
  }
  get text(): string {
    return this.chars.join('');
  }
}

function result(d: Decoder, end: number, expected: string, fallback: number): QueryOffsets {
  if (d.text !== expected) return Array.from({ length: expected.length + 1 }, () => fallback);
  return [...d.offsets, end];
}

const TOML_ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', e: '\u001b', '"': '"', '\\': '\\' };

/** Offsets of a TOML string value starting at `start` (its opening quote). */
export function tomlStringOffsets(text: string, start: number, expected: string): QueryOffsets {
  const d = new Decoder();
  const quote = text[start];
  const multi = text.startsWith(quote === '"' ? '"""' : "'''", start);
  let i = start + (multi ? 3 : 1);
  if (multi) {
    if (text[i] === '\r' && text[i + 1] === '\n') i += 2;
    else if (text[i] === '\n') i += 1;
  }
  const closing = multi ? quote.repeat(3) : quote;
  while (i < text.length) {
    if (text.startsWith(closing, i)) {
      // A multi-line string may end with one or two quotes before its delimiter: `""""` ends in `"`.
      if (multi && text[i + 3] === quote) {
        d.emit(quote as string, i);
        i++;
        continue;
      }
      return result(d, i, expected, start);
    }
    const c = text[i] as string;
    if (quote === '"' && c === '\\') {
      const n = text[i + 1];
      if (n !== undefined && n in TOML_ESCAPES) {
        d.emit(TOML_ESCAPES[n] as string, i);
        i += 2;
        continue;
      }
      if (n === 'u' || n === 'U') {
        const len = n === 'u' ? 4 : 8;
        const code = Number.parseInt(text.slice(i + 2, i + 2 + len), 16);
        if (Number.isFinite(code) && code <= 0x10ffff) d.emit(String.fromCodePoint(code), i);
        i += 2 + len;
        continue;
      }
      if (multi) {
        // Line-ending backslash: trims the break and every whitespace or break after it.
        let j = i + 1;
        while (isSpace(text[j])) j++;
        if (text[j] === '\n' || (text[j] === '\r' && text[j + 1] === '\n')) {
          while (isSpace(text[j]) || text[j] === '\n' || text[j] === '\r') j++;
          i = j;
          continue;
        }
      }
      return result(d, i, expected, start);
    }
    if (c === '\r' && text[i + 1] === '\n' && multi) {
      d.emit('\r\n', i);
      i += 2;
      continue;
    }
    d.emit(c, i);
    i++;
  }
  return result(d, i, expected, start);
}

/** The offset of a top-level key's value in `[table]` of a TOML file (`key = <value>`), or -1. */
export function tomlValueStart(text: string, table: string, key: string): number {
  const header = new RegExp(`^\\s*\\[\\s*${table}\\s*\\]\\s*(#.*)?$`, 'm').exec(text);
  if (header === null) return -1;
  const rest = text.slice(header.index + header[0].length);
  const next = /^\s*\[/m.exec(rest);
  const body = next === null ? rest : rest.slice(0, next.index);
  const m = new RegExp(`^[ \\t]*(?:${key}|"${key}"|'${key}')[ \\t]*=[ \\t]*`, 'm').exec(body);
  return m === null ? -1 : header.index + header[0].length + m.index + m[0].length;
}

const YAML_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\u0007', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\u001b', ' ': ' ', '"': '"', '/': '/', '\\': '\\',
  N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};

/**
 * Offsets of a YAML flow scalar (plain, 'single' or "double" quoted) whose source is text[start, end).
 * Line folding: a single line break between content becomes a space, each further empty line a `\n`;
 * whitespace around breaks is dropped.
 */
export function yamlFlowOffsets(text: string, start: number, end: number, expected: string): QueryOffsets {
  const d = new Decoder();
  const quote = text[start] === '"' || text[start] === "'" ? text[start] : null;
  let i = quote === null ? start : start + 1;
  const stop = quote === null ? end : end - 1;
  // Output length up to which trailing spaces may be trimmed at a break (escaped characters are kept).
  let keep = 0;
  while (i < stop) {
    const c = text[i] as string;
    if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      let length = d.chars.length;
      while (length > keep && isSpace(d.chars[length - 1])) length--;
      d.chars.length = length;
      d.offsets.length = length;
      const breaks: number[] = [];
      let j = i;
      for (;;) {
        if (text[j] === '\r') j++;
        if (text[j] !== '\n') break;
        breaks.push(j);
        j++;
        while (isSpace(text[j])) j++;
      }
      if (breaks.length === 1) d.emit(' ', breaks[0] as number);
      else for (const b of breaks.slice(1)) d.emit('\n', b);
      keep = d.chars.length;
      i = j;
      continue;
    }
    if (quote === "'" && c === "'" && text[i + 1] === "'") {
      d.emit("'", i);
      i += 2;
      keep = d.chars.length;
      continue;
    }
    if (quote === '"' && c === '\\') {
      const n = text[i + 1] as string;
      if (n === '\n' || n === '\r') {
        let j = i + 1;
        if (text[j] === '\r') j++;
        j++;
        while (isSpace(text[j])) j++;
        keep = d.chars.length;
        i = j;
        continue;
      }
      const hex = n === 'x' ? 2 : n === 'u' ? 4 : n === 'U' ? 8 : 0;
      if (hex > 0) {
        d.emit(String.fromCodePoint(Number.parseInt(text.slice(i + 2, i + 2 + hex), 16)), i);
        i += 2 + hex;
      } else {
        d.emit(YAML_ESCAPES[n] ?? n, i);
        i += 2;
      }
      keep = d.chars.length;
      continue;
    }
    d.emit(c, i);
    if (!isSpace(c)) keep = d.chars.length;
    i++;
  }
  return result(d, i, expected, start);
}

/** The offset of the `|` or `>` of the block scalar whose content starts at `contentStart`, or -1. */
function blockHeader(text: string, contentStart: number): number {
  let lineEnd = text.lastIndexOf('\n', contentStart - 1);
  while (lineEnd > 0) {
    const lineStart = text.lastIndexOf('\n', lineEnd - 1) + 1;
    const line = text.slice(lineStart, lineEnd);
    const m = /[|>][0-9+-]*[ \t]*(#.*)?\r?$/.exec(line);
    if (m !== null) return lineStart + m.index;
    if (line.trim() !== '') return -1;
    lineEnd = lineStart - 1;
  }
  return -1;
}

/** Offsets of a YAML block scalar (`|` literal or `>` folded) whose header or first content is at `at`. */
export function yamlBlockOffsets(text: string, at: number, expected: string): QueryOffsets {
  const d = new Decoder();
  const start = text[at] === '|' || text[at] === '>' ? at : blockHeader(text, at);
  if (start < 0) return result(d, at, expected, at);
  const folded = text[start] === '>';
  const headerEnd = text.indexOf('\n', start);
  if (headerEnd < 0) return result(d, start, expected, start);
  let lineStart = headerEnd + 1;
  let indent = -1;
  let previousMoreIndented = true;
  let pendingBreak: number | null = null;
  let emptyBreaks: number[] = [];
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const raw = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    const lead = raw.length - raw.replace(/^ +/, '').length;
    const empty = raw.trim() === '';
    if (!empty) {
      if (indent < 0) indent = lead;
      if (lead < indent) break;
    }
    if (empty) {
      if (pendingBreak !== null) emptyBreaks.push(lineStart);
      else if (d.chars.length === 0) emptyBreaks.push(lineStart);
    } else {
      const moreIndented = raw.length > indent && isSpace(raw[indent]);
      if (pendingBreak !== null) {
        if (folded && !moreIndented && !previousMoreIndented && emptyBreaks.length === 0) d.emit(' ', pendingBreak);
        else {
          if (!folded || moreIndented || previousMoreIndented) d.emit('\n', pendingBreak);
          for (const b of emptyBreaks) d.emit('\n', b);
        }
      } else for (const b of emptyBreaks) d.emit('\n', b);
      emptyBreaks = [];
      for (let k = indent; k < raw.length; k++) d.emit(raw[k] as string, lineStart + k);
      pendingBreak = lineEnd;
      previousMoreIndented = moreIndented;
    }
    lineStart = lineEnd + 1;
  }
  // Chomping only adds or drops trailing breaks: compare what precedes them.
  const body = d.text;
  if (expected.startsWith(body) && /^\n*$/.test(expected.slice(body.length))) {
    const tail = expected.length - body.length;
    return [...d.offsets, ...Array.from({ length: tail + 1 }, () => pendingBreak ?? start)];
  }
  return result(d, start, expected, start);
}

/** 0-based offset of a 1-based line and column in `text`. */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return Math.min(text.length, offset + column - 1);
}

export interface QueryOrigin {
  /** The rule file's text. */
  fileText: string;
  offsets: QueryOffsets;
}

/**
 * An error positioned in a rule's query (its location's text is the query), moved to the rule file:
 * the same message at the file's line and column, with the file's line under the caret. Other errors
 * are returned as they are.
 */
export function relocateQueryError(error: InputError, query: string, file: string, origin: QueryOrigin | undefined, queryOffset?: number): InputError {
  if (origin === undefined) return error;
  const location: SourceLocation = error.location;
  let offset = queryOffset;
  if (offset === undefined) {
    if (error.sourceText !== query || location.line === undefined) return error;
    offset = offsetOf(query, location.line, location.column ?? 1);
  }
  const at = origin.offsets[Math.max(0, Math.min(offset, origin.offsets.length - 1))];
  if (at === undefined) return error;
  const { line, column } = positionAt(origin.fileText, at);
  const moved = new InputError(error.message, { file, line, column }, origin.fileText);
  moved.name = error.name;
  return moved;
}

/** Offsets of a .conf setting value starting on 1-based `line` (after `key =`), continued by a trailing backslash. */
export function confValueOffsets(text: string, line: number, expected: string): QueryOffsets {
  let i = offsetOf(text, line, 1);
  i = text.indexOf('=', i) + 1;
  while (isSpace(text[i])) i++;
  const start = i;
  const offsets: number[] = [];
  for (const ch of expected) {
    if (ch === '\n' && text[i] === '\\') {
      offsets.push(i);
      i += text[i + 1] === '\r' ? 3 : 2;
      continue;
    }
    if (text[i] !== ch) return Array.from({ length: expected.length + 1 }, () => start);
    offsets.push(i);
    i++;
  }
  return [...offsets, i];
}

/** An error raised by a rule's query, shown in the rule's file (see relocateQueryError). */
export function relocateRuleError(error: InputError, rule: { query: string; sourceFile: string; queryOrigin?: QueryOrigin }): InputError {
  const original = (error as { originalOffset?: unknown }).originalOffset;
  return relocateQueryError(error, rule.query, rule.sourceFile, rule.queryOrigin, typeof original === 'number' ? original : undefined);
}
