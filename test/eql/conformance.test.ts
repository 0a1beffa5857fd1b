// Elasticsearch's own EQL spec suite (x-pack/plugin/eql/qa/common, Elastic License 2.0; copies and
// provenance in test/fixtures/eql/README.md). Every single-event query of the files the current
// reference runner loads must return exactly its expected ids, in order (by @timestamp, then the
// tiebreaker), with both string types the runner picks at random for the mapping placeholder.
// Sequences and samples are counted and reported as not evaluated yet.
// Semantics under test: https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax and
// https://www.elastic.co/docs/reference/query-languages/eql/eql-function-ref
import { expect, test } from '@playwright/test';
import type { EmbeddedElasticsearch } from '../../harness/backends/embedded-elasticsearch.js';
import { isSingleEvent, loadSpecs, loadSuiteBackend, SUITES, type KeywordType } from './support/spec-suite.js';

const SIZE = 50; // BaseEqlSpecTestCase's default size

for (const keywordType of ['keyword', 'wildcard'] as KeywordType[]) {
  test.describe(`EQL spec suite, string fields mapped as ${keywordType}`, () => {
    let backend: EmbeddedElasticsearch;
    test.beforeAll(async () => {
      backend = await loadSuiteBackend(keywordType);
    });

    for (const suite of SUITES) {
      const specs = loadSpecs(suite.file);
      const single = specs.filter((s) => isSingleEvent(s.query));
      const deferred = specs.length - single.length;
      test(`${suite.file} on ${suite.index}: ${single.length} single-event queries (${deferred} sequence/sample queries not evaluated yet)`, () => {
        const failures: string[] = [];
        for (const spec of single) {
          let ids: number[];
          try {
            const response = backend.search({ index: suite.index, query: spec.query, size: spec.size ?? SIZE, tiebreakerField: suite.tiebreaker, queryLabel: spec.name });
            ids = response.hits.map((h) => h._source[suite.idField] as number);
          } catch (error) {
            failures.push(`${spec.name}: error ${(error as Error).message}`);
            continue;
          }
          const expected = spec.expected as number[];
          if (JSON.stringify(ids) !== JSON.stringify(expected)) failures.push(`${spec.name}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(ids)}`);
        }
        console.log(`${keywordType} ${suite.file} on ${suite.index}: ${single.length - failures.length}/${single.length} single-event queries agree; ${deferred} sequence/sample queries not evaluated`);
        expect(failures, failures.join('\n')).toEqual([]);
        expect(single.length).toBeGreaterThan(0);
      });
    }
  });
}
