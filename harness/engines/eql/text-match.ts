// String matching as Lucene does it for Elasticsearch's keyword family: case-insensitive matching
// folds each code point on its own (Lucene's case-insensitive term and wildcard automata accept the
// upper and lower form of every code point), not with whole-string toLowerCase(), whose full case
// mappings differ for a few characters (e.g. 'İ', 'ß').
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
export function foldCase(s: string): string {
  // Fast path: pure ASCII without upper case letters.
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    let out = '';
    let start = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 65 && c <= 90) {
        out += s.slice(start, i) + String.fromCharCode(c + 32);
        start = i + 1;
      }
    }
    return start === 0 ? s : out + s.slice(start);
  }
  let out = '';
  for (const ch of s) out += String.fromCodePoint(foldCodePoint(ch.codePointAt(0) as number));
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
 * Compiles wildcard segments to a matcher anchored at both ends. Common shapes avoid RegExp:
 * `lit`, `*lit*`, `lit*`, `*lit`; everything else becomes a RegExp with the `u` and `s` flags
 * (`?` = one code point, `*` crosses newlines). Case-insensitive matching folds per code point.
 */
export function compileWildcard(segments: Segment[], caseInsensitive: boolean): StringTest {
  const fold = caseInsensitive ? foldCase : (s: string): string => s;
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
      const prep = caseInsensitive ? foldForScan : (s: string): string => s;
      if (leading && trailing) return (v) => prep(v).includes(lit);
      if (leading) return (v) => prep(v).endsWith(lit);
      if (trailing) return (v) => prep(v).startsWith(lit);
      return caseInsensitive ? (v) => equalsFolded(v, lit) : (v) => v === lit;
    }
  }
  let source = '^';
  for (const s of segments) {
    if ('literal' in s) source += escapeRegExp(fold(s.literal));
    else if ('any' in s) source += '.*';
    else source += '.';
  }
  source += '$';
  const re = new RegExp(source, 'su');
  return caseInsensitive ? (v) => re.test(foldCase(v)) : (v) => re.test(v);
}

/** Folding for substring scans: ASCII fast path keeps the string when it has no upper case. */
function foldForScan(v: string): string {
  return foldCase(v);
}

export function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** Convenience: an EQL `:`/`like` pattern as a matcher. */
export function eqlPatternTest(pattern: string, caseInsensitive: boolean): StringTest {
  return compileWildcard(eqlWildcardSegments(pattern), caseInsensitive);
}
