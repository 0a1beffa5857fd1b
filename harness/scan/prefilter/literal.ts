// Which pieces of a query literal must appear, byte for byte, in the raw line of any event the
// comparison matches.
//
// A value reaches the engine decoded from JSON (or CSV), so the raw line holds the value's text except
// where an escape sequence wrote a character differently. JSON must escape `"`, `\` and control
// characters, may write `/` as `\/`, and may write any character as `\uXXXX`; CSV doubles `"`.
// So only printable ASCII other than `"`, `\` and `/` can be looked for in raw bytes, and a line with a
// `\uXXXX` escape that decodes to one of the atoms' characters is parsed whatever the prefilter says
// (matcher.ts). Case-insensitive matching adds one more hazard: a non-ASCII character whose case fold is
// an ASCII letter (KELVIN SIGN folds to `k`) matches that letter without the letter being in the bytes,
// so such letters are left out of case-insensitive atoms. The tables below list those letters per
// folding; test/scan/prefilter-literal.test.ts recomputes them over every code point.

/** How an engine compares case-insensitively, as far as the prefilter must know. */
export interface FoldProfile {
  name: string;
  /** ASCII letters (lower case) that some non-ASCII code point folds to under this comparison. */
  asciiFoldTargets: ReadonlySet<string>;
}

/** EQL `:`, `like~`, `in~` (per code point simple folding: harness/engines/eql/text-match.ts foldCodePoint). */
export const EQL_FOLD: FoldProfile = { name: 'eql simple case folding', asciiFoldTargets: new Set(['k']) };

/**
 * A keyword field with `normalizer: lowercase` (String.prototype.toLowerCase: U+0130 lowers to `i` plus a
 * combining dot, U+212A to `k`).
 */
export const LOWERCASE_NORMALIZER_FOLD: FoldProfile = { name: 'lowercase normalizer', asciiFoldTargets: new Set(['i', 'k']) };

/**
 * SPL terms: the segmenter's folding table (U+212A -> `k`) and the raw-text regular expressions with the
 * `iu` flags (Unicode simple case folding adds U+017F LATIN SMALL LETTER LONG S -> `s`).
 */
export const SPL_FOLD: FoldProfile = { name: 'spl term folding', asciiFoldTargets: new Set(['k', 's']) };

/** Shorter atoms match too many lines to pay for themselves. */
export const MIN_ATOM_LENGTH = 3;

/** Atoms kept from one literal (the longest runs). */
const MAX_ATOMS_PER_LITERAL = 2;

/** Printable ASCII that no escape can hide: not `"`, `\` or `/`. */
export function isRawSafe(code: number): boolean {
  return code >= 0x20 && code <= 0x7e && code !== 0x22 && code !== 0x5c && code !== 0x2f;
}

function isSafe(ch: string, ci: boolean, profile: FoldProfile): boolean {
  if (!isRawSafe(ch.charCodeAt(0)) || ch.length !== 1) return false;
  return !(ci && profile.asciiFoldTargets.has(ch.toLowerCase()));
}

/** Maximal runs of characters that can be searched for in raw bytes. */
export function safeRuns(text: string, ci: boolean, profile: FoldProfile): string[] {
  const runs: string[] = [];
  let run = '';
  for (const ch of text) {
    if (isSafe(ch, ci, profile)) {
      run += ch;
    } else {
      if (run !== '') runs.push(run);
      run = '';
    }
  }
  if (run !== '') runs.push(run);
  return runs;
}

/**
 * Whether String(n) of some JSON number n could contain `run` while the number's JSON text does not:
 * a keyword field indexes a JSON number as its JavaScript string (`1e2` -> "100", `1e400` -> "Infinity").
 */
function producibleByNumber(run: string): boolean {
  const lower = run.toLowerCase();
  if ('-infinity'.includes(lower)) return true;
  return /^[0-9.+\-e]*$/.test(lower);
}

export interface LiteralOptions {
  ci: boolean;
  profile: FoldProfile;
  /** The value may come from a JSON number (keyword fields index numbers as text). */
  numbersIndexedAsText: boolean;
}

/** Runs of `text` that every matching value contains, longest first (at most two, each at least MIN_ATOM_LENGTH long). */
export function requiredRuns(text: string, options: LiteralOptions): string[] {
  return safeRuns(text, options.ci, options.profile)
    .filter((r) => r.length >= MIN_ATOM_LENGTH)
    .filter((r) => !(options.numbersIndexedAsText && producibleByNumber(r)))
    .sort((a, b) => b.length - a.length)
    .slice(0, MAX_ATOMS_PER_LITERAL);
}
