// Contract tests of the real-Elasticsearch backend against @elastic/elasticsearch-mock: the requests it
// builds and how it handles every answer. No Elasticsearch runs here; test/live/ runs the real one.
import { expect, test } from '@playwright/test';
import { createRequire } from 'node:module';
import type { Client } from '@elastic/elasticsearch';
import MockImport from '@elastic/elasticsearch-mock';
import type { ElasticRecord } from '../../harness/model/records.js';
import { RuleRunError } from '../../harness/backends/backend.js';
import { Redactor } from '../../harness/backends/credentials.js';
import { ElasticsearchBackend } from '../../harness/backends/elasticsearch.js';
import { planExecutions, ruleSchedule } from '../../harness/backends/schedule.js';
import { LoadIncompleteError } from '../../harness/backends/load-error.js';
import { ElasticRunNames, matchesIndexPattern } from '../../harness/backends/elasticsearch/run-names.js';
import { buildIndexTemplates } from '../../harness/backends/elasticsearch/templates.js';
import { resolveIndexMapping } from '../../harness/engines/eql/mappings/index-mapping.js';
import { loadProfile } from '../../harness/profiles/load-profile.js';
import { InputError } from '../../harness/errors.js';
import { ecsMapping } from '../../harness/engines/eql/mappings/ecs.js';
import type { EqlRule } from '../../harness/rules/rule.js';

// The QEMU rule's index list, as in rules/elastic/command_and_control_tunnel_qemu.toml (pins).
// The package is CommonJS with an ESM-style `export default` in its types: at run time the default import is
// the class itself.
const Mock = ((MockImport as { default?: typeof MockImport.default }).default ?? MockImport) as typeof MockImport.default;
type MockParams = Parameters<Parameters<InstanceType<typeof Mock>['add']>[1]>[0];
// The mock is CommonJS and recognises only the CommonJS client's error classes, so the client and the
// errors the resolvers return come from that build too (the backend tells errors apart by name).
const cjs = createRequire(import.meta.url)('@elastic/elasticsearch') as typeof import('@elastic/elasticsearch');
const errors = cjs.errors;
// The EQL path holds all nine patterns, longer than the mock router's 100-character limit for a `:param`,
// so EQL requests are caught by a wildcard route (static and short routes still win).
const EQL_ROUTE = { method: 'POST', path: '/*' };

function mockClient(mock: InstanceType<typeof Mock>): Client {
  return new cjs.Client({ node: 'http://localhost:9200', Connection: mock.getConnection() as never, maxRetries: 0 }) as unknown as Client;
}

const RULE_PATTERNS = [
  'endgame-*',
  'logs-crowdstrike.fdr*',
  'logs-endpoint.events.process-*',
  'logs-m365_defender.event-*',
  'logs-sentinel_one_cloud_funnel.*',
  'logs-system.security*',
  'logs-windows.sysmon_operational-*',
  'winlogbeat-*',
  'auditbeat-*',
];

const RULE: EqlRule = {
  id: 'b29b7652-219f-468b-aa1f-5da7bcc24b03',
  name: 'Potential Traffic Tunneling using QEMU',
  description: '',
  query: 'process where event.type == "start" and process.args : "-netdev" and process.command_line : "*hostfwd=*"',
  threat: [],
  references: [],
  sourceFile: 'rules/elastic/command_and_control_tunnel_qemu.toml',
  siem: 'elastic',
  language: 'eql',
  type: 'eql',
  severity: 'medium',
  riskScore: 47,
  index: RULE_PATTERNS,
  from: 'now-9m',
  timestampOverride: 'event.ingested',
};

function record(id: string, index = 'logs-endpoint.events.process-default', timestamp = '2025-03-01T10:00:00.000Z'): ElasticRecord {
  return { _index: index, _id: id, '@timestamp': timestamp, event: { category: ['process'], type: ['start'] }, process: { args: ['qemu-system-x86_64', '-netdev'] } };
}

interface Captured {
  method: string;
  path: string;
  body: unknown;
  querystring: Record<string, string>;
}

