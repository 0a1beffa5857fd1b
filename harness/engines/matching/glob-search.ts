// Unanchored glob search over UTF-16 code units, by NFA simulation: O(|text|·|pattern|) whatever the
// text holds. Used where a glob must be found somewhere inside attacker-controlled text with extra
// conditions a plain substring search cannot express: a star that may not cross some characters,
// and matches that must start and end at given boundaries (Splunk's check of a wildcard term against
// a whole index term of _raw). A backtracking RegExp for the same question (`a[^ ]*a[^ ]*b` retried
// at every start) takes time exponential in the number of stars; this walks the text once, keeping
// the set of pattern positions reachable so far (Thompson's construction, without the RegExp).

/** A star in a compiled search glob. */
export const STAR = -1;

export interface GlobSearch {
  /** Pattern code units (folded if `fold` is given), STAR for `*`. */
  readonly units: Int32Array;
  /** May a star consume text[i]? */
  readonly starAllows: (text: string, i: number) => boolean;
  /** May a match start at offset i (< text.length)? */
  readonly startOk: (text: string, i: number) => boolean;
  /** May a match end at offset i (<= text.length)? */
  readonly endOk: (text: string, i: number) => boolean;
  /** Folding of one code unit, applied to the text (the pattern is folded by the caller). */
  readonly fold: ((c: number) => number) | null;
}

/** Compiles a `*` glob's text to code units; `fold` is applied to each literal unit. */
export function globUnits(pattern: string, fold: ((c: number) => number) | null): Int32Array {
  const out = new Int32Array(pattern.length);
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    out[i] = c === 42 ? STAR : fold === null ? c : fold(c);
  }
  return out;
}

/** Per compiled glob: which code units fold to its first unit (1) or not (0), built on first use. */
/** Above this many candidate first units, one indexOf per unit costs more than a scan. */
const MAX_INDEXOF_STARTS = 4;

/** Per compiled glob: the code units that fold to its first unit (built on first use). */
const firstUnits = new WeakMap<GlobSearch, string[]>();

/** The code units `fold` maps to `first`, as one-unit strings (`q` and `Q` for a folded `Q`). */
function foldedTo(g: GlobSearch, fold: (c: number) => number, first: number): string[] {
  let units = firstUnits.get(g);
  if (units === undefined) {
    units = [];
    for (let c = 0; c < 65536; c++) if (fold(c) === first) units.push(String.fromCharCode(c));
    firstUnits.set(g, units);
  }
  return units;
}

/**
 * The next offset at or after `from` where one of `starts` occurs (-1: none). `next` holds each start's
 * next occurrence found so far (found with the native indexOf, which skips text far faster than a
 * loop over code units) and is advanced only past offsets already passed.
 */
function nextStart(text: string, starts: readonly string[], next: number[], from: number): number {
  if (starts.length > MAX_INDEXOF_STARTS) {
    // A folding that maps many units to one: test each offset instead.
    for (let i = from; i < text.length; i++) if (starts.includes(text[i] as string)) return i;
    return -1;
  }
  let best = -1;
  for (let s = 0; s < starts.length; s++) {
    let at = next[s] as number;
    if (at !== -1 && at < from) next[s] = at = text.indexOf(starts[s] as string, from);
    if (at !== -1 && (best === -1 || at < best)) best = at;
  }
  return best;
}

/**
 * A glob without a star (a quoted phrase, a term with breakers): each start is checked unit by unit,
 * O(|text|·|pattern|) at worst like the NFA, without its state lists. The candidate starts (the code
 * units that fold to the first one) are found with indexOf: the common case is a first unit that
 * rarely occurs.
 */
function literalSearch(g: GlobSearch, text: string): boolean {
  const units = g.units;
  const m = units.length;
  const first = units[0] as number;
  const fold = g.fold;
  const starts = fold === null ? [String.fromCharCode(first)] : foldedTo(g, fold, first);
  const next = starts.map(() => -2); // -2: not looked up yet (below any offset)
  const last = text.length - m;
  for (let i = nextStart(text, starts, next, 0); i !== -1 && i <= last; i = nextStart(text, starts, next, i + 1)) {
    let k = 1;
    for (; k < m; k++) {
      const c = text.charCodeAt(i + k);
      if ((fold === null ? c : fold(c)) !== units[k]) break;
    }
    if (k === m && g.startOk(text, i) && g.endOk(text, i + m)) return true;
  }
  return false;
}

/** Is there a substring of `text` matching the glob, starting and ending where the options allow? */
export function globSearch(g: GlobSearch, text: string): boolean {
  const units = g.units;
  const m = units.length;
  const n = text.length;
  if (m > 0 && !units.includes(STAR)) return literalSearch(g, text);
  // Two state lists with a per-step stamp instead of clearing a membership array.
  let cur = new Int32Array(m + 1);
  let next = new Int32Array(m + 1);
  const seen = new Int32Array(m + 1).fill(-1);
  let curLen = 0;
  let nextLen: number;
  let stamp = 0;
  // Adds state k and, through stars (which may match nothing), the states after it.
  const add = (list: Int32Array, len: number, k0: number): number => {
    let k = k0;
    let l = len;
    for (;;) {
      if (seen[k] === stamp) return l;
      seen[k] = stamp;
      list[l++] = k;
      if (k < m && units[k] === STAR) k++;
      else return l;
    }
  };
  for (let i = 0; i <= n; i++) {
    // `cur` already holds the states reached by consuming text[..i); seed a new match here.
    if (i < n && g.startOk(text, i)) curLen = add(cur, curLen, 0);
    if (curLen > 0 && seen[m] === stamp && g.endOk(text, i)) return true;
    if (i === n || curLen === 0) {
      if (i === n) break;
      stamp++;
      continue;
    }
    stamp++;
    nextLen = 0;
    const raw = text.charCodeAt(i);
    const c = g.fold === null ? raw : g.fold(raw);
    let starOk = -1; // computed on first need
    for (let s = 0; s < curLen; s++) {
      const k = cur[s] as number;
      if (k === m) continue;
      const u = units[k] as number;
      if (u === STAR) {
        if (starOk < 0) starOk = g.starAllows(text, i) ? 1 : 0;
        if (starOk === 1) nextLen = add(next, nextLen, k);
      } else if (u === c) {
        nextLen = add(next, nextLen, k + 1);
      }
    }
    const t = cur;
    cur = next;
    next = t;
    curLen = nextLen;
  }
  return false;
}
