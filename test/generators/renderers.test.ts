// Each renderer against the real record of its format (test/fixtures/generators/README.md names the
// source of each): same field names, JSON types and shapes (structure, never values), with every
// difference listed and explained below; plus the field facts each product's pipeline fixes
// (present or absent fields, how process.args is split, Splunk raw text layout and escaping).
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { XMLParser } from 'fast-xml-parser';
import type { CanonicalEvent, OsFamily } from '../../generators/canonical-event.js';
import { dataSourceById, DATA_SOURCES, renderRecord, type DataSource } from '../../generators/data-sources.js';
import { loadProfile } from '../../harness/profiles/load-profile.js';
import { generateEvents } from '../../generators/generate.js';
import { splitWindowsCommandLine } from '../../generators/qemu/windows-cmdline.js';
import type { ElasticRecord, SplunkRecord } from '../../harness/model/records.js';
import { splitSecurity4688 } from '../../generators/renderers/shared/winlog-4688-split.js';
import { loadPack } from '../../generators/scenario-pack.js';
import { fromRoot } from '../../harness/paths.js';
import { compareShapes, shapeOf, type ShapeRule } from './support/shape.js';

const events = generateEvents(loadPack(), { seed: 11, count: 4 });
// Records as the default deployment profile renders them (profiles/recommended.yaml): what a site
// that follows the vendors' process-monitoring guidance stores.
const PROFILE = loadProfile('recommended');
const FIXTURES = fromRoot('test', 'fixtures', 'generators');

function fixtureText(name: string): string {
  return readFileSync(`${FIXTURES}/${name}`, 'utf8');
}

function fixtureJson(name: string): unknown {
  const text = fixtureText(name).trim();
  const value = name.endsWith('.ndjson') ? (JSON.parse(text.split('\n')[0] ?? '') as unknown) : (JSON.parse(text) as unknown);
  if (Array.isArray(value)) return value[0] as unknown;
  // Pipeline test inputs wrap their documents: {"events": [...]}.
  const wrapped = (value as { events?: unknown[] }).events;
  return Array.isArray(wrapped) ? wrapped[0] : value;
}

function source(id: string): DataSource {
  const found = dataSourceById(id);
  if (found === undefined) throw new Error(`no data source ${id}`);
  return found;
}

function elasticDocs(id: string, os: OsFamily): Array<Record<string, unknown>> {
  const src = source(id);
  return events
    .filter((e) => e.os === os)
    .map((e) => {
      const { _index, _id, ...doc } = renderRecord(src, e, PROFILE) as ElasticRecord;
      void _index;
      void _id;
      return doc;
    });
}

function splunkRecords(id: string): Array<{ event: CanonicalEvent; record: SplunkRecord }> {
  const src = source(id);
  return events.filter((e) => src.os.includes(e.os)).map((event) => ({ event, record: src.render(event) as SplunkRecord }));
}

/** host.* from add_host_metadata: the goldens (ingest-pipeline tests) have only host.name, real documents the whole block. */
const HOST_METADATA: ShapeRule = {
  path: 'host.',
  why: 'add_host_metadata, on by default for log inputs (https://www.elastic.co/docs/reference/fleet/add_host_metadata-processor): architecture, hostname, id, ip[], mac[], os.*',
};

const ENVELOPE_ADDED: ShapeRule[] = [
  { path: 'agent.', why: 'Elastic Agent / Beat identity: the goldens strip it; the integration sample_event.json files carry it' },
  { path: 'data_stream.', why: 'data stream fields of an Elastic Agent integration (sample_event.json files)' },
  { path: 'elastic_agent.', why: 'Elastic Agent identity (sample_event.json files)' },
  { path: 'input.type', why: 'the Agent input (winlog) as in sample_event.json files' },
  { path: 'event.created', why: 'set by the Agent at read time (sample_event.json files)' },
  { path: 'event.dataset', why: 'set from data_stream.dataset (sample_event.json files)' },
  { path: 'event.ingested', why: 'set by the integration pipeline (sample_event.json files)' },
];

