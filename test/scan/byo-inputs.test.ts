// `dth scan` on the export shapes users actually have (test/fixtures/scan/byo/, see its README): each
// holds one real QEMU tunnel command line and must report it, or end with a clear non-zero warning.
// Sources: Elasticsearch names a data stream's backing indices `.ds-<data-stream>-<yyyy.MM.dd>-<generation>`
// and an index pattern that selects the stream searches them
// (https://www.elastic.co/docs/manage-data/data-store/data-streams#data-streams-generation); a search
// response carries documents as hits.hits[]._source with _index and _id
// (https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-search).
import { expect, test } from '@playwright/test';
import type { ScanReport } from '../../harness/scan/report.js';
import { dth } from '../support/cli.js';

const RULE = 'rules/elastic/command_and_control_tunnel_qemu.toml';
const BYO = 'test/fixtures/scan/byo';

function scan(args: string[]): { report: ScanReport; status: number | null; stderr: string } {
  const r = dth(['scan', '--json', '--rule', RULE, ...args]);
  if (r.stdout.trim() === '') throw new Error(`no report (exit ${r.status}): ${r.stderr}`);
  return { report: JSON.parse(r.stdout) as ScanReport, status: r.status, stderr: r.stderr };
}

const CASES: { file: string; read: number; line: number; id: string | null }[] = [
  // The real Elastic Defend sample, pretty-printed: before, "malformed 283" and exit 0.
  { file: 'defend-pretty.json', read: 1, line: 1, id: null },
  // _index a backing index: before, "does not search index [.ds-…]" and matched 0.
  { file: 'defend-backing-index.ndjson', read: 2, line: 2, id: 'qemu-1' },
  // elasticdump lines: before, matched 0 with no note.
  { file: 'defend-elasticdump.ndjson', read: 2, line: 2, id: 'qemu-1' },
  { file: 'defend-search-response.json', read: 2, line: 305, id: 'qemu-1' },
  { file: 'defend-array.json', read: 2, line: 2, id: null },
];

for (const c of CASES) {
  test(`${c.file}: the QEMU tunnel is matched, counts add up, exit 0`, () => {
    const { report, status } = scan(['--events', `${BYO}/${c.file}`]);
    expect(status).toBe(0);
    const rule = report.rules[0];
    expect(rule).toMatchObject({ read: c.read, matched: 1, notMatched: c.read - 1, malformed: 0 });
    expect(rule?.firstMatches.items[0]).toMatchObject({ line: c.line, id: c.id });
    expect(rule?.firstMatches.items[0]?.excerpt).toContain('connect=203.0.113.7:443');
    expect(report.warnings).toEqual([]);
  });
}

test('a backing index is searched through its data stream, and the report says so', () => {
  const { report } = scan(['--events', `${BYO}/defend-backing-index.ndjson`]);
  expect(report.notes.join('\n')).toContain('backing index of data stream [logs-endpoint.events.process-default]');
  expect(report.notes.join('\n')).not.toContain('does not search index');
});

const RAW: { source: string; file: string }[] = [
  { source: 'crowdstrike-fdr', file: 'crowdstrike-fdr-raw.ndjson' },
  { source: 'sentinelone-cloud-funnel', file: 'sentinelone-raw.ndjson' },
  { source: 'm365-defender', file: 'm365-defender-raw.ndjson' },
  { source: 'windows-sysmon', file: 'sysmon-evtx-dump.ndjson' },
];

for (const c of RAW) {
  test(`raw ${c.source} records: a clear warning and exit 2 without --raw, the match with --source ${c.source} --raw`, () => {
    // Before: matched 0, exit 0, nothing said (with or without --source).
    const plain = scan(['--events', `${BYO}/${c.file}`, '--source', c.source]);
    expect(plain.status).toBe(2);
    expect(plain.report.rules[0]?.matched).toBe(0);
    expect(plain.report.warnings.join('\n')).toMatch(/needs (field|any of the fields) process\.args.*which no record carries.*--raw/);
    expect(plain.stderr).toContain(c.file);
    const raw = scan(['--events', `${BYO}/${c.file}`, '--source', c.source, '--raw']);
    expect(raw.status).toBe(0);
    expect(raw.report.rules[0]).toMatchObject({ read: 2, matched: 1, notMatched: 1, malformed: 0 });
    expect(raw.report.rules[0]?.firstMatches.items[0]?.line).toBe(2);
    expect(raw.report.warnings).toEqual([]);
  });
}

test('--raw needs --source naming a vendor format', () => {
  const none = dth(['scan', '--rule', RULE, '--events', `${BYO}/crowdstrike-fdr-raw.ndjson`, '--raw']);
  expect(none.status).toBe(2);
  expect(none.stderr).toContain('--raw needs --source');
  expect(none.stderr).toContain('crowdstrike-fdr');
  const ecs = dth(['scan', '--rule', RULE, '--events', `${BYO}/crowdstrike-fdr-raw.ndjson`, '--source', 'elastic-defend', '--raw']);
  expect(ecs.status).toBe(2);
  expect(ecs.stderr).toContain('not elastic-defend');
});

test('a file of events none of which can match (every line ruled out by the byte prefilter) is not mistaken for records lacking the fields', () => {
  // Before: the byte pass handed over no line, no field was ever seen, and a normal week of benign
  // process starts ended with "needs field event.type, which no record carries" and exit 2.
  const events = dth(['generate', '--source', 'elastic-defend', '--scenario', 'android-emulator', '--count', '30']);
  expect(events.status).toBe(0);
  expect(events.stdout).not.toMatch(/netdev/i);
  const r = dth(['scan', '--json', '--rule', RULE, '--events', '-'], { input: events.stdout });
  const report = JSON.parse(r.stdout) as ScanReport;
  expect(report.warnings).toEqual([]);
  const lines = events.stdout.trim().split('\n').length;
  expect(lines).toBeGreaterThanOrEqual(30);
  expect(report.rules[0]).toMatchObject({ read: lines, matched: 0, notMatched: lines, malformed: 0 });
  expect(r.status).toBe(0);
});
