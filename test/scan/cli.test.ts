// `dth scan` as a user runs it (the built CLI): formats, gzip, directories, stdin, malformed lines,
// caps, the JSON report, several rules, rules that fail to load, the Splunk rule on exported events,
// and line numbers that stay exact across chunks and worker threads.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { appliesTo, DATA_SOURCES } from '../../generators/data-sources.js';
import { generateEvents } from '../../generators/generate.js';
import type { SplunkRecord } from '../../harness/model/records.js';
import { loadPack } from '../../generators/scenario-pack.js';
import { EmbeddedSplunkBackend } from '../../harness/backends/embedded-splunk.js';
import { fromRoot } from '../../harness/paths.js';
import { loadSplunkRules } from '../../harness/rules/splunk-loader.js';
import type { ScanReport } from '../../harness/scan/report.js';
import { dth } from '../support/cli.js';
import { removeTempDirs, tempDir, writeTemp } from './support.js';

const ELASTIC_RULE = 'rules/elastic/command_and_control_tunnel_qemu.toml';
const SPLUNK_RULE = 'rules/splunk/qemu_network_tunneling_windows.yml';
const MIXED = 'test/fixtures/scan/mixed.ndjson';
const MIXED_TEXT = readFileSync(fromRoot(MIXED), 'utf8');

function scanJson(args: string[], input?: string): { report: ScanReport; status: number | null; stderr: string } {
  const r = dth(['scan', '--json', ...args], { input });
  if (r.stdout.trim() === '') throw new Error(`no report (exit ${r.status}): ${r.stderr}`);
  return { report: JSON.parse(r.stdout) as ScanReport, status: r.status, stderr: r.stderr };
}

/** Every rule's counts add up, and the listed matches fit the count. */
function expectTotalsAddUp(report: ScanReport): void {
  for (const rule of report.rules) {
    expect(rule.read).toBe(report.totals.read);
    expect(rule.matched + rule.notMatched + rule.malformed).toBe(rule.read);
    expect(rule.byHost.items.reduce((n, h) => n + h.count, 0) + rule.byHost.other).toBe(rule.matched);
    expect(rule.byDay.items.reduce((n, d) => n + d.count, 0) + rule.byDay.other).toBe(rule.matched);
  }
  expect(report.totals.parsed + report.totals.prefiltered).toBe(report.totals.read);
  // A CSV record may span several lines (and the header is a line too); an ndjson event is one line.
  if (report.format === 'csv') expect(report.totals.lines).toBeGreaterThan(report.totals.read + report.totals.blankLines);
  else expect(report.totals.lines).toBe(report.totals.read + report.totals.blankLines);
}

test.afterAll(removeTempDirs);

const matchLines = (report: ScanReport, rule = 0): number[] => report.rules[rule]?.firstMatches.items.map((m) => m.line) ?? [];

