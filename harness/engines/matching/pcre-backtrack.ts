// A backtracking matcher for the tree ./pcre-parse.ts builds (./pcre-tree.ts), bounded the way PCRE bounds itself.
//
// PCRE counts calls of its internal match() function and stops a search with PCRE_ERROR_MATCHLIMIT
// when the count passes match_limit ("imposed on the number of times this function is called during
// a match, which has the effect of limiting the amount of backtracking that can take place. For
// patterns that are not anchored, the count restarts from zero for each position in the subject
// string"), and with PCRE_ERROR_RECURSIONLIMIT when the nesting of those calls passes the depth
// limit (match_limit_recursion / depth_limit). pcreapi(3), "Extra data for pcre_exec()";
// https://www.pcre.org/original/doc/html/pcreapi.html; PCRE2: pcre2_set_match_limit,
// pcre2_set_depth_limit (https://www.pcre.org/current/doc/html/pcre2api.html).
//
// Here a "call" is counted where PCRE opens one: each alternative tried, each group entered, each
// iteration of a group repeat, each length tried by a single-character repeat when backtracking, each
// look-around and back-reference. The depth is the number of those still open (pending backtrack
// points). The counts approximate PCRE's (its compile-time optimizations such as auto-possessifying
// `a+b` into `a++b` save calls this engine makes), so a pattern close to the limit can be stopped
// here and not in PCRE or the other way round; far from the limit both agree.
//
// Beyond PCRE: a whole search (all start positions together) may spend at most
// SEARCH_LIMIT_FACTOR × match_limit calls. PCRE lets every start position spend up to match_limit,
// which on a 10,000-character value is a billion calls; the harness must answer in bounded time.
//
// Semantics where PCRE and JavaScript's RegExp differ, PCRE's are kept (documented in pcre-parse.ts):
// also captures of a repeated group keep the last iteration's value (JavaScript resets them each
// iteration), and a back-reference to a group that has not captured fails (JavaScript matches it as
// empty). An iteration of an unbounded group repeat that matches the empty string ends the repeat.

import type { CharTest, PNode, ParsedPcre } from './pcre-tree.js';

/** Splunk's defaults (limits.conf [rex], props.conf/transforms.conf MATCH_LIMIT/DEPTH_LIMIT). */
export interface PcreLimits {
  matchLimit: number;
  depthLimit: number;
}

/** Whole-search cap, in multiples of match_limit (see the header). */
export const SEARCH_LIMIT_FACTOR = 10;

/** Which limit stopped a search. */
export type LimitHit = 'match_limit' | 'depth_limit';

export class PcreLimitError extends Error {
  constructor(readonly which: LimitHit) {
    super(which);
    this.name = 'PcreLimitError';
  }
}

type Cont = (i: number) => boolean;
type Matcher = (i: number, k: Cont) => boolean;

/** The mutable state of one search; matchers close over it. */
interface Run {
  cps: Int32Array;
  n: number;
  caps: Int32Array;
  steps: number;
  depth: number;
  matchLimit: number;
  depthLimit: number;
}

