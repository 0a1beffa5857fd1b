// index.mapping.total_fields.limit and ignore_dynamic_beyond_limit, applied where Elasticsearch applies
// them: while a document's dynamic fields are mapped.
// Sources:
// - https://www.elastic.co/docs/reference/elasticsearch/index-settings/mapping-limit (default 1000;
//   ignore_dynamic_beyond_limit: fields beyond the limit are not mapped, the document is indexed and
//   the fields are listed in `_ignored`)
// - elastic/elasticsearch server/src/main/java/org/elasticsearch/index/mapper/MappingLookup.java
//   (checkFieldLimit: "Limit of total fields [N] has been exceeded while adding new fields [k]") and
//   DocumentParserContext.java (addDynamicMapper: k = the document's new mappers so far plus this one's
//   getTotalFieldsCount, multi-fields included; objects count one)
// - elastic/kibana x-pack/platform/plugins/shared/fleet/server/services/epm/elasticsearch/template/install.ts
//   (getFieldsLimit: 1000, 10000 for packages of more than 500 fields)
// - elastic/elasticsearch x-pack/plugin/core/template-resources/src/main/resources/logs@settings.json
//   (ignore_dynamic_beyond_limit: true for logs-*-*)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { EmbeddedElasticsearch } from '../../harness/backends/embedded-elasticsearch.js';
import { indexDocument } from '../../harness/engines/eql/mappings/document.js';
import { fieldTypesFromMapping } from '../../harness/engines/eql/mappings/field-types.js';
import { ecsFieldTypes, resolveIndexMapping } from '../../harness/engines/eql/mappings/index-mapping.js';
import { DocumentMappingError } from '../../harness/engines/eql/errors.js';
import { fromRoot } from '../../harness/paths.js';

function wide(n: number, prefix = 'f'): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < n; i++) out[`${prefix}${i}`] = 'v';
  return out;
}

test('a plain index counts fields, multi-fields and objects against the limit and rejects with Elasticsearch\'s reason', () => {
  // Default dynamic mapping: a string is text + keyword multi-field = 2 mappers; `a` (long) = 1.
  const types = fieldTypesFromMapping({ properties: { a: { type: 'long' } } }, { fieldLimits: { totalFields: 6, ignoreDynamicBeyondLimit: false } });
  expect(types.mapperCount).toBe(1);
  indexDocument({ s1: 'x', s2: 'y' }, types); // 1 + 2 + 2 = 5
  expect(types.mapperCount).toBe(5);
  // A new object (1) and a string under it (2): the string is the one that does not fit; k counts both.
  expect(() => indexDocument({ o: { s3: 'z' } }, types)).toThrow(DocumentMappingError);
  const fresh = fieldTypesFromMapping({ properties: { a: { type: 'long' } } }, { fieldLimits: { totalFields: 6, ignoreDynamicBeyondLimit: false } });
  indexDocument({ s1: 'x', s2: 'y' }, fresh);
  let reason = '';
  try {
    indexDocument({ o: { s3: 'z' } }, fresh);
  } catch (error) {
    reason = (error as Error).message;
  }
  expect(reason).toBe('Limit of total fields [6] has been exceeded while adding new fields [3]');
  // Fields the mapping already has add nothing and are always accepted.
  expect(() => indexDocument({ a: 1, s1: 'again' }, fresh)).not.toThrow();
});

test('ignore_dynamic_beyond_limit: fields (and objects) past the limit stay unmapped, the document is accepted', () => {
  const types = fieldTypesFromMapping({ properties: {} }, { fieldLimits: { totalFields: 3, ignoreDynamicBeyondLimit: true } });
  expect(() => indexDocument({ n1: 1, n2: 2, n3: 3, n4: 4, o: { inner: 1 } }, types)).not.toThrow();
  expect(types.mapperCount).toBe(3);
  expect(types.get('n3')?.type).toBe('long');
  expect(types.get('n4')).toBeUndefined();
  expect(types.isObject('o')).toBe(false);
  expect(types.get('o.inner')).toBeUndefined();
});

