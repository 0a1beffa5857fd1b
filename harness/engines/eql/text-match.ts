import { asciiEndsWithFolded, asciiEqualsFolded, asciiFold, asciiIncludesFolded, asciiStartsWithFolded } from '../matching/ascii-fold.js';
import { compileGlobParts, globMatches, type GlobPart } from '../matching/glob.js';

// String matching as Elasticsearch does it. Two foldings:
// - on a keyword-family field (`:`, `like~`, `in~`, `regex~`, the `~` string functions as queries)
//   case-insensitivity is ASCII-only: Lucene's case-insensitive automata give a code point up to 128
//   its other case and every other code point only itself (AutomatonQueries.toCaseInsensitiveChar:
//   "For now we only work with ASCII characters"). The wildcard field type confirms every candidate
//   with the same automaton (WildcardFieldMapper.wildcardQuery -> toCaseInsensitiveWildcardAutomaton;
//   its ngram approximation lowercases with Locale.ROOT, a superset), so it folds ASCII-only too.
// - on a computed value (a script), per code point simple folding (foldCodePoint below).
// https://www.elastic.co/docs/reference/query-languages/query-dsl/query-dsl-term-query (case_insensitive)
// https://www.elastic.co/docs/reference/query-languages/query-dsl/query-dsl-wildcard-query

/** Simple (one code point to one code point) case fold, as Lucene's CaseFolding does for ASCII and most scripts. */
export function foldCodePoint(cp: number): number {
  if (cp < 128) return cp >= 65 && cp <= 90 ? cp + 32 : cp;
  const ch = String.fromCodePoint(cp);
  const lower = ch.toLowerCase();
  // Keep only single-code-point mappings (full mappings like 'İ' -> 'i̇' are not simple folds).
  if (lower.length === ch.length && lower.codePointAt(0) !== undefined && [...lower].length === 1) return lower.codePointAt(0) as number;
  const upper = ch.toUpperCase();
  if ([...upper].length === 1) {
    const back = upper.toLowerCase();
    if ([...back].length === 1) return back.codePointAt(0) as number;
  }
  return cp;
}

/** The string with every code point folded; equal folds = equal ignoring case. */
export function foldCase(text: string): string {
  // Fast path: pure ASCII without upper case letters.
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    let out = '';
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 65 && c <= 90) {
        out += text.slice(start, i) + String.fromCharCode(c + 32);
        start = i + 1;
      }
    }
    return start === 0 ? text : out + text.slice(start);
  }
  let out = '';
  for (const ch of text) out += String.fromCodePoint(foldCodePoint(ch.codePointAt(0) as number));
  return out;
}

/** Case-insensitive equality without allocating in the common ASCII case. `foldedTarget` is foldCase(target). */
export function equalsFolded(value: string, foldedTarget: string): boolean {
  const n = value.length;
  // Simple case folding maps a code point to one code point of the same UTF-16 length for every
  // character that has a fold, so different lengths never fold equal.
  if (n !== foldedTarget.length) return false;
  for (let i = 0; i < n; i++) {
    let c = value.charCodeAt(i);
    const t = foldedTarget.charCodeAt(i);
    if (c === t) continue;
    if (c >= 65 && c <= 90) {
      c += 32;
      if (c === t) continue;
      return false;
    }
    if (c < 128) return false;
    return foldCase(value) === foldedTarget;
  }
  return true;
}

/** A compiled string test. */
export type StringTest = (value: string) => boolean;

type Segment = { literal: string } | { any: true } | { one: true };

/**
 * Parses a Lucene wildcard pattern: `*` any run, `?` one code point, `\` escapes the next character.
 * EQL `:`/`like` patterns reach Lucene with every `*` and `?` as a wildcard and nothing escaped
 * (see eqlWildcardSegments); endsWith/stringContains pass their text straight into a wildcard
 * query, where a backslash does escape.
 */