interface ShapeCase {
  source: string;
  os: OsFamily;
  fixture: string;
  omitted: ShapeRule[];
  added: ShapeRule[];
}

const SHAPE_CASES: ShapeCase[] = [
  {
    source: 'elastic-defend',
    os: 'windows',
    fixture: 'elastic-defend-process-sample-event.json',
    omitted: [
      { path: 'cloud.', why: 'cloud metadata: the generated hosts are on premises' },
      { path: 'container.', why: 'not in a container' },
      { path: 'orchestrator.', why: 'not in Kubernetes' },
      { path: 'process.Ext.', why: 'optional Ext fields the sample fills all at once (memfd, ptrace, scripts, sessions, mitigation policies, load modules); a plain process start has none of them' },
      { path: 'process.ai_agent.', why: 'only for descendants of AI agents' },
      { path: 'process.code_signature.thumbprint_sha256', why: 'newer endpoint field not modelled' },
      { path: 'process.end', why: 'only on process end events' },
      { path: 'process.entry_leader.attested_*', why: 'Linux session attestation' },
      { path: 'process.env_vars[]', why: 'only when environment capture is configured' },
      { path: 'process.io.', why: 'Linux session-view I/O capture' },
      { path: 'process.origin_referrer_url', why: 'Mark-of-the-Web origin of a browser download' },
      { path: 'process.origin_url', why: 'Mark-of-the-Web origin of a browser download' },
      { path: 'process.parent.thread.', why: 'call stacks appear only with call-stack collection' },
      { path: 'process.pe.original_file_name', why: "QEMU's Windows version resource has no OriginalFilename" },
      { path: 'process.tty.', why: 'Linux/macOS terminals' },
    ],
    added: [],
  },
  {
    source: 'elastic-defend',
    os: 'linux',
    fixture: 'elastic-defend-process-created-linux.example.json',
    omitted: [
      { path: 'endpoint.', why: 'fields of the older v1 schema example, not in current documents (sample_event.json)' },
      { path: 'host.geo.', why: 'GeoIP enrichment is not configured' },
      { path: 'host.ip', why: 'the hand-written example gives one address as a string; Defend sends an array (sample_event.json)' },
      { path: 'package.name', why: 'example only' },
      { path: 'process.thread.id', why: 'example only' },
    ],
    added: [
      { path: 'data_stream.', why: 'present in real documents (sample_event.json)' },
      { path: 'event.', why: 'agent_id_status, created, dataset, ingested, sequence: present in real documents (sample_event.json)' },
      { path: 'host.', why: 'architecture, id, ip[], mac[], os.*: present in real documents (sample_event.json)' },
      { path: 'process.Ext.ancestry[]', why: 'present in real documents (sample_event.json)' },
      { path: 'process.args_count', why: 'present in real documents (sample_event.json)' },
      { path: 'process.parent.', why: 'args, args_count, command_line: present in real documents (sample_event.json)' },
      { path: 'process.working_directory', why: 'present in real documents (sample_event.json)' },
    ],
  },
  {
    source: 'system-security-4688',
    os: 'windows',
    fixture: 'winlogbeat-security-4688.golden.json',
    omitted: [{ path: 'event.module', why: 'winlogbeat sets it; the System integration does not (packages/system/data_stream/security/sample_event.json)' }],
    added: [...ENVELOPE_ADDED, HOST_METADATA],
  },
  { source: 'winlogbeat-security-4688', os: 'windows', fixture: 'winlogbeat-security-4688.golden.json', omitted: [], added: [...ENVELOPE_ADDED.slice(0, 1), HOST_METADATA] },
  {
    source: 'windows-sysmon',
    os: 'windows',
    fixture: 'winlogbeat-sysmon-processcreate.golden.json',
    omitted: [
      { path: 'event.module', why: 'winlogbeat sets it; the Windows integration does not' },
      { path: 'process.hash.sha1', why: 'the Sysmon configuration modelled hashes MD5, SHA256, IMPHASH (HashAlgorithms)' },
      { path: 'process.pe.original_file_name', why: "QEMU's version resource has no OriginalFilename (Sysmon writes '-', removed by the pipeline)" },
    ],
    added: [
      ...ENVELOPE_ADDED,
      HOST_METADATA,
      { path: 'process.hash.', why: 'md5, sha256 from the modelled HashAlgorithms' },
      { path: 'process.pe.imphash', why: 'IMPHASH from the modelled HashAlgorithms' },
    ],
  },
  {
    source: 'winlogbeat-sysmon',
    os: 'windows',
    fixture: 'winlogbeat-sysmon-processcreate.golden.json',
    omitted: [
      { path: 'process.hash.sha1', why: 'the Sysmon configuration modelled hashes MD5, SHA256, IMPHASH' },
      { path: 'process.pe.original_file_name', why: "QEMU's version resource has no OriginalFilename" },
    ],
    added: [ENVELOPE_ADDED[0] as ShapeRule, HOST_METADATA, { path: 'process.hash.', why: 'md5, sha256' }, { path: 'process.pe.imphash', why: 'IMPHASH' }],
  },
  {
    source: 'auditbeat',
    os: 'linux',
    fixture: 'auditd-coalesced-execve-event.json',
    omitted: [
      { path: 'auditd.file.selinux.', why: 'the sample host runs SELinux; the generated hosts (Debian/Ubuntu) do not label files' },
      { path: 'auditd.paths[].obj_*', why: 'SELinux object labels (see above)' },
      { path: 'auditd.paths[].objtype', why: 'older kernels; current kernels write nametype=' },
    ],
    added: [
      { path: 'agent.', why: 'Auditbeat identity (the integration test input has none)' },
      { path: 'auditd.paths[].nametype', why: 'PATH record nametype= of current kernels' },
      { path: 'ecs.version', why: 'set by Auditbeat' },
      { path: 'event.module', why: 'auditd (Auditbeat module)' },
      HOST_METADATA,
      { path: 'process.title', why: 'PROCTITLE record (Auditbeat execve documents: elastic/beats auditbeat/module/auditd/_meta/execve.json)' },
      { path: 'service.type', why: 'auditd (Auditbeat module)' },
    ],
  },
  {
    source: 'crowdstrike-fdr',
    os: 'linux',
    fixture: 'crowdstrike-fdr-processrollup2-linux.expected.json',
    omitted: [
      { path: 'crowdstrike.ChangeTime', why: 'optional ProcessRollup2 field' },
      { path: 'crowdstrike.OciContainerId', why: 'not in a container' },
      { path: 'observer.geo.', why: 'GeoIP of the sensor address: not configured' },
      { path: 'process.end', why: 'only when the rollup carries an end time' },
      { path: 'process.uptime', why: 'only when the rollup carries an end time' },
      { path: 'tags[]', why: 'the test enables preserve_original_event; default configuration has no tags' },
    ],
    added: [],
  },
  {
    source: 'sentinelone-cloud-funnel',
    os: 'windows',
    fixture: 'sentinelone-cloud-funnel-process-creation.expected.json',
    omitted: [
      { path: 'sentinel_one_cloud_funnel.event.', why: 'copies of fields already mapped to ECS: the test enables preserve_duplicate_custom_fields, the default removes them' },
      { path: 'tags[]', why: 'the test enables preserve_original_event / preserve_duplicate_custom_fields' },
    ],
    added: [],
  },
  {
    source: 'm365-defender',
    os: 'windows',
    fixture: 'm365-defender-deviceprocessevents.expected.json',
    omitted: [
      { path: 'm365_defender.event.', why: 'copies of fields already mapped to ECS: the test enables preserve_duplicate_custom_fields, the default removes them' },
      { path: 'process.pe.original_file_name', why: "QEMU's version resource has no OriginalFilename" },
      { path: 'tags[]', why: 'the test enables preserve_original_event / preserve_duplicate_custom_fields' },
    ],
    added: [
      { path: 'm365_defender.event.initiating_process.creation_time', why: 'InitiatingProcessCreationTime is null in the sample record, set in generated ones' },
      { path: 'process.parent.executable', why: 'InitiatingProcessFolderPath (absent from the sample record)' },
      { path: 'process.parent.group_leader.pid', why: 'InitiatingProcessParentId (absent from the sample record)' },
      { path: 'process.parent.start', why: 'InitiatingProcessCreationTime (null in the sample record)' },
    ],
  },
];

