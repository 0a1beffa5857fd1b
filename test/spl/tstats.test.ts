// tstats over the CIM data models, the Windows add-on's event types and tags that put events into them,
// and security_content's data-model detections run as written over hand-made 4688 and Sysmon 1 events.
// Sources, cited per test: Splunk_TA_windows eventtypes.conf / tags.conf (PMJeffery/splunk4windows),
// Splunk_SA_CIM data model JSON (aplura/splunk-sa-cim), the tstats reference
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/tstats
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { loadMacrosFile } from '../../harness/backends/embedded-splunk.js';
import { correlateRows } from '../../harness/runner/correlate.js';
import { resolveDataset, datasetRow } from '../../harness/engines/spl/datamodels/index.js';
import { MacroLibrary } from '../../harness/engines/spl/macros.js';
import { fromRoot } from '../../harness/paths.js';
import type { SplunkRecord } from '../../harness/model/records.js';
import { ev, search } from './helpers.js';
import { type ProcessStart, security4688Classic, security4688Xml, sysmon1Xml } from './events.js';

const MACROS = loadMacrosFile(fromRoot('rules/splunk/macros.conf'));
const T0 = 1_736_936_553;

let n = 0;
function start(host: string, image: string, args: string, extra: Partial<ProcessStart> = {}): ProcessStart {
  n++;
  return { id: `e${n}`, host, time: T0 + n * 10, image, commandLine: `"${image}" ${args}`, ...extra };
}

/** A Sysmon 1 event whose OriginalFileName is `original` (the hand-made helper writes `-`). */
function sysmonWithOriginal(e: ProcessStart, original: string): SplunkRecord {
  const r = sysmon1Xml(e);
  return { ...r, _raw: r._raw.replace("<Data Name='OriginalFileName'>-</Data>", `<Data Name='OriginalFileName'>${original}</Data>`) };
}

const Q = 'C:\\Program Files\\qemu\\qemu-system-x86_64.exe';

test('Windows add-on event types and tags: 4688 is wineventlog_security, windows_process_new and endpoint_services_processes, tagged process and report', () => {
  // Splunk_TA_windows eventtypes.conf [wineventlog_security], [windows_process_new] (EventCode=4688),
  // [endpoint_services_processes] (sourcetype="XmlWinEventLog" ...) and tags.conf for each.
  const xml = security4688Xml(start('WS01', Q, '-display sdl'));
  const classic = security4688Classic(start('WS02', Q, '-display sdl'));
  const sysmon = sysmon1Xml(start('WS03', Q, '-display sdl'));
  const other = ev('o1', 'action=login user=bob');
  const events = [xml, classic, sysmon, other];
  const r = search(events, '* | table _time eventtype tag | sort _time');
  expect(r.rows[1]).toMatchObject({ eventtype: ['wineventlog_security', 'wineventlog_windows', 'winsec', 'windows_process_new', 'endpoint_services_processes'] });
  expect(r.rows[1]?.tag).toEqual(expect.arrayContaining(['process', 'report', 'execute', 'start', 'os', 'windows', 'security']));
  // Sysmon's XML is sourcetype XmlWinEventLog: endpoint_services_processes (process, report) only.
  expect(r.rows[3]).toMatchObject({ eventtype: 'endpoint_services_processes', tag: ['process', 'report', 'service'] });
  expect(r.rows[0]?.tag).toBeUndefined();
  // eventtype= and tag= are search-time fields, not index terms.
  expect(search(events, 'eventtype=windows_process_new').eventIds.sort()).toEqual([xml._id, classic._id].sort());
  expect(search(events, 'tag=process tag=report').eventIds.length).toBe(3);
  expect(search(events, 'tag::eventtype=execute').eventIds.length).toBe(2);
  expect(search(events, 'NOT tag=process').eventIds).toEqual(['o1']);
});

