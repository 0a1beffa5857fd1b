// The automaton matcher agrees with JavaScript's backtracking RegExp on random regular patterns over
// short texts, and answers at once where the RegExp takes exponential time.
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { compileNfa, nfaMatches, RegexTooComplexError } from '../../harness/engines/matching/regex-nfa.js';
import { parseLuceneRegex, parsePerlRegex, RegexSyntaxError } from '../../harness/engines/matching/regex-parse.js';

// Random patterns from a small grammar that Perl/JavaScript and our parser read the same way.
const atom = fc.constantFrom('a', 'b', '.', '[ab]', '[^a]', '\\d', 'x', '(a|b)', '(?:ab|a)', '()', '\\w');
const quant = fc.constantFrom('', '', '*', '+', '?', '{2}', '{0,2}', '*?', '+?');
const piece = fc.tuple(atom, quant).map(([a, q]) => a + q);
const concat = fc.array(piece, { minLength: 1, maxLength: 4 }).map((ps) => ps.join(''));
const pattern = fc.oneof(
  concat,
  fc.tuple(concat, concat).map(([x, y]) => `${x}|${y}`),
  fc.tuple(concat, concat).map(([x, y]) => `(${x})+${y}`),
  concat.map((x) => `^${x}`),
  concat.map((x) => `${x}$`),
  concat.map((x) => `\\b${x}\\b`),
);
const text = fc.array(fc.constantFrom('a', 'b', 'x', '1', ' ', '\n'), { maxLength: 10 }).map((cs) => cs.join(''));

test('Perl-style patterns: search and whole-value match agree with RegExp on random inputs', () => {
  fc.assert(
    fc.property(pattern, text, (p, s) => {
      const nfa = compileNfa(parsePerlRegex(p, { fold: 'none', dotAll: false, multiline: false }));
      return nfaMatches(nfa, s, false) === new RegExp(p).test(s) && nfaMatches(nfa, s, true) === new RegExp(`^(?:${p})$`).test(s);
    }),
    { numRuns: 5000, seed: 13 },
  );
});

test('Lucene patterns: whole-value match agrees with the equivalent RegExp on random inputs', () => {
  // Lucene reads these atoms as the Perl ones above, except that `.` matches any code point.
  const lucene = fc.oneof(concat, fc.tuple(concat, concat).map(([x, y]) => `${x}|${y}`)).filter((p) => !p.includes('?:') && !p.includes('*?') && !p.includes('+?'));
  fc.assert(
    fc.property(lucene, text, (p, s) => compileNfaMatch(p, s) === new RegExp(`^(?:${p})$`, 's').test(s)),
    { numRuns: 5000, seed: 13 },
  );
});

function compileNfaMatch(p: string, s: string): boolean {
  return nfaMatches(compileNfa(parseLuceneRegex(p, false)), s, true);
}

// https://www.elastic.co/docs/reference/query-languages/query-dsl/regexp-syntax (no anchors: ^ and $ are characters;
// @ any string, # nothing); ASCII-only case folding of literals under regex~ (Lucene RegExp.toCaseInsensitiveChar).
test('Lucene syntax details: anchors are characters, @ and #, ASCII-only case folding, ranges as written', () => {
  const m = (p: string, s: string, ci = false): boolean => nfaMatches(compileNfa(parseLuceneRegex(p, ci)), s, true);
  expect(m('^a$', '^a$')).toBe(true);
  expect(m('^a$', 'a')).toBe(false);
  expect(m('a@', 'abc')).toBe(true);
  expect(m('a#|b', 'b')).toBe(true);
  expect(m('"a.b"', 'a.b')).toBe(true);
  expect(m('"a.b"', 'axb')).toBe(false);
  expect(m('ÉCOLE', 'école', true)).toBe(false);
  expect(m('ÉCOLE', 'Écolе'.replace('е', 'e'), true)).toBe(true);
  expect(m('[a-c]x', 'BX', true)).toBe(false);
  expect(m('[abc]x', 'BX', true)).toBe(true);
  expect(m('[^abc]', 'B', true)).toBe(false);
  expect(() => parseLuceneRegex('~a', false)).toThrow(RegexSyntaxError);
  expect(() => compileNfa(parseLuceneRegex('a{20000}', false))).toThrow(RegexTooComplexError);
});

test('hostile patterns run in linear time: (a+)+b over 10,000 a, nested stars over 100 KB', () => {
  const t0 = performance.now();
  const nested = compileNfa(parseLuceneRegex('(a+)+b', false));
  expect(nfaMatches(nested, 'a'.repeat(10_000), true)).toBe(false);
  expect(nfaMatches(nested, 'a'.repeat(10_000) + 'b', true)).toBe(true);
  const perl = compileNfa(parsePerlRegex('(a|aa)*c', { fold: 'none', dotAll: false, multiline: false }));
  expect(nfaMatches(perl, 'a'.repeat(100_000), false)).toBe(false);
  expect(performance.now() - t0).toBeLessThan(900);
});

test('constructs outside the regular subset are reported as unsupported, with their offset', () => {
  for (const p of ['(a)\\1', '(?=a)', '(?<!a)b', '(?>a)', 'a++', '[[:alpha:]]', 'a(?i)b']) {
    let error: unknown = null;
    try {
      parsePerlRegex(p, { fold: 'none', dotAll: false, multiline: false });
    } catch (e) {
      error = e;
    }
    expect(error, p).toBeInstanceOf(RegexSyntaxError);
    expect((error as RegexSyntaxError).unsupported, p).toBe(true);
  }
});