for (const c of SHAPE_CASES) {
  test(`${c.source} (${c.os}) has the shape of ${c.fixture}`, () => {
    const docs = elasticDocs(c.source, c.os);
    expect(docs.length).toBeGreaterThan(20);
    const diff = compareShapes(shapeOf(...docs), shapeOf(fixtureJson(c.fixture)), c.omitted, c.added);
    expect(diff).toEqual({ typeMismatches: [], unexplainedMissing: [], unexplainedExtra: [], unusedRules: [] });
  });
}

test('every data source names fixtures that exist, and every Elastic source is shape-checked', () => {
  for (const src of DATA_SOURCES) for (const sample of src.samples) expect(() => fixtureText(sample), `${src.id}: ${sample}`).not.toThrow();
  const checked = new Set(SHAPE_CASES.map((c) => c.source));
  expect(DATA_SOURCES.filter((s) => s.siem === 'elastic' && !checked.has(s.id)).map((s) => s.id)).toEqual([]);
});

test('Elastic Agent envelope of the Windows integrations matches the integration sample_event.json', () => {
  const sample = shapeOf(fixtureJson('windows-sysmon-sample-event.json'));
  for (const id of ['windows-sysmon', 'system-security-4688']) {
    const rendered = shapeOf(...elasticDocs(id, 'windows').slice(0, 20));
    const envelope = [...sample.keys()].filter((p) => /^(agent|data_stream|elastic_agent|input|ecs)\./.test(p) && p !== 'agent.hostname');
    expect(envelope.filter((p) => !rendered.has(p)), id).toEqual([]);
  }
});