test('Endpoint.Processes rows: the add-on fields, the CIM calculated fields and their "unknown" fallbacks', () => {
  // Splunk_SA_CIM Endpoint.json, dataset Processes: constraint `tag=process tag=report`, calculations
  // Endpoint_Processes_fillnull_* and Endpoint_Processes_fillnull_process_name.
  const ds = resolveDataset('Endpoint', ['Processes']);
  if (typeof ds === 'string') throw new Error(ds);
  const row = (fields: Record<string, string | string[]>): Record<string, unknown> | null => {
    const r = datasetRow(ds, 0, new Map(Object.entries(fields)));
    return r === null ? null : Object.fromEntries(r.fields);
  };
  expect(row({ tag: ['process'], process: 'x' })).toBeNull();
  const quoted = row({ tag: ['process', 'report'], process: '"C:\\Tools\\Plink Dir\\plink.exe" -R 1:2:3', sourcetype: 'XmlWinEventLog' });
  expect(quoted).toMatchObject({ 'Processes.process_name': 'plink.exe', 'Processes.dest': 'unknown', 'Processes.user': 'unknown', 'Processes.original_file_name': 'unknown', 'Processes.vendor_product': 'XmlWinEventLog', sourcetype: 'XmlWinEventLog' });
  expect(row({ tag: ['process', 'report'], process: 'C:\\Windows\\System32\\cmd.exe /c dir' })).toMatchObject({ 'Processes.process_name': 'cmd.exe' });
  expect(row({ tag: ['process', 'report'] })).toMatchObject({ 'Processes.process': 'unknown', 'Processes.process_name': 'unknown' });
  expect(row({ tag: ['process', 'report'], process_name: 'given.exe', process: 'other.exe', vendor: 'Microsoft', product: 'Windows', process_integrity_level: 'High' })).toMatchObject({
    'Processes.process_name': 'given.exe',
    'Processes.vendor_product': 'Microsoft Windows',
    'Processes.process_integrity_level': 'high',
  });
  // Only data-model fields are projected.
  expect(row({ tag: ['process', 'report'], EventCode: '4688' })).not.toHaveProperty('Processes.EventCode');
});

test('Web rows: the Rex calculations url_domain and http_referrer_domain, "-" as empty; a data model no event reaches is a note', () => {
  // Splunk_SA_CIM Web.json: 1Web_url_domain / 1Web_http_referrer_domain (calculationType Rex), Web_fillnull_*.
  const ds = resolveDataset('Web', []);
  if (typeof ds === 'string') throw new Error(ds);
  const r = datasetRow(ds, 0, new Map<string, string | string[]>([['tag', 'web'], ['url', 'https://user:pw@files.example.com:8443/a?b'], ['http_referrer', 'ftp://mirror.example.org/x'], ['dest', '-']]));
  expect(r === null ? null : Object.fromEntries(r.fields)).toMatchObject({ 'Web.url_domain': 'files.example.com', 'Web.http_referrer_domain': 'mirror.example.org', 'Web.dest': 'unknown', 'Web.url_length': 42 });
  const none = search([security4688Xml(start('WS01', Q, '-m 1M'))], '| tstats count from datamodel=Web by Web.url');
  expect(none.rows).toEqual([]);
  expect(none.notes.join('\n')).toContain("no loaded event is in Web.Web (its constraint: tag=web); the embedded engine assigns the Windows add-on's event types and tags only");
});

