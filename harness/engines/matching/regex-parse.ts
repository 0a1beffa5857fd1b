// Parsers from regular-expression syntaxes to the tree ./regex-nfa.ts compiles.
//
// - Lucene (Elasticsearch `regexp`, EQL `regex` on a field): `.` `?` `+` `*` `{n}` `{n,}` `{n,m}` `|`
//   `( )` `[ ]` (with `^` negation and ranges) `"literal"` `\x` escapes, `@` (any string) and `#`
//   (empty language) under the default ALL flags; `\d \s \w \D \S \W` as Lucene 9 reads them; `^`
//   and `$` are ordinary characters. `~` (complement), `&` (intersection) and `<n-m>` are refused.
//   https://www.elastic.co/docs/reference/query-languages/query-dsl/regexp-syntax
//   Case-insensitive (`regex~`, ASCII_CASE_INSENSITIVE): a literal character also matches its other
//   ASCII case; a range `[a-z]` is taken as written (RegExp.toAutomatonInternal applies the flag to
//   REGEXP_CHAR and REGEXP_STRING only, apache/lucene .../util/automaton/RegExp.java).
// - Perl style (SPL's PCRE, Java's java.util.regex in painless scripts), the regular subset: classes,
//   escapes, groups (capturing, non-capturing, named), alternation, greedy/lazy/bounded quantifiers,
//   `^` `$` `\b` `\B` `\A` `\z` `\Z`. Back-references, look-around, atomic groups, possessive
//   quantifiers, recursion, inline flags inside the pattern and POSIX classes are not regular or not
//   modelled: the parser reports them so the caller can refuse the pattern or bound another engine.

import { complement } from './pcre-classes.js';
import type { Fold, RegexNode } from './regex-nfa.js';

export class RegexSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    /** The pattern is valid but uses a feature this parser does not model. */
    readonly unsupported = false,
  ) {
    super(message);
    this.name = 'RegexSyntaxError';
  }
}

const ANY: readonly number[] = [0, 0x10ffff];
const DIGIT: readonly number[] = [48, 57];
const WORD: readonly number[] = [48, 57, 65, 90, 95, 95, 97, 122];
const SPACE: readonly number[] = [9, 13, 32, 32];
const HSPACE: readonly number[] = [9, 9, 32, 32, 0xa0, 0xa0, 0x1680, 0x1680, 0x180e, 0x180e, 0x2000, 0x200a, 0x202f, 0x202f, 0x205f, 0x205f, 0x3000, 0x3000];
const VSPACE: readonly number[] = [10, 13, 0x85, 0x85, 0x2028, 0x2029];

function set(ranges: readonly number[], negated: boolean, fold: Fold): RegexNode {
  return { k: 'set', ranges, negated, fold };
}

function literal(cp: number, fold: Fold): RegexNode {
  return set([cp, cp], false, fold);
}

function cat(items: RegexNode[]): RegexNode {
  return items.length === 1 ? (items[0] as RegexNode) : { k: 'cat', items };
}


/** `\d \s \w` and their negations as ranges. */
function shorthand(e: string): number[] | null {
  switch (e) {
    case 'd':
      return [...DIGIT];
    case 'w':
      return [...WORD];
    case 's':
      return [...SPACE];
    case 'D':
      return complement(DIGIT);
    case 'W':
      return complement(WORD);
    case 'S':
      return complement(SPACE);
    default:
      return null;
  }
}

// ---- Lucene ---------------------------------------------------------------------------------------