function isWord(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function caseEq(a: number, b: number): boolean {
  if (a === b) return true;
  const sa = String.fromCodePoint(a);
  const sb = String.fromCodePoint(b);
  return sa.toLowerCase() === sb.toLowerCase() || sa.toUpperCase() === sb.toUpperCase();
}

/** A compiled pattern: call `search` with a prepared Run. */
export interface Compiled {
  readonly groupCount: number;
  readonly names: ReadonlyMap<string, number>;
  /** Only start position 0 can match (`^` / `\A` first without the m flag). */
  readonly anchored: boolean;
  /** A code point every match starts with, or null when unknown (or the match may be empty). */
  readonly first: CharTest | null;
  readonly run: Run;
  readonly root: Matcher;
}

export function compileBacktracker(parsed: ParsedPcre): Compiled {
  const run: Run = { cps: new Int32Array(0), n: 0, caps: new Int32Array(2 * (parsed.groupCount + 1)), steps: 0, depth: 0, matchLimit: 0, depthLimit: 0 };
  const R = run;
  const step = (): void => {
    if (++R.steps > R.matchLimit) throw new PcreLimitError('match_limit');
  };
  const open = (): void => {
    if (++R.depth > R.depthLimit) throw new PcreLimitError('depth_limit');
  };
  /**
   * The rest of a look-around once its body has run: a negative one succeeds when the body failed and
   * keeps no captures; a positive one keeps the body's captures, undone if what follows fails.
   */
  const afterAssertion = (ok: boolean, negate: boolean, saved: Int32Array, i: number, k: Cont): boolean => {
    if (negate) {
      R.caps.set(saved);
      return !ok && k(i);
    }
    if (!ok) return false;
    if (k(i)) return true;
    R.caps.set(saved);
    return false;
  };

  const compile = (node: PNode): Matcher => {
    switch (node.t) {
      case 'char': {
        const test = node.test;
        return (i, k) => i < R.n && test(R.cps[i] as number) && k(i + 1);
      }
      case 'seq':
        return compileSeq(node.items);
      case 'alt': {
        const alts = node.items.map(compile);
        return (i, k) => {
          open();
          for (const a of alts) {
            step();
            if (a(i, k)) return true;
          }
          R.depth--;
          return false;
        };
      }
      case 'group': {
        const body = compile(node.e);
        const s = 2 * node.index;
        return (i, k) => {
          step();
          open();
          const ok = body(i, (j) => {
            const ps = R.caps[s] as number;
            const pe = R.caps[s + 1] as number;
            R.caps[s] = i;
            R.caps[s + 1] = j;
            if (k(j)) return true;
            R.caps[s] = ps;
            R.caps[s + 1] = pe;
            return false;
          });
          if (!ok) R.depth--;
          return ok;
        };
      }
      case 'anchor':
        return compileAnchor(node.what);
      case 'backref': {
        const s = 2 * node.index;
        const fold = node.fold;
        return (i, k) => {
          step();
          const from = R.caps[s] as number;
          const to = R.caps[s + 1] as number;
          if (from < 0) return false;
          const len = to - from;
          if (i + len > R.n) return false;
          for (let d = 0; d < len; d++) {
            const a = R.cps[from + d] as number;
            const b = R.cps[i + d] as number;
            if (a !== b && !(fold && caseEq(a, b))) return false;
          }
          return k(i + len);
        };
      }
      case 'atomic':
        return atomic(compile(node.e));
      case 'look': {
        if (!node.behind) {
          const body = compile(node.e);
          const negate = node.negate;
          return (i, k) => {
            step();
            open();
            const saved = R.caps.slice();
            const ok = body(i, () => true);
            R.depth--;
            return afterAssertion(ok, negate, saved, i, k);
          };
        }
        const alts = (node.e.t === 'alt' ? node.e.items : [node.e]).map((a) => ({ m: compile(a), len: fixedLengthOf(a) }));
        const negate = node.negate;
        return (i, k) => {
          step();
          open();
          const saved = R.caps.slice();
          let ok = false;
          for (const a of alts) {
            if (i - a.len < 0) continue;
            if (a.m(i - a.len, (j) => j === i)) {
              ok = true;
              break;
            }
          }
          R.depth--;
          return afterAssertion(ok, negate, saved, i, k);
        };
      }
      case 'rep':
        return compileRep(node);
    }
  };

  const atomic = (body: Matcher): Matcher => {
    return (i, k) => {
      step();
      open();
      const saved = R.caps.slice();
      let end = -1;
      const ok = body(i, (j) => {
        end = j;
        return true;
      });
      R.depth--;
      if (!ok) return false;
      if (k(end)) return true;
      R.caps.set(saved);
      return false;
    };
  };

  const compileSeq = (items: readonly PNode[]): Matcher => {
    if (items.length === 0) return (i, k) => k(i);
    // Runs of single characters are matched in a loop: no continuation per character.
    const parts: Matcher[] = [];
    let run: CharTest[] = [];
    const flush = (): void => {
      if (run.length === 0) return;
      const tests = run;
      const len = tests.length;
      parts.push(
        len === 1
          ? compile({ t: 'char', test: tests[0] as CharTest })
          : (i, k) => {
              if (i + len > R.n) return false;
              for (let d = 0; d < len; d++) if (!(tests[d] as CharTest)(R.cps[i + d] as number)) return false;
              return k(i + len);
            },
      );
      run = [];
    };
    for (const it of items) {
      if (it.t === 'char') run.push(it.test);
      else {
        flush();
        parts.push(compile(it));
      }
    }
    flush();
    if (parts.length === 1) return parts[0] as Matcher;
    let m = parts[parts.length - 1] as Matcher;
    for (let p = parts.length - 2; p >= 0; p--) {
      const head = parts[p] as Matcher;
      const tail = m;
      m = (i, k) => head(i, (j) => tail(j, k));
    }
    return m;
  };

  const compileAnchor = (what: string): Matcher => {
    switch (what) {
      case 'start':
        return (i, k) => i === 0 && k(i);
      case 'end':
        return (i, k) => i === R.n && k(i);
      case 'endnl':
        return (i, k) => (i === R.n || (i === R.n - 1 && R.cps[i] === 10)) && k(i);
      case 'linestart':
        // PCRE: not after a newline that ends the subject (pcre2pattern "Circumflex and dollar").
        return (i, k) => (i === 0 || (R.cps[i - 1] === 10 && i < R.n)) && k(i);
      case 'lineend':
        return (i, k) => (i === R.n || R.cps[i] === 10) && k(i);
      default: {
        const want = what === 'word';
        return (i, k) => {
          const before = i > 0 && isWord(R.cps[i - 1] as number);
          const after = i < R.n && isWord(R.cps[i] as number);
          return (before !== after) === want && k(i);
        };
      }
    }
  };

  const compileRep = (node: PNode & { t: 'rep' }): Matcher => {
    const { min, max, mode } = node;
    if (node.e.t === 'char') {
      // A single-character repeat: scan, then try the lengths (PCRE does the same in a loop).
      const test = node.e.test;
      if (mode === 'lazy') {
        return (i, k) => {
          let j = i;
          let c = 0;
          while (c < min) {
            if (j >= R.n || !test(R.cps[j] as number)) return false;
            j++;
            c++;
          }
          open();
          for (;;) {
            step();
            if (k(j)) return true;
            if (c >= max || j >= R.n || !test(R.cps[j] as number)) break;
            j++;
            c++;
          }
          R.depth--;
          return false;
        };
      }
      return (i, k) => {
        let j = i;
        let c = 0;
        while (c < max && j < R.n && test(R.cps[j] as number)) {
          j++;
          c++;
        }
        if (c < min) return false;
        if (mode === 'possessive') return k(j);
        open();
        for (; c >= min; c--, j--) {
          step();
          if (k(j)) return true;
        }
        R.depth--;
        return false;
      };
    }
    const body = compile(node.e);
    if (mode === 'possessive') return atomic(compileRep({ ...node, mode: 'greedy' }));
    if (mode === 'lazy') {
      const iterate = (i: number, count: number, k: Cont): boolean => {
        if (count >= min && k(i)) return true;
        if (count >= max) return false;
        step();
        open();
        const ok = body(i, (j) => (j === i && count >= min ? false : iterate(j, count + 1, k)));
        if (!ok) R.depth--;
        return ok;
      };
      return (i, k) => iterate(i, 0, k);
    }
    const iterate = (i: number, count: number, k: Cont): boolean => {
      if (count < max) {
        step();
        open();
        if (body(i, (j) => (j === i && count >= min ? false : iterate(j, count + 1, k)))) return true;
        R.depth--;
      }
      return count >= min && k(i);
    };
    return (i, k) => iterate(i, 0, k);
  };

  return {
    groupCount: parsed.groupCount,
    names: parsed.names,
    anchored: startsAnchored(parsed.root),
    first: firstChar(parsed.root),
    run,
    root: compile(parsed.root),
  };
}

function fixedLengthOf(node: PNode): number {
  switch (node.t) {
    case 'char':
      return 1;
    case 'anchor':
    case 'look':
    case 'backref':
      return 0;
    case 'group':
    case 'atomic':
      return fixedLengthOf(node.e);
    case 'rep':
      return node.min * fixedLengthOf(node.e);
    case 'seq':
      return node.items.reduce((a, it) => a + fixedLengthOf(it), 0);
    case 'alt':
      return node.items.length === 0 ? 0 : fixedLengthOf(node.items[0] as PNode);
  }
}

function startsAnchored(node: PNode): boolean {
  switch (node.t) {
    case 'anchor':
      return node.what === 'start';
    case 'seq':
      return node.items.length > 0 && startsAnchored(node.items[0] as PNode);
    case 'group':
    case 'atomic':
      return startsAnchored(node.e);
    case 'alt':
      return node.items.length > 0 && node.items.every(startsAnchored);
    default:
      return false;
  }
}

/** A test every first code point of a (non-empty) match passes; null when unknown or a match can be empty. */
function firstChar(node: PNode): CharTest | null {
  switch (node.t) {
    case 'char':
      return node.test;
    case 'seq': {
      const head = node.items[0];
      return head === undefined ? null : firstChar(head);
    }
    case 'group':
    case 'atomic':
      return firstChar(node.e);
    case 'rep':
      return node.min >= 1 ? firstChar(node.e) : null;
    case 'alt': {
      const tests = node.items.map(firstChar);
      if (tests.some((t) => t === null)) return null;
      const ts = tests as CharTest[];
      return (c) => ts.some((t) => t(c));
    }
    default:
      return null;
  }
}

/** Calls left for a whole search (shared by the searches of one global replace / multi-match). */
export interface SearchBudget {
  left: number;
}

export function newBudget(limits: PcreLimits): SearchBudget {
  return { left: limits.matchLimit * SEARCH_LIMIT_FACTOR };
}

/** The result of one search: the capture offsets (code-point indexes; -1 when unset), or null. */
export function searchFrom(c: Compiled, cps: Int32Array, n: number, from: number, limits: PcreLimits, budget: SearchBudget = newBudget(limits)): Int32Array | null {
  const R = c.run;
  R.cps = cps;
  R.n = n;
  R.matchLimit = limits.matchLimit;
  R.depthLimit = limits.depthLimit;
  const last = c.anchored ? Math.min(0, R.n) : R.n;
  let end = -1;
  const done: Cont = (j) => {
    end = j;
    return true;
  };
  for (let p = from; p <= last; p++) {
    if (c.first !== null && (p >= R.n || !c.first(cps[p] as number))) continue;
    R.caps.fill(-1);
    R.steps = 0;
    R.depth = 0;
    let ok: boolean;
    try {
      ok = c.root(p, done);
    } catch (error) {
      // A JavaScript stack overflow is this engine's depth running out before depth_limit does.
      if (error instanceof RangeError) throw new PcreLimitError('depth_limit');
      throw error;
    }
    if (ok) {
      R.caps[0] = p;
      R.caps[1] = end;
      return R.caps.slice();
    }
    budget.left -= R.steps;
    if (budget.left < 0) throw new PcreLimitError('match_limit');
  }
  return null;
}