test('child datasets: a child\'s constraint sees the parent\'s calculated fields; Authentication leaves out successful machine-account logons', () => {
  // Network_Traffic.json: Traffic_By_Action (action=*) under All_Traffic, whose All_Traffic_fillnull_action
  // makes a missing action "unknown"; Authentication.json: `tag=authentication NOT (action=success user=*$)`.
  const rowOf = (model: string, path: string[], fields: Record<string, string | string[]>): Record<string, unknown> | null => {
    const ds = resolveDataset(model, path);
    if (typeof ds === 'string') throw new Error(ds);
    const r = datasetRow(ds, 0, new Map(Object.entries(fields)));
    return r === null ? null : Object.fromEntries(r.fields);
  };
  const flow = { tag: ['network', 'communicate'], src: '192.0.2.1' };
  expect(rowOf('Network_Traffic', ['All_Traffic', 'Traffic_By_Action'], flow)).toMatchObject({ 'All_Traffic.action': 'unknown', 'All_Traffic.dest_port': 0 });
  expect(rowOf('Network_Traffic', ['All_Traffic', 'Traffic_By_Action', 'Blocked_Traffic'], flow)).toBeNull();
  expect(rowOf('Network_Traffic', ['All_Traffic', 'Traffic_By_Action', 'Blocked_Traffic'], { ...flow, action: 'blocked' })).toMatchObject({ 'All_Traffic.action': 'blocked' });
  expect(rowOf('Authentication', ['Authentication'], { tag: 'authentication', action: 'success', user: 'WS01$' })).toBeNull();
  expect(rowOf('Authentication', ['Authentication', 'Failed_Authentication'], { tag: 'authentication', result: 'failure', user: 'bob' })).toMatchObject({ 'Authentication.action': 'unknown', 'Authentication.user': 'bob' });
  expect(rowOf('Authentication', ['Authentication', 'Failed_Authentication'], { tag: 'authentication', sourcetype: 'linux_secure', action: 'failure' })).toMatchObject({ 'Authentication.app': 'linux_secure' });
  // Change.json: Other_Endpoint_Changes (NOT change_type=restart) sees All_Changes_fillnull_change_type's "unknown";
  // All_Changes_fillnull_result falls back to signature, result_id to signature_id, then -1.
  const cleared = { tag: ['change', 'endpoint', 'audit'], signature: 'The audit log was cleared' };
  expect(rowOf('Change', ['All_Changes', 'Endpoint_Changes', 'Other_Endpoint_Changes'], cleared)).toMatchObject({ 'All_Changes.change_type': 'unknown', 'All_Changes.result': 'The audit log was cleared', 'All_Changes.result_id': -1 });
  expect(rowOf('Change', ['All_Changes', 'Endpoint_Changes', 'Endpoint_Restarts'], { ...cleared, action: 'modified', change_type: 'restart' })).toMatchObject({ 'All_Changes.action': 'modified' });
  expect(rowOf('Change', ['All_Changes', 'Account_Management'], cleared)).toBeNull();
});

test('tstats count by Processes.dest: counts per host from 4688 XML, classic and Sysmon 1', () => {
  const events = [
    security4688Xml(start('WS01', Q, '-netdev user,id=n0')),
    security4688Xml(start('WS01', Q, '-display sdl')),
    security4688Classic(start('WS02', Q, '-m 1M')),
    sysmon1Xml(start('WS03', Q, '-m 1M')),
    security4688Xml(start('WS04', 'C:\\Windows\\System32\\notepad.exe', 'a.txt')),
  ];
  const r = search(events, '| tstats count from datamodel=Endpoint.Processes where Processes.process_name=qemu-system-x86_64.exe by Processes.dest');
  // dest is the event's computer name (4688 XML <Computer>, classic ComputerName, Sysmon Computer).
  expect(r.rows).toEqual([
    { 'Processes.dest': 'WS01.corp.example', count: '2' },
    { 'Processes.dest': 'WS02.corp.example', count: '1' },
    { 'Processes.dest': 'WS03.corp.example', count: '1' },
  ]);
  // tstats is a generating, transforming command: no event passes an event-level part.
  expect(r.eventIds).toEqual([]);
});

