// Splunk's default event segmentation: how `_raw` is cut into the index terms (the lexicon) that the
// base search looks up. Major breakers split an event into major segments; minor breakers split each
// major segment again; both the major segments and the minor pieces are index terms, folded to lower case.
// Source: segmenters.conf, [default] stanza (MAJOR, MINOR, INTERMEDIATE_MAJORS = false):
// https://help.splunk.com/en/data-management/splunk-enterprise-admin-manual/10.0/10.0.0-configuration-file-reference/segmenters.conf
// and "Event segmentation and searching":
// https://help.splunk.com/splunk-enterprise/search/search-manual/10.0/search-primer/event-segmentation-and-searching

/** Single-character major breakers of the default segmenter (`\s` in the spec is the space character). */
export const MAJOR_BREAKER_CHARS = '[]<>(){}|!;,\'"*\n\r \t&?+';
/** Minor breakers of the default segmenter (backslash and underscore included). */
export const MINOR_BREAKER_CHARS = '/:=@.-$#%\\_';

const MINOR = 1;
const MAJOR = 2;
/** `%` and `-`: minor on their own, but they start multi-character major breakers. */
const LOOKAHEAD = 3;

/**
 * Breaker class of every ASCII code unit: 0 plain, 1 minor, 2 major, 3 `%`/`-` (minor unless a
 * multi-character major breaker starts there). All other code units are plain (no breaker is non-ASCII).
 */
export const ASCII_BREAKER_CLASS = new Uint8Array(128);
const ASCII_CLASS = ASCII_BREAKER_CLASS;
for (const c of MAJOR_BREAKER_CHARS) ASCII_CLASS[c.charCodeAt(0)] = MAJOR;
for (const c of MINOR_BREAKER_CHARS) ASCII_CLASS[c.charCodeAt(0)] = MINOR;
ASCII_CLASS[37 /* % */] = LOOKAHEAD;
ASCII_CLASS[45 /* - */] = LOOKAHEAD;

/**
 * Length of the major breaker starting at `i` in `text`, or 0 when none starts there.
 * `--` and the URL-encoded sequences are major breakers although `-` and `%` alone are minor.
 */
export function majorBreakerLength(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 128) return 0;
  const cls = ASCII_CLASS[c] as number;
  if (cls === MAJOR) return 1;
  if (cls !== LOOKAHEAD) return 0;
  if (c === 45) return text.charCodeAt(i + 1) === 45 ? 2 : 0;
  return percentSequenceLength(text, i);
}

function percentSequenceLength(text: string, i: number): number {
  const a = text.charCodeAt(i + 1);
  const b = text.charCodeAt(i + 2);
  // Only digits and upper-case hex letters follow `%` in the listed sequences.
  if (a === 50 && b === 53) {
    // %25..: only %2526 and %2520 are breakers.
    if (text.charCodeAt(i + 3) === 50 && (text.charCodeAt(i + 4) === 54 || text.charCodeAt(i + 4) === 48)) return 5;
    return 0;
  }
  switch (a) {
    case 50: // %2?
      return b === 49 || b === 54 || b === 48 || b === 66 || b === 67 || b === 56 || b === 57 ? 3 : 0; // %21 %26 %20 %2B %2C %28 %29
    case 51: // %3?
      return b === 66 || b === 68 || b === 65 ? 3 : 0; // %3B %3D %3A
    case 55: // %7C
      return b === 67 ? 3 : 0;
    case 53: // %5D %5B
      return b === 68 || b === 66 ? 3 : 0;
    case 48: // %0A
      return b === 65 ? 3 : 0;
    default:
      return 0;
  }
}

/** True when the code unit is a minor breaker (including `%` and `-`, which are minor unless part of a major sequence). */
export function isMinorBreaker(c: number): boolean {
  if (c >= 128) return false;
  const cls = ASCII_CLASS[c] as number;
  return cls === MINOR || cls === LOOKAHEAD;
}

/** True when the code unit is a single-character major breaker. */
export function isMajorBreakerChar(c: number): boolean {
  return c < 128 && ASCII_CLASS[c] === MAJOR;
}

/**
 * Case folding of one UTF-16 code unit, as the lexicon stores terms. ASCII is folded directly; other
 * BMP code units fold through String.prototype.toLowerCase when the result is a single code unit.
 */
