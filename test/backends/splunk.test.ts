// Contract tests of the real-Splunk backend against a local HTTP stand-in (splunk-stand-in.ts, built
// from the REST and HEC documentation it cites). No Splunk runs here; test/live/ runs the real one.
import { expect, test } from '@playwright/test';
import type { SplunkRecord } from '../../harness/model/records.js';
import { RuleRunError } from '../../harness/backends/backend.js';
import { Redactor } from '../../harness/backends/credentials.js';
import { LoadIncompleteError } from '../../harness/backends/load-error.js';
import { SplunkEnterpriseBackend, type SplunkBackendOptions } from '../../harness/backends/splunk.js';
import { buildSearch, installableMacros, prepareMacros, renameMacroCalls, rewriteIndexReferences } from '../../harness/backends/splunk/macros.js';
import { parseMacrosConf } from '../../harness/engines/spl/macros.js';
import { InputError } from '../../harness/errors.js';
import type { SplRule } from '../../harness/rules/rule.js';
import { SplunkStandIn, type StandInOptions } from './splunk-stand-in.js';

const MACROS = [
  '# test macros in the shape of rules/splunk/macros.conf',
  '[get_endpoint_data]',
  'definition = (index=wineventlog OR index="sysmon" OR index=linux)',
  'iseval = 0',
  '',
  '[get_endpoint_data_winevent]',
  'definition = (sourcetype=XmlWinEventLog OR sourcetype=WinEventLog)',
].join('\n');

const RULE: SplRule = {
  id: '29624.53380',
  name: 'QEMU Network Tunneling - Windows',
  description: '',
  query:
    '`get_endpoint_data` `get_endpoint_data_winevent` (TERM(EventCode=4688) OR "<EventID>4688<" OR Type=Process) "qemu-system-" ("-net " OR "-netdev" OR "-redir" OR "socket" OR "listen" OR "-device" OR "hostfwd=") | table _time, host, user, process, process_*, parent_process_name, parent_process_* | bin span=1s | stats values(*) as * by _time, host',
  threat: [],
  references: [],
  sourceFile: 'rules/splunk/qemu_network_tunneling_windows.yml',
  siem: 'splunk',
  language: 'spl',
  format: 'catalog-yaml',
};

const PASSWORD = 'Adm1n-Secret-pw';

function rec(id: string, index: string, time: number, host = 'WS-0001'): SplunkRecord {
  return {
    _id: id,
    _raw: `<Event><System><EventID>4688</EventID></System><EventData><Data Name='CommandLine'>qemu-system-x86_64 -netdev user,id=n0 ${id}</Data></EventData></Event>`,
    _time: time,
    host,
    source: 'XmlWinEventLog:Security',
    sourcetype: 'XmlWinEventLog',
    index,
  };
}

async function setup(standIn: Partial<StandInOptions> = {}, backend: Partial<SplunkBackendOptions> = {}) {
  const server = new SplunkStandIn({ username: 'admin', password: PASSWORD, ...standIn });
  const url = await server.start();
  const splunk = new SplunkEnterpriseBackend({
    mode: backend.runToken !== undefined ? 'url' : 'container',
    managementUrl: url,
    hecUrl: url,
    auth: { kind: 'basic', username: 'admin', password: PASSWORD },
    insecureTls: false,
    macros: parseMacrosConf(MACROS, 'macros.conf'),
    search: { pollMs: 1, pageSize: 2, timeoutMs: 2000 },
    countPollMs: 1,
    countTimeoutMs: 500,
    hec: { ackPollMs: 1, ackTimeoutMs: 500, maxBatchBytes: 700 },
    sleep: async () => undefined,
    redactor: new Redactor([PASSWORD]),
    ...backend,
  });
  return { server, splunk };
}

