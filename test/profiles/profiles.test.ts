// Deployment profiles (profiles/*.yaml): loading and validation, the one mapping resolution that dth eql,
// dth scan and dth run share, Splunk TRUNCATE at indexing, and the verdicts each shipped profile decides.
// Sources of each setting are cited in the profile files; each test names the one it checks.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { dataSourceById, DATA_SOURCES, renderRecord } from '../../generators/data-sources.js';
import { generateEvents } from '../../generators/generate.js';
import type { ElasticRecord, SplunkRecord } from '../../harness/model/records.js';
import { loadPack } from '../../generators/scenario-pack.js';
import { EmbeddedElasticsearch } from '../../harness/backends/embedded-elasticsearch.js';
import { DEFAULT_MACROS_FILE, EmbeddedSplunkBackend, loadMacrosFile } from '../../harness/backends/embedded-splunk.js';
import { truncateRaw } from '../../harness/engines/spl/truncate.js';
import { InputError } from '../../harness/errors.js';
import { resolveIndexMapping } from '../../harness/engines/eql/mappings/index-mapping.js';
import { fromRoot } from '../../harness/paths.js';
import { loadProfile, parseProfile, shippedProfiles } from '../../harness/profiles/load-profile.js';
import type { DeploymentProfile } from '../../harness/model/profile.js';
import { loadRuleFile } from '../../harness/rules/rule-files.js';
import type { EqlRule, SplRule } from '../../harness/rules/rule.js';
import { runAndReport } from '../../reports/run-report.js';
import { sourceDifferences } from '../../harness/runner/sweep.js';
import { dth } from '../support/cli.js';

const macros = loadMacrosFile(fromRoot(DEFAULT_MACROS_FILE));
const ELASTIC_RULE_FILE = fromRoot('rules', 'elastic', 'command_and_control_tunnel_qemu.toml');
const SPLUNK_RULE_FILE = fromRoot('rules', 'splunk', 'qemu_network_tunneling_windows.yml');
const elasticRule = loadRuleFile(ELASTIC_RULE_FILE, { macros })[0]?.rule as EqlRule;
const splunkRule = loadRuleFile(SPLUNK_RULE_FILE, { macros })[0]?.rule as SplRule;
const dir = mkdtempSync(join(tmpdir(), 'dth-profiles-'));

test('the shipped profiles load, recommended first, and differ where the vendors say they do', () => {
  const profiles = shippedProfiles();
  expect(profiles.map((p) => p.id)).toEqual(['recommended', 'stack-8-older-integrations', 'vendor-defaults']);
  const [recommended, , vendor] = profiles as [DeploymentProfile, DeploymentProfile, DeploymentProfile];
  // Microsoft, Command line process auditing: "Include command line in process creation events" is off by default.
  expect(vendor.sources['system-security-4688']?.commandLine).toBe(false);
  expect(recommended.sources['system-security-4688']?.commandLine).toBe(true);
  // props.conf.spec: TRUNCATE default 10000 (Splunk_TA_windows sets none for the event log source types).
  expect([vendor.splunk.truncateDefault, recommended.splunk.truncateDefault]).toEqual([10000, 10000]);
});

test('Fleet limits: Elastic Defend command lines get ignore_above 1024, System 4688 only the logsdb 8191', () => {
  // Kibana Fleet template.ts generateWildcardMapping (DEFAULT_IGNORE_ABOVE 1024); endpoint-package
  // data_stream/process/fields/fields.yml declares process.command_line as wildcard with no limit.
  const profile = loadProfile('recommended');
  const defend = resolveIndexMapping('logs-endpoint.events.process-default', profile);
  const commandLine = defend.mapping.properties['process']?.properties?.['command_line'];
  expect([commandLine?.type, commandLine?.ignore_above, defend.indexIgnoreAbove]).toEqual(['wildcard', 1024, 8191]);
  const system = resolveIndexMapping('logs-system.security-default', profile);
  expect([system.mapping.properties['process']?.properties?.['command_line']?.ignore_above, system.indexIgnoreAbove]).toEqual([undefined, 8191]);
  const stack8 = resolveIndexMapping('logs-system.security-default', loadProfile('stack-8-older-integrations'));
  expect(stack8.indexIgnoreAbove).toBeUndefined();
  expect(resolveIndexMapping('winlogbeat-9.1.0', profile).indexIgnoreAbove).toBeUndefined();
});

