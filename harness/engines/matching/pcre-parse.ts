// PCRE pattern syntax parsed to the tree ./pcre-backtrack.ts runs. Unlike ./regex-parse.ts (the
// regular subset, for automata), this covers what a backtracking engine needs: back-references,
// look-ahead and look-behind, atomic groups, possessive and lazy quantifiers, inline flags anywhere
// (`(?i)`, `(?s-i:...)`), `\Q...\E`, and the PCRE meanings where JavaScript's RegExp differs:
// - `.` excludes only `\n` (PCRE's default newline is LF: pcre2pattern "Newline conventions"),
// - `$` (and `\Z`) also match before a final `\n` (pcre2pattern "Circumflex and dollar"),
// - `\s` is [\t\n\v\f\r ] and `\w` `\d` `\b` are ASCII (no PCRE2_UCP), `\h` and `\v` are PCRE's
//   horizontal/vertical space classes (not JavaScript's VT character),
// - `(?i)` folds case by simple Unicode case mapping (UTF mode).
// https://www.pcre.org/current/doc/html/pcre2pattern.html
// Refused with a clear message: recursion and subroutine calls, conditionals, callouts, backtracking
// control verbs, `\K`, `\G`, `\X`, `\R`, `\C`, Unicode properties.

import { CONTROL, POSIX, complement, rangesTest, shorthandRanges } from './pcre-classes.js';
import { fixedLength, type PNode, type ParsedPcre } from './pcre-tree.js';