test.describe('Splunk backend against the stand-in', () => {
  test('load: indexes, an acknowledging HEC token, envelopes with host/source/sourcetype/time/index, ack polling, count until searchable', async () => {
    const { server, splunk } = await setup({ ackPollsUntilIndexed: 2, countLagPolls: 1 });
    try {
      const records = [rec('a', 'wineventlog', 1740823200.123), rec('b', 'wineventlog', 1740823201.5), rec('c', 'sysmon', 1740823202)];
      const report = await splunk.load(records);
      expect(report).toMatchObject({ received: 3, stored: 3, rejected: [] });
      expect([...server.indexes]).toEqual(expect.arrayContaining(['wineventlog', 'sysmon', 'linux']));
      const token = [...server.hecTokens.values()][0];
      expect(token).toMatchObject({ useAck: true });
      expect(token?.indexes.sort()).toEqual(['linux', 'sysmon', 'wineventlog']);
      expect(server.events).toEqual([
        { time: 1740823200.123, host: 'WS-0001', source: 'XmlWinEventLog:Security', sourcetype: 'XmlWinEventLog', index: 'wineventlog', event: records[0]?._raw },
        expect.objectContaining({ time: 1740823201.5, index: 'wineventlog' }),
        expect.objectContaining({ time: 1740823202, index: 'sysmon' }),
      ]);
      const hecPosts = server.requests.filter((r) => r.path === '/services/collector/event');
      expect(hecPosts.length).toBeGreaterThan(1); // maxBatchBytes 700 splits the three envelopes
      const channels = new Set(hecPosts.map((r) => r.headers['x-splunk-request-channel']));
      expect(channels.size).toBe(1);
      expect([...channels][0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(server.requests.filter((r) => r.path === '/services/collector/ack').length).toBeGreaterThanOrEqual(3);
      // The count search ran twice (the first saw one event fewer) over a range covering the events.
      const counts = [...server.requests.filter((r) => r.path.endsWith('/search/v2/jobs') && r.method === 'POST')];
      expect(counts).toHaveLength(2);
      expect(counts[0]?.form).toMatchObject({ earliest_time: '1740823200', latest_time: '1740823203', exec_mode: 'normal' });
      expect(counts[0]?.form['search']).toBe('search (index="wineventlog" OR index="sysmon") | stats count by index');
    } finally {
      await server.stop();
    }
  });

  test('run: macros installed as written, search over the events, job polled, every result page read, job removed', async () => {
    const rows = [1, 2, 3, 4, 5].map((n) => ({ _time: `${1740823200 + n}.000`, host: 'WS-0001', process: ['qemu-system-x86_64.exe'] }));
    const { server, splunk } = await setup({ ruleRows: () => rows, pollsUntilDone: 3 });
    try {
      await splunk.load([rec('a', 'wineventlog', 1740823201), rec('b', 'wineventlog', 1740823205)]);
      const result = await splunk.run(RULE);
      expect(result.rows).toEqual(rows);
      expect(server.macros.get('get_endpoint_data')).toEqual({ definition: '(index=wineventlog OR index="sysmon" OR index=linux)', iseval: '0' });
      const dispatch = server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/search/v2/jobs')).at(-1);
      expect(dispatch?.form['search']).toBe(`search ${RULE.query}`);
      expect(dispatch?.form).toMatchObject({ earliest_time: '1740823201', latest_time: '1740823206', output_time_format: '%s.%3N' });
      const sid = [...server.deletedJobs].at(-1) as string;
      const pages = server.requests.filter((r) => r.path.endsWith(`${sid}/results`));
      expect(pages).toHaveLength(3); // 5 rows, count=2
      expect(server.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/jobs/${sid}`)).length).toBe(4); // RUNNING x3, then DONE
      expect(server.jobs.size).toBe(0); // every job deleted after reading
      expect(result.expandedQuery).toContain('get_endpoint_data');
      expect(result.notes.join('\n')).toContain('read 5 result rows in 3 page(s)');
      // A second run installs the macros only once per generation.
      const macroPosts = server.requests.filter((r) => r.path.includes('conf-macros')).length;
      await splunk.run(RULE);
      expect(server.requests.filter((r) => r.path.includes('conf-macros')).length).toBe(macroPosts);
    } finally {
      await server.stop();
    }
  });

  test('existing deployment: run-specific indexes, renamed macros pointed at them, index restriction, everything removed at close', async () => {
    let closed = false;
    const { server, splunk } = await setup({ ruleRows: () => [] }, { runToken: 'rtest1', onClose: async () => void (closed = true) });
    try {
      await splunk.load([rec('a', 'wineventlog', 1740823201)]);
      expect(server.indexes.has('dth_rtest1_wineventlog')).toBe(true);
      expect(server.indexes.has('wineventlog')).toBe(false);
      const result = await splunk.run(RULE);
      expect(server.macros.get('dth_rtest1_get_endpoint_data')?.['definition']).toBe(
        '(index=dth_rtest1_wineventlog OR index="dth_rtest1_sysmon" OR index=dth_rtest1_linux)',
      );
      const sent = server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/search/v2/jobs')).at(-1)?.form['search'] ?? '';
      expect(sent.startsWith('search (index="dth_rtest1_wineventlog" OR index="dth_rtest1_sysmon" OR index="dth_rtest1_linux") `dth_rtest1_get_endpoint_data` `dth_rtest1_get_endpoint_data_winevent`')).toBe(true);
      expect(result.notes.join('\n')).toContain('macro get_endpoint_data installed as dth_rtest1_get_endpoint_data');
      await splunk.close();
      expect(server.macros.size).toBe(0);
      expect([...server.indexes].filter((i) => i.startsWith('dth_'))).toEqual([]);
      expect(server.hecTokens.size).toBe(0);
      expect(closed).toBe(true);
    } finally {
      await server.stop();
    }
  });

  // What the embedded engine assumes, made true on the real deployment (harness/backends/splunk/knowledge.ts):
  // the Windows add-on's event types and tags, created when absent and removed at close; a data model the
  // deployment lacks (Splunk_SA_CIM not installed) refuses the rule instead of an empty result.
  // configs/conf-{file}: https://help.splunk.com/en/splunk-enterprise/leverage-rest-apis/rest-api-reference/9.4/configuration-endpoints/configuration-endpoint-descriptions
  test('a tstats rule: event types and tags installed when absent (a deployment\'s own kept), the data model checked, all removed at close', async () => {
    const tstats: SplRule = { ...RULE, id: 'tstats-qemu', query: '| tstats count from datamodel=Endpoint.Processes where Processes.process_name=qemu-system-* by Processes.dest' };
    const { server, splunk } = await setup({ ruleRows: () => [{ 'Processes.dest': 'WS-0001.corp.example', count: '1' }] }, { runToken: 'rtest3' });
    server.confs.set('eventtypes', new Map([['wineventlog_security', { search: 'source=XmlWinEventLog:Security' }]]));
    try {
      await splunk.load([rec('a', 'wineventlog', 1740823201)]);
      await expect(splunk.run(tstats)).rejects.toThrow(/Splunk has no data model Endpoint: install Splunk_SA_CIM/);
      server.dataModels.add('Endpoint');
      const result = await splunk.run(tstats);
      expect(result.rows).toEqual([{ 'Processes.dest': 'WS-0001.corp.example', count: '1' }]);
      expect(server.confs.get('eventtypes')?.get('endpoint_services_processes')).toEqual({ search: 'source="WMI:WinEventLog:Security" OR sourcetype="WinEventLog" OR sourcetype="XmlWinEventLog"' });
      expect(server.confs.get('tags')?.get('eventtype=windows_process_new')).toEqual({ process: 'enabled', execute: 'enabled', start: 'enabled' });
      expect(result.notes.join('\n')).toContain("kept the deployment's own eventtypes.conf [wineventlog_security]");
      // Once per backend; a rule that reads no knowledge installs none.
      const posts = server.requests.filter((r) => /conf-(eventtypes|tags)/.test(r.path)).length;
      await splunk.run(tstats);
      await splunk.run(RULE);
      expect(server.requests.filter((r) => /conf-(eventtypes|tags)/.test(r.path)).length).toBe(posts);
      await splunk.close();
      expect([...(server.confs.get('eventtypes')?.keys() ?? [])]).toEqual(['wineventlog_security']);
      expect(server.confs.get('tags')?.size).toBe(0);
    } finally {
      await server.stop();
    }
  });

  test('existing deployment: an index that already exists is not written into', async () => {
    const { server, splunk } = await setup({}, { runToken: 'rtest2' });
    server.indexes.add('dth_rtest2_sysmon');
    try {
      await expect(splunk.load([rec('a', 'wineventlog', 1)])).rejects.toThrow('index dth_rtest2_sysmon already exists; refusing to load into an index this run did not create');
    } finally {
      await server.stop();
    }
  });

  test('HEC: a bad token, an index the token may not write to, and a busy server', async () => {
    // Bad token: 403 code 4.
    const bad = await setup({}, { hecToken: 'not-a-token' });
    try {
      const error = (await bad.splunk.load([rec('a', 'wineventlog', 1), rec('b', 'wineventlog', 2)]).catch((e: unknown) => e)) as LoadIncompleteError;
      expect(error).toBeInstanceOf(LoadIncompleteError);
      expect(error.report).toMatchObject({ received: 2, stored: 0 });
      expect(error.message).toContain('HEC answered 403 code 4: Invalid token');
      expect(error.message).toContain('check DTH_SPLUNK_HEC_TOKEN');
    } finally {
      await bad.server.stop();
    }
    // A given token restricted to another index: 400 code 7, Incorrect index, with the refused event.
    const restricted = await setup({}, { hecToken: 'tok-given' });
    restricted.server.hecTokens.set('tok-given', { name: 'given', indexes: ['main'], useAck: true });
    try {
      const error = (await restricted.splunk.load([rec('a', 'wineventlog', 1)]).catch((e: unknown) => e)) as LoadIncompleteError;
      expect(error.report.rejected).toEqual([{ id: 'a', reason: expect.stringContaining('HEC answered 400 code 7: Incorrect index') }]);
      expect(error.message).toContain("may not write to this index");
    } finally {
      await restricted.server.stop();
    }
    // 503 Server is busy twice, then accepted.
    const busy = await setup({ busyAnswers: 2 });
    try {
      expect(await busy.splunk.load([rec('a', 'wineventlog', 1)])).toMatchObject({ stored: 1 });
      expect(busy.server.requests.filter((r) => r.path === '/services/collector/event')).toHaveLength(3);
    } finally {
      await busy.server.stop();
    }
  });

  test('HEC: requests never acknowledged, and events that never become searchable, stop the run saying what is missing', async () => {
    const noAck = await setup({ ackPollsUntilIndexed: Infinity });
    try {
      await expect(noAck.splunk.load([rec('a', 'wineventlog', 1)])).rejects.toThrow(/1 request\(s\) not acknowledged as indexed within 500 ms \(ackIds 0 on channel/);
    } finally {
      await noAck.server.stop();
    }
    const lost = await setup({ dropEvents: 1 });
    try {
      const error = (await lost.splunk.load([rec('a', 'wineventlog', 1), rec('b', 'wineventlog', 2), rec('c', 'sysmon', 3)]).catch((e: unknown) => e)) as LoadIncompleteError;
      expect(error).toBeInstanceOf(LoadIncompleteError);
      expect(error.report).toMatchObject({ received: 3, stored: 2 });
      expect(error.message).toContain('index wineventlog: 2 events sent, a search still sees 1 (1 missing)');
    } finally {
      await lost.server.stop();
    }
  });

  test('REST: wrong credentials are bad input naming the variables, without the password', async () => {
    const { server, splunk } = await setup({ password: 'something-else' });
    try {
      const error = (await splunk.connect().catch((e: unknown) => e)) as InputError;
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toContain('401');
      expect(error.message).toContain('DTH_SPLUNK_USERNAME');
      expect(error.message).not.toContain(PASSWORD);
    } finally {
      await server.stop();
    }
  });

  test('search: refused at dispatch, failed while running, too slow, truncated, or a 5xx are rule errors with Splunk\'s words', async () => {
    const cases: { options: Partial<StandInOptions>; search?: Partial<SplunkBackendOptions['search']>; expected: RegExp }[] = [
      { options: { refuse: () => "Error in 'SearchParser': The search specifies a macro 'get_endpoint_data' that cannot be found." }, expected: /Splunk refused the search \(400\): FATAL: Error in 'SearchParser'/ },
      { options: { failJob: () => "Error in 'bin' command: The argument 'span=1s' is invalid." }, expected: /search job stand-in\.\d+ failed: FATAL: Error in 'bin' command/ },
      { options: { pollsUntilDone: 1000 }, search: { timeoutMs: 0 }, expected: /still RUNNING after 0 ms/ },
      { options: { resultCountOffset: 1, ruleRows: () => [{ _time: '1.000', host: 'h' }] }, expected: /reports 2 results but 1 were read/ },
      { options: { override: (method, path) => (method === 'POST' && path.endsWith('/search/v2/jobs') ? { status: 503, body: { messages: [{ type: 'ERROR', text: 'Search not executed: The maximum number of concurrent searches has been reached.' }] } } : undefined) }, expected: /Splunk failed to dispatch the search \(503\): ERROR: Search not executed/ },
    ];
    for (const c of cases) {
      const { server, splunk } = await setup(c.options, c.search ? { search: { pollMs: 1, pageSize: 2, timeoutMs: 2000, ...c.search } } : {});
      try {
        const error = await splunk.run(RULE).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(RuleRunError);
        expect((error as Error).message).toMatch(c.expected);
      } finally {
        await server.stop();
      }
    }
  });

  test('clear: the next load goes to a fresh generation of indexes and the macros follow it', async () => {
    const { server, splunk } = await setup({ ruleRows: () => [] });
    try {
      await splunk.load([rec('a', 'wineventlog', 1)]);
      await splunk.clear();
      expect(splunk.targetIndex('wineventlog')).toBe('dth_g1_wineventlog');
      await splunk.load([rec('b', 'wineventlog', 2)]);
      expect(server.events.map((e) => e.index)).toEqual(['wineventlog', 'dth_g1_wineventlog']);
      await splunk.run(RULE);
      expect(server.macros.get('get_endpoint_data')?.['definition']).toContain('index=dth_g1_wineventlog');
      const token = [...server.hecTokens.values()][0];
      expect(token?.indexes).toContain('dth_g1_wineventlog');
    } finally {
      await server.stop();
    }
  });
});

// Macro syntax: https://help.splunk.com/en/splunk-enterprise/search/knowledge-manager-manual/9.4/use-search-macros/use-search-macros-in-searches
test('macros: reading macros.conf, renaming calls, rewriting index terms, and the search prefix', () => {
  const macros = installableMacros(parseMacrosConf(MACROS, 'macros.conf'));
  expect(macros.map((m) => m.stanza)).toEqual(['get_endpoint_data', 'get_endpoint_data_winevent']);
  // One grammar with the embedded engine (engines/spl/macros.ts): errors come from the same reader.
  expect(() => installableMacros(parseMacrosConf('[broken]\niseval = 0\n', 'macros.conf'))).toThrow(/macro "broken": no "definition" setting/);
  const error = (() => {
    try {
      parseMacrosConf('[bad name!]\ndefinition = x\n', 'm.conf');
    } catch (e) {
      return e as InputError;
    }
    return undefined;
  })();
  expect(error?.format()).toMatch(/^m\.conf:1:1: macro stanza "\[bad name!\]": expected "name" or "name\(N\)"/);
  expect(renameMacroCalls('`a` `a(1,2)` `b` `ab` `get$x`', new Set(['a', 'b', 'get$x']), (n) => `x_${n}`)).toBe('`x_a` `x_a(1,2)` `x_b` `ab` `x_get$x`');
  const map = (name: string): string | undefined => (name === 'sysmon' || name === 'linux' ? `run_${name}` : undefined);
  expect(rewriteIndexReferences('index=sysmon OR INDEX = "linux" OR index IN (sysmon, main) OR index=win* sourceindex=sysmon', map)).toEqual({
    text: 'index=run_sysmon OR INDEX = "run_linux" OR index IN (run_sysmon, main) OR index=win* sourceindex=sysmon',
    unmapped: ['win*', 'main'],
  });
  const prepared = prepareMacros(macros, RULE.query, (n) => `dth_t_${n}`, (i) => `dth_t_${i}`);
  expect(prepared.macros[0]).toEqual({ stanza: 'dth_t_get_endpoint_data', settings: { definition: '(index=dth_t_wineventlog OR index="dth_t_sysmon" OR index=dth_t_linux)', iseval: '0' } });
  expect(prepared.query.startsWith('`dth_t_get_endpoint_data` `dth_t_get_endpoint_data_winevent`')).toBe(true);
  expect(buildSearch('| tstats count', ['a'])).toEqual({ search: '| tstats count', restricted: false });
  expect(buildSearch('search foo', undefined)).toEqual({ search: 'search foo', restricted: false });
  expect(buildSearch('foo', ['a', 'b'])).toEqual({ search: 'search (index="a" OR index="b") foo', restricted: true });
});

test('a Splunk that accepts the connection but never answers fails after the request timeout, naming the endpoint', async () => {
  const { createServer } = await import('node:http');
  const sockets: import('node:net').Socket[] = [];
  const server = createServer(() => undefined); // never responds
  server.on('connection', (socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`;
  try {
    const splunk = new SplunkEnterpriseBackend({
      mode: 'url',
      managementUrl: url,
      hecUrl: url,
      auth: { kind: 'token', token: 'eyJ0b2tlbi12YWx1ZSJ9' },
      insecureTls: false,
      runToken: 'rslow',
      macros: parseMacrosConf(MACROS, 'macros.conf'),
      requestTimeoutMs: 200,
    });
    const error = (await splunk.connect().catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/connecting: Splunk REST: reading server info failed: GET http:\/\/127\.0\.0\.1:\d+\/services\/server\/info: no answer within 200 ms/);
    expect(error.message).not.toContain('eyJ0b2tlbi12YWx1ZSJ9');
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