// Where process.args comes from in each pipeline (see each renderer's header for the pipeline file).
test('process.args: the argv (Defend, auditbeat), the Go splitter (Sysmon, M365), without empties (CrowdStrike, SentinelOne), the naive 4688 split', () => {
  const problems: string[] = [];
  const sample = events.filter((_, i) => i % 3 === 0);
  for (const event of sample) {
    const args = (id: string): unknown => {
      const src = source(id);
      if (!src.os.includes(event.os)) return undefined;
      return ((src.render(event) as ElasticRecord).process as { args?: unknown } | undefined)?.args;
    };
    const check = (id: string, expected: unknown) => {
      const got = args(id);
      if (got !== undefined && JSON.stringify(got) !== JSON.stringify(expected)) problems.push(`${id} ${event.id}: ${JSON.stringify(got)} ≠ ${JSON.stringify(expected)}`);
    };
    const cmd = event.process.commandLine;
    check('elastic-defend', event.process.args);
    check('auditbeat', event.process.args);
    check('windows-sysmon', splitWindowsCommandLine(cmd));
    check('winlogbeat-sysmon', splitWindowsCommandLine(cmd));
    check('m365-defender', splitWindowsCommandLine(cmd));
    check('crowdstrike-fdr', splitWindowsCommandLine(cmd, { dropEmpty: true }));
    check('system-security-4688', splitSecurity4688(cmd));
    check('winlogbeat-security-4688', splitSecurity4688(cmd));
  }
  expect(problems).toEqual([]);
});

test('fields each pipeline leaves out stay out', () => {
  const windows = events.find((e) => e.os === 'windows' && e.process.commandLine.includes('"'));
  const linux = events.find((e) => e.os === 'linux');
  if (windows === undefined || linux === undefined) throw new Error('pack lacks a quoted Windows or a Linux event');
  const auditbeat = source('auditbeat').render(linux) as ElasticRecord;
  // elastic/beats auditbeat/module/auditd/_meta/execve.json: process.title and args, no command_line.
  expect((auditbeat.process as Record<string, unknown>).command_line).toBeUndefined();
  expect((auditbeat.process as Record<string, unknown>).title).toBeDefined();
  for (const id of ['system-security-4688', 'winlogbeat-security-4688']) {
    // 4688 pipelines split args but set no args_count (golden security-windows2019_4688_Process_Created).
    const process = (source(id).render(windows) as ElasticRecord).process as Record<string, unknown>;
    expect(process.args_count, id).toBeUndefined();
    expect(process.command_line, id).toBe(windows.process.commandLine);
  }
  const m365 = (source('m365-defender').render(windows) as ElasticRecord).process as Record<string, unknown>;
  // pipeline_device.yml: process.executable from FolderPath.
  expect(m365.executable).toBe(windows.process.executable);
});