/** A mock cluster that records every request; routes not added answer 404 "Mock not found". */
function setup(options: { runToken?: string; password?: string } = {}) {
  const mock = new Mock();
  const requests: Captured[] = [];
  const capture = (params: MockParams): void => {
    requests.push({ method: String(params.method), path: String(params.path), body: params.body, querystring: params.querystring ?? {} });
  };
  const client = mockClient(mock);
  const backend = new ElasticsearchBackend({
    client,
    mode: options.runToken ? 'url' : 'container',
    rulePatterns: RULE_PATTERNS,
    eqlPageSize: 3,
    bulk: { chunkSize: 2, retries: 2, retryDelayMs: 1, sleep: async () => undefined },
    ...(options.runToken !== undefined ? { runToken: options.runToken } : {}),
    ...(options.password !== undefined ? { redactor: new Redactor([options.password]) } : {}),
  });
  mock.add({ method: 'PUT', path: '/_index_template/:name' }, (params) => {
    capture(params);
    return { acknowledged: true };
  });
  mock.add({ method: ['GET', 'POST'], path: '/:index/_refresh' }, (params) => {
    capture(params);
    return { _shards: { total: 1, successful: 1, failed: 0 } };
  });
  return { mock, client, backend, requests, capture };
}

/** A bulk resolver answering 201 for each create unless `status(id)` says otherwise. */
function bulkAnswer(status: (id: string, attempt: number) => number, attempts = new Map<string, number>()) {
  return (params: MockParams) => {
    const lines = params.body as Record<string, { _index: string; _id: string }>[];
    const items = [];
    for (let i = 0; i < lines.length; i += 2) {
      const action = lines[i]?.['create'];
      if (action === undefined) throw new Error('expected a create action');
      const attempt = (attempts.get(action._id) ?? 0) + 1;
      attempts.set(action._id, attempt);
      const code = status(action._id, attempt);
      items.push({
        create: {
          _index: action._index,
          _id: action._id,
          status: code,
          ...(code === 201
            ? { result: 'created' }
            : code === 429
              ? { error: { type: 'es_rejected_execution_exception', reason: 'rejected execution (queue capacity 200)' } }
              : code === 409
                ? { error: { type: 'version_conflict_engine_exception', reason: `[${action._id}]: version conflict, document already exists` } }
                : { error: { type: 'document_parsing_exception', reason: 'failed to parse field [process.pid] of type [long]' } }),
        },
      });
    }
    return { took: 1, errors: items.some((item) => item.create.status !== 201), items };
  };
}

test('templates: one data stream template per rule pattern and Beats pattern, ECS mapping, priorities above the built-in logs template', async () => {
  // Composable templates, priority and overlapping patterns:
  // https://www.elastic.co/docs/manage-data/data-store/templates#avoid-index-pattern-collisions
  const templates = buildIndexTemplates(RULE_PATTERNS, ['logs-endpoint.events.process-default', 'custom-index'], new ElasticRunNames(), ecsMapping());
  expect(templates.map((t) => t.index_patterns[0])).toEqual([...RULE_PATTERNS, 'custom-index']);
  expect(templates.every((t) => t.priority > 100 && Object.keys(t.data_stream).length === 0)).toBe(true);
  expect(new Set(templates.map((t) => t.priority)).size).toBe(templates.length);
  // The exact-name template (no pattern covered it) has the highest priority.
  expect(templates.at(-1)?.priority).toBe(Math.max(...templates.map((t) => t.priority)));
  const mappings = templates[0]?.template.mappings.properties;
  expect(mappings?.['process']?.properties?.['command_line']?.type).toBe('wildcard');
  expect(mappings?.['process']?.properties?.['args']).toMatchObject({ type: 'keyword', ignore_above: 1024 });
  expect(templates[0]?.template.mappings).toEqual(ecsMapping());
  // The ECS mapping has more mappers than Elasticsearch's default index.mapping.total_fields.limit (1000), so
  // each template raises it to Fleet's 10000 (getFieldsLimit, elastic/kibana
  // x-pack/platform/plugins/shared/fleet/server/services/epm/elasticsearch/template/install.ts), as the
  // embedded engine assumes; logs-*-* streams ignore dynamic fields beyond it, as logs@settings sets
  // (elastic/elasticsearch x-pack/plugin/core/template-resources/src/main/resources/logs@settings.json).
  for (const t of templates) expect(t.template.settings['index.mapping.total_fields.limit']).toBe(10000);
  for (const t of templates.filter((t) => t.index_patterns[0]?.startsWith('logs-'))) expect(t.template.settings['index.mapping.total_fields.ignore_dynamic_beyond_limit']).toBe(true);
  expect(templates.find((t) => t.index_patterns[0] === 'winlogbeat-*')?.template.settings).not.toHaveProperty('index.mapping.total_fields.ignore_dynamic_beyond_limit');
});

