// `dth spl` as a user runs it (the built CLI: `npm run build` first).
import { expect, test } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dth } from '../support/cli.js';
import { security4688Classic, security4688Xml } from './events.js';

const dir = mkdtempSync(join(tmpdir(), 'dth-spl-cli-'));
const Q = 'C:\\Program Files\\qemu\\qemu-system-x86_64.exe';
const RULE = '`get_endpoint_data` `get_endpoint_data_winevent` (TERM(EventCode=4688) OR "<EventID>4688<" OR Type=Process) "qemu-system-" ("-net " OR "-netdev" OR "-redir" OR "socket" OR "listen" OR "-device" OR "hostfwd=") | table _time, host, user, process, process_*, parent_process_name, parent_process_* | bin span=1s | stats values(*) as * by _time, host';

function eventsFile(name: string, lines: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const malicious = security4688Xml({ id: 'evil-1', host: 'WS01', time: 1_736_936_553.2, image: Q, commandLine: `"${Q}" -netdev user,id=n0,hostfwd=tcp::2222-:22` });
const benign = security4688Classic({ id: 'x', host: 'WS02', time: 1_736_936_600, image: Q, commandLine: `"${Q}" -display sdl` });
const { _id: _drop, ...noId } = security4688Classic({ id: 'unused', host: 'WS03', time: 1_736_936_700, image: Q, commandLine: `"${Q}" -netdev socket,id=s,listen=:4444` });
const EVENTS = eventsFile('events.ndjson', [JSON.stringify(malicious), JSON.stringify(benign), '', JSON.stringify({ ...noId, _time: '2025-01-15T10:25:00.000Z' })]);

test('--ids prints the event-level ids in file order; an event without _id is its 1-based line number', () => {
  const r = dth(['spl', RULE, '--events', EVENTS, '--ids']);
  expect(r.stderr).toContain('note: bin without a field');
  expect(r.status).toBe(0);
  expect(r.stdout).toBe('evil-1\n4\n');
});

test('without --ids the result rows are printed as JSON lines', () => {
  const r = dth(['spl', RULE, '--events', EVENTS]);
  expect(r.status).toBe(0);
  const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(rows.map((row) => [row._time, row.host, row.process_name])).toEqual([
    ['2025-01-15T10:22:33.000+00:00', 'WS01', 'qemu-system-x86_64.exe'],
    ['2025-01-15T10:25:00.000+00:00', 'WS03', 'qemu-system-x86_64.exe'],
  ]);
});

test('--macros replaces the default macros', () => {
  const macros = join(dir, 'site-macros.conf');
  writeFileSync(macros, '[get_endpoint_data]\ndefinition = index=nothing_here\n[get_endpoint_data_winevent]\ndefinition = *\n');
  const r = dth(['spl', RULE, '--events', EVENTS, '--macros', macros, '--ids']);
  expect(r.status).toBe(0);
  expect(r.stdout).toBe('');
});

test('exit 2 with a positioned message: parse error, unsupported command, malformed line', () => {
  const parse = dth(['spl', 'index=main (a', '--events', EVENTS]);
  expect(parse.status).toBe(2);
  expect(parse.stderr).toMatch(/<search>:1:12: unbalanced "\("/);
  const unsupported = dth(['spl', 'index=main | transaction host', '--events', EVENTS]);
  expect(unsupported.status).toBe(2);
  expect(unsupported.stderr).toMatch(/<search>:1:14: unsupported command: transaction/);
  const bad = eventsFile('bad.ndjson', [JSON.stringify(malicious), '{"_raw": "x", "_time": "yesterday", "host": "h", "source": "s", "sourcetype": "t", "index": "i"}']);
  const malformed = dth(['spl', 'x', '--events', bad]);
  expect(malformed.status).toBe(2);
  expect(malformed.stderr).toMatch(/bad\.ndjson:2:1: "_time": expected epoch seconds or an ISO 8601 date-time/);
  const notJson = eventsFile('notjson.ndjson', ['{oops']);
  expect(dth(['spl', 'x', '--events', notJson]).stderr).toMatch(/notjson\.ndjson:1:1: not a JSON object/);
});

test('attacker-controlled event text stays escaped in JSON output', () => {
  const file = eventsFile('hostile.ndjson', [JSON.stringify({ _raw: 'user="a\\"b" x=</script>\u2028', _time: 1, host: 'h', source: 's', sourcetype: 't', index: 'i', _id: 'h1' })]);
  const r = dth(['spl', '* | table _raw', '--events', file]);
  expect(r.status).toBe(0);
  expect(r.stdout.trim().split('\n')).toHaveLength(1);
  expect(JSON.parse(r.stdout)).toEqual({ _raw: 'user="a\\"b" x=</script>\u2028' });
});

test('dth spl runs tstats over CIM Endpoint.Processes: counts per host from 4688 XML', () => {
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/tstats
  const starts = [
    { id: 't1', host: 'WS01', time: 1_736_936_553 },
    { id: 't2', host: 'WS01', time: 1_736_936_600 },
    { id: 't3', host: 'WS02', time: 1_736_936_700 },
  ].map((s) => security4688Xml({ ...s, image: Q, commandLine: `"${Q}" -netdev user,id=n0` }));
  const other = security4688Xml({ id: 't4', host: 'WS03', time: 1_736_936_800, image: 'C:\\Windows\\System32\\cmd.exe', commandLine: 'cmd.exe /c dir' });
  const file = eventsFile('tstats.ndjson', [...starts, other].map((e) => JSON.stringify(e)));
  const r = dth(['spl', '| tstats count from datamodel=Endpoint.Processes where Processes.process_name=qemu-system-x86_64.exe by Processes.dest', '--events', file]);
  expect(r.status).toBe(0);
  expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([
    { 'Processes.dest': 'WS01.corp.example', count: '2' },
    { 'Processes.dest': 'WS02.corp.example', count: '1' },
  ]);
  const missing = dth(['spl', '* | lookup nope x', '--events', file, '--lookups', join(dir, 'no-such-dir')]);
  expect(missing.status).toBe(2);
  expect(missing.stderr).toMatch(/no-such-dir: lookup directory not found/);
});
