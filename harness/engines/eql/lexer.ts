// EQL tokens, as Elasticsearch's lexer (EqlBase.g4) defines them: case-sensitive lowercase
// keywords, `//` and `/* */` comments, double-quoted strings with `\` escapes, `"""raw"""` strings,
// backquoted identifiers, `?` before an optional field, `![` opening a missing-event stage.
// https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax
import { EqlSyntaxError } from './errors.js';

export type TokenKind =
  | 'keyword'
  | 'identifier'
  /** `` `quoted` `` identifier; value has the backquotes removed and doubled ones collapsed. */
  | 'quotedIdentifier'
  /** `name~` (a case-insensitive function name); value without the `~`. */
  | 'tildeIdentifier'
  | 'string'
  | 'integer'
  | 'decimal'
  | 'operator'
  | 'eof';

export interface Token {
  kind: TokenKind;
  /** Keyword or operator text, identifier name, or decoded string value. */
  value: string;
  start: number;
  end: number;
  /** Strings only: written as `"""raw"""`. */
  raw?: boolean;
}

export const KEYWORDS = new Set([
  'and',
  'any',
  'by',
  'false',
  'in',
  'in~',
  'join',
  'like',
  'like~',
  'maxspan',
  'not',
  'null',
  'of',
  'or',
  'regex',
  'regex~',
  'sample',
  'sequence',
  'true',
  'until',
  'where',
  'with',
]);

const TWO_CHAR_OPERATORS = new Set(['==', '!=', '<=', '>=', '![']);
const ONE_CHAR_OPERATORS = new Set([':', '=', '<', '>', '+', '-', '*', '/', '%', '.', ',', '[', ']', '(', ')', '|', '?']);

const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isIdentPart = (c: number): boolean => isLetter(c) || isDigit(c) || c === 95; /* _ */

export function tokenize(text: string, file: string): Token[] {
  const tokens: Token[] = [];
  const fail = (message: string, offset: number): never => {
    throw new EqlSyntaxError(message, { text, file, offset });
  };
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    // Whitespace: the grammar's WS is [ \r\n\t]; anything else is an unrecognised character.
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      i = skipBlockComment(text, i, fail);
      continue;
    }
    const start = i;
    if (c === 34 /* " */) {
      if (text.startsWith('"""', i)) {
        tokens.push(readRawString(text, i, fail));
      } else {
        tokens.push(readString(text, i, fail));
      }
      i = (tokens[tokens.length - 1] as Token).end;
      continue;
    }
    if (c === 39 /* ' */) {
      fail('use double quotes ["] to define string literals, not single quotes [\']', i);
    }
    if (c === 63 /* ? */ && (text.charCodeAt(i + 1) === 34 || text.charCodeAt(i + 1) === 39)) {
      fail('use triple double quotes ["""] to define unescaped string literals, not [?"]', i);
    }
    if (c === 96 /* ` */) {
      let j = i + 1;
      let name = '';
      for (;;) {
        if (j >= n) fail('unterminated quoted identifier: missing closing [`]', start);
        const d = text.charCodeAt(j);
        if (d === 96) {
          if (text.charCodeAt(j + 1) === 96) {
            name += '`';
            j += 2;
            continue;
          }
          break;
        }
        name += text[j];
        j++;
      }
      tokens.push({ kind: 'quotedIdentifier', value: name, start, end: j + 1 });
      i = j + 1;
      continue;
    }
    if (isDigit(c) || (c === 46 /* . */ && isDigit(text.charCodeAt(i + 1)))) {
      tokens.push(readNumber(text, i));
      i = (tokens[tokens.length - 1] as Token).end;
      continue;
    }
    if (isLetter(c) || c === 95 || c === 64 /* @ */) {
      let j = i + 1;
      while (j < n && isIdentPart(text.charCodeAt(j))) j++;
      const word = text.slice(i, j);
      // `like~`, `in~`, `regex~` are keywords; `name~` before `(` is a case-insensitive function.
      if (text.charCodeAt(j) === 126 /* ~ */ && c !== 95 && c !== 64) {
        const withTilde = word + '~';
        if (KEYWORDS.has(withTilde)) {
          tokens.push({ kind: 'keyword', value: withTilde, start, end: j + 1 });
        } else {
          tokens.push({ kind: 'tildeIdentifier', value: word, start, end: j + 1 });
        }
        i = j + 1;
        continue;
      }
      tokens.push({ kind: KEYWORDS.has(word) ? 'keyword' : 'identifier', value: word, start, end: j });
      i = j;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (TWO_CHAR_OPERATORS.has(two)) {
      tokens.push({ kind: 'operator', value: two, start, end: i + 2 });
      i += 2;
      continue;
    }
    const one = text[i] as string;
    if (ONE_CHAR_OPERATORS.has(one)) {
      tokens.push({ kind: 'operator', value: one, start, end: i + 1 });
      i += 1;
      continue;
    }
    const cp = text.codePointAt(i) ?? c;
    fail(`token recognition error at: '${String.fromCodePoint(cp)}'`, i);
  }
  tokens.push({ kind: 'eof', value: '<EOF>', start: n, end: n });
  return tokens;
}

