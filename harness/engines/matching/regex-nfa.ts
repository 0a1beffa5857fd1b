// Regular expressions as automata, matched by NFA simulation in O(|text|·|automaton|) time.
//
// Elasticsearch runs a `regexp` query (EQL `regex`/`regex~` on a field) as a Lucene automaton: no
// backtracking, whatever the text (https://www.elastic.co/docs/reference/query-languages/query-dsl/regexp-syntax).
// JavaScript's RegExp backtracks: `(a+)+b` over 30 `a` takes most of a minute. So a pattern is parsed
// here into a small tree, compiled to a Thompson NFA and simulated one code point at a time, keeping
// the set of live states; the set never holds a state twice, so each step costs at most the
// automaton's size. Lucene refuses automata that grow too big (max_determinized_states, default
// 10000: https://www.elastic.co/docs/reference/query-languages/query-dsl/query-dsl-regexp-query;
// RegExp.toAutomaton throws TooComplexToDeterminizeException, e.g. for a bounded repeat whose copies
// exceed the limit, apache/lucene lucene/core/src/java/org/apache/lucene/util/automaton/RegExp.java);
// the compiler here applies the same number to its own states.
//
// Assertions (`^`, `$`, `\b`, `\B`) are for the Perl-style flavours (SPL's PCRE, Java's regex in
// painless scripts); Lucene's syntax has none.

/** The default of Lucene's/Elasticsearch's max_determinized_states. */
export const MAX_AUTOMATON_STATES = 10_000;

/** A regular-expression tree. Sets match one code point; `ranges` are inclusive [lo, hi] pairs. */
export type RegexNode =
  | { readonly k: 'set'; readonly ranges: readonly number[]; readonly negated: boolean; readonly fold: Fold }
  | { readonly k: 'cat'; readonly items: readonly RegexNode[] }
  | { readonly k: 'alt'; readonly items: readonly RegexNode[] }
  | { readonly k: 'rep'; readonly e: RegexNode; readonly min: number; readonly max: number }
  | { readonly k: 'assert'; readonly what: AssertKind }
  | { readonly k: 'none' };

/** How a set treats case: not at all, ASCII letters only (Lucene), or simple Unicode folding (Perl `i`). */
export type Fold = 'none' | 'ascii' | 'unicode';

/** `endnl`: the end, or before a final newline (PCRE's `$` and `\Z`). */
export type AssertKind = 'start' | 'end' | 'endnl' | 'word' | 'notword';

export class RegexTooComplexError extends Error {
  constructor(readonly states: number) {
    super(`the regular expression is too complex: its automaton needs more than ${MAX_AUTOMATON_STATES} states (max_determinized_states)`);
    this.name = 'RegexTooComplexError';
  }
}

// ---- NFA ------------------------------------------------------------------------------------------

const SET = 0;
const SPLIT = 1;
const JUMP = 2;
const ASSERT = 3;
const MATCH = 4;

/** A compiled automaton: per state its kind, its one or two successors, and its set or assertion. */
export interface Nfa {
  readonly kind: Uint8Array;
  readonly out1: Int32Array;
  readonly out2: Int32Array;
  readonly sets: readonly (RegexNode & { k: 'set' })[];
  /** Per SET state: index into `sets`; per ASSERT state: index into ASSERTS. */
  readonly arg: Int32Array;
  readonly start: number;
  readonly size: number;
  readonly hasAssertions: boolean;
}

const ASSERTS: readonly AssertKind[] = ['start', 'end', 'endnl', 'word', 'notword'];

class Builder {
  kind: number[] = [];
  out1: number[] = [];
  out2: number[] = [];
  arg: number[] = [];
  sets: (RegexNode & { k: 'set' })[] = [];
  hasAssertions = false;

  state(kind: number, arg = -1): number {
    if (this.kind.length >= MAX_AUTOMATON_STATES) throw new RegexTooComplexError(this.kind.length);
    this.kind.push(kind);
    this.out1.push(-1);
    this.out2.push(-1);
    this.arg.push(arg);
    return this.kind.length - 1;
  }
}