/** Parses a Lucene regular expression (matched against the whole value). */
export function parseLuceneRegex(pattern: string, caseInsensitive: boolean): RegexNode {
  const fold: Fold = caseInsensitive ? 'ascii' : 'none';
  let i = 0;
  const n = pattern.length;
  const fail = (message: string, at = i, unsupported = false): never => {
    throw new RegexSyntaxError(message, at, unsupported);
  };
  // Explicit stack instead of recursion: nesting depth is attacker-controlled only in the pattern,
  // but a rule file is input too.
  const parseUnion = (): RegexNode => {
    const alts: RegexNode[] = [parseConcat()];
    while (i < n && pattern[i] === '|') {
      i++;
      alts.push(parseConcat());
    }
    return alts.length === 1 ? (alts[0] as RegexNode) : { k: 'alt', items: alts };
  };
  const parseConcat = (): RegexNode => {
    const items: RegexNode[] = [];
    while (i < n && pattern[i] !== '|' && pattern[i] !== ')') {
      if (pattern[i] === '&') fail('the Lucene intersection operator [&] is not supported by this engine', i, true);
      items.push(parseRepeat());
    }
    return cat(items);
  };
  const parseRepeat = (): RegexNode => {
    let atom = parseAtom();
    for (;;) {
      const c = pattern[i];
      if (c === '?' || c === '*' || c === '+') {
        i++;
        atom = { k: 'rep', e: atom, min: c === '+' ? 1 : 0, max: c === '?' ? 1 : Infinity };
      } else if (c === '{') {
        const close = pattern.indexOf('}', i);
        const body = close < 0 ? '' : pattern.slice(i + 1, close);
        const m = /^(\d+)(,(\d*))?$/.exec(body);
        if (!m) fail('invalid repetition: expected {n}, {n,} or {n,m}');
        const min = Number((m as RegExpExecArray)[1]);
        const max = (m as RegExpExecArray)[2] === undefined ? min : (m as RegExpExecArray)[3] === '' ? Infinity : Number((m as RegExpExecArray)[3]);
        if (max < min) fail('invalid repetition: {n,m} with m < n');
        i = close + 1;
        atom = { k: 'rep', e: atom, min, max };
      } else {
        return atom;
      }
    }
  };
  const parseAtom = (): RegexNode => {
    const c = pattern[i];
    if (c === undefined) return fail('unexpected end of regular expression');
    if (c === '~') return fail('the Lucene complement operator [~] is not supported by this engine', i, true);
    if (c === '(') {
      i++;
      const inner = i < n && pattern[i] === ')' ? cat([]) : parseUnion();
      if (pattern[i] !== ')') fail('unclosed group: missing [)]');
      i++;
      return inner;
    }
    if (c === '[') return parseClass();
    if (c === '.') {
      i++;
      return set(ANY, false, 'none');
    }
    if (c === '@') {
      i++;
      return { k: 'rep', e: set(ANY, false, 'none'), min: 0, max: Infinity };
    }
    if (c === '#') {
      i++;
      return { k: 'none' };
    }
    if (c === '<') return fail('the Lucene numeric interval <n-m> is not supported by this engine', i, true);
    if (c === '"') {
      const close = pattern.indexOf('"', i + 1);
      if (close < 0) fail('unclosed quoted literal: missing ["]');
      const text = pattern.slice(i + 1, close);
      i = close + 1;
      return cat([...text].map((ch) => literal(ch.codePointAt(0) as number, fold)));
    }
    if (c === '\\') {
      if (i + 1 >= n) fail('dangling backslash at the end of the regular expression');
      const cp = pattern.codePointAt(i + 1) as number;
      const e = String.fromCodePoint(cp);
      i += 1 + e.length;
      const sh = shorthand(e);
      return sh !== null ? set(sh, false, 'none') : literal(cp, fold);
    }
    if (c === ')' || c === '|') return fail(`unexpected [${c}]`);
    if (c === '*' || c === '+' || c === '?' || c === '{') return fail(`nothing to repeat before [${c}]`);
    const cp = pattern.codePointAt(i) as number;
    i += cp > 0xffff ? 2 : 1;
    return literal(cp, fold);
  };
  const parseClass = (): RegexNode => {
    i++; // [
    let negated = false;
    if (pattern[i] === '^') {
      negated = true;
      i++;
    }
    // Single characters in a class fold with the flag (they are REGEXP_CHAR); ranges do not.
    const singles: number[] = [];
    const ranges: number[] = [];
    let first = true;
    while (i < n && (pattern[i] !== ']' || first)) {
      first = false;
      let lo: number;
      if (pattern[i] === '\\') {
        if (i + 1 >= n) fail('dangling backslash in a character class');
        const cp = pattern.codePointAt(i + 1) as number;
        const e = String.fromCodePoint(cp);
        i += 1 + e.length;
        const sh = shorthand(e);
        if (sh !== null) {
          ranges.push(...sh);
          continue;
        }
        lo = cp;
      } else {
        lo = pattern.codePointAt(i) as number;
        i += lo > 0xffff ? 2 : 1;
      }
      if (pattern[i] === '-' && i + 1 < n && pattern[i + 1] !== ']') {
        i++;
        let hi: number;
        if (pattern[i] === '\\') {
          hi = pattern.codePointAt(i + 1) as number;
          i += 1 + String.fromCodePoint(hi).length;
        } else {
          hi = pattern.codePointAt(i) as number;
          i += hi > 0xffff ? 2 : 1;
        }
        if (hi < lo) fail('invalid character class range: the end is before the start');
        ranges.push(lo, hi);
      } else {
        singles.push(lo);
      }
    }
    if (pattern[i] !== ']') fail('unclosed character class: missing []]');
    i++;
    const parts: RegexNode[] = [];
    if (ranges.length > 0) parts.push(set(ranges, false, 'none'));
    for (const cp of singles) parts.push(literal(cp, fold));
    if (!negated) return parts.length === 1 ? (parts[0] as RegexNode) : { k: 'alt', items: parts.length === 0 ? [{ k: 'none' }] : parts };
    // A negated class: every code point that none of the parts accepts. With case folding on
    // singles, both cases of a single are excluded.
    const all = [...ranges];
    for (const cp of singles) {
      all.push(cp, cp);
      if (fold === 'ascii' && cp < 128) {
        if (cp >= 65 && cp <= 90) all.push(cp + 32, cp + 32);
        if (cp >= 97 && cp <= 122) all.push(cp - 32, cp - 32);
      }
    }
    return set(all, true, 'none');
  };
  const root = parseUnion();
  if (i < n) fail(`unexpected [${pattern[i]}]`);
  return root;
}

