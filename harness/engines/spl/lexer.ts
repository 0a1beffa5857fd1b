// Lexing SPL. SPL is lexed per context: the pipeline splitter finds the commands (`|` outside quotes
// and subsearch brackets), then each command's arguments are lexed in one of three modes:
// - search mode (search command, base search): terms, quoted phrases, parentheses, comparisons;
// - eval mode (eval, where, stats eval()): operators, numbers, strings, field names;
// - argument mode (every other command): words, quoted strings, key=value options, groups, subsearches.
// Search-string escapes (`\\` -> `\`, `\"` -> `"`, `\|` -> `|`; other sequences are left alone) follow
// the search command's "Quotes and escaping characters":
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/search
// https://help.splunk.com/splunk-enterprise/search/search-manual/9.4/search-primer/backslashes
import type { Span } from './ast.js';
import { syntaxError } from './errors.js';

/** Resolves the escape sequences the search processor knows; unknown sequences keep their backslash. */
export function unescapeSearch(raw: string): string {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c === '\\' && i + 1 < raw.length) {
      const n = raw[i + 1] as string;
      if (n === '\\' || n === '"' || n === '|') {
        out += n;
        i++;
        continue;
      }
    }
    out += c;
  }
  return out;
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
}

/** End (exclusive) of the double-quoted string opening at `i`; throws when it never closes before `end`. */
export function quotedEnd(text: string, i: number, end: number): number {
  let j = i + 1;
  while (j < end) {
    const c = text[j];
    if (c === '\\') j += 2;
    else if (c === '"') return j + 1;
    else j++;
  }
  throw syntaxError('unterminated quoted string: expected a closing "', i, text);
}

/**
 * End (exclusive) of the group opening at `i` with `open` and closing with `close` (`[...]` subsearches,
 * `(...)` groups), nested, skipping quoted strings, escapes and (inside parentheses) subsearches.
 */
export function groupEnd(text: string, i: number, end: number, open: '[' | '(', close: ']' | ')'): number {
  let depth = 0;
  let j = i;
  while (j < end) {
    const c = text[j];
    if (c === '"') {
      j = quotedEnd(text, j, end);
      continue;
    }
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (open === '(' && c === '[') {
      j = groupEnd(text, j, end, '[', ']');
      continue;
    }
    if (c === open) depth++;
    else if (c === close) {
      depth--;
      if (depth === 0) return j + 1;
    }
    j++;
  }
  throw syntaxError(open === '[' ? 'unterminated subsearch: expected a closing "]"' : 'unbalanced "(": expected ")"', i, text);
}

/** End (exclusive) of the `[...]` subsearch opening at `i`. */
export function bracketEnd(text: string, i: number, end: number): number {
  return groupEnd(text, i, end, '[', ']');
}

/** End (exclusive) of the parenthesised group opening at `open`, skipping quoted strings and brackets. */
export function parenEnd(text: string, open: number, end: number): number {
  return groupEnd(text, open, end, '(', ')');
}

/** Offsets of the command segments of text[start, end): split at `|` outside quotes and brackets. */
export function splitCommands(text: string, start: number, end: number): Span[] {
  const out: Span[] = [];
  let segStart = start;
  let i = start;
  while (i < end) {
    const c = text[i];
    if (c === '"') {
      i = quotedEnd(text, i, end);
    } else if (c === '[') {
      i = bracketEnd(text, i, end);
    } else if (c === ']') {
      throw syntaxError('unexpected "]": no subsearch is open', i, text);
    } else if (c === '\\') {
      i += 2;
    } else if (c === '|') {
      out.push({ start: segStart, end: i });
      segStart = i + 1;
      i++;
    } else {
      i++;
    }
  }
  out.push({ start: segStart, end: Math.min(end, text.length) });
  return out;
}

/** First non-space offset in [i, end), or end. */
export function skipSpace(text: string, i: number, end: number): number {
  while (i < end && isSpace(text[i])) i++;
  return i;
}

/** Last non-space offset + 1 in [start, end). */
export function trimEnd(text: string, start: number, end: number): number {
  while (end > start && isSpace(text[end - 1])) end--;
  return end;
}

// ---- search and argument modes -------------------------------------------------------------------

/** A token of search or argument mode; `glued` = no whitespace before it. */
export type WordToken =
  | { t: '(' | ')' | ','; span: Span; glued: boolean }
  | { t: 'word'; raw: string; span: Span; glued: boolean }
  | { t: 'string'; text: string; span: Span; glued: boolean }
  | { t: 'sub'; span: Span; glued: boolean };

const SEARCH_WORD_STOP = new Set([' ', '\t', '\n', '\r', '\f', '\v', '(', ')', '"', '[', ']']);
const ARG_WORD_STOP = new Set([...SEARCH_WORD_STOP, ',']);

/**
 * Words, quoted strings (escapes resolved), parentheses, subsearches and, in argument mode, commas.
 * Words keep their raw text (escapes unresolved) so callers can find operators in them.
 */