/** A fragment: its entry state and the dangling exits (state, slot) to patch. */
interface Fragment {
  start: number;
  exits: [number, 1 | 2][];
}

function patch(b: Builder, exits: [number, 1 | 2][], to: number): void {
  for (const [s, slot] of exits) (slot === 1 ? b.out1 : b.out2)[s] = to;
}

/** Compiles a tree; iterative over the tree's depth only through bounded recursion on nesting. */
export function compileNfa(root: RegexNode): Nfa {
  const b = new Builder();
  const frag = build(b, root);
  const match = b.state(MATCH);
  patch(b, frag.exits, match);
  return {
    kind: Uint8Array.from(b.kind),
    out1: Int32Array.from(b.out1),
    out2: Int32Array.from(b.out2),
    arg: Int32Array.from(b.arg),
    sets: b.sets,
    start: frag.start,
    size: b.kind.length,
    hasAssertions: b.hasAssertions,
  };
}

function build(b: Builder, n: RegexNode): Fragment {
  switch (n.k) {
    case 'set': {
      b.sets.push(n);
      const s = b.state(SET, b.sets.length - 1);
      return { start: s, exits: [[s, 1]] };
    }
    case 'none': {
      // A set that matches nothing: the empty language.
      b.sets.push({ k: 'set', ranges: [], negated: false, fold: 'none' });
      const s = b.state(SET, b.sets.length - 1);
      return { start: s, exits: [] };
    }
    case 'assert': {
      b.hasAssertions = true;
      const s = b.state(ASSERT, ASSERTS.indexOf(n.what));
      return { start: s, exits: [[s, 1]] };
    }
    case 'cat': {
      if (n.items.length === 0) {
        const s = b.state(JUMP);
        return { start: s, exits: [[s, 1]] };
      }
      let first: Fragment | null = null;
      let exits: [number, 1 | 2][] = [];
      for (const item of n.items) {
        const f = build(b, item);
        if (first === null) first = f;
        else patch(b, exits, f.start);
        exits = f.exits;
      }
      return { start: (first as Fragment).start, exits };
    }
    case 'alt': {
      const frags = n.items.map((item) => build(b, item));
      let start = (frags[frags.length - 1] as Fragment).start;
      for (let i = frags.length - 2; i >= 0; i--) {
        const s = b.state(SPLIT);
        b.out1[s] = (frags[i] as Fragment).start;
        b.out2[s] = start;
        start = s;
      }
      return { start, exits: frags.flatMap((f) => f.exits) };
    }
    case 'rep': {
      const { e, min, max } = n;
      const parts: Fragment[] = [];
      for (let i = 0; i < min; i++) parts.push(build(b, e));
      if (max === Infinity) {
        const s = b.state(SPLIT);
        const body = build(b, e);
        b.out1[s] = body.start;
        patch(b, body.exits, s);
        parts.push({ start: s, exits: [[s, 2]] });
      } else {
        for (let i = min; i < max; i++) {
          const s = b.state(SPLIT);
          const body = build(b, e);
          b.out1[s] = body.start;
          parts.push({ start: s, exits: [...body.exits, [s, 2]] });
        }
      }
      if (parts.length === 0) {
        const s = b.state(JUMP);
        return { start: s, exits: [[s, 1]] };
      }
      for (let i = 1; i < parts.length; i++) patch(b, (parts[i - 1] as Fragment).exits, (parts[i] as Fragment).start);
      return { start: (parts[0] as Fragment).start, exits: (parts[parts.length - 1] as Fragment).exits };
    }
  }
}

// ---- simulation -----------------------------------------------------------------------------------

function inRanges(ranges: readonly number[], c: number): boolean {
  for (let i = 0; i < ranges.length; i += 2) if (c >= (ranges[i] as number) && c <= (ranges[i + 1] as number)) return true;
  return false;
}

