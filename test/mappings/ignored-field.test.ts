// The `_ignored` metadata field: "the names of every field in a document that has been ignored when the
// document was indexed ... when a keyword field's value exceeds its optional ignore_above setting, or when
// index.mapping.total_fields.limit has been reached and index.mapping.total_fields.ignore_dynamic_beyond_limit
// is set to true ... returned as part of the search hits"
// (https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/mapping-ignored-field;
// ignore_dynamic_beyond_limit: "Ignored fields are added to the _ignored metadata field",
// elastic/elasticsearch#96235). ignore_malformed is not modelled: no mapping here sets it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { EmbeddedElasticsearch } from '../../harness/backends/embedded-elasticsearch.js';
import { indexDocument } from '../../harness/engines/eql/mappings/document.js';
import { fieldTypesFromMapping } from '../../harness/engines/eql/mappings/field-types.js';
import { fromRoot } from '../../harness/paths.js';

test('ignore_above: a keyword (or keyword multi-field) value over the limit lists the field; shorter values do not', () => {
  const types = fieldTypesFromMapping({
    properties: {
      user: { type: 'keyword', ignore_above: 5 },
      msg: { type: 'text', fields: { raw: { type: 'keyword', ignore_above: 4 } } },
      n: { type: 'long' },
    },
  });
  expect(indexDocument({ user: 'alice', msg: 'hi', n: 1 }, types)).toEqual([]);
  expect(indexDocument({ user: 'mallory', msg: 'hello world' }, types)).toEqual(['user', 'msg.raw']);
  // Any value of an array over the limit; numbers index as their text.
  expect(indexDocument({ user: ['bob', 'eve', 'trudy-long'] }, types)).toEqual(['user']);
  expect(indexDocument({ user: 1234567 }, types)).toEqual(['user']);
  // Dynamic strings: text + keyword multi-field with ignore_above 256 (Elasticsearch's default dynamic mapping).
  expect(indexDocument({ note: 'x'.repeat(256) }, types)).toEqual([]);
  expect(indexDocument({ note: 'x'.repeat(257) }, types)).toEqual(['note.keyword']);
});

test('arrays of arrays: every nested value is checked against the type and ignore_above, as if flattened', () => {
  // "Arrays of arrays are flattened" (https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/array):
  // a nested value over the limit lists the field; a nested value the type cannot take rejects the document.
  const types = fieldTypesFromMapping({ properties: { user: { type: 'keyword', ignore_above: 5 }, n: { type: 'long' }, when: { type: 'date' } } });
  expect(indexDocument({ user: [['bob'], ['eve', ['alice']]], n: [[1], [2, [3]]] }, types)).toEqual([]);
  expect(indexDocument({ user: [['bob'], ['eve', ['trudy-long']]] }, types)).toEqual(['user']);
  expect(() => indexDocument({ n: [[1], [2, ['three']]] }, types)).toThrow(/failed to parse field \[n\] of type \[long\]/);
  expect(() => indexDocument({ when: ['2026-03-02T10:11:12Z', ['2026-02-30T00:00:00Z']] }, types)).toThrow(/failed to parse field \[when\] of type \[date\]/);
  // The same values, flat, index alike (the path cache serves both).
  expect(indexDocument({ user: ['bob', 'eve', 'trudy-long'], when: ['2026-03-02T10:11:12Z'] }, types)).toEqual(['user']);
});

test('ignore_dynamic_beyond_limit: fields and objects left unmapped are listed', () => {
  const types = fieldTypesFromMapping({ properties: {} }, { fieldLimits: { totalFields: 2, ignoreDynamicBeyondLimit: true } });
  expect(indexDocument({ a: 1, b: 2, c: 3, o: { inner: 1 } }, types)).toEqual(['c', 'o']);
  expect(indexDocument({ a: 5 }, types)).toEqual([]);
});

test('the embedded Elasticsearch returns _ignored with a hit, and only when the document has one', async () => {
  const es = new EmbeddedElasticsearch();
  await es.load([
    { _index: 'winlogbeat-1', _id: 'long', '@timestamp': '2024-01-01T00:00:00Z', event: { category: 'process' }, process: { name: 'x'.repeat(1100) } },
    { _index: 'winlogbeat-1', _id: 'short', '@timestamp': '2024-01-01T00:00:01Z', event: { category: 'process' }, process: { name: 'cmd.exe' } },
  ]);
  const hits = es.search({ index: 'winlogbeat-*', query: 'process where true' }).hits;
  // ECS maps process.name as keyword with ignore_above 1024.
  expect(hits.map((h) => [h._id, h._ignored ?? null])).toEqual([
    ['long', ['process.name']],
    ['short', null],
  ]);
});

test('dth eql --json prints _ignored with each match that has one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dth-ignored-'));
  try {
    const file = join(dir, 'events.ndjson');
    const doc = (id: string, name: string): string => JSON.stringify({ _id: id, event: { category: 'process' }, process: { name } });
    writeFileSync(file, `${doc('long', 'y'.repeat(1025))}\n${doc('short', 'cmd.exe')}\n`);
    const r = spawnSync(process.execPath, [fromRoot('dist/harness/cli/main.js'), 'eql', 'process where true', '--events', file, '--json'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ matches: [{ id: 'long', line: 1, _ignored: ['process.name'] }, { id: 'short', line: 2 }] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