test('tstats WHERE: case-insensitive wildcards, IN, NOT, OR; functions; span; fillnull_value; summariesonly selects the same rows', () => {
  const events = [
    security4688Xml(start('WS01', Q, '-netdev user,id=n0,hostfwd=tcp::2222-:22')),
    security4688Xml(start('WS01', 'C:\\QEMU\\QEMU-SYSTEM-I386.EXE', '-net user')),
    security4688Xml(start('WS02', Q, '-display sdl')),
    security4688Xml(start('WS02', 'C:\\Windows\\System32\\cmd.exe', '/c whoami')),
  ];
  const q = (where: string): string[] =>
    search(events, `| tstats count from datamodel=Endpoint.Processes where ${where} by Processes.process_name`).rows.map((x) => `${x['Processes.process_name'] as string}=${x.count as string}`);
  expect(q('Processes.process_name=qemu-system-*')).toEqual(['QEMU-SYSTEM-I386.EXE=1', 'qemu-system-x86_64.exe=2']);
  expect(q('Processes.process_name IN ("cmd.exe", "*i386*")')).toEqual(['QEMU-SYSTEM-I386.EXE=1', 'cmd.exe=1']);
  expect(q('Processes.process_name=qemu* NOT Processes.process="*hostfwd=*"')).toEqual(['QEMU-SYSTEM-I386.EXE=1', 'qemu-system-x86_64.exe=1']);
  expect(q('(Processes.process="*-net *" OR Processes.process="*whoami*")')).toEqual(['QEMU-SYSTEM-I386.EXE=1', 'cmd.exe=1']);
  const fns = search(events, '| tstats count dc(Processes.dest) as hosts values(Processes.process_name) as names min(_time) as first max(_time) as last latest(Processes.process_name) as newest from datamodel=Endpoint.Processes');
  expect(fns.rows).toEqual([{ count: '4', hosts: '2', names: ['QEMU-SYSTEM-I386.EXE', 'cmd.exe', 'qemu-system-x86_64.exe'], first: String(T0 + (n - 3) * 10), last: String(T0 + n * 10), newest: 'cmd.exe' }]);
  // span buckets _time ("span ... only when _time is a BY field").
  const spans = search(events, '| tstats count from datamodel=Endpoint.Processes by _time span=1h');
  expect(spans.rows.map((x) => x.count)).toEqual(['4']);
  expect(spans.rows[0]?._time).toMatch(/:00:00\.000\+00:00$/);
  // A BY field no row has: rows are dropped, unless fillnull_value names a value for it.
  expect(search(events, '| tstats count from datamodel=Endpoint.Processes by Processes.process_current_directory').rows).toEqual([]);
  expect(search(events, '| tstats fillnull_value=null count from datamodel=Endpoint.Processes by Processes.process_current_directory').rows).toEqual([{ 'Processes.process_current_directory': 'null', count: '4' }]);
  const a = search(events, '| tstats summariesonly=true count from datamodel=Endpoint.Processes by Processes.dest').rows;
  const b = search(events, '| tstats summariesonly=false allow_old_summaries=true count from datamodel=Endpoint.Processes by Processes.dest').rows;
  expect(a).toEqual(b);
  // Without FROM: the indexed fields of every event.
  expect(search([...events, ev('x', 'hello')], '| tstats count where index=wineventlog by sourcetype').rows).toEqual([{ sourcetype: 'XmlWinEventLog', count: '4' }]);
});

test('tstats refuses what it does not run, by name and position; a field the data model lacks is a note', () => {
  const events = [security4688Xml(start('WS01', Q, '-m 1M'))];
  expect(() => search(events, '| tstats count from datamodel=Risk.All_Risk by All_Risk.risk_object')).toThrow(/data model Risk is not modelled by the embedded engine/);
  expect(() => search(events, '| tstats prestats=t count from datamodel=Endpoint.Processes')).toThrow(/tstats: the prestats= option is not supported/);
  expect(() => search(events, '| tstats count from datamodel=Endpoint.Processes where qemu by Processes.dest')).toThrow(/free-text terms in WHERE/);
  expect(() => search(events, '| tstats count from datamodel=Endpoint')).toThrow(/several root datasets/);
  expect(() => search(events, '| tstats count where Processes.dest=x from datamodel=Endpoint.Processes')).toThrow(/FROM must come before WHERE/);
  expect(() => search(events, '| tstats count from datamodel=Endpoint.Processes by _time span=banana')).toThrow(/span=banana is not a time span/);
  expect(() => search(events, '| tstats count from datamodel=Endpoint.Processes where nodename=Registry')).toThrow(/nodename=Registry is not under Processes/);
  expect(() => search(events, '| tstats count from datamodel=Endpoint.Processes where Processes.dest=x OR nodename=Processes')).toThrow(/nodename= is supported only as a top-level condition/);
  // nodename naming the dataset itself, or a child dataset (Network_Traffic's action children).
  expect(search(events, '| tstats count from datamodel=Endpoint.Processes where nodename=Processes').rows).toEqual([{ count: '1' }]);
  expect(search(events, '| tstats count from datamodel=Network_Traffic where nodename=All_Traffic.Traffic_By_Action.Blocked_Traffic').rows).toEqual([{ count: '0' }]);
  const r = search(events, '| tstats count from datamodel=Endpoint.Processes by processes.dest');
  expect(r.rows).toEqual([]);
  expect(r.notes.join('\n')).toContain('processes.dest is not in data model Endpoint.Processes');
});