test('templates under a deployment profile: every record index gets its exact template with the limits the embedded engine resolves', () => {
  // profiles/recommended.yaml: Fleet's ignore_above 1024 on Elastic Defend's wildcard command lines
  // (Kibana Fleet template.ts, endpoint-package fields.yml) and logsdb's index.mapping.ignore_above 8191.
  const profile = loadProfile('recommended');
  const pinned = ['logs-endpoint.events.process-default', 'logs-system.security-default', 'winlogbeat-9.1.0'];
  const templates = buildIndexTemplates(RULE_PATTERNS, pinned, new ElasticRunNames(), ecsMapping(), profile);
  const exact = (index: string) => templates.find((t) => t.index_patterns[0] === index);
  for (const index of pinned) expect(exact(index)?.template.mappings, index).toEqual(resolveIndexMapping(index, profile).mapping);
  expect(exact('logs-endpoint.events.process-default')?.template.mappings.properties['process']?.properties?.['command_line']?.ignore_above).toBe(1024);
  expect(exact('logs-system.security-default')?.template.settings['index.mapping.ignore_above']).toBe(8191);
  expect(exact('winlogbeat-9.1.0')?.template.settings['index.mapping.ignore_above']).toBeUndefined();
  // The exact templates outrank every pattern template.
  const highestPattern = Math.max(...templates.filter((t) => !pinned.includes(t.index_patterns[0] as string)).map((t) => t.priority));
  expect(pinned.every((index) => (exact(index)?.priority ?? 0) > highestPattern)).toBe(true);
});

test('run-specific names: data stream namespace, appended token, narrowed patterns that still match', () => {
  const names = new ElasticRunNames('r1a2b3c4d');
  expect(names.index('logs-endpoint.events.process-default')).toBe('logs-endpoint.events.process-r1a2b3c4d');
  expect(names.index('winlogbeat-9.1.0')).toBe('winlogbeat-9.1.0-r1a2b3c4d');
  for (const pinned of ['logs-endpoint.events.process-default', 'logs-system.security-default', 'winlogbeat-9.1.0', 'logs-sentinel_one_cloud_funnel.event-default']) {
    const rulePattern = RULE_PATTERNS.find((p) => matchesIndexPattern(pinned, p));
    expect(rulePattern).toBeDefined();
    // The narrowed pattern selects the run's name and never the production one.
    expect(matchesIndexPattern(names.index(pinned), names.pattern(rulePattern as string))).toBe(true);
    expect(matchesIndexPattern(pinned, names.pattern(rulePattern as string))).toBe(false);
  }
  expect(() => new ElasticRunNames('Bad-Token')).toThrow(InputError);
});

test('load: templates first, bulk create bodies with _id and _source, refresh, count per data stream', async () => {
  const { mock, backend, requests, capture } = setup();
  mock.add({ method: 'POST', path: '/_bulk' }, (params) => {
    capture(params);
    return bulkAnswer(() => 201)(params);
  });
  mock.add({ method: ['GET', 'POST'], path: '/:index/_count' }, (params) => {
    capture(params);
    return { count: String(params.path).startsWith('/winlogbeat') ? 1 : 2 };
  });
  const report = await backend.load([record('a'), record('b'), record('c', 'winlogbeat-9.1.0')]);
  expect(report).toMatchObject({ received: 3, stored: 3, rejected: [] });
  const templatePuts = requests.filter((r) => r.method === 'PUT');
  expect(templatePuts).toHaveLength(RULE_PATTERNS.length);
  expect(templatePuts.map((r) => (r.body as { index_patterns: string[] }).index_patterns[0]).sort()).toEqual([...RULE_PATTERNS].sort());
  const bulks = requests.filter((r) => r.path === '/_bulk');
  expect(bulks).toHaveLength(2); // chunkSize 2
  const first = bulks[0]?.body as Record<string, unknown>[];
  expect(first[0]).toEqual({ create: { _index: 'logs-endpoint.events.process-default', _id: 'a' } });
  expect(first[1]).not.toHaveProperty('_id');
  expect(first[1]).not.toHaveProperty('_index');
  expect(first[1]).toMatchObject({ '@timestamp': '2025-03-01T10:00:00.000Z' });
  // Templates before any document; refresh and counts after the last bulk.
  const order = requests.map((r) => r.method + ' ' + r.path.split('/').at(-1));
  expect(order.indexOf('POST _bulk')).toBeGreaterThan(order.lastIndexOf('PUT ' + String(templatePuts.at(-1)?.path.split('/').at(-1))));
  expect(order.findIndex((r) => r.endsWith(' _refresh'))).toBeGreaterThan(order.lastIndexOf('POST _bulk'));
  expect(requests.filter((r) => r.path.endsWith('/_count')).map((r) => decodeURIComponent(r.path))).toEqual([
    '/logs-endpoint.events.process-default/_count',
    '/winlogbeat-9.1.0/_count',
  ]);
  // A second load installs no template again.
  const before = requests.filter((r) => r.method === 'PUT').length;
  await backend.load([]);
  expect(requests.filter((r) => r.method === 'PUT').length).toBe(before);
});

