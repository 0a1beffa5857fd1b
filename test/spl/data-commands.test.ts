// rex, regex, fillnull, eventstats, mvexpand and lookup: what security_content's searches call after
// their base search or tstats. Each test cites the command's reference page.
import { expect, test } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SplunkRecord } from '../../harness/model/records.js';
import { InputError } from '../../harness/errors.js';
import { LookupLibrary, loadLookupDirectory, parseLookupCsv } from '../../harness/engines/spl/lookups.js';
import { MacroLibrary } from '../../harness/engines/spl/macros.js';
import { ev, search } from './helpers.js';

function kv(lines: string[]): SplunkRecord[] {
  return lines.map((l, i) => ev(`e${i + 1}`, l, { _time: 1_700_000_000 + i }));
}

const table = (rows: Record<string, string | string[]>[]): Record<string, string | string[]>[] => rows;

test('rex: named groups become fields; field=, max_match (0 = all), no match leaves the result alone', () => {
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/rex
  const events = kv(['cmd="qemu -netdev user,hostfwd=tcp::2222-:22 -netdev socket,connect=203.0.113.7:443" n=1', 'cmd="notepad a.txt" n=2']);
  const one = search(events, '* | rex field=cmd "-netdev (?<backend>\\w+)" | sort n | table n backend');
  expect(one.rows).toEqual(table([{ n: '1', backend: 'user' }, { n: '2' }]));
  const all = search(events, '* | rex field=cmd max_match=0 "-netdev (?<backend>\\w+)" | sort n | table n backend');
  expect(all.rows[0]).toEqual({ n: '1', backend: ['user', 'socket'] });
  // Default field _raw; a PCRE (?P<name>) group; a group that takes no part adds nothing.
  const raw = search(events, '* | rex "connect=(?P<peer>[\\d.]+):(?<port>\\d+)|(?<never>zzz)" | where isnotnull(peer) | table peer port never');
  expect(raw.rows).toEqual([{ peer: '203.0.113.7', port: '443' }]);
  // PCRE recursion is refused by the bounded engine (harness/engines/matching/pcre-parse.ts); possessive
  // quantifiers, atomic groups and back-references are PCRE features it runs.
  expect(() => search(events, '* | rex field=cmd "(?<a>x(?R)?)"')).toThrow(/recursion and subroutine calls are not supported/);
  expect(() => search(events, '* | rex field=cmd "no groups"')).toThrow(/has no named group/);
});

test('rex mode=sed: s/// with g or an occurrence number and back-references; y/// transliterates', () => {
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/rex ("mode=sed")
  const events = kv(['user=CORP\\jdoe path=a/b/c']);
  expect(search(events, '* | rex field=user mode=sed "s/^.*\\\\\\\\(\\w+)$/\\1/" | table user').rows).toEqual([{ user: 'jdoe' }]);
  expect(search(events, '* | rex field=path mode=sed "s/\\//-/g" | table path').rows).toEqual([{ path: 'a-b-c' }]);
  expect(search(events, '* | rex field=path mode=sed "s/\\//-/2" | table path').rows).toEqual([{ path: 'a/b-c' }]);
  expect(search(events, '* | rex field=path mode=sed "y/abc/xyz/" | table path').rows).toEqual([{ path: 'x/y/z' }]);
});

test('regex: keeps results whose field matches (or does not, with !=); a missing field does not match', () => {
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/regex
  const events = kv(['process="regasm.exe /u x" n=1', 'process="C:\\\\w\\\\regasm.exe" n=2', 'n=3']);
  const ns = (q: string): string[] => search(events, q).rows.map((r) => r.n as string).sort();
  expect(ns('* | regex process="(?i)(regasm\\.exe.{0,4}$)" | table n')).toEqual(['2']);
  expect(ns('* | regex process != "/u" | table n')).toEqual(['2', '3']);
  expect(ns('* | regex _raw="n=[12]" | table n')).toEqual(['1', '2']);
  expect(ns('* | regex "n=3" | table n')).toEqual(['3']);
});

test('fillnull: value= (default 0) for the listed fields, or for every field some result has', () => {
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/fillnull
  const events = kv(['a=1 b=2', 'a=3']);
  expect(search(events, '* | table a b | fillnull').rows).toEqual([{ a: '3', b: '0' }, { a: '1', b: '2' }]);
  expect(search(events, '* | table a b | fillnull value=NULL b c').rows).toEqual([{ a: '3', b: 'NULL', c: 'NULL' }, { a: '1', b: '2', c: 'NULL' }]);
});