interface Detection {
  name: string;
  search: string;
}

const DETECTIONS = new Map(
  readFileSync(fromRoot('test/fixtures/spl/security-content-tunnelling.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Detection)
    .map((d) => [d.name, d.search]),
);

/** The detection's own `<name>_filter` macro, which contentctl defines as `search *` when a repository has none. */
function detectionMacros(name: string): MacroLibrary {
  const filter = name.replace(/[ ./-]/g, '_').toLowerCase() + '_filter';
  return MACROS.merge(new MacroLibrary([{ name: filter, args: [], definition: 'search *', iseval: false, origin: 'contentctl filter macro' }]));
}

function detect(name: string, events: SplunkRecord[]): { rows: Record<string, string | string[]>[]; fired: string[] } {
  const query = DETECTIONS.get(name);
  if (query === undefined) throw new Error(`no fixture detection ${name}`);
  const r = search(events, query, detectionMacros(name));
  return { rows: r.rows, fired: correlateRows(r.rows, events).eventIds.sort() };
}

test('Windows Protocol Tunneling with Plink (security_content) over 4688 and Sysmon 1 events', () => {
  // The SPL: (process_name=plink.exe OR process_name=pvhost.exe OR original_file_name=Plink) AND
  // process IN ("*-R *", "*-L *", "*-D *", "*-l *", "*-N *", "*-P *", "*-pw *"), matched case-insensitively.
  const plink = 'C:\\Users\\jdoe\\Downloads\\plink.exe';
  const remote = start('WS01', plink, '-ssh -R 4444:127.0.0.1:3389 tunnel@203.0.113.5 -pw hunter2');
  const batch = start('WS02', plink, '-batch admin@198.51.100.7 uptime');
  const renamed = start('WS03', 'C:\\ProgramData\\svc.exe', '-N -L 8080:10.0.0.5:80 u@203.0.113.9');
  const pvhost = start('WS04', 'C:\\Tools\\pvhost.exe', '-D 1080');
  const events = [security4688Xml(remote), security4688Classic(batch), sysmonWithOriginal(renamed, 'Plink'), security4688Xml({ ...renamed, id: 'renamed-4688', host: 'WS13' }), sysmon1Xml(pvhost)];
  const { rows, fired } = detect('Windows Protocol Tunneling with Plink', events);
  // The renamed copy fires only where the sensor records OriginalFileName (Sysmon), not on 4688.
  expect(fired).toEqual([remote.id, renamed.id, pvhost.id].sort());
  const byDest = new Map(rows.map((r) => [r.dest, r]));
  expect(byDest.get('WS01.corp.example')).toMatchObject({ process_name: 'plink.exe', original_file_name: 'unknown', count: '1', user: 'jdoe' });
  expect(byDest.get('WS03.corp.example')).toMatchObject({ process_name: 'svc.exe', original_file_name: 'Plink', count: '1' });
  // security_content_ctime wrote firstTime/lastTime as "%Y-%m-%dT%H:%M:%S".
  expect(byDest.get('WS01.corp.example')?.firstTime).toBe(new Date((T0 + Number(remote.id.slice(1)) * 10) * 1000).toISOString().slice(0, 19));
});

test('Windows Ngrok Reverse Proxy Usage (security_content) over 4688 events; Ngrok Reverse Proxy on Network reads DNS, which process events never populate', () => {
  // The SPL: process_name=ngrok.exe AND process IN ("*start*", "*--config*", "*http*", "*authtoken*", "*tcp*").
  const ngrok = 'C:\\Users\\jdoe\\AppData\\Local\\ngrok\\ngrok.exe';
  const tcp = start('WS05', ngrok, 'tcp 3389');
  const http = start('WS06', ngrok, 'HTTP 8080 --log stdout');
  const version = start('WS07', ngrok, 'version');
  const events = [security4688Xml(tcp), security4688Classic(http), security4688Xml(version)];
  const { rows, fired } = detect('Windows Ngrok Reverse Proxy Usage', events);
  expect(fired).toEqual([tcp.id, http.id].sort());
  expect(rows.map((r) => r.process_name)).toEqual(['ngrok.exe', 'ngrok.exe']);
  // The Linux twin asks for process_name=ngrok: a Windows ngrok.exe is not it.
  expect(detect('Linux Ngrok Reverse Proxy Usage', events).fired).toEqual([]);
  expect(detect('Ngrok Reverse Proxy on Network', events).rows).toEqual([]);
});

// The QEMU rule in the house style of security_content (tests only, not rules/): the image name from the
// data model, the networking options in the command line.
const QEMU_TSTATS =
  '| tstats `security_content_summariesonly` count min(_time) as firstTime max(_time) as lastTime from datamodel=Endpoint.Processes ' +
  'where Processes.process_name=qemu-system-* Processes.process IN ("*-netdev *", "*-net *", "*-nic *", "*hostfwd=*", "*guestfwd=*", "*socket,*", "*-redir *") ' +
  'by Processes.dest Processes.user Processes.parent_process_name Processes.process_name Processes.process Processes.process_id Processes.parent_process_id ' +
  '| `drop_dm_object_name(Processes)` | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)`';

/** What the search's WHERE means for one start, written independently of the engine. */
function qemuTstatsFires(name: string, commandLine: string): boolean {
  if (!/^qemu-system-/i.test(name)) return false;
  const cl = commandLine.toLowerCase();
  return ['-netdev ', '-net ', '-nic ', 'hostfwd=', 'guestfwd=', 'socket,', '-redir '].some((s) => cl.includes(s));
}

test('the QEMU rule as a tstats search over the QEMU pack\'s Windows scenarios: the verdicts its WHERE implies, per event', async () => {
  const { generateEvents } = await import('../../generators/generate.js');
  const { loadPack } = await import('../../generators/scenario-pack.js');
  const { dataSourceById, appliesTo } = await import('../../generators/data-sources.js');
  const source = dataSourceById('splunk-xmlwineventlog-4688');
  if (source === undefined) throw new Error('no data source');
  const scenarioIds = ['kaspersky-socket-tunnel', 'stac4713-scheduled-task', 'kaspersky-tunnel-renamed', 'kaspersky-tunnel-readconfig', 'kaspersky-tunnel-uppercase-name', 'stac4713-quoted-hostfwd', 'kaspersky-tunnel-quoted-names', 'stac4713-nic-shorthand', 'stac4713-legacy-redir', 'packer-qemu-builder', 'android-emulator', 'gns3-appliances', 'minikube-qemu2'];
  const canonical = generateEvents(loadPack(), { seed: 7, count: 2, scenarioIds }).filter((e) => appliesTo(source, e));
  const records = canonical.map((e) => ({ ...(source.render(e) as SplunkRecord), _id: e.id }));
  const r = search(records, QEMU_TSTATS, MACROS);
  const fired = new Set(correlateRows(r.rows, records).eventIds);
  const expected = new Set(canonical.filter((e) => qemuTstatsFires(e.process.name, e.process.commandLine)).map((e) => e.id));
  expect(expected.size).toBeGreaterThan(6);
  expect(expected.size).toBeLessThan(canonical.length);
  expect([...fired].sort()).toEqual([...expected].sort());
  // Per scenario: the tunnels fire; a renamed binary and a -readconfig file do not.
  const scenarioFired = (id: string): boolean[] => canonical.filter((e) => e.scenarioId === id).map((e) => fired.has(e.id));
  expect(scenarioFired('kaspersky-socket-tunnel')).toEqual([true, true]);
  expect(scenarioFired('kaspersky-tunnel-renamed')).toEqual([false, false]);
  expect(scenarioFired('kaspersky-tunnel-readconfig')).toEqual([false, false]);
  expect(scenarioFired('kaspersky-tunnel-uppercase-name')).toEqual([true, true]);
});
