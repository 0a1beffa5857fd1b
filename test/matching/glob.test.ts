// The linear-time glob matchers agree with a reference backtracking RegExp on short inputs (where the
// RegExp is fast), and stay fast on the inputs that make the RegExp take exponential time.
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { compileGlobParts, type GlobPart, globMatches } from '../../harness/engines/matching/glob.js';
import { type GlobSearch, globSearch, globUnits } from '../../harness/engines/matching/glob-search.js';

const escape = (s: string): string => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

function reference(parts: GlobPart[]): RegExp {
  let src = '^';
  for (const p of parts) src += p.kind === 'lit' ? escape(p.text) : p.kind === 'star' ? '[\\s\\S]*' : '[\\s\\S]';
  return new RegExp(src + '$', 'u');
}

// Small alphabets make near-misses (the hard cases) likely; one astral character checks that `?` is one code point.
const char = fc.constantFrom('a', 'b', 'c', '😀', '\n');
const part: fc.Arbitrary<GlobPart> = fc.oneof(
  fc.constant<GlobPart>({ kind: 'star' }),
  fc.constant<GlobPart>({ kind: 'one' }),
  fc.array(char, { minLength: 1, maxLength: 3 }).map((cs): GlobPart => ({ kind: 'lit', text: cs.join('') })),
);
const text = fc.array(char, { maxLength: 14 }).map((cs) => cs.join(''));

test('whole-value glob: random patterns × random text agree with a RegExp', () => {
  fc.assert(
    // A plain boolean property: Playwright's expect() records a step per call, too slow for 10,000 runs.
    fc.property(fc.array(part, { maxLength: 7 }), text, (parts, s) => globMatches(compileGlobParts(parts), s) === reference(parts).test(s)),
    { numRuns: 10000, seed: 13 },
  );
});

test('glob search: random patterns × random text agree with a RegExp tried at every allowed start', () => {
  // Stars may not span a space; matches must start and end next to a space or an end of the text.
  const bounded = (s: string, i: number): boolean => i === 0 || s[i - 1] === ' ';
  const endBounded = (s: string, i: number): boolean => i >= s.length || s[i] === ' ';
  const g = (pattern: string): GlobSearch => ({
    units: globUnits(pattern, null),
    starAllows: (s, i) => s[i] !== ' ',
    startOk: bounded,
    endOk: endBounded,
    fold: null,
  });
  const ref = (pattern: string, s: string): boolean => {
    const body = pattern.split('*').map(escape).join('[^ ]*');
    const re = new RegExp(`^(?:${body})(?= |$)`);
    for (let i = 0; i < s.length; i++) if (bounded(s, i) && re.test(s.slice(i))) return true;
    return false;
  };
  const pchar = fc.constantFrom('a', 'b', '*', ' ');
  fc.assert(
    fc.property(fc.array(pchar, { minLength: 1, maxLength: 6 }), fc.array(fc.constantFrom('a', 'b', ' '), { maxLength: 14 }), (p, t) => {
      const pattern = p.join('');
      const s = t.join('');
      return globSearch(g(pattern), s) === ref(pattern, s);
    }),
    { numRuns: 10000, seed: 13 },
  );
});

test('hostile inputs: ten stars over 100 KB, and a search over 100 KB, each in well under a second', () => {
  const a = 'a'.repeat(100_000);
  const parts: GlobPart[] = [];
  for (let i = 0; i < 10; i++) parts.push({ kind: 'star' }, { kind: 'lit', text: 'a' });
  parts.push({ kind: 'star' }, { kind: 'lit', text: 'b' });
  let t0 = performance.now();
  expect(globMatches(compileGlobParts(parts), a)).toBe(false);
  expect(globMatches(compileGlobParts(parts), a + 'b')).toBe(true);
  expect(globMatches(compileGlobParts([{ kind: 'star' }, { kind: 'lit', text: 'a' }, { kind: 'one' }, { kind: 'lit', text: 'ab' }]), a)).toBe(false);
  expect(performance.now() - t0).toBeLessThan(500);
  t0 = performance.now();
  const search: GlobSearch = { units: globUnits('a*a*a*a*a*a*a*a*a*a*b', null), starAllows: () => true, startOk: () => true, endOk: () => true, fold: null };
  expect(globSearch(search, a)).toBe(false);
  expect(performance.now() - t0).toBeLessThan(800);
});

test('glob search without a star (the literal path), folded: agrees with a case-insensitive substring test', () => {
  // ASCII folding as the SPL term check applies it (search.ts canonicalize) for a quoted phrase.
  const fold = (c: number): number => (c >= 97 && c <= 122 ? c - 32 : c);
  const anywhere = (): boolean => true;
  fc.assert(
    fc.property(fc.array(fc.constantFrom('a', 'A', 'b', '-', ' '), { minLength: 1, maxLength: 5 }), fc.array(fc.constantFrom('a', 'A', 'b', 'B', '-', ' '), { maxLength: 16 }), (p, t) => {
      const pattern = p.join('');
      const s = t.join('');
      const g: GlobSearch = { units: globUnits(pattern, fold), starAllows: anywhere, startOk: anywhere, endOk: anywhere, fold };
      return globSearch(g, s) === s.toUpperCase().includes(pattern.toUpperCase());
    }),
    { numRuns: 5000, seed: 12 },
  );
});

test('glob search without a star: the candidate first units found by indexOf, for folds with several and with many preimages', () => {
  // A Unicode-like fold where three units fold to K (k, K and the Kelvin sign U+212A), and one where six
  // units fold to x (more than indexOf pays for: the offsets are tested one by one).
  const kelvin = (c: number): number => (c === 0x212a || c === 0x6b ? 0x4b : c >= 97 && c <= 122 ? c - 32 : c);
  const many = (c: number): number => ('xyzuvw'.includes(String.fromCharCode(c)) ? 0x78 : c);
  const anywhere = (): boolean => true;
  for (const [fold, alphabet] of [
    [kelvin, ['k', 'K', '\u212a', 'a', 'A', '-']],
    [many, ['x', 'y', 'z', 'u', 'v', 'w', 'a', '-']],
  ] as const) {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 4 }), fc.array(fc.constantFrom(...alphabet), { maxLength: 16 }), (p, t) => {
        const pattern = p.join('');
        const text = t.join('');
        const g: GlobSearch = { units: globUnits(pattern, fold), starAllows: anywhere, startOk: anywhere, endOk: anywhere, fold };
        const foldText = (s: string): string => [...s].map((ch) => String.fromCharCode(fold(ch.charCodeAt(0)))).join('');
        return globSearch(g, text) === foldText(text).includes(foldText(pattern));
      }),
      { numRuns: 3000, seed: 7 },
    );
  }
});
