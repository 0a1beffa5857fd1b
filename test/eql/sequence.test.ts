// Sequence semantics of the embedded engine, each from Elasticsearch's documentation or code:
// https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax#eql-sequences and
// elastic/elasticsearch x-pack/plugin/eql/src/main/java/org/elasticsearch/xpack/eql/execution/sequence/
// (SequenceMatcher.java, TumblingWindow.java). The spec suite (conformance.test.ts) checks the same
// engine against Elasticsearch's own expected answers; these tests pin the rules one by one.
import { expect, test } from '@playwright/test';
import { EmbeddedElasticsearch } from '../../harness/backends/embedded-elasticsearch.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');

function doc(id: string, seconds: number, category: string, fields: Record<string, unknown>): Record<string, unknown> {
  return { _index: 'logs-endpoint.events.process-default', _id: id, '@timestamp': new Date(T0 + seconds * 1000).toISOString(), event: { category }, ...fields };
}

async function backendWith(docs: Record<string, unknown>[]): Promise<EmbeddedElasticsearch> {
  const backend = new EmbeddedElasticsearch();
  const report = await backend.load(docs as never[]);
  expect(report.rejected).toEqual([]);
  return backend;
}

function sequences(backend: EmbeddedElasticsearch, query: string): string[][] {
  const response = backend.search({ index: 'logs-*', query });
  return (response.sequences ?? []).map((s) => s.events.map((e) => (e === null ? '-' : e._id)));
}

const start = (id: string, s: number, host: string, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> =>
  doc(id, s, 'process', { host: { id: host }, process: { name, ...extra } });

test('by key: a stage joins only events with the same key; with maxspan the whole sequence must fit', async () => {
  const backend = await backendWith([start('a1', 0, 'h1', 'a'), start('a2', 1, 'h2', 'a'), start('b2', 30, 'h2', 'b'), start('b1', 90, 'h1', 'b')]);
  expect(sequences(backend, 'sequence by host.id [process where process.name == "a"] [process where process.name == "b"]')).toEqual([
    ['a2', 'b2'],
    ['a1', 'b1'],
  ]);
  // maxspan is measured from the first event to the last (SequenceMatcher.exceedsMaxSpan).
  expect(sequences(backend, 'sequence by host.id with maxspan=1m [process where process.name == "a"] [process where process.name == "b"]')).toEqual([['a2', 'b2']]);
});

test('a later stage takes the most recent pending sequence and drops the older ones of its key', async () => {
  // OrdinalGroup.trimBefore: the match and everything before it leave the stage.
  const backend = await backendWith([start('a1', 0, 'h', 'a'), start('a2', 5, 'h', 'a'), start('b1', 10, 'h', 'b'), start('b2', 20, 'h', 'b')]);
  expect(sequences(backend, 'sequence by host.id [process where process.name == "a"] [process where process.name == "b"]')).toEqual([['a2', 'b1']]);
});

test('until: an until event of the same key between two stages ends the sequence', async () => {
  const backend = await backendWith([
    start('a1', 0, 'h1', 'a'),
    start('x1', 5, 'h1', 'x'),
    start('b1', 10, 'h1', 'b'),
    start('a2', 0, 'h2', 'a'),
    start('x2', 5, 'h9', 'x'),
    start('b2', 10, 'h2', 'b'),
  ]);
  expect(sequences(backend, 'sequence by host.id [process where process.name == "a"] [process where process.name == "b"] until [process where process.name == "x"]')).toEqual([['a2', 'b2']]);
});

test('with runs=N repeats a stage; a missing-event stage discards sequences with such an event in between', async () => {
  const backend = await backendWith([start('a1', 0, 'h1', 'a'), start('a2', 1, 'h1', 'a'), start('b1', 2, 'h1', 'b'), start('a3', 0, 'h2', 'a'), start('c3', 1, 'h2', 'c'), start('b3', 2, 'h2', 'b')]);
  expect(sequences(backend, 'sequence by host.id [process where process.name == "a"] with runs=2 [process where process.name == "b"]')).toEqual([['a1', 'a2', 'b1']]);
  expect(sequences(backend, 'sequence by host.id with maxspan=1m [process where process.name == "a"] ![process where process.name == "c"] [process where process.name == "b"]')).toEqual([['a2', '-', 'b1']]);
});

test('a non-optional join key without a value keeps the event out; an optional one joins as null', async () => {
  const backend = await backendWith([doc('n1', 0, 'process', { process: { name: 'a' } }), doc('n2', 1, 'process', { process: { name: 'b' } })]);
  expect(sequences(backend, 'sequence by user.id [process where process.name == "a"] [process where process.name == "b"]')).toEqual([]);
  const found = backend.search({ index: 'logs-*', query: 'sequence by ?user.id [process where process.name == "a"] [process where process.name == "b"]' });
  expect(found.sequences?.map((s) => s.joinKeys)).toEqual([[null]]);
});

test('events with the same timestamp are ordered by the tiebreaker', async () => {
  const backend = new EmbeddedElasticsearch({ tiebreakerField: 'event.sequence' });
  await backend.load([
    { ...start('b', 0, 'h', 'b'), event: { category: 'process', sequence: 2 } },
    { ...start('a', 0, 'h', 'a'), event: { category: 'process', sequence: 1 } },
  ] as never[]);
  expect(sequences(backend, 'sequence by host.id [process where process.name == "a"] [process where process.name == "b"]')).toEqual([['a', 'b']]);
});