test('ndjson: matches with file:line, per host and per day; malformed lines counted with their line numbers; totals add up', () => {
  // The rule's verdicts on these documents follow the EQL semantics tested in test/eql/qemu-rule.test.ts
  // (https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax).
  for (const mode of [[], ['--no-prefilter']]) {
    const { report, status } = scanJson(['--rule', ELASTIC_RULE, '--events', MIXED, '--max-malformed-share', '0.5', ...mode]);
    expect(status).toBe(0);
    expect(report.schema).toBe('dth-scan/1');
    expect(report.totals).toMatchObject({ read: 11, lines: 12, blankLines: 1, malformed: 3 });
    expect(report.malformed.items.map((m) => m.line)).toEqual([6, 8, 11]);
    expect(report.malformed.items[2]?.reason).toContain('process.pid');
    const rule = report.rules[0];
    expect(rule).toMatchObject({ id: 'b29b7652-219f-468b-aa1f-5da7bcc24b03', matched: 4, notMatched: 4, malformed: 3 });
    expect(matchLines(report)).toEqual([2, 5, 7, 12]);
    expect(rule?.firstMatches.items[0]).toMatchObject({ file: MIXED, id: 'hostfwd-1', host: 'WS-1', time: '2026-03-01T10:05:00.000Z' });
    expect(rule?.byHost.items).toEqual([
      { host: 'WS-2', count: 2 },
      { host: 'WS-1', count: 1 },
      { host: 'WS-3', count: 1 },
    ]);
    expect(rule?.byDay.items.map((d) => [d.day, d.count])).toEqual([
      ['2026-03-01', 1],
      ['2026-03-02', 2],
      ['2026-03-04', 1],
    ]);
    expectTotalsAddUp(report);
  }
  // 3 of 11 events malformed: more than the default --max-malformed-share (1%), so the scan fails (exit 2)
  // after printing its report, with a warning naming the file; a looser share accepts it.
  const strict = dth(['scan', '--rule', ELASTIC_RULE, '--events', MIXED]);
  expect(strict.status).toBe(2);
  expect(strict.stdout).toContain(`warning: ${MIXED}: 3 of 11 events are malformed`);
  expect(strict.stderr).toContain('3 of 11 events are malformed');
  const human = dth(['scan', '--rule', ELASTIC_RULE, '--events', MIXED, '--max-malformed-share', '0.5']);
  expect(human.status).toBe(0);
  expect(human.stdout).toContain('read 11 = matched 4 + not matched 4 + malformed 3');
  expect(human.stdout).toContain(`${MIXED}:6:`);
  expect(human.stdout).toContain(`${MIXED}:12  2026-03-04T12:00:00.000Z  WS-3`);
  // Event text is shown inert: the ANSI escape in an _id never reaches the terminal.
  expect(human.stdout).not.toContain('\u001b');
  expect(human.stdout).toContain('escape-\u241b[31mred');
});

test('gzip (detected or forced), a directory, and stdin give the same matches as the plain file', () => {
  const dir = tempDir();
  writeTemp(dir, 'a.ndjson.gz', gzipSync(MIXED_TEXT));
  writeTemp(join(dir), 'b.ndjson', MIXED_TEXT);
  writeTemp(dir, '.hidden.ndjson', 'not read\n');
  const gz = scanJson(['--rule', ELASTIC_RULE, '--events', join(dir, 'a.ndjson.gz')]).report;
  expect(gz.inputs[0]?.gzip).toBe(true);
  expect(matchLines(gz)).toEqual([2, 5, 7, 12]);
  const whole = scanJson(['--rule', ELASTIC_RULE, '--events', dir]).report;
  expect(whole.inputs.map((i) => i.file)).toEqual([join(dir, 'a.ndjson.gz'), join(dir, 'b.ndjson')]);
  expect(whole.rules[0]?.matched).toBe(8);
  expect(whole.rules[0]?.firstMatches.items.map((m) => `${m.file.slice(dir.length + 1)}:${m.line}`)).toEqual([
    'a.ndjson.gz:2', 'a.ndjson.gz:5', 'a.ndjson.gz:7', 'a.ndjson.gz:12', 'b.ndjson:2', 'b.ndjson:5', 'b.ndjson:7', 'b.ndjson:12',
  ]);
  expect(whole.malformed.items.map((m) => m.line)).toEqual([6, 8, 11, 6, 8, 11]);
  expectTotalsAddUp(whole);
  const stdin = scanJson(['--rule', ELASTIC_RULE, '--events', '-'], MIXED_TEXT).report;
  expect(stdin.inputs[0]?.file).toBe('<stdin>');
  expect(matchLines(stdin)).toEqual([2, 5, 7, 12]);
  // --gzip insists: a plain file is then bad input, reported with the file.
  const forced = dth(['scan', '--rule', ELASTIC_RULE, '--events', fromRoot(MIXED), '--gzip']);
  expect(forced.status).toBe(2);
  expect(forced.stderr).toContain(MIXED);
});