function emptyValues(value: unknown, path: string, out: string[]): void {
  if (value === '' || value === null || (Array.isArray(value) && value.length === 0)) out.push(path);
  else if (Array.isArray(value)) value.forEach((v, i) => emptyValues(v, `${path}[${i}]`, out));
  else if (typeof value === 'object' && value !== null) {
    if (Object.keys(value).length === 0) out.push(path);
    for (const [k, v] of Object.entries(value)) emptyValues(v, path ? `${path}.${k}` : k, out);
  }
}

test('SentinelOne documents carry no empty values (the pipeline removes them recursively)', () => {
  const found: string[] = [];
  for (const doc of elasticDocs('sentinelone-cloud-funnel', 'windows').concat(elasticDocs('sentinelone-cloud-funnel', 'linux'))) emptyValues(doc, '', found);
  expect([...new Set(found)]).toEqual([]);
});

test('the same event lands in each Elastic source with its own index', () => {
  for (const src of DATA_SOURCES) {
    if (src.siem !== 'elastic') continue;
    const event = events.find((e) => src.os.includes(e.os));
    if (event === undefined) throw new Error(`no event for ${src.id}`);
    expect((src.render(event) as ElasticRecord)._index).toBe(src.index);
  }
});

// ---- Deployment profiles (profiles/*.yaml) ----

/** Sources whose host.* comes from the vendor's record, not from add_host_metadata on the host. */
const HOST_OS_OMITTED: Record<string, string> = {
  'm365-defender':
    'DeviceProcessEvents carry no OS, and the Event Hub input runs away from the host: add_observer_metadata, not add_host_metadata, applies (https://www.elastic.co/docs/reference/fleet/add_host_metadata-processor)',
};

test('every Elastic record carries host.os.type of its event (Windows, Linux and macOS), but where the vendor record has none', () => {
  const wrong: string[] = [];
  for (const src of DATA_SOURCES) {
    if (src.siem !== 'elastic' || src.id in HOST_OS_OMITTED) continue;
    for (const event of events.filter((e) => src.os.includes(e.os))) {
      const type = ((renderRecord(src, event, PROFILE) as ElasticRecord).host as { os?: { type?: unknown } } | undefined)?.os?.type;
      if (type !== event.os) wrong.push(`${src.id} ${event.os}: host.os.type ${String(type)}`);
    }
  }
  expect([...new Set(wrong)]).toEqual([]);
});

test('Elastic Defend writes process.pe.original_file_name when the image has an OriginalFilename', () => {
  // elastic-defend-process-sample-event.json: process.pe.original_file_name "svchost.exe".
  const windows = events.find((e) => e.os === 'windows') as CanonicalEvent;
  const pe = { fileVersion: '10.0', description: 'Host Process', product: 'Windows', company: 'Microsoft', originalFileName: 'svchost.exe' };
  const withPe = { ...windows, process: { ...windows.process, pe } };
  const doc = renderRecord(source('elastic-defend'), withPe, PROFILE) as ElasticRecord;
  expect((doc.process as { pe?: unknown }).pe).toEqual({ original_file_name: 'svchost.exe' });
  const qemu = renderRecord(source('elastic-defend'), windows, PROFILE) as ElasticRecord;
  expect((qemu.process as { pe?: unknown }).pe).toBeUndefined();
});

