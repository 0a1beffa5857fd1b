// The simulator's random source (generators/context/rng.ts over prng.ts's sfc32): one seed gives one
// sequence, draws stay inside their ranges and spread over them, and the name/word pools give what
// host names and logins need (lower-case a–z). The whole-pack checks (same seed → same bytes for every
// data source, a different seed differs) are in generate.test.ts.
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { Rng } from '../../generators/context/rng.js';
import { replaceOutsideQuotes } from '../../generators/variants/command-line-text.js';

function draws(rng: Rng): string[] {
  return [String(rng.int(0, 1_000_000)), rng.uuid(), rng.hex(12), rng.alnum(9), rng.nounSlug(), rng.firstNameSlug(), String(rng.chance(0.5)), rng.shuffle([1, 2, 3, 4, 5]).join()];
}

test('the same seed gives the same draws; another seed gives others', () => {
  const a = new Rng(42);
  const b = new Rng(42);
  const c = new Rng(43);
  const fromA = Array.from({ length: 50 }, () => draws(a).join('|'));
  expect(Array.from({ length: 50 }, () => draws(b).join('|'))).toEqual(fromA);
  const fromC = Array.from({ length: 50 }, () => draws(c).join('|'));
  expect(fromC.filter((line, i) => line === fromA[i])).toEqual([]);
});

test('int covers [min, max] inclusive and nothing outside, about uniformly; a reversed range is an error', () => {
  const rng = new Rng(7);
  const counts = new Map<number, number>();
  for (let i = 0; i < 60_000; i++) {
    const v = rng.int(-3, 2);
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  expect([...counts.keys()].sort((x, y) => x - y)).toEqual([-3, -2, -1, 0, 1, 2]);
  // 10,000 expected per value; a binomial standard deviation is ~91, so ±600 only fails on a real bias.
  expect([...counts.values()].filter((n) => Math.abs(n - 10_000) >= 600)).toEqual([]);
  // The widest range the generators draw (a domain SID part) reaches both ends' halves.
  const wide = Array.from({ length: 2000 }, () => rng.int(1_000_000_000, 4_294_967_295));
  expect(wide.every((v) => Number.isInteger(v) && v >= 1_000_000_000 && v <= 4_294_967_295)).toBe(true);
  expect(wide.some((v) => v < 2_000_000_000) && wide.some((v) => v > 4_000_000_000)).toBe(true);
  expect(rng.int(5, 5)).toBe(5);
  expect(() => rng.int(3, 2)).toThrow(/below min/);
});

test('uuid is a version-4 RFC 9562 UUID in lower-case hex, and does not repeat', () => {
  const rng = new Rng(1);
  // Loops collect and assert once: Playwright's expect records a step per call, which is slow.
  const ids = Array.from({ length: 20_000 }, () => rng.uuid());
  expect(ids.filter((id) => !/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id))).toEqual([]);
  expect(new Set(ids).size).toBe(20_000);
});

test('hex, alnum, shuffle and weighted keep their contracts', () => {
  const rng = new Rng(3);
  expect(rng.hex(37)).toMatch(/^[0-9a-f]{37}$/);
  expect(rng.hex(9, 'upper')).toMatch(/^[0-9A-F]{9}$/);
  expect(rng.alnum(40)).toMatch(/^[0-9a-z]{40}$/);
  const items = Array.from({ length: 30 }, (_, i) => i);
  const shuffled = rng.shuffle(items);
  expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
  expect(shuffled).not.toEqual(items);
  expect(items).toEqual(Array.from({ length: 30 }, (_, i) => i)); // the input is not touched
  const picks = Array.from({ length: 4000 }, () => rng.weighted([[3, 'a'], [1, 'b']] as const));
  const share = picks.filter((p) => p === 'a').length / picks.length;
  expect(share).toBeGreaterThan(0.7);
  expect(share).toBeLessThan(0.8);
});

test('names and words for host names, logins and padding are non-empty lower-case a–z', () => {
  const rng = new Rng(11);
  const bad: string[] = [];
  for (let i = 0; i < 3000; i++) {
    for (const word of [rng.nounSlug(), rng.wordSlug(), rng.firstNameSlug(), rng.lastNameSlug(), rng.companySlug()]) if (!/^[a-z]+$/.test(word)) bad.push(word);
  }
  expect(bad).toEqual([]);
  // Raw nouns keep faker's spelling (ci-scripts' workspace directories); some have capitals or hyphens.
  const raw = new Set(Array.from({ length: 5000 }, () => rng.noun()));
  expect([...raw].some((w) => /[^a-z]/.test(w))).toBe(true);
});

/** The character-by-character form replaceOutsideQuotes had before it copied in slices. */
function replaceOutsideQuotesReference(commandLine: string, needle: string, replacement: string): string {
  let out = '';
  let inQuote = false;
  let backslashes = 0;
  let i = 0;
  while (i < commandLine.length) {
    const ch = commandLine[i] as string;
    if (!inQuote && commandLine.startsWith(needle, i)) {
      out += replacement;
      i += needle.length;
      backslashes = 0;
      continue;
    }
    if (ch === '"' && backslashes % 2 === 0) inQuote = !inQuote;
    backslashes = ch === '\\' ? backslashes + 1 : 0;
    out += ch;
    i++;
  }
  return out;
}

test('property: quote-insertion edits give what the character-by-character scan gave', () => {
  const text = fc.string({ unit: fc.constantFrom('a', 'b', '-', '=', ' ', '"', '\\', 'n', 'e', 't'), maxLength: 40 });
  const needle = fc.string({ unit: fc.constantFrom('a', 'b', '-', '=', 'n', 'e', 't', ' '), minLength: 1, maxLength: 4 });
  fc.assert(
    fc.property(text, needle, fc.string({ maxLength: 5 }), (line, find, replacement) => replaceOutsideQuotes(line, find, replacement) === replaceOutsideQuotesReference(line, find, replacement)),
    { numRuns: 2000 },
  );
});