test('load: a partial bulk failure stops the run, saying how many were lost and why', async () => {
  const { mock, backend } = setup();
  mock.add({ method: 'POST', path: '/_bulk' }, bulkAnswer((id) => (id === 'bad' ? 400 : id === 'dup' ? 409 : 201)));
  mock.add({ method: ['GET', 'POST'], path: '/:index/_count' }, () => ({ count: 2 }));
  const error = await backend.load([record('a'), record('bad'), record('b'), record('dup')]).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(LoadIncompleteError);
  const loss = error as LoadIncompleteError;
  expect(loss.report).toMatchObject({ received: 4, stored: 2 });
  expect(loss.report.rejected.map((r) => r.id).sort()).toEqual(['bad', 'dup']);
  expect(loss.message).toContain('stored 2 of 4 records; 2 lost');
  expect(loss.message).toContain('document_parsing_exception: failed to parse field [process.pid]');
  expect(loss.message).toContain('version_conflict_engine_exception');
});

test('load: records without _id or @timestamp are refused before sending, with the reason', async () => {
  const { mock, backend } = setup();
  mock.add({ method: 'POST', path: '/_bulk' }, bulkAnswer(() => 201));
  mock.add({ method: ['GET', 'POST'], path: '/:index/_count' }, () => ({ count: 1 }));
  const noTimestamp: ElasticRecord = { _index: 'logs-endpoint.events.process-default', _id: 'x' };
  const error = (await backend.load([record('a'), noTimestamp]).catch((e: unknown) => e)) as LoadIncompleteError;
  expect(error).toBeInstanceOf(LoadIncompleteError);
  expect(error.report.rejected).toEqual([{ id: 'x', reason: 'record has no @timestamp (data stream logs-endpoint.events.process-default requires one)' }]);
});

test('load: items refused with 429 are sent again; still refused after the retries they count as lost', async () => {
  const { mock, backend } = setup();
  const attempts = new Map<string, number>();
  // 'slow' succeeds on its second attempt; 'stuck' is refused every time (retries: 2 -> 3 attempts).
  mock.add({ method: 'POST', path: '/_bulk' }, bulkAnswer((id, attempt) => (id === 'slow' && attempt < 2 ? 429 : id === 'stuck' ? 429 : 201), attempts));
  mock.add({ method: ['GET', 'POST'], path: '/:index/_count' }, () => ({ count: 2 }));
  const error = (await backend.load([record('a'), record('slow'), record('stuck')]).catch((e: unknown) => e)) as LoadIncompleteError;
  expect(error).toBeInstanceOf(LoadIncompleteError);
  expect(attempts.get('slow')).toBe(2);
  expect(attempts.get('stuck')).toBe(3);
  expect(error.report.stored).toBe(2);
  expect(error.report.rejected[0]?.reason).toContain('still refused after 2 retries');
});

test('load: a count that disagrees with the bulk responses stops the run', async () => {
  const { mock, backend } = setup();
  mock.add({ method: 'POST', path: '/_bulk' }, bulkAnswer(() => 201));
  mock.add({ method: ['GET', 'POST'], path: '/:index/_count' }, () => ({ count: 1 }));
  const error = (await backend.load([record('a'), record('b')]).catch((e: unknown) => e)) as LoadIncompleteError;
  expect(error).toBeInstanceOf(LoadIncompleteError);
  expect(error.message).toContain('logs-endpoint.events.process-default: the bulk responses created 2 documents but a count after refresh finds 1');
});