function skipBlockComment(text: string, start: number, fail: (m: string, o: number) => never): number {
  // Block comments nest, as in the grammar's BRACKETED_COMMENT.
  let depth = 0;
  let i = start;
  while (i < text.length) {
    if (text.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (text.startsWith('*/', i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return fail('unterminated comment: missing [*/]', start);
}

function readRawString(text: string, start: number, fail: (m: string, o: number) => never): Token {
  // """...""" on one line; up to two extra quotes before the closing triple belong to the value.
  let j = start + 3;
  for (;;) {
    if (j >= text.length || text.charCodeAt(j) === 10 || text.charCodeAt(j) === 13) {
      fail('unterminated raw string: missing closing ["""] on the same line', start);
    }
    if (text.startsWith('"""', j)) break;
    j++;
  }
  let end = j + 3;
  if (text.charCodeAt(end) === 34) end++;
  if (text.charCodeAt(end) === 34) end++;
  return { kind: 'string', value: text.slice(start + 3, end - 3), start, end, raw: true };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  b: '\b',
  t: '\t',
  n: '\n',
  f: '\f',
  r: '\r',
  '"': '"',
  "'": "'",
  '\\': '\\',
};

function readString(text: string, start: number, fail: (m: string, o: number) => never): Token {
  let j = start + 1;
  let value = '';
  let chunkStart = j;
  for (;;) {
    if (j >= text.length) fail('unterminated string: missing closing ["]', start);
    const c = text.charCodeAt(j);
    if (c === 10 || c === 13) fail('unterminated string: a string cannot span lines (use \\n)', start);
    if (c === 34) break;
    if (c === 92 /* \ */) {
      value += text.slice(chunkStart, j);
      const e = text[j + 1];
      if (e !== undefined && e in SIMPLE_ESCAPES) {
        value += SIMPLE_ESCAPES[e];
        j += 2;
      } else if (e === 'u' && text[j + 2] === '{') {
        const close = text.indexOf('}', j + 3);
        const hex = close < 0 ? '' : text.slice(j + 3, close);
        if (!/^[0-9a-fA-F]{2,8}$/.test(hex)) {
          fail('invalid unicode escape: expected \\u{XX} with 2 to 8 hex digits', j);
        }
        const cp = parseInt(hex, 16);
        if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
          fail(`invalid unicode character code [${hex}]`, j);
        }
        value += String.fromCodePoint(cp);
        j = close + 1;
      } else {
        fail(`invalid escape sequence [\\${e ?? ''}]: use \\\\ for a backslash, or a """raw""" string`, j);
      }
      chunkStart = j;
      continue;
    }
    j++;
  }
  value += text.slice(chunkStart, j);
  return { kind: 'string', value, start, end: j + 1 };
}

function readNumber(text: string, start: number): Token {
  let j = start;
  let decimal = false;
  while (isDigit(text.charCodeAt(j))) j++;
  if (text.charCodeAt(j) === 46 /* . */) {
    decimal = true;
    j++;
    while (isDigit(text.charCodeAt(j))) j++;
  }
  const e = text.charCodeAt(j);
  if (e === 69 || e === 101) {
    let k = j + 1;
    if (text[k] === '+' || text[k] === '-') k++;
    if (isDigit(text.charCodeAt(k))) {
      while (isDigit(text.charCodeAt(k))) k++;
      decimal = true;
      j = k;
    }
  }
  return { kind: decimal ? 'decimal' : 'integer', value: text.slice(start, j), start, end: j };
}
