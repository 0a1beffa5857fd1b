import { expect, test } from '@playwright/test';
import type { SplunkRecord } from '../../harness/model/records.js';
import type { SplError } from '../../harness/engines/spl/errors.js';
import { inputErrorOf } from '../support/input-error.js';
import { ev, search } from './helpers.js';

/** Events with key=value text, one second apart, newest last in load order. */
function kv(lines: string[]): SplunkRecord[] {
  return lines.map((l, i) => ev(`e${i + 1}`, l, { _time: 1_700_000_000 + i }));
}

test('events enter the pipeline newest first', () => {
  // Search results are returned in reverse chronological order:
  // https://help.splunk.com/splunk-enterprise/search/search-manual/9.4/search-primer/about-the-search-language
  const r = search(kv(['n=1', 'n=2', 'n=3']), '* | table n');
  expect(r.rows.map((x) => x.n)).toEqual(['3', '2', '1']);
});

test('eval: arithmetic, concatenation, if/case, null handling, later assignments see earlier ones', () => {
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/eval
  const r = search(kv(['a=2 b=3 s=qemu']), '* | eval c=a*b+1, d=c/2, e=s."-system", f=if(a>1,"big","small"), g=case(a=1,"one",a=2,"two"), h=missing+1, i=len(s), j=a+b+"x" | table c d e f g h i j');
  expect(r.rows).toEqual([{ c: '7', d: '3.5', e: 'qemu-system', f: 'big', g: 'two', i: '4' }]);
});

test('eval: a boolean cannot be stored in a field', () => {
  // The eval command's message for `eval x=1==1`: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/eval
  expect(() => search(kv(['a=1']), '* | eval x=a==1')).toThrow(/Fields cannot be assigned a boolean result/);
});

test('eval functions: string, multivalue, regex and conversion functions', () => {
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/evaluation-functions/evaluation-functions
  const r = search(
    kv(['p=C:\\Windows\\System32\\cmd.exe']),
    '* | eval parts=split(p,"\\\\"), last=mvindex(parts,-1), n=mvcount(parts), low=lower(last), up=upper(last), sub=substr(last,1,3), rep=replace(last,"\\.exe$",""), m=if(match(p,"(?i)system32"),"yes","no"), l=if(like(last,"cmd%"),"yes","no"), j=mvjoin(mvappend("a","b"),"+"), t=tonumber("0x1f",16), s=tostring(255,"hex"), r=round(3.14159,2), co=coalesce(nothing, last) | table last n low up sub rep m l j t s r co',
  );
  expect(r.rows).toEqual([{ last: 'cmd.exe', n: '4', low: 'cmd.exe', up: 'CMD.EXE', sub: 'cmd', rep: 'cmd', m: 'yes', l: 'yes', j: 'a+b', t: '31', s: '0xFF', r: '3.14', co: 'cmd.exe' }]);
});

test('eval refuses functions whose result depends on the wall clock, with the position', () => {
  // now() is the search's start time: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/evaluation-functions/date-and-time-functions
  expect(() => search(kv(['a=1']), '* | eval t=now()')).toThrow(/unsupported eval function: now/);
});

test('eval: the hash functions take exactly one argument; another count is a positioned error (md5() used to crash)', () => {
  // md5(<str>), sha1(<str>), sha256(<str>), sha512(<str>):
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/evaluation-functions/cryptographic-functions
  const query = '* | eval h=md5(), k=sha256(a, a)';
  const error = inputErrorOf(() => search(kv(['a=1']), query));
  expect(error.message).toContain('md5() takes 1 argument, got 0');
  expect((error as SplError).offset).toBe(query.indexOf('md5'));
  expect(() => search(kv(['a=1']), '* | eval k=sha256(a, a)')).toThrow(/sha256\(\) takes 1 argument, got 2/);
  expect(search(kv(['a=abc']), '* | eval h=md5(a) | table h').rows).toEqual([{ h: '900150983cd24fb0d6963f7d28e17f72' }]);
});

test('where: eval semantics, strings case-sensitive, AND before OR, null is false', () => {
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/where
  // AND before OR in eval and where: https://help.splunk.com/en/splunk-enterprise/search/search-manual/9.3/expressions-and-predicates
  const events = kv(['u=Admin n=5', 'u=admin n=50', 'u=guest']);
  expect(search(events, '* | where u="admin"').eventIds).toEqual(['e2']);
  expect(search(events, '* | where n>10').eventIds).toEqual(['e2']);
  expect(search(events, '* | where u="guest" OR u="Admin" AND n>10').eventIds).toEqual(['e3']);
  expect(search(events, '* | where isnull(n)').eventIds).toEqual(['e3']);
  expect(search(events, '* | where like(u, "ad%")').eventIds).toEqual(['e2']);
});