test('load: a template Elasticsearch refuses fails with its reason; a request timeout says so', async () => {
  const { mock, backend } = setup();
  mock.clear({ method: 'PUT', path: '/_index_template/:name' });
  mock.add({ method: 'PUT', path: '/_index_template/:name' }, () => new errors.ResponseError({
    body: { error: { type: 'illegal_argument_exception', reason: 'index template [x] has index patterns [winlogbeat-*] matching patterns from existing templates' }, status: 400 },
    statusCode: 400,
    headers: {},
    warnings: [],
    meta: {} as never,
  }));
  const error = (await backend.load([record('a')]).catch((e: unknown) => e)) as Error;
  expect(error.message).toMatch(/installing index template dth-00-endgame-x for endgame-\* failed: 400 illegal_argument_exception: index template \[x\]/);

  const second = setup();
  second.mock.add({ method: 'POST', path: '/_bulk' }, () => new errors.TimeoutError('Request timed out'));
  const timeout = (await second.backend.load([record('a')]).catch((e: unknown) => e)) as Error;
  expect(timeout.message).toContain('bulk load failed: no answer before the request timeout');
});

test('auth errors are bad input naming the credential variables, and never show the password', async () => {
  const password = 'S3cret-pass-word';
  const { mock, backend } = setup({ password });
  mock.add(EQL_ROUTE, () => new errors.ResponseError({
    body: { error: { type: 'security_exception', reason: `unable to authenticate user [elastic] with password ${password}` }, status: 401 },
    statusCode: 401,
    headers: {},
    warnings: [],
    meta: {} as never,
  }));
  const error = (await backend.run(RULE).catch((e: unknown) => e)) as InputError;
  expect(error).toBeInstanceOf(InputError);
  expect(error.message).toContain('DTH_ELASTICSEARCH_USERNAME');
  expect(error.message).not.toContain(password);
  expect(error.message).toContain('[REDACTED]');
});

/** An EQL endpoint over `events` (sorted by time) honouring size, result_position head and the keyset filter. */
function eqlStandIn(events: { id: string; index: string; ts: string }[]) {
  return (params: MockParams) => {
    const body = params.body as {
      size: number;
      filter?: { bool: { filter: { range: Record<string, { gte: string }> }[]; must_not: { bool: { filter: [{ term: { _index: string } }, { ids: { values: string[] } }] } }[] } };
    };
    let rows = events;
    const range = body.filter?.bool.filter[0]?.range['@timestamp'];
    if (range !== undefined) rows = rows.filter((e) => e.ts >= range.gte);
    for (const clause of body.filter?.bool.must_not ?? []) {
      const [term, ids] = clause.bool.filter;
      rows = rows.filter((e) => !(e.index === term.term._index && ids.ids.values.includes(e.id)));
    }
    const page = rows.slice(0, body.size);
    return {
      is_partial: false,
      is_running: false,
      took: 1,
      timed_out: false,
      hits: { total: { value: page.length, relation: 'eq' }, events: page.map((e) => ({ _index: e.index, _id: e.id, _source: {}, fields: { '@timestamp': [e.ts] } })) },
    };
  };
}

test('EQL: explicit size, head position, and keyset paging until every hit is read, ties included', async () => {
  // EQL search API: size (default 10), result_position, filter, fields:
  // https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-eql-search
  const { mock, backend, requests, capture } = setup();
  const ds = '.ds-logs-endpoint.events.process-default-2025.03.01-000001';
  const events = [
    { id: 'e1', index: ds, ts: '2025-03-01T10:00:00.000Z' },
    { id: 'e2', index: ds, ts: '2025-03-01T10:00:01.000Z' },
    // Four events in the same millisecond straddle the page boundary (page size 3).
    { id: 'e3', index: ds, ts: '2025-03-01T10:00:02.000Z' },
    { id: 'e4', index: ds, ts: '2025-03-01T10:00:02.000Z' },
    { id: 'e5', index: '.ds-winlogbeat-9.1.0-2025.03.01-000001', ts: '2025-03-01T10:00:02.000Z' },
    { id: 'e6', index: ds, ts: '2025-03-01T10:00:02.000Z' },
    { id: 'e7', index: ds, ts: '2025-03-01T10:00:03.000Z' },
  ];
  const answer = eqlStandIn(events);
  mock.add(EQL_ROUTE, (params) => {
    capture(params);
    return answer(params);
  });
  const result = await backend.run(RULE);
  expect(result.eventIds).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7']);
  const searches = requests.filter((r) => r.path.endsWith('/_eql/search'));
  expect(searches).toHaveLength(3);
  expect(decodeURIComponent(String(searches[0]?.path))).toBe(`/${RULE_PATTERNS.join(',')}/_eql/search`);
  expect(searches[0]?.body).toMatchObject({ query: RULE.query, size: 3, result_position: 'head', allow_partial_search_results: false });
  expect(searches[0]?.body).not.toHaveProperty('filter');
  expect(searches[0]?.querystring).toMatchObject({ allow_no_indices: 'true', ignore_unavailable: 'true' });
  expect(searches[1]?.body).toMatchObject({ filter: { bool: { filter: [{ range: { '@timestamp': { gte: '2025-03-01T10:00:02.000Z' } } }] } } });
  expect(result.expandedQuery).toBe(RULE.query);
  expect(result.notes.join('\n')).toContain('read 7 hits in 3 EQL request(s)');
});

