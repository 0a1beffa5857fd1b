// PCRE matching with PCRE's resource limits: the one entry point for every PCRE use in the SPL
// engine (`regex`, `rex`, `match()`, `replace()`, `mvfind()`, data-model Rex calculations).
//
// Two engines, one answer:
// - a pattern in PCRE's regular subset is also compiled to an automaton (./regex-nfa.ts, with
//   PCRE's meanings of `.` `$` `\Z` `\h` `\v`): a yes/no test runs the automaton alone, linear in the
//   text, and an extraction runs the backtracker only on text the automaton accepts — so a value that
//   does not match never backtracks at all;
// - everything else (captures, back-references, look-around, atomic groups, possessive quantifiers)
//   runs on the bounded backtracker (./pcre-backtrack.ts), which stops at match_limit / depth_limit
//   as PCRE does. The caller decides what a stopped search means (SPL: no match, plus a note).
// A regular pattern's yes/no answer is PCRE's answer without limits: where PCRE would hit its limit
// on a regular pattern (nested quantifiers over a long non-matching value), PCRE fails the search
// and the automaton finds no match either; only the note differs.

import { compileNfa, nfaMatches, RegexTooComplexError, type Nfa } from './regex-nfa.js';
import { parsePerlRegex, RegexSyntaxError } from './regex-parse.js';
import { compileBacktracker, newBudget, PcreLimitError, searchFrom, type Compiled, type LimitHit, type PcreLimits, type SearchBudget } from './pcre-backtrack.js';
import { parsePcre, PcreSyntaxError } from './pcre-parse.js';
import { requiredLiteral, type ParsedPcre } from './pcre-tree.js';

export { PcreLimitError, SEARCH_LIMIT_FACTOR, type LimitHit, type PcreLimits } from './pcre-backtrack.js';

/** One match: offsets are UTF-16 indexes into the searched string. */
export interface PcreMatch {
  index: number;
  end: number;
  /** Group texts by number (0 is the whole match); undefined for a group that did not take part. */
  groups: (string | undefined)[];
  /** Named groups' texts. */
  named: Map<string, string | undefined>;
}

/** What a search returns when a limit stopped it. */
export interface PcreLimited {
  limit: LimitHit;
}

export function isLimited(r: unknown): r is PcreLimited {
  return typeof r === 'object' && r !== null && 'limit' in r;
}

/** A text as code points (in a buffer shared by all searches: one search runs at a time), with the UTF-16 offset of each (and of the end). */
interface Subject {
  text: string;
  cps: Int32Array;
  n: number;
  offsets: Int32Array | null;
}

let buffer = new Int32Array(1024);

function subjectOf(text: string): Subject {
  const n = text.length;
  if (buffer.length < n) buffer = new Int32Array(Math.max(n, buffer.length * 2));
  const cps = buffer;
  let surrogates = false;
  for (let k = 0; k < n; k++) {
    const c = text.charCodeAt(k);
    if (c >= 0xd800 && c <= 0xdfff) {
      surrogates = true;
      break;
    }
    cps[k] = c;
  }
  if (!surrogates) return { text, cps, n, offsets: null };
  const offs: number[] = [];
  let count = 0;
  for (let k = 0; k < n; ) {
    const c = text.codePointAt(k) as number;
    cps[count++] = c;
    offs.push(k);
    k += c > 0xffff ? 2 : 1;
  }
  offs.push(n);
  return { text, cps, n: count, offsets: Int32Array.from(offs) };
}

function offsetOf(s: Subject, cp: number): number {
  return s.offsets === null ? cp : (s.offsets[cp] as number);
}

