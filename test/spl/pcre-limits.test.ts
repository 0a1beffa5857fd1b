// Every SPL use of PCRE runs on the bounded engine (harness/engines/matching/pcre.ts via
// harness/engines/spl/regex.ts) with Splunk's limits.conf [rex] match_limit 100000 / depth_limit 1000
// (https://help.splunk.com/en/splunk-enterprise/administer/admin-manual/10.4/configuration-file-reference/10.4.3-configuration-file-reference/limits.conf).
// A value whose search hits a limit is treated as not matching and the search notes it; nothing hangs.
// Each hostile case used to run on JavaScript's backtracking RegExp (`(a+)+b` took 51.6 s at 30 characters).
import { expect, test } from '@playwright/test';
import { ev, search } from './helpers.js';

const A = 'a'.repeat(10_000);
const events = [ev('long', A), ev('hit', 'aab aab'), ev('other', 'zzz')];

function timed<T>(f: () => T): T {
  const started = performance.now();
  const r = f();
  expect(performance.now() - started).toBeLessThan(1000);
  return r;
}

test('regex: a regular hostile pattern answers by automaton; a non-regular one stops at match_limit with a note', () => {
  const regular = timed(() => search(events, '* | regex _raw="(a+)+b"'));
  expect(regular.rows.map((r) => r['_raw'])).toEqual(['aab aab']);
  expect(regular.notes.join('\n')).not.toMatch(/match_limit/);
  const backref = timed(() => search(events, '* | regex _raw="(a+)+\\1b"'));
  expect(backref.rows.map((r) => r['_raw'])).toEqual(['aab aab']);
  expect(backref.notes.join('\n')).toMatch(/regex: regex="\(a\+\)\+\\1b" has exceeded configured match_limit \(100000, limits.conf \[rex\]\); the value was treated as not matching/);
  // `!=` keeps what does not match, and a stopped search does not match.
  const negated = timed(() => search(events, '* | regex _raw!="(a+)+\\1b"'));
  expect(negated.rows.map((r) => r['_raw']).sort()).toEqual([A, 'zzz']);
});

test('rex: extraction and sed mode stop at the limit on the hostile value and still extract from the others', () => {
  const r = timed(() => search(events, '* | rex "(?<x>(?=(a+)+b)a+b)" | table x'));
  expect(r.rows.map((row) => row['x'] ?? null)).toEqual([null, 'aab', null]);
  expect(r.notes.join('\n')).toMatch(/rex: regex=".*" has exceeded configured match_limit/);
  const sed = timed(() => search(events, '* | rex mode=sed "s/(a+)+\\1b/X/g" | table _raw'));
  expect(sed.rows.map((row) => (row['_raw'] === A ? 'the long value' : row['_raw'])).sort()).toEqual(['X X', 'the long value', 'zzz']);
  expect(sed.notes.join('\n')).toMatch(/rex: regex=".*" has exceeded configured match_limit/);
});

test('match(), mvfind() and replace(): false / null / unchanged on the hostile value, with a note', () => {
  const m = timed(() => search(events, '* | eval m=if(match(_raw, "(?!x)(a+)+b"), "y", "n") | table m'));
  expect(m.rows.map((row) => row['m'])).toEqual(['n', 'y', 'n']);
  expect(m.notes.join('\n')).toMatch(/match\(\): regex=".*" has exceeded configured (match|depth)_limit/);
  const f = timed(() => search(events, '* | eval i=mvfind(_raw, "(a|a)+\\1b") | table i'));
  expect(f.rows.map((row) => row['i'] ?? null)).toEqual([null, '0', null]);
  expect(f.notes.join('\n')).toMatch(/mvfind\(\): regex=/);
  const r = timed(() => search(events, '* | eval r=replace(_raw, "(a+)+\\1b", "X") | eval n=len(r) | table n'));
  expect(r.rows.map((row) => Number(row['n'])).sort((x, y) => x - y)).toEqual([3, 3, 10_000]);
  expect(r.notes.join('\n')).toMatch(/replace\(\): regex=/);
});

test('PCRE features JavaScript could not run before now work in SPL: possessive, atomic, inline flags inside', () => {
  const rows = [ev('1', 'user=Alice id=42'), ev('2', 'USER=bob id=7')];
  const r = search(rows, '* | rex "(?i:user)=(?<u>\\w++) id=(?<id>(?>\\d+))" | table u id | sort u');
  expect(r.rows).toEqual([
    { u: 'Alice', id: '42' },
    { u: 'bob', id: '7' },
  ]);
});