test('EQL: a rule Elasticsearch rejects, partial results and timeouts are rule errors, never an empty result', async () => {
  const verification = setup();
  verification.mock.add(EQL_ROUTE, () => new errors.ResponseError({
    body: { error: { type: 'verification_exception', reason: 'Found 1 problem\nline 1:15: Unknown column [process.argz]' }, status: 400 },
    statusCode: 400,
    headers: {},
    warnings: [],
    meta: {} as never,
  }));
  const rejected = await verification.backend.run(RULE).catch((e: unknown) => e);
  expect(rejected).toBeInstanceOf(RuleRunError);
  expect((rejected as RuleRunError).message).toContain('400 verification_exception: Found 1 problem');

  const partial = setup();
  partial.mock.add(EQL_ROUTE, () => ({ is_partial: true, is_running: false, took: 1, timed_out: false, hits: { events: [] } }));
  expect(((await partial.backend.run(RULE).catch((e: unknown) => e)) as Error).message).toContain('partial results');

  const slow = setup();
  slow.mock.add(EQL_ROUTE, () => new errors.TimeoutError('Request timed out'));
  const timeout = await slow.backend.run(RULE).catch((e: unknown) => e);
  expect(timeout).toBeInstanceOf(RuleRunError);
  expect((timeout as Error).message).toContain('no answer before the request timeout');
});

test('EQL on an existing cluster searches only the run-specific patterns', async () => {
  const { mock, backend, requests, capture } = setup({ runToken: 'rabc123' });
  mock.add(EQL_ROUTE, (params) => {
    capture(params);
    return eqlStandIn([])(params);
  });
  const result = await backend.run(RULE);
  const path = decodeURIComponent(String(requests.find((r) => r.path.endsWith('_eql/search'))?.path));
  expect(path).toContain('logs-endpoint.events.process-*rabc123');
  expect(path).toContain('winlogbeat-*rabc123');
  expect(path.split(',').every((p) => p.replace('/_eql/search', '').endsWith('rabc123'))).toBe(true);
  expect(result.notes[0]).toContain("narrowed to this run's data streams");
});

test('close on an existing cluster deletes the run data streams and templates, then calls onClose', async () => {
  const mock = new Mock();
  const deleted: string[] = [];
  let closedContainer = false;
  const client = mockClient(mock);
  const backend = new ElasticsearchBackend({ client, mode: 'url', runToken: 'rabc123', rulePatterns: ['winlogbeat-*'], onClose: async () => void (closedContainer = true) });
  mock.add({ method: 'PUT', path: '/_index_template/:name' }, () => ({ acknowledged: true }));
  mock.add({ method: 'POST', path: '/_bulk' }, bulkAnswer(() => 201));
  mock.add({ method: ['GET', 'POST'], path: '/:index/_refresh' }, () => ({}));
  mock.add({ method: ['GET', 'POST'], path: '/:index/_count' }, () => ({ count: 1 }));
  mock.add({ method: 'DELETE', path: '/_data_stream/:name' }, (params) => {
    deleted.push(decodeURIComponent(String(params.path)));
    return { acknowledged: true };
  });
  mock.add({ method: 'DELETE', path: '/_index_template/:name' }, (params) => {
    deleted.push(decodeURIComponent(String(params.path)));
    return { acknowledged: true };
  });
  await backend.load([record('a', 'winlogbeat-9.1.0')]);
  await backend.close();
  expect(deleted).toContain('/_data_stream/winlogbeat-9.1.0-rabc123');
  expect(deleted.filter((p) => p.startsWith('/_index_template/dth-rabc123-'))).toHaveLength(3); // winlogbeat-*, auditbeat-*, endgame-*
  expect(closedContainer).toBe(true);
  await expect(backend.load([])).rejects.toThrow('used after close()');
});