test('a malformed profile is bad input with file, line and column', () => {
  const text = 'id: mine\ntitle: Mine\ndescription: x\nsources:\n  elastic-defend: { command_line: maybe }\nelasticsearch: { indices: [] }\nsplunk: { truncate: { default: 10000 } }\n';
  let error: unknown;
  try {
    parseProfile(text, 'mine.yaml');
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(InputError);
  expect((error as InputError).format()).toMatch(/^mine\.yaml:5:\d+: sources\.elastic-defend\.command_line: must be boolean/);
  expect(() => parseProfile(text.replace('elastic-defend', 'no-such-source').replace('maybe', 'true'), 'x.yaml')).toThrow(/unknown data source id 'no-such-source'/);
  expect(() => loadProfile('no-such-profile')).toThrow(/unknown deployment profile 'no-such-profile'.*recommended/);
});

test('a user profile file works by path', () => {
  const file = join(dir, 'site.yaml');
  writeFileSync(file, 'id: site\ntitle: Our site\ndescription: everything off\nsources:\n  splunk-sysmon-1: { command_line: false }\nelasticsearch: { indices: [] }\nsplunk: { truncate: { default: 0 } }\n');
  const profile = loadProfile(file);
  expect([profile.id, profile.sources['splunk-sysmon-1']?.commandLine, profile.splunk.truncateDefault]).toEqual(['site', false, 0]);
});

test('the sweep re-runs only what a profile changes, and says why', () => {
  const recommended = loadProfile('recommended');
  const vendor = loadProfile('vendor-defaults');
  const changed = DATA_SOURCES.map((s) => [s.id, sourceDifferences(s, recommended, vendor)] as const).filter(([, r]) => r.length > 0);
  expect(changed).toEqual([
    ['system-security-4688', ['command line not captured']],
    ['winlogbeat-security-4688', ['command line not captured']],
    ['splunk-xmlwineventlog-4688', ['command line not captured']],
    ['splunk-wineventlog-4688', ['command line not captured']],
  ]);
  const stack8 = DATA_SOURCES.map((s) => [s.id, sourceDifferences(s, recommended, loadProfile('stack-8-older-integrations'))] as const).filter(([, r]) => r.length > 0);
  expect(stack8.find(([id]) => id === 'm365-defender')?.[1]).toEqual(['legacy integration pipeline (recommended: current)', 'index.mapping.ignore_above none (recommended: 8191)']);
  expect(stack8.some(([id]) => id.startsWith('splunk-') || id === 'winlogbeat-sysmon' || id === 'auditbeat')).toBe(false);
});

// ---- one mapping for dth eql, dth scan and dth run ----

const LONG_COMMAND_LINE = `"C:\\Program Files\\qemu\\qemu-system-x86_64.exe" -m 2048 -netdev user,id=n0,hostfwd=tcp::2222-:22 -device e1000,netdev=n0 -append "${'console=ttyS0 '.repeat(70)}"`;

function processDoc(id: string, index: string, commandLine: string): Record<string, unknown> {
  return {
    _index: index,
    _id: id,
    '@timestamp': '2026-03-02T10:00:00.000Z',
    event: { category: ['process'], type: ['start'] },
    host: { name: 'WS-0001', os: { type: 'windows' } },
    process: { command_line: commandLine, args: ['qemu-system-x86_64.exe', '-m', '2048', '-netdev', 'user,id=n0,hostfwd=tcp::2222-:22'] },
  };
}

test('a 1,100-character Elastic Defend command line with hostfwd= is unsearchable in dth eql, dth scan and dth run alike', async () => {
  expect(LONG_COMMAND_LINE.length).toBeGreaterThan(1024);
  expect(LONG_COMMAND_LINE.length).toBeLessThan(1200);
  const docs = [
    processDoc('defend-long', 'logs-endpoint.events.process-default', LONG_COMMAND_LINE),
    processDoc('defend-short', 'logs-endpoint.events.process-default', LONG_COMMAND_LINE.slice(0, 120)),
    // 9,000+ characters in a logs-* index without a Fleet limit: over logsdb's 8191 (Elasticsearch 9).
    processDoc('system-9000', 'logs-system.security-default', LONG_COMMAND_LINE + ' -name '.padEnd(8000, 'x')),
  ];
  const file = join(dir, 'long.ndjson');
  writeFileSync(file, docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
  const expected = ['defend-short'];
  // dth eql
  const eql = dth(['eql', 'process where process.command_line : "*hostfwd=*"', '--events', file]);
  expect([eql.status, eql.stdout.split('\n').filter(Boolean)]).toEqual([0, expected]);
  // dth scan with the production rule
  const scan = dth(['scan', '--rule', ELASTIC_RULE_FILE, '--events', file, '--threads', '0', '--json']);
  expect(scan.status).toBe(0);
  const scanned = JSON.parse(scan.stdout) as { rules: Array<{ firstMatches: { items: Array<{ id?: string }> } }> };
  expect(scanned.rules[0]?.firstMatches.items.map((m) => m.id)).toEqual(expected);
  // dth run's backend: the embedded Elasticsearch under the run's profile, the production rule
  const es = new EmbeddedElasticsearch({ profile: loadProfile('recommended') });
  await es.load(docs.map((d) => structuredClone(d) as ElasticRecord));
  expect((await es.run(elasticRule)).eventIds).toEqual(expected);
  // Elasticsearch 8 standard indices: the 9,000-character System document is searchable again.
  const stack8 = dth(['eql', 'process where process.command_line : "*hostfwd=*"', '--events', file, '--profile', 'stack-8-older-integrations']);
  expect(stack8.stdout.split('\n').filter(Boolean)).toEqual(['defend-short', 'system-9000']);
});

// ---- Splunk TRUNCATE ----

test('truncateRaw cuts at the byte limit, never inside a character, and 0 never truncates', () => {
  // props.conf.spec: "line length is rounded down when this would otherwise land mid-character".
  expect(truncateRaw('abcdef', 4)).toBe('abcd');
  expect(truncateRaw('abé', 3)).toBe('ab');
  expect(truncateRaw('abé', 4)).toBe('abé');
  expect(truncateRaw('x'.repeat(20000), 0).length).toBe(20000);
});

test('the long-padding variant is missed by the Splunk rule under TRUNCATE 10000 and caught without truncation', async () => {
  const events = generateEvents(loadPack(), { seed: 3, count: 2, scenarioIds: ['kaspersky-tunnel-long-padding'] });
  expect(events.length).toBeGreaterThan(0);
  const recommended = loadProfile('recommended');
  const noTruncate: DeploymentProfile = { ...recommended, id: 'no-truncate', splunk: { truncateDefault: 0, truncateBySourcetype: {} } };
  for (const id of ['splunk-xmlwineventlog-4688', 'splunk-wineventlog-4688']) {
    const source = dataSourceById(id);
    if (source === undefined) throw new Error(id);
    const records = events.filter((e) => source.os.includes(e.os)).map((e) => renderRecord(source, e, recommended) as SplunkRecord);
    expect(Math.min(...records.map((r) => Buffer.byteLength(r._raw)))).toBeGreaterThan(10000);
    const fired = async (profile: DeploymentProfile): Promise<number> => {
      const backend = new EmbeddedSplunkBackend({ macros, profile });
      await backend.load(records);
      return (await backend.run(splunkRule)).rows.length;
    };
    expect(await fired(recommended), id).toBe(0);
    expect(await fired(noTruncate), id).toBe(records.length);
  }
});

// ---- dth run --profile ----

test('dth run --profile vendor-defaults: both rules blind on the 4688 sources, for the command line; recommended: not blind', async () => {
  const rules = [ELASTIC_RULE_FILE, SPLUNK_RULE_FILE].flatMap((f) => loadRuleFile(f, { macros }));
  const run = (profile: string) =>
    runAndReport({
      packFile: fromRoot('scenarios', 'qemu-tunneling.yaml'),
      rules,
      macrosFile: fromRoot(DEFAULT_MACROS_FILE),
      seed: 1,
      scale: 0.1,
      backend: { backend: 'embedded' },
      knownDifferencesFile: fromRoot('reports', 'known-differences.yaml'),
      sourceIds: ['system-security-4688', 'winlogbeat-security-4688', 'splunk-xmlwineventlog-4688', 'splunk-wineventlog-4688'],
      profile: loadProfile(profile),
    });
  const vendor = (await run('vendor-defaults')).report;
  const blind = vendor.blindSpots.map((b) => `${b.ruleId} ${b.dataSourceId}`).sort();
  expect(blind).toEqual(
    [
      `${elasticRule.id} system-security-4688`,
      `${elasticRule.id} winlogbeat-security-4688`,
      `${splunkRule.id} splunk-wineventlog-4688`,
      `${splunkRule.id} splunk-xmlwineventlog-4688`,
    ].sort(),
  );
  for (const b of vendor.blindSpots) expect(b.reason).toContain('command line not captured under deployment profile vendor-defaults');
  expect(vendor.deployment?.profile.id).toBe('vendor-defaults');
  const recommended = (await run('recommended')).report;
  expect(recommended.blindSpots).toEqual([]);
});

test('dth generate lists the shipped profiles and renders under --profile; an unknown profile is bad input', () => {
  const list = dth(['generate', '--list', '--json']);
  expect(list.status).toBe(0);
  expect((JSON.parse(list.stdout) as { profiles: unknown }).profiles).toEqual(shippedProfiles().map((p) => ({ id: p.id, title: p.title })));
  const args = ['generate', '--source', 'system-security-4688', '--scenario', 'kaspersky-socket-tunnel', '--count', '1'];
  const commandLine = (profile: string): unknown => (JSON.parse(dth([...args, '--profile', profile]).stdout.split('\n')[0] ?? '') as { process: { command_line: unknown } }).process.command_line;
  expect(commandLine('vendor-defaults')).toBe('');
  expect(commandLine('recommended')).toMatch(/-netdev/);
  const bad = dth([...args, '--profile', 'nope']);
  expect([bad.status, bad.stderr]).toEqual([2, expect.stringContaining("unknown deployment profile 'nope'")]);
});
