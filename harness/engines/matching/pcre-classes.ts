// Character classes in PCRE's meanings (UTF mode, no PCRE2_UCP): shorthand (`\d \w \s \h \v`), POSIX
// bracket names, ranges with simple case folding, and the single-character escapes.
// https://www.pcre.org/current/doc/html/pcre2pattern.html ("Generic character types", "Posix character classes")

import type { CharTest } from './pcre-tree.js';

function inRanges(ranges: readonly number[], c: number): boolean {
  for (let k = 0; k < ranges.length; k += 2) if (c >= (ranges[k] as number) && c <= (ranges[k + 1] as number)) return true;
  return false;
}

/** Simple case variants of a code point (itself, lower, upper when each is one code point). */
function caseVariants(c: number): number[] {
  const ch = String.fromCodePoint(c);
  const out = [c];
  for (const v of [ch.toLowerCase(), ch.toUpperCase()]) {
    const cp = v.codePointAt(0) as number;
    if ([...v].length === 1 && !out.includes(cp)) out.push(cp);
  }
  return out;
}

export function rangesTest(ranges: readonly number[], negated: boolean, fold: boolean): CharTest {
  if (!fold) return negated ? (c) => !inRanges(ranges, c) : (c) => inRanges(ranges, c);
  const hit = (c: number): boolean => {
    if (inRanges(ranges, c)) return true;
    if (c < 128) {
      if (c >= 65 && c <= 90) return inRanges(ranges, c + 32);
      if (c >= 97 && c <= 122) return inRanges(ranges, c - 32);
      return false;
    }
    return caseVariants(c).some((v) => inRanges(ranges, v));
  };
  return negated ? (c) => !hit(c) : hit;
}

const DIGIT = [48, 57];
const WORD = [48, 57, 65, 90, 95, 95, 97, 122];
const SPACE = [9, 13, 32, 32];
const HSPACE = [9, 9, 32, 32, 0xa0, 0xa0, 0x1680, 0x1680, 0x180e, 0x180e, 0x2000, 0x200a, 0x202f, 0x202f, 0x205f, 0x205f, 0x3000, 0x3000];
const VSPACE = [10, 13, 0x85, 0x85, 0x2028, 0x2029];
export const POSIX: Record<string, number[]> = {
  alnum: [48, 57, 65, 90, 97, 122],
  alpha: [65, 90, 97, 122],
  ascii: [0, 127],
  blank: [9, 9, 32, 32],
  cntrl: [0, 31, 127, 127],
  digit: DIGIT,
  graph: [33, 126],
  lower: [97, 122],
  print: [32, 126],
  punct: [33, 47, 58, 64, 91, 96, 123, 126],
  space: SPACE,
  upper: [65, 90],
  word: WORD,
  xdigit: [48, 57, 65, 70, 97, 102],
};

/** Complement of (unsorted, possibly overlapping) ranges over [0, 0x10FFFF]. */
export function complement(ranges: readonly number[]): number[] {
  const pairs: [number, number][] = [];
  for (let k = 0; k < ranges.length; k += 2) pairs.push([ranges[k] as number, ranges[k + 1] as number]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  let next = 0;
  for (const [lo, hi] of pairs) {
    if (lo > next) out.push(next, lo - 1);
    next = Math.max(next, hi + 1);
  }
  if (next <= 0x10ffff) out.push(next, 0x10ffff);
  return out;
}

export function shorthandRanges(e: string): number[] | null {
  switch (e) {
    case 'd':
      return DIGIT;
    case 'w':
      return WORD;
    case 's':
      return SPACE;
    case 'h':
      return HSPACE;
    case 'v':
      return VSPACE;
    case 'D':
      return complement(DIGIT);
    case 'W':
      return complement(WORD);
    case 'S':
      return complement(SPACE);
    case 'H':
      return complement(HSPACE);
    case 'V':
      return complement(VSPACE);
    default:
      return null;
  }
}

export const CONTROL: Record<string, number> = { t: 9, n: 10, r: 13, f: 12, e: 27, a: 7 };