export class PcreSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at offset ${offset}`);
    this.name = 'PcreSyntaxError';
  }
}

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  x: boolean;
}

/** The largest counted repeat PCRE accepts (pcre2limits: "All values in repeating quantifiers must be less than 65536"). */
const MAX_REPEAT = 65535;

/** Parses a PCRE pattern (UTF mode, default options except those given). */
export function parsePcre(pattern: string, initial: Partial<Flags> = {}): ParsedPcre {
  let i = 0;
  const n = pattern.length;
  let groupCount = 0;
  const names = new Map<string, number>();
  const refs: { index: number | string; at: number; node: { index: number } }[] = [];
  const fail = (message: string, at = i): never => {
    throw new PcreSyntaxError(message, at);
  };
  const refuse = (what: string, at = i): never => {
    throw new PcreSyntaxError(`${what} are not supported`, at);
  };

  const skipExtended = (flags: Flags): void => {
    if (!flags.x) return;
    for (;;) {
      const c = pattern[i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') i++;
      else if (c === '#') {
        while (i < n && pattern[i] !== '\n') i++;
      } else return;
    }
  };

  const parseFlagLetters = (flags: Flags, text: string, at: number): Flags => {
    const out = { ...flags };
    let on = true;
    for (const ch of text) {
      if (ch === '-') on = false;
      else if (ch === 'i' || ch === 'm' || ch === 's' || ch === 'x') out[ch] = on;
      else fail(`unrecognized inline flag (?${text})`, at);
    }
    return out;
  };

  const parseAlt = (flags0: Flags): PNode => {
    let flags = flags0;
    const alts: PNode[] = [];
    let items: PNode[] = [];
    for (;;) {
      skipExtended(flags);
      if (i >= n || pattern[i] === ')') break;
      if (pattern[i] === '|') {
        i++;
        alts.push(seq(items));
        items = [];
        continue;
      }
      // `(?i)` changes the flags for the rest of the enclosing group (all alternatives after it).
      const inline = /^\(\?([imsx]*(?:-[imsx]*)?)\)/.exec(pattern.slice(i, i + 16));
      if (inline && inline[1] !== '') {
        flags = parseFlagLetters(flags, inline[1] as string, i);
        i += inline[0].length;
        continue;
      }
      const atom = parseAtom(flags);
      if (atom === null) continue;
      items.push(parseQuantifiers(atom, flags));
    }
    alts.push(seq(items));
    return alts.length === 1 ? (alts[0] as PNode) : { t: 'alt', items: alts };
  };

  const seq = (items: PNode[]): PNode => (items.length === 1 ? (items[0] as PNode) : { t: 'seq', items });

  const parseQuantifiers = (atom0: PNode, flags: Flags): PNode => {
    let atom = atom0;
    for (;;) {
      skipExtended(flags);
      const c = pattern[i];
      let min: number;
      let max: number;
      const at = i;
      if (c === '?' || c === '*' || c === '+') {
        i++;
        min = c === '+' ? 1 : 0;
        max = c === '?' ? 1 : Infinity;
      } else if (c === '{' && /^\{\d+(,\d*)?\}/.test(pattern.slice(i, i + 16))) {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i)) as RegExpExecArray;
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
        if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) fail('number too big in {} quantifier');
        if (max < min) fail('numbers out of order in {} quantifier');
        i += m[0].length;
      } else return atom;
      if (atom.t === 'anchor') fail('quantifier does not follow a repeatable item', at);
      let mode: 'greedy' | 'lazy' | 'possessive' = 'greedy';
      if (pattern[i] === '?') {
        mode = 'lazy';
        i++;
      } else if (pattern[i] === '+') {
        mode = 'possessive';
        i++;
      }
      atom = { t: 'rep', e: atom, min, max, mode };
    }
  };

  /** A literal code point with the case flag applied. */
  const literal = (cp: number, flags: Flags): PNode => {
    if (!flags.i) return { t: 'char', test: (c) => c === cp, lit: cp };
    // The same rule as the automaton's sets (./regex-nfa.ts setMatches), so both answer alike.
    return { t: 'char', test: rangesTest([cp, cp], false, true) };
  };

  const readName = (close: string): string => {
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(pattern.slice(i));
    if (m === null) return fail('group name must start with a letter or underscore');
    i += m[0].length;
    if (pattern[i] !== close) fail(`syntax error in subpattern name (missing terminator ${close})`);
    i++;
    return m[0];
  };

  const backref = (index: number | string, flags: Flags, at: number): PNode => {
    const node = { t: 'backref' as const, index: 0, fold: flags.i };
    refs.push({ index, at, node });
    return node;
  };

  const parseGroup = (flags: Flags): PNode => {
    const at = i;
    i++; // (
    if (pattern[i] === '*') refuse('backtracking control verbs (*...)');
    let capture: number | null = null;
    let inner = flags;
    let kind: 'plain' | 'atomic' | 'ahead' | 'nahead' | 'behind' | 'nbehind' = 'plain';
    if (pattern[i] !== '?') {
      capture = ++groupCount;
    } else {
      i++;
      const c = pattern[i];
      if (c === ':') i++;
      else if (c === '>') {
        i++;
        kind = 'atomic';
      } else if (c === '=') {
        i++;
        kind = 'ahead';
      } else if (c === '!') {
        i++;
        kind = 'nahead';
      } else if (c === '<' && pattern[i + 1] === '=') {
        i += 2;
        kind = 'behind';
      } else if (c === '<' && pattern[i + 1] === '!') {
        i += 2;
        kind = 'nbehind';
      } else if (c === '<' || c === "'" || (c === 'P' && pattern[i + 1] === '<')) {
        if (c === 'P') i++;
        const open = pattern[i] as string;
        i++;
        const name = readName(open === '<' ? '>' : "'");
        if (names.has(name)) fail(`two named subpatterns have the same name (${name})`, at);
        capture = ++groupCount;
        names.set(name, capture);
      } else if (c === 'P' && pattern[i + 1] === '=') {
        i += 2;
        const name = readName(')');
        return backref(name, flags, at);
      } else if (c === 'P' && pattern[i + 1] === '>') {
        refuse('subroutine calls', at);
      } else if (c === '#') {
        const close = pattern.indexOf(')', i);
        if (close < 0) fail('missing ) after (?# comment', at);
        i = close + 1;
        return { t: 'seq', items: [] };
      } else if (c === '(') refuse('conditional subpatterns', at);
      else if (c === 'R' || c === '&' || c === '+' || (c !== undefined && /[0-9-]/.test(c) && !/^-[imsx]/.test(pattern.slice(i)))) refuse('recursion and subroutine calls', at);
      else if (c === 'C') refuse('callouts', at);
      else if (c === '|') refuse('branch-reset groups (?|...)', at);
      else {
        const m = /^([imsx]*(?:-[imsx]*)?):/.exec(pattern.slice(i, i + 16));
        if (m === null) return fail('unrecognized character after (? or (?-', at);
        inner = parseFlagLetters(flags, m[1] as string, i);
        i += m[0].length;
      }
    }
    const body = parseAlt(inner);
    if (pattern[i] !== ')') fail('missing closing parenthesis', at);
    i++;
    switch (kind) {
      case 'atomic':
        return { t: 'atomic', e: body };
      case 'ahead':
      case 'nahead':
        return { t: 'look', behind: false, negate: kind === 'nahead', e: body };
      case 'behind':
      case 'nbehind':
        checkLookbehind(body, at);
        return { t: 'look', behind: true, negate: kind === 'nbehind', e: body };
      default:
        // A bracketed anchor can be quantified (`(?:\b)+`), a bare one cannot: keep the brackets.
        return capture === null ? (body.t === 'anchor' ? { t: 'seq', items: [body] } : body) : { t: 'group', index: capture, e: body };
    }
  };

  /** PCRE requires each top-level alternative of a look-behind to have a fixed length. */
  const checkLookbehind = (body: PNode, at: number): void => {
    const alts = body.t === 'alt' ? body.items : [body];
    for (const a of alts) if (fixedLength(a) === null) fail('lookbehind assertion is not fixed length', at);
  };

  /** Returns a code point, a range list (shorthand class) or a node (assertion, back-reference). */
  const parseEscape = (flags: Flags, inClass: boolean): number | number[] | PNode => {
    const at = i;
    const e = pattern[i + 1];
    if (e === undefined) return fail('\\ at end of pattern');
    i += 2;
    const sh = shorthandRanges(e);
    if (sh !== null) return sh;
    if (e in CONTROL) return CONTROL[e] as number;
    if (e === 'x') {
      const braced = /^\{([0-9a-fA-F]{1,6})\}/.exec(pattern.slice(i));
      if (braced) {
        i += braced[0].length;
        const cp = parseInt(braced[1] as string, 16);
        if (cp > 0x10ffff) fail('character code point value in \\x{} is too large', at);
        return cp;
      }
      const m = /^[0-9a-fA-F]{0,2}/.exec(pattern.slice(i)) as RegExpExecArray;
      i += m[0].length;
      return m[0] === '' ? 0 : parseInt(m[0], 16);
    }
    if (e === 'o' && pattern[i] === '{') {
      const m = /^\{([0-7]+)\}/.exec(pattern.slice(i));
      if (m === null) return fail('invalid \\o{} escape', at);
      i += m[0].length;
      return parseInt(m[1] as string, 8);
    }
    if (e === 'c') {
      const ch = pattern.charCodeAt(i);
      if (Number.isNaN(ch) || ch > 127) return fail('\\c must be followed by a printable ASCII character', at);
      i++;
      return (ch >= 97 && ch <= 122 ? ch - 32 : ch) ^ 0x40;
    }
    if (e === '0') {
      const m = /^[0-7]{0,2}/.exec(pattern.slice(i)) as RegExpExecArray;
      i += m[0].length;
      return parseInt('0' + m[0], 8);
    }
    if (/[1-9]/.test(e)) {
      const m = /^[0-9]*/.exec(pattern.slice(i)) as RegExpExecArray;
      const num = Number(e + m[0]);
      if (inClass) {
        // In a class, \1.. are octal escapes (pcre2pattern "Non-printing characters").
        const oct = /^[0-7]{1,3}/.exec(pattern.slice(at + 1));
        if (oct === null) return fail(`invalid escape \\${e} in a character class`, at);
        i = at + 1 + oct[0].length;
        return parseInt(oct[0], 8);
      }
      i += m[0].length;
      return backref(num, flags, at);
    }
    if (e === 'g' || e === 'k') {
      const m = e === 'g' ? /^(?:\{(-?\d+|[A-Za-z_]\w*)\}|(-?\d+))/.exec(pattern.slice(i)) : /^(?:<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)'|\{([A-Za-z_]\w*)\})/.exec(pattern.slice(i));
      if (m === null) return fail(`\\${e} is not followed by a group number or name`, at);
      i += m[0].length;
      const ref = (m[1] ?? m[2] ?? m[3]) as string;
      if (/^-/.test(ref)) return backref(groupCount + 1 + Number(ref), flags, at);
      return backref(/^\d+$/.test(ref) ? Number(ref) : ref, flags, at);
    }
    if (inClass && e === 'b') return 8;
    if (!inClass) {
      if (e === 'b') return { t: 'anchor', what: 'word' };
      if (e === 'B') return { t: 'anchor', what: 'notword' };
      if (e === 'A') return { t: 'anchor', what: 'start' };
      if (e === 'z') return { t: 'anchor', what: 'end' };
      if (e === 'Z') return { t: 'anchor', what: 'endnl' };
    }
    if (e === 'p' || e === 'P') refuse('Unicode property escapes \\p and \\P', at);
    // PCRE's own error: "PCRE2 does not support \F, \L, \l, \N{name}, \U, or \u" (pcre2_compile error 137).
    if ('FLlNUu'.includes(e)) fail(`PCRE does not support \\${e} (for a code point write \\x{hhhh})`, at);
    if (e === 'Q') return fail('internal: \\Q handled by the caller', at);
    if (/[A-Za-z]/.test(e)) refuse(`the escape \\${e}`, at);
    const cp = pattern.codePointAt(i - 1) as number;
    if (cp > 0xffff) i++;
    return cp;
  };

  const parseAtom = (flags: Flags): PNode | null => {
    const c = pattern[i] as string;
    if (c === '(') return parseGroup(flags);
    if (c === '[') return parseClass(flags);
    if (c === '.') {
      i++;
      return flags.s ? { t: 'char', test: () => true } : { t: 'char', test: (x) => x !== 10 };
    }
    if (c === '^') {
      i++;
      return { t: 'anchor', what: flags.m ? 'linestart' : 'start' };
    }
    if (c === '$') {
      i++;
      return { t: 'anchor', what: flags.m ? 'lineend' : 'endnl' };
    }
    if (c === '*' || c === '+' || c === '?') return fail('quantifier does not follow a repeatable item');
    if (c === '{' && /^\{\d+(,\d*)?\}/.test(pattern.slice(i, i + 16))) return fail('quantifier does not follow a repeatable item');
    if (c === '\\') {
      if (pattern[i + 1] === 'Q') {
        i += 2;
        const end = pattern.indexOf('\\E', i);
        const text = end < 0 ? pattern.slice(i) : pattern.slice(i, end);
        i = end < 0 ? n : end + 2;
        const items = [...text].map((ch) => literal(ch.codePointAt(0) as number, flags));
        return items.length === 0 ? null : seq(items);
      }
      if (pattern[i + 1] === 'E') {
        i += 2;
        return null;
      }
      const r = parseEscape(flags, false);
      if (typeof r === 'number') return literal(r, flags);
      if (Array.isArray(r)) return { t: 'char', test: rangesTest(r, false, false) };
      return r;
    }
    const cp = pattern.codePointAt(i) as number;
    i += cp > 0xffff ? 2 : 1;
    return literal(cp, flags);
  };

  const parseClass = (flags: Flags): PNode => {
    const at = i;
    i++; // [
    let negated = false;
    if (pattern[i] === '^') {
      negated = true;
      i++;
    }
    const ranges: number[] = [];
    let first = true;
    const classAtom = (): number | number[] => {
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(pattern.slice(i, i + 12));
      if (posix) {
        const r = POSIX[posix[2] as string];
        if (r === undefined) return fail(`unknown POSIX class name ${posix[2]}`);
        i += posix[0].length;
        return posix[1] === '^' ? complement(r) : r;
      }
      if (pattern[i] === '\\') {
        const r = parseEscape(flags, true);
        if (typeof r === 'number' || Array.isArray(r)) return r;
        return fail('invalid escape in a character class');
      }
      const cp = pattern.codePointAt(i) as number;
      i += cp > 0xffff ? 2 : 1;
      return cp;
    };
    while (i < n && (pattern[i] !== ']' || first)) {
      first = false;
      if (pattern.startsWith('\\Q', i)) {
        i += 2;
        const end = pattern.indexOf('\\E', i);
        const text = end < 0 ? pattern.slice(i) : pattern.slice(i, end);
        i = end < 0 ? n : end + 2;
        for (const ch of text) ranges.push(ch.codePointAt(0) as number, ch.codePointAt(0) as number);
        continue;
      }
      if (pattern.startsWith('\\E', i)) {
        i += 2;
        continue;
      }
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
      } else ranges.push(lo, lo);
    }
    if (pattern[i] !== ']') fail('missing terminating ] for character class', at);
    i++;
    return { t: 'char', test: rangesTest(ranges, negated, flags.i) };
  };

  const root = parseAlt({ i: false, m: false, s: false, x: false, ...initial });
  if (i < n) fail('unmatched closing parenthesis');
  for (const r of refs) {
    const index = typeof r.index === 'string' ? names.get(r.index) : r.index;
    if (index === undefined) fail(`reference to non-existent subpattern ${String(r.index)}`, r.at);
    if ((index as number) < 1 || (index as number) > groupCount) fail('reference to non-existent subpattern', r.at);
    r.node.index = index as number;
  }
  return { root, groupCount, names };
}
