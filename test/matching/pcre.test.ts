// The bounded PCRE engine (harness/engines/matching/pcre.ts): it agrees with JavaScript's RegExp where
// PCRE and JavaScript agree, its automaton and backtracker give the same answers, PCRE's own meanings
// where they differ, and match_limit / depth_limit stop hostile searches at once.
// Limits: PCRE counts match() calls per start position (pcreapi(3), "Extra data for pcre_exec()",
// https://www.pcre.org/original/doc/html/pcreapi.html); Splunk sets match_limit 100000 and
// depth_limit 1000 (limits.conf [rex], https://help.splunk.com/en/splunk-enterprise/administer/admin-manual/10.4/configuration-file-reference/10.4.3-configuration-file-reference/limits.conf).
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { compileBoundedPcre, isLimited, pcreReplace, type BoundedPcre, type PcreLimited, type PcreMatch } from '../../harness/engines/matching/pcre.js';

const LIMITS = { matchLimit: 100_000, depthLimit: 1_000 };

function compile(p: string, automaton = true): BoundedPcre {
  const re = compileBoundedPcre(p, LIMITS, { automaton });
  if (typeof re === 'string') throw new Error(`${p}: ${re}`);
  return re;
}

function span(m: PcreMatch | null | PcreLimited): [number, number] | null | string {
  if (m === null) return null;
  if (isLimited(m)) return m.limit;
  return [m.index, m.end];
}

// Random patterns over a grammar JavaScript and PCRE read alike on texts without line breaks.
const atom = fc.constantFrom('a', 'b', 'c', '.', '[ab]', '[^a]', '\\w', '\\s', '(a|b)', '(?:ab|a)', '()', '(?=a)', '(?!b)', '(?<=a)', '(?<![bc])', '\\b', '\\B', '(?:a|)', '(?:a{2})');
const quant = fc.constantFrom('', '', '', '*', '+', '?', '{0,2}', '{1,}', '*?', '+?', '??', '{1,2}?');
const piece = fc.tuple(atom, quant).map(([a, q]) => (a.startsWith('(?=') || a.startsWith('(?!') || a.startsWith('(?<') || a.startsWith('\\b') || a.startsWith('\\B') ? a : a + q));
const concat = fc.array(piece, { minLength: 1, maxLength: 4 }).map((ps) => ps.join(''));
const pattern = fc.oneof(
  concat,
  fc.tuple(concat, concat).map(([x, y]) => `${x}|${y}`),
  fc.tuple(concat, concat).map(([x, y]) => `(?:${x})+${y}`),
  // A back-reference to a group every match sets first (PCRE and JavaScript differ on unset groups).
  fc.tuple(concat, concat).map(([x, y]) => `(${x})${y}\\1`),
  concat.map((x) => `^${x}`),
  concat.map((x) => `${x}$`),
);
const text = fc.array(fc.constantFrom('a', 'b', 'c', ' ', 'x'), { maxLength: 12 }).map((cs) => cs.join(''));

test('agrees with JavaScript RegExp (match or not, and the leftmost match span) on random patterns × texts', () => {
  fc.assert(
    fc.property(pattern, text, (p, s) => {
      const js = new RegExp(p).exec(s);
      const re = compile(p);
      const want = js === null ? null : [js.index, js.index + js[0].length];
      const got = span(re.exec(s));
      return JSON.stringify(got) === JSON.stringify(want) && re.test(s) === (js !== null);
    }),
    { numRuns: 5000, seed: 1313 },
  );
});