test('a truncated gzip file: what was read is scanned and reported, then exit 2 naming the file', () => {
  const dir = tempDir();
  const whole = gzipSync(MIXED_TEXT.repeat(50));
  const path = writeTemp(dir, 'cut.ndjson.gz', whole.subarray(0, Math.floor(whole.length * 0.6)));
  const r = dth(['scan', '--json', '--rule', ELASTIC_RULE, '--events', path]);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('cut.ndjson.gz');
  const report = JSON.parse(r.stdout) as ScanReport;
  expect(report.inputs[0]?.error).toMatch(/unexpected end of file/);
  expect(report.rules[0]?.matched).toBeGreaterThan(0);
  expectTotalsAddUp(report);
});

test('line numbers stay exact across chunk boundaries and worker threads; lines longer than --max-line-bytes are reported, not dropped', () => {
  const long = JSON.stringify({ process: { args: ['-netdev', 'x'.repeat(6000)] } });
  const text = MIXED_TEXT.repeat(30) + long + '\n' + MIXED_TEXT;
  const dir = tempDir();
  const path = writeTemp(dir, 'many.ndjson', '\ufeff' + text.replace(/\n/g, '\r\n'));
  const base = scanJson(['--rule', ELASTIC_RULE, '--events', path, '--threads', '0', '--max-matches', '1000', '--max-malformed', '1000']).report;
  const threaded = scanJson(['--rule', ELASTIC_RULE, '--events', path, '--threads', '2', '--chunk-size', '1024', '--max-line-bytes', '4096', '--max-matches', '1000', '--max-malformed', '1000']).report;
  const expected = Array.from({ length: 31 }, (_, k) => [2, 5, 7, 12].map((l) => l + (k < 30 ? k * 12 : 361))).flat();
  expect(matchLines(base)).toEqual(expected);
  expect(matchLines(threaded)).toEqual(expected);
  expect(threaded.threads).toBe(2);
  // The long line (361) is malformed only where it exceeds --max-line-bytes.
  expect(base.malformed.items.some((m) => m.line === 361)).toBe(false);
  expect(threaded.malformed.items.find((m) => m.line === 361)?.reason).toContain('longer than 4096 bytes');
  expect(threaded.totals.read).toBe(base.totals.read);
  expectTotalsAddUp(base);
  expectTotalsAddUp(threaded);
});

test('caps: listed matches, hosts, days and malformed lines are bounded, the counts stay exact, and the report says so', () => {
  const { report } = scanJson(['--rule', ELASTIC_RULE, '--events', MIXED, '--max-matches', '1', '--max-hosts', '1', '--max-days', '2', '--max-malformed', '1']);
  const rule = report.rules[0];
  expect(rule?.matched).toBe(4);
  expect(rule?.firstMatches).toMatchObject({ capped: true });
  expect(rule?.firstMatches.items).toHaveLength(1);
  expect(rule?.byHost).toEqual({ items: [{ host: 'WS-1', count: 1 }], other: 3, capped: true });
  expect(rule?.byDay).toMatchObject({ other: 1, capped: true });
  expect(report.malformed).toMatchObject({ capped: true });
  expect(report.malformed.items).toHaveLength(1);
  expect(report.totals.malformed).toBe(3);
  expectTotalsAddUp(report);
  const human = dth(['scan', '--rule', ELASTIC_RULE, '--events', MIXED, '--max-hosts', '1']).stdout;
  expect(human).toContain('--max-hosts caps the count');
});

