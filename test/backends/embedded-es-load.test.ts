// Loading records into the embedded Elasticsearch: an index name Elasticsearch refuses rejects the
// record ("must be lowercase", "must not contain the following characters", "must not start with '_',
// '-', or '+'": https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-indices-create),
// whatever came before it (the name is checked once per run of records of one index), and a document's
// _source is the record without _index and _id, its keys in the record's order.
import { expect, test } from '@playwright/test';
import { EmbeddedElasticsearch } from '../../harness/backends/embedded-elasticsearch.js';
import type { ElasticRecord } from '../../harness/model/records.js';

test('every record with a refused index name is rejected, before or after valid ones of any index', async () => {
  const es = new EmbeddedElasticsearch();
  const doc = (id: string, index: unknown): ElasticRecord => ({ _index: index as string, _id: id, '@timestamp': '2026-03-02T10:11:12Z', message: id });
  const report = await es.load([doc('1', 'logs-a-default'), doc('2', 'Logs-A'), doc('3', 'Logs-A'), doc('4', 'logs-a-default'), doc('5', '_x'), doc('6', 'logs-a-default'), doc('7', 5), doc('8', 'a b'), doc('9', 'logs-b-default')]);
  expect(report.stored).toBe(4);
  expect(report.rejected.map((r) => [r.id, r.reason])).toEqual([
    ['2', 'invalid index name [Logs-A]'],
    ['3', 'invalid index name [Logs-A]'],
    ['5', 'invalid index name [_x]'],
    ['7', 'invalid index name [5]'],
    ['8', 'invalid index name [a b]'],
  ]);
  const hits = es.search({ index: 'logs-*', query: 'any where true' }).hits;
  expect(hits.map((h) => h._id).sort()).toEqual(['1', '4', '6', '9']);
  expect(Object.keys(hits[0]?._source ?? {})).toEqual(['@timestamp', 'message']);
});