test('connect: checks the node and health, records the time to ready', async () => {
  const { mock, backend } = setup();
  mock.add({ method: 'GET', path: '/' }, () => ({ name: 'n', cluster_name: 'c', cluster_uuid: 'u', version: { number: '9.4.3' }, tagline: 'You Know, for Search' }));
  mock.add({ method: 'GET', path: '/_cluster/health' }, () => ({ status: 'yellow' }));
  expect(await backend.connect()).toBe('9.4.3');
  expect(backend.timings()).toMatchObject({ backend: 'elasticsearch', mode: 'container', searches: 0 });
});

test('EQL sequences: one request with an explicit size; hits.sequences map back to events by _id, a missing-event stage to null', async () => {
  // EQL search API: hits.sequences[] with join_keys and events; a missing event has `missing: true`
  // https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-eql-search
  // https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax#eql-missing-events
  const { mock, backend, requests, capture } = setup();
  const ds = '.ds-logs-endpoint.events.process-default-2025.03.01-000001';
  mock.add(EQL_ROUTE, (params) => {
    capture(params);
    return {
      is_partial: false,
      is_running: false,
      took: 1,
      timed_out: false,
      hits: {
        total: { value: 2, relation: 'eq' },
        sequences: [
          { join_keys: ['h1'], events: [{ _index: ds, _id: 's1', _source: {} }, { _index: '', _id: '', missing: true }, { _index: ds, _id: 's2', _source: {} }] },
          { join_keys: [null], events: [{ _index: ds, _id: 's3', _source: {} }, { _index: '', _id: '', missing: true }, { _index: ds, _id: 's2', _source: {} }] },
        ],
      },
    };
  });
  const rule = { ...RULE, query: 'sequence by ?host.id with maxspan=1m [process where true] ![process where false] [process where true]' };
  const result = await backend.run(rule);
  expect(result.sequences).toEqual([
    { joinKeys: ['h1'], eventIds: ['s1', null, 's2'] },
    { joinKeys: [null], eventIds: ['s3', null, 's2'] },
  ]);
  expect(result.eventIds).toEqual(['s1', 's2', 's3']);
  const searches = requests.filter((r) => r.path.endsWith('/_eql/search'));
  expect(searches).toHaveLength(1);
  expect(searches[0]?.body).toMatchObject({ query: rule.query, size: 10_000, allow_partial_search_results: false, allow_partial_sequence_results: false });

  // An answer that fills `size` may be truncated (sequences cannot be paged): a rule error, not a silent miss.
  const full = setup();
  full.mock.add(EQL_ROUTE, () => ({
    is_partial: false,
    is_running: false,
    took: 1,
    timed_out: false,
    hits: { sequences: Array.from({ length: 10_000 }, (_, i) => ({ join_keys: [String(i)], events: [{ _index: ds, _id: `a${i}`, _source: {} }] })) },
  }));
  const error = await full.backend.run(rule).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RuleRunError);
  expect((error as Error).message).toContain('sequences cannot be paged');
});

test('EQL with the detection-engine schedule: a burst of 150 hits in one window gives 100 alerts and 50 lost to max_signals', async () => {
  // Kibana asks for size: max_signals per execution and Elasticsearch keeps the tail (harness/backends/schedule.ts
  // cites elastic/kibana .../rule_types/eql/eql.ts and build_eql_search_request.ts); the window reads
  // timestamp_override (event.ingested here), falling back to @timestamp where a hit lacks it.
  const { mock, backend, requests, capture } = setup();
  const ds = '.ds-logs-endpoint.events.process-default-2025.03.01-000001';
  const start = Date.parse('2025-03-01T10:00:00.000Z');
  const events = Array.from({ length: 150 }, (_, i) => ({ id: `b${String(i).padStart(3, '0')}`, index: ds, ts: new Date(start + 60_000 + i * 100).toISOString() }));
  const answer = eqlStandIn(events);
  mock.add(EQL_ROUTE, (params) => {
    capture(params);
    return answer(params);
  });
  const schedule = ruleSchedule(RULE);
  const result = await backend.run(RULE, { schedule, executions: planExecutions(schedule, { startMs: start, endMs: start + 10 * 60_000 }) });
  expect(result.schedule).toMatchObject({ alerts: 100, lostToMaxSignals: 50, busiestExecution: 150 });
  expect(result.eventIds).toHaveLength(100);
  expect(result.eventIds?.[0]).toBe('b050');
  expect(result.notes.join('\n')).toContain('100 alerts; 50 lost to max_signals');
  // A real backend sees only its hits: what lies outside every window is counted among the matching events.
  expect(result.notes.join('\n')).toContain('matching events outside every execution window');
  // The override field is read with every hit.
  const first = requests.find((r) => r.path.endsWith('/_eql/search'))?.body as { fields: { field: string }[] };
  expect(first.fields.map((f) => f.field)).toEqual(['@timestamp', 'event.ingested']);
});