test('table keeps only the named fields, in order; a wildcard names every matching field', () => {
  // https://help.splunk.com/splunk-cloud-platform/spl-search-reference/10.0.2503/search-commands/table
  const r = search(kv(['process=x process_name=y process_id=1 parent_process=p other=o']), '* | table process, process_*, missing');
  expect(Object.keys(r.rows[0] as object)).toEqual(['process', 'process_id', 'process_name']);
});

test('fields keeps or removes fields; keeping still keeps _raw and _time', () => {
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/fields
  const kept = search(kv(['a=1 b=2 c=3']), '* | fields a');
  expect(Object.keys(kept.rows[0] as object).sort()).toEqual(['_raw', '_time', 'a']);
  const removed = search(kv(['a=1 b=2 c=3']), '* | fields - a, b | table a b c');
  expect(removed.rows).toEqual([{ c: '3' }]);
});

test('rename, with wildcards', () => {
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/rename
  const r = search(kv(['other=o']), '* | eval "Processes.dest"="d", "Processes.user"="u" | rename Processes.* AS *, other AS renamed | table dest user renamed other');
  expect(r.rows).toEqual([{ dest: 'd', user: 'u', renamed: 'o' }]);
});

test('bin floors _time to the span (spans under a day align to the epoch)', () => {
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/bin
  const events = [ev('a', 'x', { _time: 1_700_000_000.9 }), ev('b', 'x', { _time: 1_700_000_299.5 })];
  expect(search(events, 'x | bin _time span=1s | table _time').rows).toEqual([{ _time: '2023-11-14T22:18:19.000+00:00' }, { _time: '2023-11-14T22:13:20.000+00:00' }]);
  expect(search(events, 'x | bucket span=5m _time | table _time').rows).toEqual([{ _time: '2023-11-14T22:15:00.000+00:00' }, { _time: '2023-11-14T22:10:00.000+00:00' }]);
  expect(search(kv(['size=17']), '* | bin size span=10 | table size').rows).toEqual([{ size: '10-20' }]);
});

test('bin without a field bins _time by default, says so in the notes, and can be made to refuse', () => {
  // The bin syntax lists <field> as required: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/bin
  const events = [ev('a', 'x', { _time: 1_700_000_000.9 })];
  const r = search(events, 'x | bin span=1s | table _time');
  expect(r.rows).toEqual([{ _time: '2023-11-14T22:13:20.000+00:00' }]);
  expect(r.notes.join(' ')).toMatch(/bin without a field/);
  expect(() => search(events, 'x | bin span=1s', undefined, { binWithoutField: 'error' })).toThrow(/bin needs a field/);
});

test('stats: count, dc, values, list, min, max, sum, avg, first, last, earliest, latest, by', () => {
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.2/search-commands/stats
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/statistical-and-charting-functions/multivalue-stats-and-chart-functions
  const events = kv(['h=a v=3 s=x', 'h=a v=10 s=y', 'h=a v=3 s=x', 'h=b v=7 s=z']);
  const r = search(events, '* | stats count, dc(v) as dcv, values(s) as vs, list(v) as lv, min(v) as mn, max(v) as mx, sum(v) as sm, avg(v) as av, first(v) as fv, last(v) as lastv, earliest(v) as ev, latest(v) as lt by h');
  expect(r.rows).toEqual([
    // Events arrive newest first: e3 (v=3), e2 (v=10), e1 (v=3).
    { h: 'a', count: '3', dcv: '2', vs: ['x', 'y'], lv: ['3', '10', '3'], mn: '3', mx: '10', sm: '16', av: '5.333333333333333', fv: '3', lastv: '3', ev: '3', lt: '3' },
    { h: 'b', count: '1', dcv: '1', vs: 'z', lv: '7', mn: '7', mx: '7', sm: '7', av: '7', fv: '7', lastv: '7', ev: '7', lt: '7' },
  ]);
});

test('values() returns distinct values in lexicographic order: "10" before "9", upper case before lower case', () => {
  // "The order of the values is lexicographical":
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/statistical-and-charting-functions/multivalue-stats-and-chart-functions
  // Lexicographic order (numbers by their first digit, upper case before lower case):
  // https://help.splunk.com/en/splunk-enterprise/search/spl2-search-manual/sort-and-order
  const events = kv(['v=9', 'v=10', 'v=100', 'v=9', 'v=b', 'v=B', 'v=a']);
  expect(search(events, '* | stats values(v) as v').rows).toEqual([{ v: ['10', '100', '9', 'B', 'a', 'b'] }]);
});

