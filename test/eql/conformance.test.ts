// Elasticsearch's own EQL spec suite (x-pack/plugin/eql/qa/common, Elastic License 2.0; copies and
// provenance in test/fixtures/eql/README.md). Every query of the files the reference runner loads —
// single events, sequences and samples — must return exactly its expected ids, in order (by
// @timestamp, then the tiebreaker; sequences flattened, -1 for a missing-event slot), and the join
// keys the file states, with both string types the runner picks at random for the mapping
// placeholder. A query that cannot agree is listed in KNOWN_EXCEPTIONS with its reason.
// Semantics under test: https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax and
// https://www.elastic.co/docs/reference/query-languages/eql/eql-function-ref
import { expect, test } from '@playwright/test';
import type { EmbeddedElasticsearch } from '../../harness/backends/embedded-elasticsearch.js';
import { exceptionKey, KNOWN_EXCEPTIONS, loadSpecs, loadSuiteBackend, runSpec, SUITES, type KeywordType } from '../../scripts/eql-spec/spec-suite.js';

for (const keywordType of ['keyword', 'wildcard'] as KeywordType[]) {
  test.describe(`EQL spec suite, string fields mapped as ${keywordType}`, () => {
    let backend: EmbeddedElasticsearch;
    test.beforeAll(async () => {
      backend = await loadSuiteBackend(keywordType);
    });

    for (const suite of SUITES) {
      const specs = loadSpecs(suite.file);
      test(`${suite.file} on ${suite.index}: ${specs.length} queries`, () => {
        const outcomes = specs.map((spec) => runSpec(backend, suite, spec));
        const excusedName = (name: string): boolean => KNOWN_EXCEPTIONS.has(exceptionKey(suite.file, suite.index, name));
        const failures = outcomes.filter((o) => o.failure !== null && !excusedName(o.spec.name));
        const excused = outcomes.filter((o) => excusedName(o.spec.name));
        const agree = outcomes.filter((o) => o.failure === null).length;
        console.log(`eql spec: ${agree}/${specs.length} ${suite.file} on ${suite.index} (${keywordType})${excused.length ? `; documented exceptions: ${excused.map((o) => o.spec.name).join(', ')}` : ''}`);
        expect(failures.map((o) => `${o.spec.name}: ${o.failure}`)).toEqual([]);
        // An excused query that now agrees must leave the list.
        expect(excused.filter((o) => o.failure === null).map((o) => o.spec.name)).toEqual([]);
        expect(specs.length).toBeGreaterThan(0);
      });
    }
  });
}