test('EQL sequences with the detection-engine schedule: one request per execution with its window as a filter; max_signals keeps the tail; a sequence found twice alerts once', async () => {
  // Kibana filters every stage of an EQL rule by the execution window before EQL runs (elastic/kibana
  // x-pack/solutions/security/plugins/security_solution/server/lib/detection_engine/rule_types/eql/build_eql_search_request.ts
  // puts buildTimeRangeFilter's range in the request's `filter`), and asks for size: max_signals with the
  // default result_position tail (rule_types/eql/eql.ts).
  const { mock, backend, requests, capture } = setup();
  const ds = '.ds-logs-endpoint.events.process-default-2025.03.01-000001';
  const start = Date.parse('2025-03-01T10:00:00.000Z');
  // Stand-in cluster: sequences are pairs of events 10 s apart; a pair is in a window only when both are.
  const pairs = Array.from({ length: 3 }, (_, i) => ({ a: `a${i}`, b: `b${i}`, t: start + 60_000 + i * 1000 }));
  mock.add(EQL_ROUTE, (params) => {
    capture(params);
    // The rule's timestamp_override (event.ingested) with @timestamp as fallback: the stand-in's events carry only
    // @timestamp, so the fallback branch (no override, @timestamp in range) is the one that selects them.
    type Range = Record<string, { gte: string; lte: string }>;
    const body = params.body as { filter: { bool: { minimum_should_match: number; should: [{ range: Range }, { bool: { filter: [{ range: Range }]; must_not: [{ exists: { field: string } }] } }] } } };
    expect(body.filter.bool.should[0].range['event.ingested']).toBeDefined();
    expect(body.filter.bool.should[1].bool.must_not[0].exists.field).toBe('event.ingested');
    const range = body.filter.bool.should[1].bool.filter[0].range['@timestamp'];
    if (range === undefined) throw new Error('no window filter on @timestamp');
    const inside = (t: number): boolean => t >= Date.parse(range.gte) && t <= Date.parse(range.lte);
    const found = pairs.filter((p) => inside(p.t) && inside(p.t + 10_000));
    return {
      is_partial: false,
      is_running: false,
      took: 1,
      timed_out: false,
      hits: { sequences: found.map((p) => ({ join_keys: ['h1'], events: [{ _index: ds, _id: p.a, _source: {} }, { _index: ds, _id: p.b, _source: {} }] })) },
    };
  });
  const rule: EqlRule = { ...RULE, query: 'sequence by host.id with maxspan=1m [process where true] [process where true]', maxSignals: 2 };
  const schedule = ruleSchedule(rule);
  const executions = planExecutions(schedule, { startMs: start, endMs: start + 10 * 60_000 });
  const result = await backend.run(rule, { schedule, executions });
  const searches = requests.filter((r) => r.path.endsWith('/_eql/search'));
  expect(searches).toHaveLength(executions.length);
  // Every pair lies in the first two windows (5 and 10 min, look-back 9 min); each execution keeps its last 2.
  expect(result.schedule).toMatchObject({ executions: executions.length, alerts: 2, lostToMaxSignals: 1, busiestExecution: 3 });
  expect(result.sequences).toEqual([
    { joinKeys: ['h1'], eventIds: ['a1', 'b1'] },
    { joinKeys: ['h1'], eventIds: ['a2', 'b2'] },
  ]);
  expect(result.eventIds).toEqual(['a1', 'b1', 'a2', 'b2']);
  expect(result.notes.join('\n')).toContain('one per execution window');
  // Sequence searches see neither the loaded events nor single hits outside the windows: the note claims no count.
  expect(result.notes.join('\n')).not.toContain('outside every execution window');
});