test('eventstats: stats aggregates added to every result of its BY group; stdev is the sample deviation', () => {
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/eventstats
  // stdev: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/statistical-and-charting-functions/aggregate-functions
  const events = kv(['h=a v=2', 'h=a v=4', 'h=b v=10', 'v=99']);
  const r = search(events, '* | eventstats avg(v) as mean, stdev(v) as sd, count by h | sort v | table h v mean sd count');
  expect(r.rows).toEqual([
    { h: 'a', v: '2', mean: '3', sd: String(Math.SQRT2), count: '2' },
    { h: 'a', v: '4', mean: '3', sd: String(Math.SQRT2), count: '2' },
    { h: 'b', v: '10', mean: '10', count: '1' },
    { v: '99' },
  ]);
  expect(search(events, '* | eventstats max(v) as top | stats values(top) as t').rows).toEqual([{ t: '99' }]);
});

test('mvexpand: one result per value; limit= keeps the first values', () => {
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/mvexpand
  const events = kv(['x=1']);
  expect(search(events, '* | eval m=split("a,b,c", ",") | mvexpand m | table x m').rows).toEqual([{ x: '1', m: 'a' }, { x: '1', m: 'b' }, { x: '1', m: 'c' }]);
  expect(search(events, '* | eval m=split("a,b,c", ",") | mvexpand m limit=2 | table m').rows).toEqual([{ m: 'a' }, { m: 'b' }]);
});

test('lookup: exact, case-sensitive matches from a CSV table; AS on both sides; OUTPUT overwrites, OUTPUTNEW fills; several rows give several values', () => {
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/lookup
  // transforms.conf defaults (case_sensitive_match = true, max_matches = 1000):
  // https://help.splunk.com/en/data-management/splunk-enterprise-admin-manual/10.0/10.0.0-configuration-file-reference/transforms.conf
  const lookups = new LookupLibrary([
    parseLookupCsv('process_name,allowed,owner\nqemu-system-x86_64.exe,true,"IT, infra"\nvagrant.exe,true,dev\nvagrant.exe,true,ops\n', 'allow.csv', 'allow_list'),
  ]);
  const events = kv(['p=qemu-system-x86_64.exe allowed=old n=1', 'p=QEMU-SYSTEM-X86_64.EXE n=2', 'p=vagrant.exe n=3']);
  const run = (q: string): Record<string, string | string[]>[] => search(events, q, new MacroLibrary(), { lookups }).rows;
  expect(run('* | lookup allow_list process_name AS p OUTPUT allowed owner AS team | sort n | table n allowed team')).toEqual([
    { n: '1', allowed: 'true', team: 'IT, infra' },
    { n: '2' },
    { n: '3', allowed: ['true', 'true'], team: ['dev', 'ops'] },
  ]);
  expect(run('* | lookup allow_list process_name AS p OUTPUTNEW allowed | sort n | table n allowed')[0]).toEqual({ n: '1', allowed: 'old' });
  // Without OUTPUT: every table field that is not an input.
  expect(run('* | lookup allow_list.csv process_name AS p | where n=1 | table allowed owner')).toEqual([{ allowed: 'true', owner: 'IT, infra' }]);
  expect(() => run('* | lookup nope p')).toThrow(/lookup table "nope" is not defined: ship it as nope\.csv beside the rule \(loaded: allow_list\)/);
  expect(() => run('* | lookup allow_list missing AS p')).toThrow(/has no field missing/);
});

test('lookup tables load from a directory of CSV files; a malformed file is bad input with its line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dth-lookups-'));
  writeFileSync(join(dir, 'good.csv'), '\ufeffa,b\r\n1,"x\r\ny"\r\n');
  writeFileSync(join(dir, 'notes.txt'), 'ignored');
  const lib = loadLookupDirectory(dir);
  expect(lib.names()).toEqual(['good']);
  expect(lib.get('good')?.rows.map((r) => Object.fromEntries(r))).toEqual([{ a: '1', b: 'x\r\ny' }]);
  writeFileSync(join(dir, 'bad.csv'), 'a,b\n1,2\n1,2,3\n');
  expect(() => loadLookupDirectory(dir)).toThrow(InputError);
  expect(() => loadLookupDirectory(dir)).toThrow(/row has 3 values but the header names 2 fields/);
  expect(() => parseLookupCsv('a\n"open', 'q.csv')).toThrow(/unterminated quoted value/);
});