export function luceneWildcardSegments(pattern: string): Segment[] {
  const segments: Segment[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal !== '') segments.push({ literal });
    literal = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) {
      const cp = pattern.codePointAt(i + 1) as number;
      const ch = String.fromCodePoint(cp);
      literal += ch;
      i += ch.length;
    } else if (c === '*') {
      flush();
      segments.push({ any: true });
    } else if (c === '?') {
      flush();
      segments.push({ one: true });
    } else {
      literal += c;
    }
  }
  flush();
  return segments;
}

/** EQL `:` / `like` pattern: `*` and `?` are always wildcards; everything else (backslash too) is literal. */
export function eqlWildcardSegments(pattern: string): Segment[] {
  const segments: Segment[] = [];
  let literal = '';
  for (const ch of pattern) {
    if (ch === '*' || ch === '?') {
      if (literal !== '') segments.push({ literal });
      literal = '';
      segments.push(ch === '*' ? { any: true } : { one: true });
    } else {
      literal += ch;
    }
  }
  if (literal !== '') segments.push({ literal });
  return segments;
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/**
 * How a match treats case: `sensitive`; `ascii`, Lucene's case-insensitive automata on keyword-family
 * fields (harness/engines/matching/ascii-fold.ts); `simple`, per code point simple folding, for
 * script comparisons of computed values.
 */
export type CaseMode = 'sensitive' | 'ascii' | 'simple';

/** The folding a case mode applies to values and pattern literals alike. */
export function folderFor(mode: CaseMode): (s: string) => string {
  return mode === 'ascii' ? asciiFold : mode === 'simple' ? foldCase : (s) => s;
}

/**
 * Compiles wildcard segments to a matcher anchored at both ends, in time linear in the value for
 * each literal block (harness/engines/matching/glob.ts): a wildcard over attacker-controlled text
 * must never backtrack, as Lucene's automaton never does. Common shapes use `includes`/`startsWith`/
 * `endsWith`; `?` is one code point and `*` crosses newlines.
 */
export function compileWildcard(segments: Segment[], mode: CaseMode): StringTest {
  const fold = folderFor(mode);
  const onlyAnyAndLiterals = segments.every((s) => !('one' in s));
  if (onlyAnyAndLiterals) {
    const literals = segments.filter((s): s is { literal: string } => 'literal' in s).map((s) => fold(s.literal));
    const anyCount = segments.length - literals.length;
    const first = segments[0];
    const last = segments[segments.length - 1];
    if (segments.length === 0) return (v) => v.length === 0;
    if (literals.length === 0) return () => true; // only stars
    if (literals.length === 1 && anyCount <= 2) {
      const lit = literals[0] as string;
      const leading = first !== undefined && 'any' in first;
      const trailing = last !== undefined && 'any' in last;
      if (mode === 'ascii') {
        // Compared code unit by code unit, without a folded copy of every value.
        if (leading && trailing) return (v) => asciiIncludesFolded(v, lit);
        if (leading) return (v) => asciiEndsWithFolded(v, lit);
        if (trailing) return (v) => asciiStartsWithFolded(v, lit);
      }
      if (leading && trailing) return (v) => fold(v).includes(lit);
      if (leading) return (v) => fold(v).endsWith(lit);
      if (trailing) return (v) => fold(v).startsWith(lit);
      if (mode === 'ascii') return (v) => asciiEqualsFolded(v, lit);
      return mode === 'simple' ? (v) => equalsFolded(v, lit) : (v) => v === lit;
    }
  }
  const parts: GlobPart[] = segments.map((s) => ('literal' in s ? { kind: 'lit', text: fold(s.literal) } : 'any' in s ? { kind: 'star' } : { kind: 'one' }));
  const glob = compileGlobParts(parts);
  return (v) => globMatches(glob, fold(v));
}

/** Convenience: an EQL `:`/`like` pattern as a matcher. */
export function eqlPatternTest(pattern: string, mode: CaseMode): StringTest {
  return compileWildcard(eqlWildcardSegments(pattern), mode);
}