test('stats with wildcards: values(*) AS * keeps each field name; BY fields are not repeated', () => {
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.2/search-commands/stats
  const events = kv(['host2=h p=1 q=a', 'host2=h p=2']);
  expect(search(events, '* | table host2 p q | stats values(*) as * by host2').rows).toEqual([{ host2: 'h', p: ['1', '2'], q: 'a' }]);
  expect(search(events, '* | table p | stats count(*)').rows).toEqual([{ 'count(p)': '2' }]);
});

test('stats: results missing a BY field are left out; a multivalue BY field counts in each value\'s group; count(eval(...))', () => {
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.2/search-commands/stats
  const events = kv(['k=a n=1', 'n=2', 'k=b n=3']);
  expect(search(events, '* | stats count by k').rows).toEqual([{ k: 'a', count: '1' }, { k: 'b', count: '1' }]);
  const mv = search(kv(['x=1']), '* | eval k=split("p,q",",") | stats count by k');
  expect(mv.rows).toEqual([{ k: 'p', count: '1' }, { k: 'q', count: '1' }]);
  expect(search(events, '* | stats count(eval(n>1)) as big').rows).toEqual([{ big: '2' }]);
  expect(search([], '* | stats count').rows).toEqual([{ count: '0' }]);
});

test('dedup keeps the first result per combination; sort orders numbers numerically and strings lexicographically', () => {
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/dedup
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.0/search-commands/sort
  const events = kv(['u=a n=10', 'u=b n=9', 'u=a n=100', 'n=1']);
  expect(search(events, '* | dedup u | table u n').rows).toEqual([{ u: 'a', n: '100' }, { u: 'b', n: '9' }]);
  expect(search(events, '* | sort n | table n').rows.map((x) => x.n)).toEqual(['1', '9', '10', '100']);
  expect(search(events, '* | sort - n | table n').rows.map((x) => x.n)).toEqual(['100', '10', '9', '1']);
  expect(search(events, '* | sort str(n) | table n').rows.map((x) => x.n)).toEqual(['1', '10', '100', '9']);
  // Results missing the sort field go last, ascending or descending.
  expect(search(events, '* | sort u | table u n').rows.map((x) => x.u ?? '-')).toEqual(['a', 'a', 'b', '-']);
  expect(search(events, '* | sort -u | table u n').rows.map((x) => x.u ?? '-')).toEqual(['b', 'a', 'a', '-']);
});

test('head and tail: the first N results, and the last N in reverse order', () => {
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/head
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/tail
  const events = kv(['n=1', 'n=2', 'n=3', 'n=4']);
  expect(search(events, '* | head 2 | table n').rows.map((x) => x.n)).toEqual(['4', '3']);
  expect(search(events, '* | tail 2 | table n').rows.map((x) => x.n)).toEqual(['1', '2']);
  expect(search(events, '* | head (n>2) | table n').rows.map((x) => x.n)).toEqual(['4', '3']);
});

test('convert ctime() writes epoch times with the time format (UTC), in place or AS a new field', () => {
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/convert
  const events = kv(['first=1700000000 last=1700003600.5 text=abc']);
  const r = search(events, '* | convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(first) ctime(last) AS lastText ctime(text) | table first last lastText text');
  expect(r.rows).toEqual([{ first: '2023-11-14T22:13:20', last: '1700003600.5', lastText: '2023-11-14T23:13:20', text: 'abc' }]);
  expect(search(events, '* | convert ctime(first) | table first').rows).toEqual([{ first: '11/14/2023 22:13:20' }]);
  expect(() => search(events, '* | convert dur2sec(first)')).toThrow(/only ctime\(\)/);
});

test('search later in the pipeline filters results on fields and on _raw', () => {
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/search
  const events = kv(['user=a action=login', 'user=b action=logout']);
  expect(search(events, '* | search action=log*').eventIds).toEqual(['e1', 'e2']);
  expect(search(events, '* | search logout').eventIds).toEqual(['e2']);
  expect(search(events, '* | table user | search b').rows).toEqual([{ user: 'b' }]);
});

test('an unsupported command is refused before any data is read, with its position', () => {
  // The harness rule: a feature the engine does not implement fails with an error naming it.
  expect(() => search(kv(['a=1']), '* | eval x=1 | transaction host')).toThrow(/unsupported command: transaction/);
  try {
    search(kv(['a=1']), 'a=1\n| transaction host');
  } catch (e) {
    expect((e as { location: { line: number; column: number } }).location).toMatchObject({ line: 2, column: 3 });
  }
});