test('vendor-defaults: 4688 events carry no command line in any of the four 4688 sources', () => {
  // Microsoft, Command line process auditing: CommandLine is recorded only with "Include command line in
  // process creation events" (off by default); windows-security-4688-wef-rendered.xml is such an event.
  const vendor = loadProfile('vendor-defaults');
  const windows = events.find((e) => e.os === 'windows') as CanonicalEvent;
  for (const id of ['system-security-4688', 'winlogbeat-security-4688']) {
    const process = (renderRecord(source(id), windows, vendor) as ElasticRecord).process as Record<string, unknown>;
    expect([process.command_line, process.args], id).toEqual(['', []]);
    expect(process.executable, id).toBe(windows.process.executable);
  }
  const xmlRaw = (renderRecord(source('splunk-xmlwineventlog-4688'), windows, vendor) as SplunkRecord)._raw;
  expect(xmlRaw).toContain("<Data Name='CommandLine'></Data>");
  expect(fixtureText('windows-security-4688-wef-rendered.xml')).toContain("<Data Name='CommandLine'></Data>");
  const classic = (renderRecord(source('splunk-wineventlog-4688'), windows, vendor) as SplunkRecord)._raw;
  expect(classic).toMatch(/Process Command Line:\t\r\n/);
  // Sysmon records the command line regardless of the audit policy.
  const sysmon = (renderRecord(source('windows-sysmon'), windows, vendor) as ElasticRecord).process as Record<string, unknown>;
  expect(sysmon.command_line).toBe(windows.process.commandLine);
});

test('the older M365 Defender pipeline: event.type end, the initiating process command line, args split on spaces', () => {
  // m365-defender-deviceprocessevents.expected.json (test-device.log-expected.json at 404a082f).
  const legacy = loadProfile('stack-8-older-integrations');
  const windows = events.find((e) => e.os === 'windows') as CanonicalEvent;
  const doc = renderRecord(source('m365-defender'), windows, legacy) as ElasticRecord;
  expect((doc.event as { type: unknown }).type).toEqual(['end']);
  expect((doc.process as { command_line: unknown }).command_line).toBe(windows.parent.commandLine);
  expect((doc.process as { args: unknown }).args).toEqual(windows.parent.commandLine.split(' ').filter((a) => a !== ''));
  const sample = fixtureJson('m365-defender-deviceprocessevents.expected.json') as { event: { type: unknown } };
  expect(sample.event.type).toEqual(['end']);
  const current = renderRecord(source('m365-defender'), windows, PROFILE) as ElasticRecord;
  expect((current.event as { type: unknown }).type).toEqual(['start']);
});

// ---- Splunk ----

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', preserveOrder: true, trimValues: false, processEntities: true, parseTagValue: false });

type Ordered = Array<Record<string, unknown>>;

function children(nodes: Ordered, name: string): Ordered {
  const node = nodes.find((n) => name in n);
  return (node?.[name] as Ordered | undefined) ?? [];
}

function elementNames(nodes: Ordered): string[] {
  return nodes.flatMap((n) => Object.keys(n).filter((k) => k !== ':@' && k !== '#text'));
}

function dataNames(raw: string): string[] {
  return children(children(xml.parse(raw) as Ordered, 'Event'), 'EventData').map((n) => String((n[':@'] as Record<string, unknown>)['@Name']));
}

function dataValue(raw: string, name: string): string {
  const data = children(children(xml.parse(raw) as Ordered, 'Event'), 'EventData').find((n) => (n[':@'] as Record<string, unknown>)['@Name'] === name);
  const text = (data?.Data as Ordered | undefined)?.[0]?.['#text'];
  return text === undefined ? '' : String(text);
}

function systemNames(raw: string): string[] {
  return elementNames(children(children(xml.parse(raw) as Ordered, 'Event'), 'System'));
}

/** EventData names, in order, of the Sigma regression EVTX dump (a real Sysmon 13.30+ event 1, which adds ParentUser). */
function sysmonEvtxDataNames(): string[] {
  const dump = fixtureJson('sysmon-eid1-renamed-binary.evtx-dump.json') as { Event: { EventData: Record<string, unknown> } };
  return Object.keys(dump.Event.EventData);
}

