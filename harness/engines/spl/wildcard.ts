// `*` wildcards, the only wildcard SPL's search command knows
// (https://help.splunk.com/splunk-enterprise/search/search-manual/9.3/search-primer/wildcards).
// Used for values (`host=web*`), field names (`table process_*`) and lexicon terms (`qemu*`).
import { compileGlobParts, type Glob, globMatches, type GlobPart } from '../matching/glob.js';
import { fold } from './segmenter.js';

// One cache per case mode, keyed by the pattern itself: no key string is built per call (the pattern
// strings are the query's own, so their hashes are computed once).
const globCaches = { insensitive: new Map<string, Glob>(), sensitive: new Map<string, Glob>() };

/** `*` splits the pattern; everything else is literal (folded when matching ignores case). */
function splGlob(pattern: string, caseInsensitive: boolean): Glob {
  const cache = caseInsensitive ? globCaches.insensitive : globCaches.sensitive;
  let g = cache.get(pattern);
  if (g === undefined) {
    const text = caseInsensitive ? fold(pattern) : pattern;
    const parts: GlobPart[] = [];
    text.split('*').forEach((lit, i) => {
      if (i > 0) parts.push({ kind: 'star' });
      if (lit !== '') parts.push({ kind: 'lit', text: lit });
    });
    g = compileGlobParts(parts);
    if (cache.size > 10_000) cache.clear();
    cache.set(pattern, g);
  }
  return g;
}

/**
 * Matches `value` against `pattern` (a literal or a `*` glob), in time linear in the value for each
 * literal piece (../matching/glob.ts): event values are attacker-controlled, and a backtracking
 * RegExp over `a*a*b` takes exponential time on a long run of `a`.
 */
export function globMatch(pattern: string, value: string, caseInsensitive: boolean): boolean {
  if (!pattern.includes('*')) return caseInsensitive ? fold(pattern) === fold(value) : pattern === value;
  return globMatches(splGlob(pattern, caseInsensitive), caseInsensitive ? fold(value) : value);
}

/**
 * Compiled glob over UTF-16 code units, for matching lexicon terms stored in a code-unit arena without
 * building a string per term. `parts` are the literal pieces between stars.
 */
export interface CompiledGlob {
  parts: Uint16Array[];
  anchoredStart: boolean;
  anchoredEnd: boolean;
}

export function compileGlob(pattern: string): CompiledGlob {
  const raw = pattern.split('*');
  return {
    parts: raw.filter((p) => p.length > 0).map((p) => Uint16Array.from(p, (ch) => ch.charCodeAt(0))),
    anchoredStart: !pattern.startsWith('*'),
    anchoredEnd: !pattern.endsWith('*'),
  };
}

function partAt(arena: Uint16Array, pos: number, part: Uint16Array): boolean {
  for (let k = 0; k < part.length; k++) if (arena[pos + k] !== part[k]) return false;
  return true;
}

/** Glob test of arena[start, start+len) (already folded) against a compiled (folded) glob. */
export function matchCompiledGlob(g: CompiledGlob, arena: Uint16Array, start: number, len: number): boolean {
  const parts = g.parts;
  const end = start + len;
  if (parts.length === 0) return !g.anchoredStart || len === 0 ? true : false;
  let pos = start;
  let first = 0;
  let last = parts.length;
  if (g.anchoredStart) {
    const p = parts[0] as Uint16Array;
    if (p.length > len || !partAt(arena, start, p)) return false;
    pos = start + p.length;
    first = 1;
  }
  let limit = end;
  if (g.anchoredEnd) {
    const p = parts[parts.length - 1] as Uint16Array;
    if (last - 1 < first) {
      // Single part anchored at both ends: a literal that must fill the whole term.
      return pos === end;
    }
    if (end - p.length < pos || !partAt(arena, end - p.length, p)) return false;
    limit = end - p.length;
    last = parts.length - 1;
  }
  for (let i = first; i < last; i++) {
    const p = parts[i] as Uint16Array;
    let found = -1;
    for (let q = pos; q + p.length <= limit; q++) {
      if (partAt(arena, q, p)) {
        found = q;
        break;
      }
    }
    if (found < 0) return false;
    pos = found + p.length;
  }
  return pos <= limit;
}
