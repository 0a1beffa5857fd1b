// Whole-value glob matching in O(n·m) time, never backtracking past the last star.
//
// Elasticsearch matches wildcard queries with a Lucene automaton (WildcardQuery.toAutomaton), in time
// linear in the value; Splunk matches `*` terms against its lexicon without regular expressions. A
// backtracking RegExp built from a glob (`^.*a.*a.*b$`) instead takes time exponential in the number
// of stars on a value that almost matches, and event text is attacker-controlled. This matcher splits
// the glob at its stars into blocks of literals and single-code-point wildcards and places each block
// at its leftmost possible position: for globs that is exact (a later placement of a block never
// leaves more room for the blocks after it), so no choice is ever revisited.

/** One piece of a glob: literal text, exactly one code point (`?`, `_`), or any run (`*`, `%`). */
export type GlobPart = { readonly kind: 'lit'; readonly text: string } | { readonly kind: 'one' } | { readonly kind: 'star' };

/** A compiled whole-value glob: its blocks between stars, and whether the ends are anchored. */
export interface Glob {
  /** Blocks between stars; a block is a run of literals and `one`s (never empty unless the glob has no star). */
  readonly blocks: readonly (readonly BlockItem[])[];
  readonly anchoredStart: boolean;
  readonly anchoredEnd: boolean;
  /** The glob has at least one star. */
  readonly hasStar: boolean;
}

type BlockItem = { readonly lit: string } | { readonly one: true };

/** Compiles glob parts (literals already folded if the caller folds values). */
export function compileGlobParts(parts: readonly GlobPart[]): Glob {
  const blocks: BlockItem[][] = [];
  let current: BlockItem[] = [];
  let stars = 0;
  for (const p of parts) {
    if (p.kind === 'star') {
      stars++;
      if (current.length > 0) blocks.push(current);
      current = [];
    } else if (p.kind === 'one') {
      current.push({ one: true });
    } else if (p.text !== '') {
      const last = current[current.length - 1];
      if (last !== undefined && 'lit' in last) current[current.length - 1] = { lit: last.lit + p.text };
      else current.push({ lit: p.text });
    }
  }
  if (current.length > 0 || stars === 0) blocks.push(current);
  const first = parts[0];
  const last = parts[parts.length - 1];
  return {
    blocks,
    anchoredStart: first === undefined || first.kind !== 'star',
    anchoredEnd: last === undefined || last.kind !== 'star',
    hasStar: stars > 0,
  };
}

/** Length in code units of the code point at `i` (a lone surrogate counts as one code point). */
function codePointLength(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}

/** Where `block` ends when it matches `s` at `at`, or -1. */
function blockAt(block: readonly BlockItem[], s: string, at: number, limit: number): number {
  let pos = at;
  for (const item of block) {
    if ('one' in item) {
      if (pos >= limit) return -1;
      pos += codePointLength(s, pos);
      if (pos > limit) return -1;
    } else {
      const lit = item.lit;
      if (pos + lit.length > limit || !s.startsWith(lit, pos)) return -1;
      pos += lit.length;
    }
  }
  return pos;
}

/** Leftmost [start, end) at or after `from` where `block` matches inside s[..limit), or null. */
function leftmost(block: readonly BlockItem[], s: string, from: number, limit: number): [number, number] | null {
  const head = block[0];
  if (block.length === 1 && head !== undefined && 'lit' in head) {
    const at = s.indexOf(head.lit, from);
    return at < 0 || at + head.lit.length > limit ? null : [at, at + head.lit.length];
  }
  // Anchor the search on the block's first literal when it starts with one.
  for (let q = from; q < limit; q += codePointLength(s, q)) {
    if (head !== undefined && 'lit' in head) {
      const at = s.indexOf(head.lit, q);
      if (at < 0 || at >= limit) return null;
      q = at;
    }
    const end = blockAt(block, s, q, limit);
    if (end >= 0) return [q, end];
  }
  return null;
}

/** Start of the suffix of s[from..) holding exactly `count` code points, or -1. */
function suffixStart(s: string, from: number, codePoints: number): number {
  let pos = s.length;
  for (let k = 0; k < codePoints; k++) {
    if (pos <= from) return -1;
    const c = s.charCodeAt(pos - 1);
    pos -= c >= 0xdc00 && c <= 0xdfff && pos - 2 >= from && isHigh(s.charCodeAt(pos - 2)) ? 2 : 1;
  }
  return pos;
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

/** The number of code points a block spans when its literals are `lit` (fixed for a block). */
function blockCodePoints(block: readonly BlockItem[]): number {
  let n = 0;
  for (const item of block) n += 'one' in item ? 1 : [...item.lit].length;
  return n;
}

/** Does the whole of `s` match the glob? O(|s|·|glob|) worst case, O(|s|) for literal blocks. */
export function globMatches(g: Glob, s: string): boolean {
  const blocks = g.blocks;
  if (!g.hasStar) {
    const only = blocks[0] ?? [];
    return blockAt(only, s, 0, s.length) === s.length;
  }
  let pos = 0;
  let firstFree = 0;
  let lastFree = blocks.length;
  if (g.anchoredStart) {
    const end = blockAt(blocks[0] as readonly BlockItem[], s, 0, s.length);
    if (end < 0) return false;
    pos = end;
    firstFree = 1;
  }
  let limit = s.length;
  if (g.anchoredEnd && lastFree > firstFree) {
    const block = blocks[blocks.length - 1] as readonly BlockItem[];
    const start = suffixStart(s, pos, blockCodePoints(block));
    if (start < 0 || blockAt(block, s, start, s.length) !== s.length) return false;
    limit = start;
    lastFree--;
  }
  for (let b = firstFree; b < lastFree; b++) {
    const found = leftmost(blocks[b] as readonly BlockItem[], s, pos, limit);
    if (found === null) return false;
    pos = found[1];
  }
  return pos <= limit;
}