test('several rules in one pass; a rule that fails to load exits 2 with the file and the reason', () => {
  const dir = tempDir();
  const other = writeTemp(
    dir,
    'end-events.toml',
    readFileSync(fromRoot(ELASTIC_RULE), 'utf8')
      .replace(/rule_id = "[^"]+"/, 'rule_id = "end-events"')
      .replace(/query = '''[\s\S]*?'''/, `query = '''\nprocess where event.type == "end" and process.args : "-netdev"\n'''`),
  );
  const { report } = scanJson(['--rule', ELASTIC_RULE, '--rule', other, '--events', MIXED]);
  expect(report.rules.map((r) => [r.id, r.matched])).toEqual([
    ['b29b7652-219f-468b-aa1f-5da7bcc24b03', 4],
    ['end-events', 1],
  ]);
  expect(matchLines(report, 1)).toEqual([10]);
  expectTotalsAddUp(report);

  const broken = writeTemp(dir, 'broken.toml', '[rule]\ntype = "eql"\nlanguage = "eql"\nquery = "process where"\n');
  const r1 = dth(['scan', '--rule', broken, '--events', MIXED]);
  expect(r1.status).toBe(2);
  expect(r1.stderr).toContain('broken.toml');
  expect(r1.stderr).toMatch(/is required/);
  const badQuery = writeTemp(dir, 'bad-query.toml', readFileSync(other, 'utf8').replace('event.type == "end"', 'event.type == '));
  const r2 = dth(['scan', '--rule', badQuery, '--events', MIXED]);
  expect(r2.status).toBe(2);
  expect(r2.stderr).toContain('bad-query.toml');
  const r3 = dth(['scan', '--rule', writeTemp(dir, 'rule.txt', 'x'), '--events', MIXED]);
  expect(r3.status).toBe(2);
  expect(r3.stderr).toContain('no rule loader');
  const r4 = dth(['scan', '--rule', ELASTIC_RULE, '--rule', SPLUNK_RULE, '--events', MIXED]);
  expect(r4.status).toBe(2);
  expect(r4.stderr).toContain('both Elastic and Splunk');
  const r5 = dth(['scan', '--rule', ELASTIC_RULE, '--events', join(dir, 'missing.ndjson')]);
  expect(r5.status).toBe(2);
  expect(r5.stderr).toContain('missing.ndjson');
});