// ---- Perl style (PCRE, java.util.regex) -----------------------------------------------------------

export interface PerlOptions {
  /** Case-insensitive matching: `unicode` for PCRE's `(?i)` in UTF mode, `ascii` for Java's CASE_INSENSITIVE without UNICODE_CASE. */
  fold: Fold;
  /** `.` matches a newline too (s flag). */
  dotAll: boolean;
  /** `^`/`$` at line breaks (m flag) — not modelled: refused. */
  multiline: boolean;
  /**
   * PCRE's meanings where they differ from Java's/JavaScript's (see ./pcre-parse.ts): `.` excludes
   * only `\n`, `$` and `\Z` also match before a final `\n`, `\h` `\v` are the horizontal/vertical
   * space classes. Used by SPL so the automaton answers as ./pcre-backtrack.ts does.
   */
  pcre?: boolean;
}

const CONTROL_ESCAPES: Record<string, number> = { t: 9, n: 10, r: 13, f: 12, v: 11, e: 27, a: 7, '0': 0 };

/** Parses the regular subset of PCRE / java.util.regex; throws RegexSyntaxError (unsupported=true) outside it. */
export function parsePerlRegex(pattern: string, options: PerlOptions): RegexNode {
  const fold = options.fold;
  let i = 0;
  const n = pattern.length;
  const fail = (message: string, at = i): never => {
    throw new RegexSyntaxError(message, at, false);
  };
  const unsupported = (what: string, at = i): never => {
    throw new RegexSyntaxError(`${what} are not supported by the linear-time matcher`, at, true);
  };
  if (options.multiline) unsupported('multiline anchors');
  const dot = options.dotAll ? set(ANY, false, 'none') : options.pcre === true ? set([10, 10], true, 'none') : set([10, 10, 13, 13, 0x2028, 0x2029], true, 'none');
  const pcre = options.pcre === true;
  const parseUnion = (): RegexNode => {
    const alts: RegexNode[] = [parseConcat()];
    while (i < n && pattern[i] === '|') {
      i++;
      alts.push(parseConcat());
    }
    return alts.length === 1 ? (alts[0] as RegexNode) : { k: 'alt', items: alts };
  };
  const parseConcat = (): RegexNode => {
    const items: RegexNode[] = [];
    while (i < n && pattern[i] !== '|' && pattern[i] !== ')') items.push(parseRepeat());
    return cat(items);
  };
  const parseRepeat = (): RegexNode => {
    let atom = parseAtom();
    for (;;) {
      const c = pattern[i];
      let min: number;
      let max: number;
      if (c === '?' || c === '*' || c === '+') {
        i++;
        min = c === '+' ? 1 : 0;
        max = c === '?' ? 1 : Infinity;
      } else if (c === '{' && /^\{\d+(,\d*)?\}/.test(pattern.slice(i, i + 24))) {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i)) as RegExpExecArray;
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
        if (max < min) fail('numbers out of order in {} quantifier');
        i += m[0].length;
      } else {
        return atom;
      }
      if (atom.k === 'assert') fail('quantifier does not follow a repeatable item');
      // Lazy (`?`) gives the same yes/no answer; possessive (`+`) does not: it forbids backtracking.
      if (pattern[i] === '?') i++;
      else if (pattern[i] === '+') unsupported('possessive quantifiers');
      atom = { k: 'rep', e: atom, min, max };
    }
  };
  const escapeCodePoint = (): number | number[] | RegexNode => {
    // At a backslash; returns a code point, a range list (shorthand class) or an assertion node.
    const e = pattern[i + 1];
    if (e === undefined) return fail('\\ at end of pattern');
    i += 2;
    if (pcre && (e === 'h' || e === 'v' || e === 'H' || e === 'V')) {
      const r = e === 'h' || e === 'H' ? HSPACE : VSPACE;
      return e === 'h' || e === 'v' ? [...r] : complement(r);
    }
    const sh = shorthand(e);
    if (sh !== null) return sh;
    if (e in CONTROL_ESCAPES) {
      if (e === '0' && /[0-7]/.test(pattern[i] ?? '')) unsupported('octal escapes');
      return CONTROL_ESCAPES[e] as number;
    }
    if (e === 'x') {
      const braced = /^\{([0-9a-fA-F]{1,6})\}/.exec(pattern.slice(i));
      if (braced) {
        i += braced[0].length;
        return parseInt(braced[1] as string, 16);
      }
      const two = /^[0-9a-fA-F]{2}/.exec(pattern.slice(i));
      if (!two) return fail('invalid \\x escape');
      i += 2;
      return parseInt(two[0], 16);
    }
    if (e === 'u') {
      const four = /^[0-9a-fA-F]{4}/.exec(pattern.slice(i));
      if (!four) return unsupported('\\u escapes without four hex digits');
      i += 4;
      return parseInt(four[0], 16);
    }
    if (e === 'b') return { k: 'assert', what: 'word' };
    if (e === 'B') return { k: 'assert', what: 'notword' };
    if (e === 'A') return { k: 'assert', what: 'start' };
    if (e === 'z') return { k: 'assert', what: 'end' };
    if (e === 'Z') return pcre ? { k: 'assert', what: 'endnl' } : unsupported('\\Z (end before a final newline) assertions');
    if (/[1-9]/.test(e) || e === 'k' || e === 'g') return unsupported('back-references');
    if (/[a-zA-Z]/.test(e)) return unsupported(`the escape \\${e}`, i - 2);
    const cp = pattern.codePointAt(i - 1) as number;
    if (cp > 0xffff) i++;
    return cp;
  };
  const parseAtom = (): RegexNode => {
    const c = pattern[i];
    if (c === undefined) return fail('unexpected end of pattern');
    if (c === '(') {
      i++;
      if (pattern[i] === '?') {
        const rest = pattern.slice(i, i + 4);
        if (rest.startsWith('?:')) i += 2;
        else if (/^\?P?<[A-Za-z_]/.test(rest)) {
          const close = pattern.indexOf('>', i);
          if (close < 0) fail('unterminated group name');
          i = close + 1;
        } else if (/^\?(=|!|<=|<!)/.test(rest)) unsupported('look-around assertions');
        else if (rest.startsWith('?>')) unsupported('atomic groups');
        else if (/^\?[imsxU-]/.test(rest)) unsupported('inline flags inside the pattern');
        else unsupported('this group construct');
      }
      const inner = i < n && pattern[i] === ')' ? cat([]) : parseUnion();
      if (pattern[i] !== ')') fail('missing )');
      i++;
      return inner;
    }
    if (c === ')') return fail('unmatched )');
    if (c === '[') return parseClass();
    if (c === '.') {
      i++;
      return dot;
    }
    if (c === '^') {
      i++;
      return { k: 'assert', what: 'start' };
    }
    if (c === '$') {
      i++;
      return { k: 'assert', what: pcre ? 'endnl' : 'end' };
    }
    if (c === '*' || c === '+' || c === '?') return fail('quantifier does not follow a repeatable item');
    if (c === '\\') {
      const r = escapeCodePoint();
      if (typeof r === 'number') return literal(r, fold);
      if (Array.isArray(r)) return set(r, false, 'none');
      return r;
    }
    const cp = pattern.codePointAt(i) as number;
    i += cp > 0xffff ? 2 : 1;
    return literal(cp, fold);
  };
  const parseClass = (): RegexNode => {
    i++; // [
    let negated = false;
    if (pattern[i] === '^') {
      negated = true;
      i++;
    }
    const ranges: number[] = [];
    let first = true;
    const classAtom = (): number | number[] => {
      if (pattern.startsWith('[:', i)) unsupported('POSIX character classes');
      if (pattern[i] === '[') unsupported('nested character classes');
      if (pattern[i] === '\\') {
        if (pattern[i + 1] === 'b') {
          i += 2;
          return 8;
        }
        const r = escapeCodePoint();
        if (typeof r === 'number' || Array.isArray(r)) return r;
        return unsupported('assertions inside a character class');
      }
      const cp = pattern.codePointAt(i) as number;
      i += cp > 0xffff ? 2 : 1;
      return cp;
    };
    while (i < n && (pattern[i] !== ']' || first)) {
      first = false;
      const lo = classAtom();
      if (Array.isArray(lo)) {
        ranges.push(...lo);
        continue;
      }
      if (pattern[i] === '-' && i + 1 < n && pattern[i + 1] !== ']') {
        i++;
        const hi = classAtom();
        if (Array.isArray(hi)) {
          ranges.push(lo, lo, 45, 45, ...hi);
          continue;
        }
        if (hi < lo) fail('range out of order in character class');
        ranges.push(lo, hi);
      } else {
        ranges.push(lo, lo);
      }
    }
    if (pattern[i] !== ']') fail('missing terminating ] for character class');
    i++;
    return set(ranges, negated, fold);
  };
  const root = parseUnion();
  if (i < n) fail(`unmatched ${pattern[i]}`);
  return root;
}