const XML_CASES = [
  // security_content example (one line, as Splunk stores it) and the WEF-forwarded real event (same Data).
  { id: 'splunk-xmlwineventlog-4688', layout: 'splunk-security-4688-example.xml', also: ['windows-security-4688-wef-rendered.xml'], data: () => dataNames(fixtureText('splunk-security-4688-example.xml')) },
  // security_content example (Sysmon before 13.30) for the layout; the real EVTX event for the current Data list.
  { id: 'splunk-sysmon-1', layout: 'splunk-sysmon-1-example.xml', also: [], data: sysmonEvtxDataNames },
];

for (const c of XML_CASES) {
  test(`${c.id}: one-line XML with the System layout of ${c.layout} and the Data list of the real event`, () => {
    const records = splunkRecords(c.id);
    expect(records.length).toBeGreaterThan(20);
    const layout = fixtureText(c.layout).trim();
    const data = c.data();
    for (const fixture of c.also) {
      expect(dataNames(fixtureText(fixture))).toEqual(data);
      expect(systemNames(fixtureText(fixture))).toEqual(systemNames(layout));
    }
    // The older example is the current list without the fields Sysmon added since.
    expect(data.filter((n) => dataNames(layout).includes(n))).toEqual(dataNames(layout));
    const problems: string[] = [];
    for (const { event, record } of records) {
      const raw = record._raw;
      if (raw.includes('\n') || raw.includes('\r')) problems.push(`${event.id}: not one line`);
      if (/ \w+="/.test(raw)) problems.push(`${event.id}: double-quoted attribute`);
      if (JSON.stringify(dataNames(raw)) !== JSON.stringify(data)) problems.push(`${event.id}: Data order ${dataNames(raw).join(',')}`);
      if (JSON.stringify(systemNames(raw)) !== JSON.stringify(systemNames(layout))) problems.push(`${event.id}: System ${systemNames(raw).join(',')}`);
      if (dataValue(raw, 'CommandLine') !== event.process.commandLine) problems.push(`${event.id}: CommandLine does not parse back`);
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });
}

test('Splunk records carry the pinned index, sourcetype and source, and host and _time of their event', () => {
  for (const src of DATA_SOURCES) {
    if (src.siem !== 'splunk') continue;
    for (const { event, record } of splunkRecords(src.id).slice(0, 10)) {
      expect(Object.keys(record).sort()).toEqual(['_id', '_raw', '_time', 'host', 'index', 'source', 'sourcetype']);
      expect({ index: record.index, sourcetype: record.sourcetype, source: record.source }).toEqual({ index: src.index, sourcetype: src.sourcetype, source: src.source });
      expect(record.host).toBe(event.host.name);
      expect(record._time).toBe(Date.parse(event.timestamp) / 1000);
    }
  }
});

/** A classic event with its values blanked: header keys, message labels and the tab layout remain. */
function classicSkeleton(text: string): string[] {
  return text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => {
      if (/^\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d [AP]M$/.test(line)) return '<time>';
      const kv = /^(\w+)=/.exec(line);
      if (kv && kv[1] !== 'Message') return `${kv[1]}=`;
      const tabbed = /^(\t[^\t:]+:\t+)/.exec(line);
      return tabbed ? (tabbed[1] ?? line) : line;
    });
}

test('splunk-wineventlog-4688: the classic text layout of the DetectionLab event, CRLF line ends', () => {
  const sample = classicSkeleton(fixtureText('splunk-wineventlog-4688-classic.txt').trimEnd());
  const problems: string[] = [];
  for (const { event, record } of splunkRecords('splunk-wineventlog-4688')) {
    if (record._raw.replace(/\r\n/g, '').includes('\n')) problems.push(`${event.id}: bare LF`);
    const skeleton = classicSkeleton(record._raw);
    if (JSON.stringify(skeleton) !== JSON.stringify(sample)) problems.push(`${event.id}:\n${skeleton.join('\n')}`);
    const line = record._raw.split('\r\n').find((l) => l.startsWith('\tProcess Command Line:\t'));
    if (line !== `\tProcess Command Line:\t${event.process.commandLine}`) problems.push(`${event.id}: command line line ${JSON.stringify(line)}`);
  }
  expect(problems.slice(0, 3)).toEqual([]);
});

function decodeExecve(raw: string): string[] {
  const args: string[] = [];
  for (const match of raw.matchAll(/ a(\d+)=("([^"]*)"|([0-9A-F]+))/g)) {
    args[Number(match[1])] = match[3] !== undefined ? match[3] : Buffer.from(match[4] ?? '', 'hex').toString('utf8');
  }
  return args;
}

// kernel/auditsc.c audit_log_execve_info: quoted unless the argument has `"`, a space or control
// character, or a byte above 0x7e, which are hex-encoded.
test('splunk-linux-auditd: the EXECVE record layout of the security_content example, arguments decodable', () => {
  const example = fixtureText('splunk-linux-auditd-execve-example.txt').trim();
  const layout = /^type=EXECVE msg=audit\(\d+\.\d{3}:\d+\): argc=\d+( a\d+=("[^"]*"|[0-9A-F]+))+$/;
  expect(example).toMatch(layout);
  const problems: string[] = [];
  for (const { event, record } of splunkRecords('splunk-linux-auditd')) {
    if (!layout.test(record._raw)) problems.push(`${event.id}: ${record._raw.slice(0, 200)}`);
    else if (JSON.stringify(decodeExecve(record._raw)) !== JSON.stringify(event.process.args)) problems.push(`${event.id}: arguments do not decode back`);
    const stamp = /audit\((\d+)\.(\d{3}):/.exec(record._raw);
    if (stamp && Number(stamp[1]) !== Math.floor(record._time)) problems.push(`${event.id}: audit time ${stamp[1]} vs _time ${record._time}`);
  }
  expect(problems).toEqual([]);
  expect(decodeExecve(example)).toEqual(['sudo', 'LD_PRELOAD=./myfopen.so', './prog']);
});

// Event text is attacker-controlled: the HTML/script payload of ci-html-payload-name must be escaped
// in every XML record and survive as data everywhere else.
test('hostile text: HTML and script in the command line is escaped in XML and kept intact as data', () => {
  const hostile = events.filter((e) => e.scenarioId === 'ci-html-payload-name');
  expect(hostile.some((e) => e.os === 'windows')).toBe(true);
  for (const event of hostile) {
    expect(event.process.commandLine).toContain('<script>');
    for (const src of DATA_SOURCES) {
      if (!src.os.includes(event.os)) continue;
      const record = src.render(event);
      if (src.siem === 'splunk') {
        const raw = (record as SplunkRecord)._raw;
        if (raw.startsWith('<Event')) {
          expect(raw, src.id).not.toContain('<script>');
          expect(raw, src.id).toContain('&lt;script&gt;');
          expect(dataValue(raw, 'CommandLine'), src.id).toBe(event.process.commandLine);
        } else if (src.id === 'splunk-wineventlog-4688') {
          expect(raw).toContain(event.process.commandLine);
        } else {
          expect(decodeExecve(raw)).toEqual(event.process.args);
        }
      } else {
        const round = JSON.parse(JSON.stringify(record)) as ElasticRecord;
        const process = round.process as Record<string, unknown>;
        const text = JSON.stringify(process.command_line ?? process.args ?? process.title);
        expect(text, src.id).toContain('<script>');
      }
    }
  }
});

test('the Sysmon message lists every EventData field in schema order, as the winlogbeat golden does', () => {
  const golden = fixtureJson('winlogbeat-sysmon-processcreate.golden.json') as { message: string };
  const goldenNames = golden.message.split('\n').slice(1).map((line) => line.slice(0, line.indexOf(':')));
  const event = events.find((e) => e.os === 'windows');
  if (event === undefined) throw new Error('no Windows event');
  const message = (source('windows-sysmon').render(event) as ElasticRecord).message as string;
  const names = message.split('\n').slice(1).map((line) => line.slice(0, line.indexOf(':')));
  expect(names).toEqual(sysmonEvtxDataNames());
  // The 2020 golden predates ParentUser (Sysmon 13.30).
  expect(names.filter((n) => goldenNames.includes(n))).toEqual(goldenNames);
  expect(message.split('\n')[0]).toBe(golden.message.split('\n')[0]);
});