function setMatches(set: RegexNode & { k: 'set' }, c: number): boolean {
  let hit = inRanges(set.ranges, c);
  if (!hit && set.fold === 'ascii' && c < 128) {
    if (c >= 65 && c <= 90) hit = inRanges(set.ranges, c + 32);
    else if (c >= 97 && c <= 122) hit = inRanges(set.ranges, c - 32);
  } else if (!hit && set.fold === 'unicode') {
    const ch = String.fromCodePoint(c);
    const lo = ch.toLowerCase();
    const up = ch.toUpperCase();
    if ([...lo].length === 1) hit = inRanges(set.ranges, lo.codePointAt(0) as number);
    if (!hit && [...up].length === 1) hit = inRanges(set.ranges, up.codePointAt(0) as number);
  }
  return set.negated ? !hit : hit;
}

function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function assertHolds(what: AssertKind, text: string, i: number): boolean {
  switch (what) {
    case 'start':
      return i === 0;
    case 'end':
      return i === text.length;
    case 'endnl':
      return i === text.length || (i === text.length - 1 && text.charCodeAt(i) === 10);
    default: {
      const before = i > 0 && isWordCode(text.charCodeAt(i - 1));
      const after = i < text.length && isWordCode(text.charCodeAt(i));
      return what === 'word' ? before !== after : before === after;
    }
  }
}

/**
 * Does the automaton match `text`? `anchored`: the whole text (Lucene regexp, Java `matches()`);
 * otherwise some substring (PCRE search). Each code point is read once; the live-state set is
 * bounded by the automaton's size, so the time is O(|text|·states).
 */
export function nfaMatches(nfa: Nfa, text: string, anchored: boolean): boolean {
  const { kind, out1, out2, arg, sets } = nfa;
  const size = nfa.size;
  let cur = new Int32Array(size);
  let next = new Int32Array(size);
  const mark = new Int32Array(size).fill(-1);
  const stack = new Int32Array(size * 2 + 2);
  let curLen: number;
  let gen = 0;
  let matched = false;
  // Adds `s0` and every state reachable from it without reading (epsilon closure), at offset i.
  const addClosure = (list: Int32Array, len0: number, s0: number, i: number): number => {
    let len = len0;
    let sp = 0;
    stack[sp++] = s0;
    while (sp > 0) {
      const s = stack[--sp] as number;
      if (s < 0 || mark[s] === gen) continue;
      mark[s] = gen;
      const k = kind[s] as number;
      if (k === SET) list[len++] = s;
      else if (k === MATCH) {
        if (!anchored || i === text.length) matched = true;
      } else if (k === JUMP) stack[sp++] = out1[s] as number;
      else if (k === SPLIT) {
        // Push out2 first so out1 is explored first (order does not change a yes/no answer).
        stack[sp++] = out2[s] as number;
        stack[sp++] = out1[s] as number;
      } else if (k === ASSERT) {
        if (assertHolds(ASSERTS[arg[s] as number] as AssertKind, text, i)) stack[sp++] = out1[s] as number;
      }
    }
    return len;
  };
  curLen = addClosure(cur, 0, nfa.start, 0);
  if (matched) return true;
  let i = 0;
  while (i < text.length) {
    const c = text.codePointAt(i) as number;
    const width = c > 0xffff ? 2 : 1;
    const at = i + width;
    gen++;
    let nextLen = 0;
    for (let k = 0; k < curLen; k++) {
      const s = cur[k] as number;
      if (setMatches(sets[arg[s] as number] as RegexNode & { k: 'set' }, c)) nextLen = addClosure(next, nextLen, out1[s] as number, at);
    }
    if (!anchored) nextLen = addClosure(next, nextLen, nfa.start, at);
    if (matched) return true;
    const t = cur;
    cur = next;
    next = t;
    curLen = nextLen;
    i = at;
    if (curLen === 0 && anchored) return false;
  }
  return matched;
}