test('--source: documents without _index land in the data source\'s index, which the rule\'s index patterns must select', () => {
  // A rule searches only the indices its index patterns select
  // (https://www.elastic.co/docs/reference/elasticsearch/rest-apis/api-conventions#api-multi-index).
  const withSource = scanJson(['--rule', ELASTIC_RULE, '--events', MIXED, '--source', 'windows-sysmon']).report;
  expect(withSource.source).toBe('windows-sysmon');
  expect(withSource.rules[0]?.matched).toBe(4);
  const dir = tempDir();
  const elsewhere = writeTemp(dir, 'other-index.ndjson', MIXED_TEXT.replace(/\{"_id"/g, '{"_index":"my-apps-2026","_id"'));
  const outside = scanJson(['--rule', ELASTIC_RULE, '--events', elsewhere, '--source', 'windows-sysmon']).report;
  expect(outside.rules[0]?.matched).toBe(0);
  expect(outside.notes.join('\n')).toContain('does not search index [my-apps-2026]');
  const wrongSiem = dth(['scan', '--rule', ELASTIC_RULE, '--events', MIXED, '--source', 'splunk-sysmon-1']);
  expect(wrongSiem.status).toBe(2);
  expect(wrongSiem.stderr).toContain('lands in Splunk');
});

function splunkRecords(): SplunkRecord[] {
  const events = generateEvents(loadPack(), { seed: 11, count: 1 });
  const out: SplunkRecord[] = [];
  for (const source of DATA_SOURCES) {
    if (source.siem !== 'splunk') continue;
    for (const e of events) if (appliesTo(source, e)) out.push({ ...source.render(e), _id: `${source.id}/${e.id}` });
  }
  return out;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

test('the Splunk rule on exported events (JSON lines, the REST export wrapper, CSV with multi-line _raw): the events the embedded Splunk counts', async () => {
  // Terms match the raw text; the macros select index and sourcetype
  // (https://help.splunk.com/splunk-enterprise/search/search-manual/10.0/search-primer/event-segmentation-and-searching).
  const records = splunkRecords();
  const backend = new EmbeddedSplunkBackend();
  await backend.load(records);
  const [rule] = loadSplunkRules(fromRoot(SPLUNK_RULE));
  const expected = ((await backend.run(rule as NonNullable<typeof rule>)).eventLevelIds ?? []).sort();
  expect(expected.length).toBeGreaterThan(0);
  const dir = tempDir();
  const json = writeTemp(dir, 'export.json', records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const rest = writeTemp(dir, 'rest.json', records.map((r, i) => JSON.stringify({ preview: false, offset: i, result: { ...r, _time: new Date(r._time * 1000).toISOString() } })).join('\n') + '\n');
  const columns = ['_time', 'host', 'index', 'source', 'sourcetype', '_raw', '_id'] as const;
  const csv = writeTemp(dir, 'export.csv', [columns.join(','), ...records.map((r) => columns.map((c) => csvField(String(r[c]))).join(','))].join('\r\n') + '\r\n');
  for (const file of [json, rest, csv]) {
    const { report, status } = scanJson(['--rule', SPLUNK_RULE, '--events', file, '--max-matches', '10000']);
    expect(status, file).toBe(0);
    expect(report.format).toBe(file.endsWith('.csv') ? 'csv' : 'splunk-json');
    expect(report.totals.read, file).toBe(records.length);
    expect(report.totals.malformed, file).toBe(0);
    expect(report.rules[0]?.firstMatches.items.map((m) => m.id).sort(), file).toEqual(expected);
    expectTotalsAddUp(report);
  }
  // CSV line numbers count the line breaks inside quoted _raw fields.
  const csvReport = scanJson(['--rule', SPLUNK_RULE, '--events', csv, '--max-matches', '10000']).report;
  const csvLines = readFileSync(csv, 'utf8').split('\n');
  const byId = new Map(records.map((r) => [r._id, r]));
  const listed = csvReport.rules[0]?.firstMatches.items ?? [];
  expect(listed.some((m) => m.line > records.length)).toBe(true); // some _raw spans several lines
  for (const m of listed) expect(csvLines[m.line - 1]?.startsWith(`${byId.get(m.id ?? '')?._time},`), `line ${m.line}`).toBe(true);
});

test('--source fills in the metadata a Splunk export lacks, so the rule\'s macros can select it', () => {
  const records = splunkRecords().filter((r) => r._id.startsWith('splunk-xmlwineventlog-4688/'));
  const bare = records.map((r) => JSON.stringify({ _raw: r._raw, _time: r._time, host: r.host })).join('\n') + '\n';
  const without = scanJson(['--rule', SPLUNK_RULE, '--events', '-'], bare).report;
  expect(without.rules[0]?.matched).toBe(0);
  expect(without.notes.join('\n')).toContain('no --source gives a default');
  const withSource = scanJson(['--rule', SPLUNK_RULE, '--events', '-', '--source', 'splunk-xmlwineventlog-4688'], bare).report;
  expect(withSource.rules[0]?.matched).toBeGreaterThan(0);
  // Without the prefilter every line is parsed, so every malformed event is found.
  const malformed = scanJson(['--rule', SPLUNK_RULE, '--events', '-', '--format', 'splunk-json', '--no-prefilter'], '{"_time": 1}\n{"_raw": "x"}\n{"_raw": "x", "_time": "yesterday"}\n').report;
  expect(malformed.malformed.items.map((m) => [m.line, m.reason])).toEqual([
    [1, 'no _raw field: not a Splunk event'],
    [2, 'no _time field'],
    [3, '_time is neither epoch seconds nor an ISO 8601 time'],
  ]);
});

test('a CSV record whose quoted field never closes is malformed with or without the prefilter, never a quiet "not matched"', () => {
  // Before: with the prefilter on, the record no literal admitted was counted as not matched.
  const dir = tempDir();
  const csv = writeTemp(dir, 'cut.csv', '_raw,_time\n"EventCode=4688 unterminated,1\n');
  for (const extra of [[], ['--no-prefilter']]) {
    const { report, status } = scanJson(['--rule', SPLUNK_RULE, '--events', csv, ...extra]);
    expect(report.rules[0], extra.join(' ')).toMatchObject({ read: 1, matched: 0, notMatched: 0, malformed: 1 });
    expect(status).toBe(2);
  }
});