const FOLD = new Uint16Array(65536);
/** The folding table itself (read-only by convention), for the indexing loops. */
export const FOLD_TABLE: Readonly<Uint16Array> = FOLD;
for (let c = 0; c < 65536; c++) FOLD[c] = c;
for (let c = 65; c <= 90; c++) FOLD[c] = c | 32;
for (let c = 128; c < 65536; c++) {
  if (c >= 0xd800 && c <= 0xdfff) continue;
  const lower = String.fromCharCode(c).toLowerCase();
  if (lower.length === 1) FOLD[c] = lower.charCodeAt(0);
}
export function fold(text: string): string {
  let out = '';
  let changed = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const f = FOLD[c] as number;
    if (f !== c) changed = true;
    out += String.fromCharCode(f);
  }
  return changed ? out : text;
}

export interface Segments {
  /** Major segments, in event order, duplicates kept, case preserved. */
  major: string[];
  /** Minor pieces of every major segment, in event order, duplicates kept, case preserved. */
  minor: string[];
}

/** Splits text into its major segments and their minor pieces (case preserved; fold them to compare with the lexicon). */
export function segment(text: string): Segments {
  const major: string[] = [];
  const minor: string[] = [];
  let start = 0;
  let i = 0;
  const n = text.length;
  const flushMajor = (end: number): void => {
    if (end <= start) return;
    major.push(text.slice(start, end));
    let p = start;
    for (let j = start; j <= end; j++) {
      if (j === end || isMinorBreaker(text.charCodeAt(j))) {
        if (j > p) minor.push(text.slice(p, j));
        p = j + 1;
      }
    }
  };
  while (i < n) {
    const len = majorBreakerLength(text, i);
    if (len > 0) {
      flushMajor(i);
      i += len;
      start = i;
    } else {
      i++;
    }
  }
  flushMajor(n);
  return { major, minor };
}

/** Every distinct minor piece of `text`, folded: the terms the engine's lexicon holds for it. */
export function minorTerms(text: string): Set<string> {
  const terms = new Set<string>();
  for (const t of segment(text).minor) terms.add(fold(t));
  return terms;
}

/** True when a major breaker ends exactly at offset `i` of `text` (or `i` is the start). */
export function majorBreakerEndsAt(text: string, i: number): boolean {
  if (i <= 0) return true;
  if (isMajorBreakerChar(text.charCodeAt(i - 1))) return true;
  if (i >= 2 && text.charCodeAt(i - 1) === 45 && text.charCodeAt(i - 2) === 45) return true;
  return (i >= 3 && majorBreakerLength(text, i - 3) === 3) || (i >= 5 && majorBreakerLength(text, i - 5) === 5);
}

/** True when a major breaker starts at offset `i` of `text` (or `i` is the end). */
export function majorBreakerStartsAt(text: string, i: number): boolean {
  return i >= text.length || majorBreakerLength(text, i) > 0;
}

/** One piece of a search term, split as the index splits events; `*` stays inside the piece as a wildcard. */
export interface TermPiece {
  /** Folded text of the piece; may contain `*`. */
  text: string;
  /** The piece contains `*`: it matches index terms by glob, not by equality. */
  wildcard: boolean;
}

/**
 * Splits a search term (already unescaped) into the index terms it needs: the minor pieces of every
 * major segment, with `*` kept as part of a piece. Splunk looks these up in the lexicon (AND) before it
 * checks the whole term against `_raw` (docs' example: `127.0.0.1` is looked up as `127 AND 0 AND 1`,
 * https://docs.splunk.com/Documentation/Splunk/6.4.11/Search/UseCASEandTERMtomatchphrases ).
 * Pieces that are only `*` are dropped: they require nothing.
 */
export function termPieces(term: string): TermPiece[] {
  const pieces: TermPiece[] = [];
  let p = 0;
  const push = (s: number, e: number): void => {
    if (e <= s) return;
    const raw = term.slice(s, e);
    if (/^\*+$/.test(raw)) return;
    pieces.push({ text: fold(raw), wildcard: raw.includes('*') });
  };
  let i = 0;
  while (i < term.length) {
    const c = term.charCodeAt(i);
    if (c === 42 /* * */) {
      i++;
      continue;
    }
    const len = majorBreakerLength(term, i);
    if (len > 0) {
      push(p, i);
      i += len;
      p = i;
      continue;
    }
    if (isMinorBreaker(c)) {
      push(p, i);
      p = i + 1;
    }
    i++;
  }
  push(p, term.length);
  return pieces;
}

/** True when the text contains any breaker (major or minor) other than `*`. */
export function hasBreaker(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 42) continue;
    if (majorBreakerLength(text, i) > 0 || isMinorBreaker(c)) return true;
  }
  return false;
}

/** True when the text contains a major breaker other than `*` (such a string can never be one index term). */
export function hasMajorBreaker(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 42) continue;
    if (majorBreakerLength(text, i) > 0) return true;
  }
  return false;
}
