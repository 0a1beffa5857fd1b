// `dth generate`: the command in-process (its own behaviour), then the built binary end to end
// (exit codes, stdout, and records that `dth spl` / `dth eql` read directly). Run `npm run build` first.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { Command } from 'commander';
import { register } from '../../harness/cli/commands/generate.js';
import { InputError } from '../../harness/errors.js';
import { DATA_SOURCES } from '../../generators/data-sources.js';
import { VARIANTS } from '../../generators/variants/index.js';
import { dth } from '../support/cli.js';

let dir = '';
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dth-generate-'));
});
test.afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function generate(args: string[]): Promise<void> {
  const program = new Command('dth').exitOverride();
  register(program);
  const stderr = process.stderr.write.bind(process.stderr);
  process.stderr.write = () => true; // the summary line; asserted end to end below
  try {
    await program.parseAsync(['generate', ...args], { from: 'user' });
  } finally {
    process.stderr.write = stderr;
  }
}

function lines(path: string): Array<Record<string, unknown>> {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

test('--list --json: scenarios with id and label, variants with id, sources with id and siem', async () => {
  const out = join(dir, 'list.json');
  await generate(['--list', '--json', '--out', out]);
  const listing = JSON.parse(readFileSync(out, 'utf8')) as { scenarios: Array<Record<string, unknown>>; variants: Array<Record<string, unknown>>; sources: Array<Record<string, unknown>> };
  expect(Object.keys(listing)).toEqual(expect.arrayContaining(['scenarios', 'variants', 'sources']));
  expect(listing.scenarios.length).toBeGreaterThan(40);
  for (const s of listing.scenarios) {
    expect(typeof s.id).toBe('string');
    expect(['malicious', 'benign']).toContain(s.label);
  }
  expect(listing.variants.map((v) => v.id)).toEqual(VARIANTS.map((v) => v.id));
  expect(listing.sources.map((s) => [s.id, s.siem])).toEqual(DATA_SOURCES.map((s) => [s.id, s.siem]));
  const xml = listing.sources.find((s) => s.id === 'splunk-xmlwineventlog-4688');
  expect(xml).toMatchObject({ index: 'wineventlog', sourcetype: 'XmlWinEventLog', source: 'XmlWinEventLog:Security' });
});

test('records for one scenario and source: count, pinned Splunk fields, same seed same bytes', async () => {
  const a = join(dir, 'a.ndjson');
  const b = join(dir, 'b.ndjson');
  const c = join(dir, 'c.ndjson');
  await generate(['--source', 'splunk-xmlwineventlog-4688', '--scenario', 'kaspersky-socket-tunnel', '--count', '7', '--seed', '5', '--out', a]);
  await generate(['--source', 'splunk-xmlwineventlog-4688', '--scenario', 'kaspersky-socket-tunnel', '--count', '7', '--seed', '5', '--out', b]);
  await generate(['--source', 'splunk-xmlwineventlog-4688', '--scenario', 'kaspersky-socket-tunnel', '--count', '7', '--seed', '6', '--out', c]);
  const records = lines(a);
  expect(records.length).toBe(7);
  for (const r of records) {
    expect(Object.keys(r).sort()).toEqual(['_id', '_raw', '_time', 'host', 'index', 'source', 'sourcetype']);
    expect(r).toMatchObject({ index: 'wineventlog', sourcetype: 'XmlWinEventLog', source: 'XmlWinEventLog:Security' });
  }
  expect(readFileSync(b, 'utf8')).toBe(readFileSync(a, 'utf8'));
  expect(readFileSync(c, 'utf8')).not.toBe(readFileSync(a, 'utf8'));
});

test('several scenarios, scale, and only the OSes the source records', async () => {
  const out = join(dir, 'multi.ndjson');
  await generate(['--source', 'auditbeat', '--scenario', 'kaspersky-socket-tunnel-linux', '--scenario', 'libvirt-tap', '--scenario', 'kaspersky-socket-tunnel', '--scale', '0.1', '--out', out]);
  const records = lines(out);
  expect(records.length).toBe(10); // 5 + 5 Linux events; the Windows scenario is not recorded by auditbeat
  expect(new Set(records.map((r) => r._index))).toEqual(new Set(['auditbeat-9.1.0']));
});

test('bad options are input errors naming what was expected', async () => {
  await expect(generate(['--source', 'nope'])).rejects.toThrow(/unknown data source 'nope' \(one of: elastic-defend/);
  await expect(generate([])).rejects.toThrow(/--source is required/);
  await expect(generate(['--source', 'elastic-defend', '--count', '0'])).rejects.toThrow(/--count: expected an integer >= 1/);
  await expect(generate(['--source', 'elastic-defend', '--seed', '1.5'])).rejects.toThrow(/--seed: expected an integer >= 0/);
  await expect(generate(['--source', 'elastic-defend', '--scale', 'x'])).rejects.toThrow(/--scale: expected a positive number/);
  await expect(generate(['--source', 'elastic-defend', '--start', 'yesterday'])).rejects.toThrow(/--start: expected an ISO 8601/);
  await expect(generate(['--source', 'elastic-defend', '--start', '2026-03-02T00:00:00'])).rejects.toThrow(/--start: expected an ISO 8601 time with a zone/);
  await expect(generate(['--source', 'elastic-defend', '--json'])).rejects.toThrow(/--json only applies with --list/);
  await expect(generate(['--source', 'elastic-defend', '--scenario', 'nope'])).rejects.toThrow(/no scenario 'nope'/);
  await expect(generate(['--source', 'auditbeat', '--scenario', 'stac4713-scheduled-task'])).rejects.toThrow(/records linux process starts; scenario\(s\) stac4713-scheduled-task produce none/);
  await expect(generate(['--source', 'auditbeat', '--pack', join(dir, 'missing.yaml')])).rejects.toBeInstanceOf(InputError);
});

test('dth generate end to end: ndjson on stdout, summary on stderr, exit 2 with a located pack error', () => {
  const result = dth(['generate', '--source', 'elastic-defend', '--scenario', 'stac4713-scheduled-task', '--count', '3']);
  expect(result.stderr).toMatch(/dth generate: 3 events, 3 elastic-defend records written/);
  expect(result.status).toBe(0);
  const docs = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(docs.map((d) => d._index)).toEqual(['logs-endpoint.events.process-default', 'logs-endpoint.events.process-default', 'logs-endpoint.events.process-default']);
  const list = dth(['generate', '--list']);
  expect(list.status).toBe(0);
  expect(list.stdout).toMatch(/^Scenarios \(\d+, .*qemu-tunneling\.yaml\):/);
  expect(list.stdout).toMatch(/\nVariants \(\d+\):\n/);
  expect(list.stdout).toMatch(/\nData sources \(13\):\n/);
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'name: t\nscenarios:\n  - id: a\n    title: A\n');
  const error = dth(['generate', '--pack', bad, '--source', 'elastic-defend']);
  expect(error.status).toBe(2);
  expect(error.stderr).toContain(`${bad}:3:5: scenarios[0]: missing required property 'description'`);
});

test('records feed dth spl and dth eql directly', () => {
  const splunk = join(dir, 'splunk.ndjson');
  const elastic = join(dir, 'elastic.ndjson');
  expect(dth(['generate', '--source', 'splunk-xmlwineventlog-4688', '--scenario', 'kaspersky-socket-tunnel', '--count', '4', '--out', splunk]).status).toBe(0);
  expect(dth(['generate', '--source', 'elastic-defend', '--scenario', 'kaspersky-socket-tunnel', '--count', '4', '--out', elastic]).status).toBe(0);
  const splIds = dth(['spl', 'search index=wineventlog EventCode=4688', '--events', splunk, '--ids']);
  expect(splIds.stderr).toBe('');
  expect(splIds.stdout.trim().split('\n')).toEqual(lines(splunk).map((r) => r._id));
  const eqlIds = dth(['eql', 'process where process.name : "qemu-system-*"', '--events', elastic]);
  expect(eqlIds.stdout.trim().split('\n')).toEqual(lines(elastic).map((r) => r._id));
});

test('--start now and any ISO time: the summary states the window; the same seed and start give the same bytes', () => {
  const args = ['generate', '--source', 'elastic-defend', '--scenario', 'kaspersky-socket-tunnel', '--count', '5', '--seed', '4'];
  const before = Math.floor(Date.now() / 1000) * 1000;
  const live = dth([...args, '--start', 'now']);
  expect(live.status).toBe(0);
  const stated = /; events timed (\S+) – (\S+) \(--start now\)\n$/.exec(live.stderr);
  expect(stated, live.stderr).not.toBeNull();
  const start = Date.parse(stated?.[1] ?? '');
  expect(start).toBeGreaterThanOrEqual(before);
  expect(start).toBeLessThanOrEqual(Date.now());
  const times = live.stdout.trim().split('\n').map((l) => Date.parse((JSON.parse(l) as { '@timestamp': string })['@timestamp']));
  for (const t of times) {
    expect(t).toBeGreaterThanOrEqual(start);
    expect(t).toBeLessThan(Date.parse(stated?.[2] ?? ''));
  }
  const iso = new Date(start).toISOString();
  const replayed = dth([...args, '--start', iso]);
  expect(replayed.stdout).toBe(live.stdout);
  expect(dth([...args, '--start', iso]).stdout).toBe(replayed.stdout);
  const fixed = dth(args);
  expect(fixed.stderr).toMatch(/; events timed 2026-03-02T00:00:00Z – 2026-03-0[89]T\d\d:\d\d:\d\dZ \(the default window; --start now for a live SIEM\)\n$/);
});