function cpIndexOf(s: Subject, utf16: number): number {
  if (s.offsets === null) return utf16;
  let lo = 0;
  let hi = s.offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((s.offsets[mid] as number) < utf16) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The backtracker's first try when an automaton can decide whether a value matches at all. */
const FIRST_TRY_LIMITS: PcreLimits = { matchLimit: 2_000, depthLimit: 1_000 };
const FIRST_TRY_CALLS = 10_000;

export interface PcreOptions {
  /** Flags set from outside the pattern (as a leading `(?i)` would). */
  caseless?: boolean;
  /** false: never use the automaton (tests compare the two engines). */
  automaton?: boolean;
}

/** A compiled PCRE pattern with limits. Not re-entrant (one search at a time, as JavaScript runs). */
export class BoundedPcre {
  private readonly nfa: Nfa | null;
  private readonly bt: Compiled;
  /** A string every match contains, or null. */
  private readonly required: string | null;

  constructor(
    readonly source: string,
    readonly limits: PcreLimits,
    bt: Compiled,
    nfa: Nfa | null,
    required: string | null,
  ) {
    this.bt = bt;
    this.nfa = nfa;
    this.required = required;
  }

  get groupCount(): number {
    return this.bt.groupCount;
  }

  /** Named groups in the order of their numbers. */
  get groupNames(): string[] {
    return [...this.bt.names.entries()].sort((a, b) => a[1] - b[1]).map((e) => e[0]);
  }

  /** Is `pattern` regular (answered by the automaton in linear time)? */
  get linear(): boolean {
    return this.nfa !== null;
  }

  /** Does the pattern match somewhere in `text`? */
  test(text: string): boolean | PcreLimited {
    if (this.required !== null && !text.includes(this.required)) return false;
    const r = this.first(text);
    return isLimited(r) ? r : r !== null;
  }

  /** The first match at or after UTF-16 offset `from`. */
  exec(text: string, from = 0): PcreMatch | null | PcreLimited {
    if (this.required !== null && !text.includes(this.required, from)) return null;
    if (from === 0) return this.first(text);
    const s = subjectOf(text);
    return this.execAt(s, cpIndexOf(s, from));
  }

  /**
   * The first match. With an automaton, the backtracker first gets a small budget (most searches need
   * far less); a search that spends it asks the automaton, and only a value the automaton accepts is
   * searched again with the full limits. So a regular pattern never spends PCRE's limits on a value
   * that cannot match, and a value that can is matched as PCRE would match it.
   */
  private first(text: string): PcreMatch | null | PcreLimited {
    const s = subjectOf(text);
    if (this.nfa === null) return this.execAt(s, 0);
    const quick = this.execAt(s, 0, { left: FIRST_TRY_CALLS }, FIRST_TRY_LIMITS);
    if (!isLimited(quick)) return quick;
    if (!nfaMatches(this.nfa, text, false)) return null;
    return this.execAt(s, 0);
  }

  /** Every match left to right (at most `max`, 0 = no limit); an empty match moves on by one code point. */
  matchAll(text: string, max = 0): { matches: PcreMatch[]; limit: LimitHit | null } {
    const matches: PcreMatch[] = [];
    if (this.required !== null && !text.includes(this.required)) return { matches, limit: null };
    const head = this.first(text);
    if (head === null) return { matches, limit: null };
    if (isLimited(head)) return { matches, limit: head.limit };
    matches.push(head);
    const s = subjectOf(text);
    const budget = newBudget(this.limits);
    let prev = head;
    while (max === 0 || matches.length < max) {
      const endCp = cpIndexOf(s, prev.end);
      const at = endCp === cpIndexOf(s, prev.index) ? endCp + 1 : endCp;
      if (at > s.n) break;
      const r = this.execAt(s, at, budget);
      if (r === null) break;
      if (isLimited(r)) return { matches, limit: r.limit };
      matches.push(r);
      prev = r;
    }
    return { matches, limit: null };
  }

  private execAt(s: Subject, fromCp: number, budget: SearchBudget = newBudget(this.limits), limits = this.limits): PcreMatch | null | PcreLimited {
    let caps: Int32Array | null;
    try {
      caps = searchFrom(this.bt, s.cps, s.n, fromCp, limits, budget);
    } catch (error) {
      if (error instanceof PcreLimitError) return { limit: error.which };
      throw error;
    }
    if (caps === null) return null;
    const groups: (string | undefined)[] = [];
    for (let g = 0; g <= this.bt.groupCount; g++) {
      const a = caps[2 * g] as number;
      const b = caps[2 * g + 1] as number;
      groups.push(a < 0 ? undefined : s.text.slice(offsetOf(s, a), offsetOf(s, b)));
    }
    const named = new Map<string, string | undefined>();
    for (const [name, g] of this.bt.names) named.set(name, groups[g]);
    return { index: offsetOf(s, caps[0] as number), end: offsetOf(s, caps[1] as number), groups, named };
  }
}

/** Compiles a PCRE pattern; the error text (with the offset) when it is invalid or unsupported. */
export function compileBoundedPcre(pattern: string, limits: PcreLimits, options: PcreOptions = {}): BoundedPcre | string {
  let parsed: ParsedPcre;
  try {
    parsed = parsePcre(pattern, { i: options.caseless === true });
  } catch (error) {
    if (error instanceof PcreSyntaxError) return error.message;
    throw error;
  }
  const required = requiredLiteral(parsed.root);
  return new BoundedPcre(pattern, limits, compileBacktracker(parsed), options.automaton === false ? null : automatonFor(pattern, options), required !== null && required.length >= 2 ? required : null);
}

/** The automaton for a pattern in the regular subset (leading inline flags i and s only), else null. */
function automatonFor(pattern: string, options: PcreOptions): Nfa | null {
  const lead = /^\(\?([is]+)\)/.exec(pattern);
  const f = lead ? (lead[1] as string) : '';
  try {
    return compileNfa(
      parsePerlRegex(pattern.slice(lead ? lead[0].length : 0), {
        fold: f.includes('i') || options.caseless === true ? 'unicode' : 'none',
        dotAll: f.includes('s'),
        multiline: false,
        pcre: true,
      }),
    );
  } catch (error) {
    if (error instanceof RegexSyntaxError || error instanceof RegexTooComplexError) return null;
    throw error;
  }
}

/**
 * Replaces matches with a PCRE-style replacement: `\1`..`\9` insert a group's text (nothing when it
 * did not take part), `\0` the whole match, `\\` a backslash; everything else is literal. `nth`: only
 * that match (1-based); 0: every match.
 */
export function pcreReplace(re: BoundedPcre, text: string, replacement: string, nth: number): { text: string; limit: LimitHit | null } {
  const { matches, limit } = re.matchAll(text, nth === 0 ? 0 : nth);
  if (limit !== null) return { text, limit };
  const chosen = nth === 0 ? matches : matches.slice(nth - 1, nth);
  let out = '';
  let last = 0;
  for (const m of chosen) {
    out += text.slice(last, m.index) + expand(replacement, m);
    last = m.end;
  }
  return { text: out + text.slice(last), limit: null };
}

function expand(replacement: string, m: PcreMatch): string {
  if (!replacement.includes('\\')) return replacement;
  let out = '';
  for (let k = 0; k < replacement.length; k++) {
    const c = replacement[k] as string;
    const d = replacement[k + 1];
    if (c === '\\' && d !== undefined && d >= '0' && d <= '9') {
      out += m.groups[Number(d)] ?? '';
      k++;
    } else if (c === '\\' && d === '\\') {
      out += '\\';
      k++;
    } else out += c;
  }
  return out;
}