test('limits per index: Fleet\'s 10000 for the ECS base, ignore beyond the limit on logs-*-*, Elasticsearch\'s 1000 for a user mapping', () => {
  expect(resolveIndexMapping('logs-endpoint.events.process-default', undefined).fieldLimits).toEqual({ totalFields: 10000, ignoreDynamicBeyondLimit: true });
  expect(resolveIndexMapping('winlogbeat-8', undefined).fieldLimits).toEqual({ totalFields: 10000, ignoreDynamicBeyondLimit: false });
  expect(resolveIndexMapping('my-index', undefined, { properties: {} }).fieldLimits).toEqual({ totalFields: 1000, ignoreDynamicBeyondLimit: false });
  // The ECS mapping alone is over 1000 mappers, under Fleet's 10000.
  const ecs = ecsFieldTypes();
  expect(ecs.mapperCount).toBeGreaterThan(1000);
  expect(ecs.mapperCount).toBeLessThan(10000);
});

test('the embedded Elasticsearch rejects a document past the limit in its load report, never a crash', async () => {
  const es = new EmbeddedElasticsearch();
  const report = await es.load([
    { _index: 'winlogbeat-1', _id: 'wide', event: { category: 'process' }, custom: wide(12000) },
    { _index: 'winlogbeat-1', _id: 'ok', event: { category: 'process' } },
    { _index: 'logs-x-default', _id: 'wide-logs', event: { category: 'process' }, custom: wide(12000) },
  ]);
  expect(report.stored).toBe(2);
  expect(report.rejected).toHaveLength(1);
  expect(report.rejected[0]?.id).toBe('wide');
  expect(report.rejected[0]?.reason).toMatch(/^document_parsing_exception: Limit of total fields \[10000\] has been exceeded while adding new fields \[\d+\]$/);
});

test('dth eql and dth scan report a document past the limit as rejected', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dth-field-limit-'));
  try {
    const proc = { name: 'qemu-system-x86_64', command_line: 'qemu -netdev user,hostfwd=tcp::1-:22', args: ['-netdev', 'user,hostfwd=tcp::1-:22'] };
    const base = { event: { type: 'start', category: 'process' }, process: proc };
    const file = join(dir, 'wide.ndjson');
    writeFileSync(file, `${JSON.stringify({ ...base, custom: wide(12000) })}\n${JSON.stringify(base)}\n`);
    const cli = (args: string[]) => spawnSync(process.execPath, [fromRoot('dist/harness/cli/main.js'), ...args], { cwd: fromRoot(), encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const eql = cli(['eql', 'process where true', '--events', file]);
    expect(eql.status).toBe(2);
    expect(eql.stderr).toContain('Limit of total fields [10000] has been exceeded while adding new fields [');
    expect(eql.stderr).not.toMatch(/internal error/);
    const scan = cli(['scan', '--rule', fromRoot('rules/elastic/command_and_control_tunnel_qemu.toml'), '--events', file]);
    expect(scan.stdout).toContain('Elasticsearch would reject the document: Limit of total fields [10000] has been exceeded while adding new fields [');
    expect(scan.stdout).toContain('matched 1 + not matched 0 + malformed 1');
    expect(scan.stderr).not.toMatch(/internal error/);
    // In a logs-*-* data stream the same document is indexed with the fields beyond the limit ignored.
    const logs = join(dir, 'wide-logs.ndjson');
    writeFileSync(logs, `${JSON.stringify({ _index: 'logs-x-default', ...base, custom: wide(12000) })}\n`);
    const accepted = cli(['eql', 'process where true', '--events', logs]);
    expect(accepted.status).toBe(0);
    expect(accepted.stdout.trim().split('\n')).toHaveLength(1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