function lexWords(text: string, start: number, end: number, stop: Set<string>): WordToken[] {
  const out: WordToken[] = [];
  let i = start;
  let glued = false;
  while (i < end) {
    const c = text[i] as string;
    if (isSpace(c)) {
      i++;
      glued = false;
      continue;
    }
    if (c === '(' || c === ')' || (c === ',' && stop.has(','))) {
      out.push({ t: c, span: { start: i, end: i + 1 }, glued });
      i++;
      glued = true;
      continue;
    }
    if (c === '"') {
      const e = quotedEnd(text, i, end);
      out.push({ t: 'string', text: unescapeSearch(text.slice(i + 1, e - 1)), span: { start: i, end: e }, glued });
      i = e;
      glued = true;
      continue;
    }
    if (c === '[') {
      const e = bracketEnd(text, i, end);
      out.push({ t: 'sub', span: { start: i, end: e }, glued });
      i = e;
      glued = true;
      continue;
    }
    if (c === ']') throw syntaxError('unexpected "]"', i, text);
    let j = i;
    while (j < end) {
      const d = text[j] as string;
      if (d === '\\' && j + 1 < end) {
        j += 2;
        continue;
      }
      if (stop.has(d)) break;
      j++;
    }
    out.push({ t: 'word', raw: text.slice(i, j), span: { start: i, end: j }, glued });
    i = j;
    glued = true;
  }
  return out;
}

export type SearchToken = WordToken;

/** Tokens of a search expression in text[start, end). Commas stay inside words. */
export function lexSearch(text: string, start: number, end: number): SearchToken[] {
  return lexWords(text, start, end, SEARCH_WORD_STOP);
}

// ---- eval mode -------------------------------------------------------------------------------------

export type EvalToken =
  | { t: 'num'; value: number; span: Span }
  | { t: 'str'; value: string; span: Span }
  | { t: 'field'; name: string; quoted: boolean; span: Span }
  | { t: 'op'; op: string; span: Span };

const EVAL_OPS = ['==', '!=', '<=', '>=', '=', '<', '>', '+', '-', '*', '/', '%', '.', '(', ')', ',', '!'];

function isIdentStart(c: string): boolean {
  return /[A-Za-z_@${]/.test(c) || c > '\u007f';
}

function isIdentChar(c: string): boolean {
  return /[A-Za-z0-9_.{}@:$]/.test(c) || c > '\u007f';
}

/** Tokens of an eval expression in text[start, end). */
export function lexEval(text: string, start: number, end: number): EvalToken[] {
  const out: EvalToken[] = [];
  let i = start;
  while (i < end) {
    const c = text[i] as string;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      const e = quotedEnd(text, i, end);
      out.push({ t: 'str', value: unescapeSearch(text.slice(i + 1, e - 1)), span: { start: i, end: e } });
      i = e;
      continue;
    }
    if (c === "'") {
      const e = text.indexOf("'", i + 1);
      if (e < 0 || e >= end) throw syntaxError("unterminated field name: expected a closing '", i, text);
      out.push({ t: 'field', name: text.slice(i + 1, e), quoted: true, span: { start: i, end: e + 1 } });
      i = e + 1;
      continue;
    }
    if (text.startsWith('<<', i)) {
      // foreach templates: <<FIELD>>, <<MATCHSTR>>, <<ITEM>>, <<MATCHSEGn>>
      const e = text.indexOf('>>', i + 2);
      if (e > 0 && e < end && /^[A-Z0-9_]+$/.test(text.slice(i + 2, e))) {
        let j = e + 2;
        while (j < end && isIdentChar(text[j] as string)) j++;
        out.push({ t: 'field', name: text.slice(i, j), quoted: false, span: { start: i, end: j } });
        i = j;
        continue;
      }
    }
    const num = /^(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)/.exec(text.slice(i, Math.min(end, i + 64)));
    if (num && (i === start || !isIdentChar(text[i - 1] as string) || text[i - 1] === '.')) {
      const raw = num[0];
      // A number directly followed by identifier characters is a field name (e.g. `1st_seen`).
      const after = text[i + raw.length];
      if (after === undefined || i + raw.length >= end || !/[A-Za-z_]/.test(after)) {
        out.push({ t: 'num', value: Number(raw), span: { start: i, end: i + raw.length } });
        i += raw.length;
        continue;
      }
    }
    if (isIdentStart(c) || /[0-9]/.test(c)) {
      let j = i + 1;
      while (j < end && isIdentChar(text[j] as string)) j++;
      // A trailing `.` belongs to the concatenation operator, not the name.
      while (j > i + 1 && text[j - 1] === '.') j--;
      out.push({ t: 'field', name: text.slice(i, j), quoted: false, span: { start: i, end: j } });
      i = j;
      continue;
    }
    const op = EVAL_OPS.find((o) => text.startsWith(o, i));
    if (op === undefined || i + op.length > end) throw syntaxError(`unexpected character "${c}" in expression`, i, text);
    out.push({ t: 'op', op, span: { start: i, end: i + op.length } });
    i += op.length;
  }
  return out;
}

// ---- argument mode ---------------------------------------------------------------------------------

/** A token of command arguments; words have their escapes resolved (`text`). */
export type ArgToken =
  | { t: '(' | ')' | ','; span: Span; glued: boolean }
  | { t: 'word'; text: string; span: Span; glued: boolean }
  | { t: 'string'; value: string; span: Span; glued: boolean }
  | { t: 'sub'; span: Span; glued: boolean };

/** Tokens of command arguments in text[start, end). Words keep `=` (split later into options). */
export function lexArgs(text: string, start: number, end: number): ArgToken[] {
  return lexWords(text, start, end, ARG_WORD_STOP).map((t): ArgToken => {
    if (t.t === 'word') return { t: 'word', text: unescapeSearch(t.raw), span: t.span, glued: t.glued };
    if (t.t === 'string') return { t: 'string', value: t.text, span: t.span, glued: t.glued };
    return t;
  });
}