test('spath: a path (with {} for every array element) into output=, or every leaf named by its path; XML is noted, not read', () => {
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/spath
  const json = JSON.stringify({ userIdentity: { arn: 'arn:aws:iam::123456789012:user/bob', type: 'IAMUser' }, findings: [{ id: 'a', sev: 3 }, { id: 'b', sev: 5 }], ok: true, none: null });
  const events = [ev('j', json), ev('x', '<Event><a>1</a></Event>', { _time: 1_700_000_001 })];
  expect(search(events, '* | spath output=user userIdentity.arn | where isnotnull(user) | table user').rows).toEqual([{ user: 'arn:aws:iam::123456789012:user/bob' }]);
  expect(search(events, '* | spath path=findings{}.id output=ids | where isnotnull(ids) | table ids').rows).toEqual([{ ids: ['a', 'b'] }]);
  expect(search(events, '* | spath path=findings{} | where isnotnull(\'findings{}\') | table findings{}').rows).toEqual([{ 'findings{}': ['{"id":"a","sev":3}', '{"id":"b","sev":5}'] }]);
  const all = search(events, '* | spath | where ok="true" | table userIdentity.type findings{}.sev ok none');
  expect(all.rows).toEqual([{ 'userIdentity.type': 'IAMUser', 'findings{}.sev': ['3', '5'], ok: 'true', none: 'null' }]);
  expect(all.notes.join('\n')).toContain('spath: an input was XML');
  const nested = search([ev('n', 'k=1', { _time: 1 })], '* | eval doc="{\\"a\\":{\\"b\\":7}}" | spath input=doc | table a.b');
  expect(nested.rows).toEqual([{ 'a.b': '7' }]);
  expect(() => search(events, '* | spath path=findings{1}.id')).toThrow(/positional array steps such as \{1\} are not supported/);
});

test('subsearches: run first over the same events, their results formatted as (f="v" AND ...) OR ...; no result matches nothing; inputlookup feeds one', () => {
  // https://help.splunk.com/splunk-enterprise/search/search-manual/10.0/subsearches/about-subsearches
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/format
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/inputlookup
  const events = kv(['user=alice action=fail', 'user=bob action=fail', 'user=alice action=login src=203.0.113.5', 'user=carol action=login src=198.51.100.1', 'user=bob action=login src=198.51.100.9']);
  const ids = (q: string, options = {}): string[] => search(events, q, new MacroLibrary(), options).eventIds.sort();
  expect(ids('action=login [search action=fail | fields user]')).toEqual(['e3', 'e5']);
  // Several fields: AND within a result; internal _ fields are left out.
  expect(ids('action=login [search action=login user=alice | table _time user action]')).toEqual(['e3']);
  // A multivalue field: any of its values.
  expect(ids('action=login [search action=fail | stats values(user) as user]')).toEqual(['e3', 'e5']);
  // No result: `NOT ()` matches nothing.
  expect(ids('action=login [search action=nothing | fields user]')).toEqual([]);
  expect(ids('action=login NOT [search action=fail | fields user]')).toEqual(['e4']);
  // A later `search` command takes one too.
  expect(search(events, 'action=login | search [search user=carol | fields src]', new MacroLibrary()).eventIds).toEqual(['e4']);
  const lookups = new LookupLibrary([parseLookupCsv('user,team\ncarol,ops\nbob,\n', 'staff.csv')]);
  expect(ids('action=login [| inputlookup staff.csv | fields user]', { lookups })).toEqual(['e4', 'e5']);
  expect(ids('action=login [| inputlookup staff | where team="ops" | fields user]', { lookups })).toEqual(['e4']);
  expect(() => ids('action=login [| inputlookup nope.csv]', { lookups })).toThrow(/inputlookup: lookup table "nope.csv" is not defined/);
  expect(() => ids('action=login [search action=fail | eval search="x" | fields search]')).toThrow(/a result field named "search"/);
  expect(() => ids('action=login [search action=fail | transaction user]')).toThrow(/unsupported command: transaction/);
});

test('streamstats: running aggregates per BY group in stream order; current=false; window per group or one global window', () => {
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/streamstats
  const events = kv(['s=a v=1', 's=b v=10', 's=a v=3', 's=a v=6', 'v=99']);
  // Results stream newest first: e5, e4, e3, e2, e1.
  const run = (q: string): Record<string, string | string[]>[] => search(events, `* ${q} | table s v out`).rows;
  expect(run('| streamstats count as out by s')).toEqual([{ v: '99' }, { s: 'a', v: '6', out: '1' }, { s: 'a', v: '3', out: '2' }, { s: 'b', v: '10', out: '1' }, { s: 'a', v: '1', out: '3' }]);
  expect(run('| streamstats current=false sum(v) as out by s')).toEqual([{ v: '99' }, { s: 'a', v: '6' }, { s: 'a', v: '3', out: '6' }, { s: 'b', v: '10' }, { s: 'a', v: '1', out: '9' }]);
  expect(run('| streamstats window=2 global=false range(v) as out by s')).toEqual([{ v: '99' }, { s: 'a', v: '6', out: '0' }, { s: 'a', v: '3', out: '3' }, { s: 'b', v: '10', out: '0' }, { s: 'a', v: '1', out: '2' }]);
  // One window of the last 2 results of the stream, of which the own group counts.
  expect(run('| streamstats window=2 count as out by s')).toEqual([{ v: '99' }, { s: 'a', v: '6', out: '1' }, { s: 'a', v: '3', out: '2' }, { s: 'b', v: '10', out: '1' }, { s: 'a', v: '1', out: '1' }]);
  expect(() => run('| streamstats reset_on_change=true count')).toThrow(/the reset_on_change= option is not supported/);
});