test('captures agree with JavaScript RegExp where no group is repeated', () => {
  const flat = fc.oneof(
    fc.tuple(concat, concat).map(([x, y]) => `(${x})(?:${y})`),
    fc.tuple(concat, concat).map(([x, y]) => `(${x})|(${y})`),
    fc.tuple(concat, concat).map(([x, y]) => `(?<n>${x})${y}`),
  );
  fc.assert(
    fc.property(flat, text, (p, s) => {
      // A group inside a repeat keeps its last iteration in PCRE and is reset in JavaScript: skip those.
      fc.pre(!/\)[*+?{]/.test(p.replace(/\(\?[=!]|\(\?<[=!]/g, '')));
      const js = new RegExp(p).exec(s);
      const m = compile(p).exec(s);
      if (js === null || m === null || isLimited(m)) return js === null && m === null;
      return JSON.stringify(m.groups) === JSON.stringify([...js]);
    }),
    { numRuns: 3000, seed: 7 },
  );
});

test('the automaton and the backtracker give the same answer on regular patterns, line breaks included', () => {
  const regularAtom = fc.constantFrom('a', 'b', '.', '[ab]', '[^a]', '\\s', '\\w', '(a|b)', '(?:ab|a)', '\\b', '$', '^', '\\Z', '\\z', '\\h', '\\v');
  const regular = fc.array(fc.tuple(regularAtom, quant).map(([a, q]) => (/^[\\^$]/.test(a) && !a.startsWith('\\w') && !a.startsWith('\\s') && !a.startsWith('\\h') && !a.startsWith('\\v') ? a : a + q)), { minLength: 1, maxLength: 5 }).map((ps) => ps.join(''));
  const lines = fc.array(fc.constantFrom('a', 'b', '\n', '\r', ' ', '\t', '\u00a0', '\u2028'), { maxLength: 10 }).map((cs) => cs.join(''));
  fc.assert(
    fc.property(fc.oneof(regular, regular.map((r) => `(?i)${r}`), regular.map((r) => `(?s)${r}`)), lines, (p, s) => {
      // Playwright's expect is slow in a 5000-run loop: plain booleans (the property names the case on failure).
      const auto = compile(p);
      return auto.linear && auto.test(s) === compile(p, false).test(s);
    }),
    { numRuns: 5000, seed: 99 },
  );
});

// https://www.pcre.org/current/doc/html/pcre2pattern.html: newline default LF, "Circumflex and dollar",
// "Generic character types" (\s, \h, \v), back-references, atomic groups and possessive quantifiers.
test('PCRE meanings where JavaScript differs', () => {
  expect(compile('.', false).test('\r')).toBe(true); // JavaScript: . excludes \r
  expect(compile('^a.$', false).test('a\r')).toBe(true);
  expect(compile('foo$').test('foo\n')).toBe(true); // $ before a final newline
  expect(compile('foo$').test('foo\n\n')).toBe(false);
  expect(compile('foo\\z').test('foo\n')).toBe(false);
  expect(compile('(?m)^b$').test('a\nb\nc')).toBe(true);
  expect(compile('\\s').test('\u00a0')).toBe(false); // JavaScript \s includes NBSP; PCRE without UCP does not
  expect(compile('\\h').test('\u00a0')).toBe(true);
  expect(compile('\\v').test('\u000b')).toBe(true);
  expect(compile('\\v').test('v')).toBe(false);
  expect(compile('(a)|\\1b').test('b')).toBe(false); // a reference to an unset group fails (JavaScript: matches empty)
  expect(compile('(?:(a)|b)+').exec('ab')).toMatchObject({ groups: ['ab', 'a'] }); // last iteration's capture kept
  expect(compile('(?>a+)ab').test('aaab')).toBe(false);
  expect(compile('a++b').test('aaab')).toBe(true);
  expect(compile('a*+a').test('aaa')).toBe(false);
  expect(compile('x(?i)abc').test('xABC')).toBe(true);
  expect(compile('x(?i:a)b').test('xAB')).toBe(false);
  expect(compile('(?i)STRASSE').test('strasse')).toBe(true);
  expect(compile('\\Qa.b\\E+').test('a.bb')).toBe(true);
  expect(compile('(?x) a b # comment').test('ab')).toBe(true);
  expect(compile('[[:digit:]]+').exec('ab12')).toMatchObject({ index: 2, end: 4 });
  expect(compile('(?P<y>\\d{4})-(?P=y)').test('2024-2024')).toBe(true);
  expect(compile('(?<=\\$)\\d+').exec('cost $42')).toMatchObject({ groups: ['42'] });
  expect(compile('😀+b').exec('x😀😀b')).toMatchObject({ index: 1, end: 6 });
});

test('patterns PCRE refuses or this engine does not run get a message with the offset', () => {
  const err = (p: string): string => compileBoundedPcre(p, LIMITS) as string;
  expect(err('(?<=a+)b')).toMatch(/lookbehind assertion is not fixed length at offset 0/);
  expect(err('(a)\\2')).toMatch(/reference to non-existent subpattern/);
  expect(err('a(?R)')).toMatch(/recursion and subroutine calls are not supported at offset 1/);
  expect(err('(?(1)a|b)')).toMatch(/conditional subpatterns are not supported/);
  expect(err('\\p{L}')).toMatch(/Unicode property escapes/);
  // pcre2_compile: "PCRE2 does not support \F, \L, \l, \N{name}, \U, or \u" (JavaScript accepted \u02b0).
  expect(err('[\\u02b0-\\u02ff]')).toMatch(/PCRE does not support \\u .* at offset 1/);
  expect(err('a{3,2}')).toMatch(/numbers out of order/);
  expect(err('(a')).toMatch(/missing closing parenthesis/);
  expect(err('[a')).toMatch(/missing terminating \]/);
});

test('hostile searches stop at match_limit / depth_limit within a bound, as PCRE does', () => {
  const a = 'a'.repeat(10_000);
  const cases: [string, string, boolean | string][] = [
    ['(a+)+b', a, false], // regular: the automaton says no, linear
    ['(a+)+\\1b', a, 'match_limit'], // back-reference: the backtracker, stopped
    ['(?=(a+)+b)', a, 'match_limit'],
    ['(?:a|a)+c', a, false], // regular: the automaton
    ['(?:a|a)+(?!x)c', a, 'depth_limit'], // look-ahead: the backtracker; a group repeat nests a level per iteration
    ['(a|b)*c', 'ab'.repeat(3000), false],
    ['(?:(a)|b)*\\1c', 'ab'.repeat(3000), 'depth_limit'],
    ['(a+)+\\1b', 'aaaab', true], // (a+)+ takes aaa with a last iteration of a; \1 is a
  ];
  for (const [p, s, want] of cases) {
    const started = performance.now();
    const r = compile(p).test(s);
    const ms = performance.now() - started;
    expect(isLimited(r) ? r.limit : r, p).toBe(want);
    expect(ms, `${p} took ${ms} ms`).toBeLessThan(1000);
  }
  // A global replace shares one budget across its searches.
  const started = performance.now();
  const r = pcreReplace(compile('(a+)+\\1x|y'), `${'a'.repeat(40)}y`.repeat(200), '-', 0);
  expect(r.limit).toBe('match_limit');
  expect(performance.now() - started).toBeLessThan(1000);
});

test('replace: \\N groups, \\0, every match or the nth, empty matches advance', () => {
  expect(pcreReplace(compile('(\\w+)@(\\w+)'), 'a@b c@d', '\\2 at \\1', 0).text).toBe('b at a d at c');
  expect(pcreReplace(compile('(\\w+)@(\\w+)'), 'a@b c@d', '<\\0>', 2).text).toBe('a@b <c@d>');
  expect(pcreReplace(compile('x*'), 'abc', '-', 0).text).toBe('abc'.replace(/x*/g, '-'));
  expect(pcreReplace(compile('(a)|b'), 'ab', '[\\1]', 0).text).toBe('[a][]');
  expect(pcreReplace(compile('\\d'), 'a1$2', '$', 0).text).toBe('a$$$');
});
