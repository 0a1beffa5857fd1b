// The `eql runnable` corpus figure (README "Benchmarks and corpus figures"): every production rule of
// the corpus sample (elastic/detection-rules, Elastic License 2.0; 224 queries with their sequences
// and samples, test/fixtures/eql/README.md) runs on the embedded engine, and a query the engine
// cannot run is counted and listed, not passed.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { fromRoot } from '../../harness/paths.js';
import { parseEqlCorpus } from '../../scripts/corpus/eql.js';

test('every query of the corpus sample runs, sequences and samples included', () => {
  const file = fromRoot('test/fixtures/eql/corpus-sample.jsonl');
  const result = parseEqlCorpus(file);
  const sequences = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .filter((l) => /^(sequence|sample)\b/.test((JSON.parse(l) as { query: string }).query.trim())).length;
  expect(sequences).toBeGreaterThan(50);
  expect(result.notRunnable.map((f) => `${f.name}: ${f.error}`)).toEqual([]);
  expect(result.runnable).toBe(result.total);
});

test('a query the engine cannot run is listed with its reason', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dth-corpus-'));
  const file = join(dir, 'rules.jsonl');
  const rules = [
    { rule_id: 'ok', name: 'ok', query: 'sequence by host.id [process where true] [network where true]' },
    // A join key that is not a field: Elasticsearch's spec suite keeps it among unsupported queries.
    { rule_id: 'bad', name: 'bad', query: 'sequence [process where true] by process.pid * 2 [process where true] by process.pid' },
  ];
  writeFileSync(file, rules.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const result = parseEqlCorpus(file);
  expect(result.runnable).toBe(1);
  expect(result.notRunnable.map((f) => f.ruleId)).toEqual(['bad']);
  expect(result.notRunnable[0]?.error).toContain('join keys that are not fields');
});
