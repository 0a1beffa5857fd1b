// One home per concept (issue 15): one macros.conf reader and one `_time` reader behind `dth spl`,
// `dth run` (the runner's per-rule macros and the real-Splunk installer) and `dth scan`, so the same files
// give the same verdicts and the same instants in all of them.
// macros.conf structure, [default] and precedence:
//   https://help.splunk.com/en/splunk-enterprise/administer/admin-manual/10.0/administer-splunk-enterprise-with-configuration-files/configuration-file-structure
// convert's ctime format (security_content_ctime): https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/convert
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { rowEpochSeconds } from '../../harness/runner/correlate.js';
import { EmbeddedSplunkBackend, loadMacrosFile } from '../../harness/backends/embedded-splunk.js';
import { installableMacros } from '../../harness/backends/splunk/macros.js';
import { parseMacrosConf } from '../../harness/engines/spl/macros.js';
import { parseSplunkTime } from '../../harness/engines/spl/record-time.js';
import { ruleMacros } from '../../harness/runner/rule-macros.js';
import type { SplRule } from '../../harness/rules/rule.js';
import type { ScanReport } from '../../harness/scan/report.js';
import { dth } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'dth-one-home-'));

// An explicit [default] stanza (its iseval applies to every macro) and a name with `$`, both of which one
// reader once refused and the other accepted.
const MACROS = ['[default]', 'iseval = 0', '', '[get$x]', 'definition = index=wineventlog sourcetype=XmlWinEventLog', '', '[qemu_tunnel(1)]', 'args = opt', 'definition = "qemu-system-" "$opt$"'].join('\n');
const SEARCH = '`get$x` `qemu_tunnel(-netdev)`';
const macrosFile = join(dir, 'macros.conf');
writeFileSync(macrosFile, MACROS + '\n');

// The same times written four ways, and two that are no time.
const TIMES: [string, number | null][] = [
  ['1740823201', 1740823201],
  ['-5', -5],
  ['2025-03-01T10:00:01.000+00:00', 1740823201],
  ['2025-03-01T11:00:01+0100', 1740823201],
  ['2025-03-01 10:00:01', 1740823201],
  ['03/01/2025 10:00:01', 1740823201],
  ['2025-03-01', 1740787200],
  ['March 7 2026 10:00:00', null],
  ['2025-02-30T00:00:00Z', null],
];

test('_time: one reader, one time-zone rule (an offset is honoured; no zone is UTC, never local time)', () => {
  for (const [text, seconds] of TIMES) {
    expect(parseSplunkTime(text), text).toBe(seconds);
    expect(rowEpochSeconds(text), text).toBe(seconds ?? undefined);
  }
  expect(parseSplunkTime(1740823201.25)).toBe(1740823201.25);
  expect(parseSplunkTime(Number.NaN)).toBeNull();
});

test('macros.conf: [default] is not a macro but every stanza\'s defaults; `get$x` is a macro for the engine and the installer alike', () => {
  const library = parseMacrosConf(MACROS, 'macros.conf');
  expect(library.definitions().map((d) => d.name).sort()).toEqual(['get$x', 'qemu_tunnel']);
  const installed = installableMacros(library);
  expect(installed.map((m) => [m.stanza, m.settings])).toEqual([
    ['get$x', { definition: 'index=wineventlog sourcetype=XmlWinEventLog', iseval: '0' }],
    ['qemu_tunnel(1)', { definition: '"qemu-system-" "$opt$"', args: 'opt', iseval: '0' }],
  ]);
  // A stanza's own setting wins over [default].
  expect(installableMacros(parseMacrosConf('[default]\niseval = 0\n[m]\niseval = 1\ndefinition = eval(1)\n', 'm.conf'))[0]?.settings['iseval']).toBe('1');
  // Parsed once: the same file gives the same library object to every caller.
  expect(loadMacrosFile(macrosFile)).toBe(loadMacrosFile(macrosFile));
});

test('the same macros file and events: the same verdict and the same instants in dth spl, dth run\'s engine and dth scan', async () => {
  const xml = (cmd: string): string => `<Event><System><EventID>4688</EventID></System><EventData><Data Name='CommandLine'>${cmd}</Data></EventData></Event>`;
  const records = [
    { _id: 'hit-iso', _time: '2025-03-01 10:00:01', cmd: 'qemu-system-x86_64 -netdev user,id=n0' },
    { _id: 'hit-ctime', _time: '03/01/2025 10:00:02', cmd: 'qemu-system-i386 -netdev socket,id=s' },
    { _id: 'miss', _time: '2025-03-01T10:00:03Z', cmd: 'qemu-system-x86_64 -display sdl' },
  ].map((r) => ({ _id: r._id, _raw: xml(r.cmd), _time: r._time, host: 'WS01', source: 'XmlWinEventLog:Security', sourcetype: 'XmlWinEventLog', index: 'wineventlog' }));
  const eventsFile = join(dir, 'events.ndjson');
  writeFileSync(eventsFile, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const expectedTimes = ['2025-03-01T10:00:01.000Z', '2025-03-01T10:00:02.000Z'];

  // dth spl
  const spl = dth(['spl', SEARCH, '--events', eventsFile, '--macros', macrosFile, '--ids']);
  expect(spl.stderr).toBe('');
  expect(spl.stdout.trim().split('\n')).toEqual(['hit-iso', 'hit-ctime']);

  // dth run: the runner's per-rule macros (ruleMacros reads --macros for a user's rule) on the embedded engine
  const rule: SplRule = { id: 'r1', name: 'one home', description: '', query: SEARCH, threat: [], references: [], sourceFile: join(dir, 'savedsearches.conf'), siem: 'splunk', language: 'spl', format: 'savedsearches-conf' } as SplRule;
  const engine = new EmbeddedSplunkBackend({ ruleMacros: ruleMacros(macrosFile) });
  await engine.load(records.map((r) => ({ ...r, _time: parseSplunkTime(r._time) as number })));
  const result = await engine.run(rule);
  // Rows come newest first, as Splunk returns events.
  expect(result.rows.map((row) => new Date(Number(rowEpochSeconds(row['_time'] as string)) * 1000).toISOString()).sort()).toEqual(expectedTimes);

  // dth scan
  const rulesFile = join(dir, 'savedsearches.conf');
  writeFileSync(rulesFile, `[one home]\nsearch = ${SEARCH}\n`);
  const scan = dth(['scan', '--json', '--rule', rulesFile, '--macros', macrosFile, '--events', eventsFile, '--format', 'splunk-json', '--source', 'splunk-xmlwineventlog-4688']);
  const report = JSON.parse(scan.stdout) as ScanReport;
  expect(report.rules[0]?.matched).toBe(2);
  expect(report.rules[0]?.firstMatches.items.map((m) => [m.id, m.time])).toEqual([
    ['hit-iso', expectedTimes[0]],
    ['hit-ctime', expectedTimes[1]],
  ]);
});
