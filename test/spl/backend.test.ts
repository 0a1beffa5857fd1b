import { expect, test } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedSplunkBackend } from '../../harness/backends/embedded-splunk.js';
import { RuleRunError } from '../../harness/backends/backend.js';
import type { SplRule } from '../../harness/rules/rule.js';
import type { SplunkRecord } from '../../harness/model/records.js';
import { ev } from './helpers.js';

function rule(query: string): SplRule {
  return { siem: 'splunk', language: 'spl', format: 'savedsearches-conf', id: 'r1', name: 'r1', description: '', query, threat: [], references: [], sourceFile: 'test.conf' };
}

test('load: counts in = counts out; a bad record is rejected with its reason', async () => {
  const b = new EmbeddedSplunkBackend();
  const good = ev('a', 'x');
  const records = [good, { ...ev('b', 'y'), _time: Number.NaN }, { ...ev('c', 'z'), host: '' }, ev('a', 'dup'), { ...ev('d', 'w'), _id: 'x\ny' }] as SplunkRecord[];
  const report = await b.load(records);
  expect(report.received).toBe(5);
  expect(report.stored).toBe(1);
  expect(report.rejected).toEqual([
    { id: 'b', reason: '_time: expected epoch seconds (a finite number)' },
    { id: 'c', reason: 'host: expected a non-empty string' },
    { id: 'a', reason: '_id: already loaded (ids must be unique)' },
    { id: 'x\ny', reason: '_id: control characters are not allowed' },
  ]);
  expect(report.received).toBe(report.stored + report.rejected.length);
});

test('run: rows as strings and string lists, the expanded query, and the event-level ids', async () => {
  const b = new EmbeddedSplunkBackend();
  await b.load([ev('a', 'user=x n=1', { _time: 10 }), ev('b', 'user=y n=2', { _time: 11 }), ev('c', 'other', { _time: 12 })]);
  const result = await b.run(rule('`get_endpoint_data` OR index=main user=* | stats values(user) as users count'));
  expect(result.expandedQuery).toBe('(index=wineventlog OR index=sysmon OR index=linux) OR index=main user=* | stats values(user) as users count');
  expect(result.rows).toEqual([{ users: ['x', 'y'], count: '2' }]);
  expect(result.eventLevelIds).toEqual(['a', 'b']);
  expect(b.eventLevelIds(rule('index=main user=y'))).toEqual(['b']);
});

test('an unsupported command fails the rule with RuleRunError naming it and its position', async () => {
  const b = new EmbeddedSplunkBackend();
  await b.load([ev('a', 'x')]);
  let error: unknown;
  try {
    await b.run(rule('index=main | transaction host'));
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(RuleRunError);
  expect((error as RuleRunError).message).toMatch(/^test\.conf \[query of rule r1\]:1:14: unsupported command: transaction/);
  expect((error as RuleRunError).ruleId).toBe('r1');
});

test('a syntax error and an undefined macro fail the rule too, never an empty result', async () => {
  const b = new EmbeddedSplunkBackend();
  await expect(b.run(rule('index=main (a'))).rejects.toThrow(/unbalanced/);
  await expect(b.run(rule('`no_such_macro` a'))).rejects.toThrow(/undefined macro `no_such_macro`/);
});

test('macrosFile replaces the default macros', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dth-spl-'));
  const file = join(dir, 'macros.conf');
  writeFileSync(file, '[get_endpoint_data]\ndefinition = index=endpoint\n');
  const b = new EmbeddedSplunkBackend({ macrosFile: file });
  await b.load([ev('a', 'x', { index: 'endpoint' }), ev('b', 'x', { index: 'wineventlog' })]);
  expect((await b.run(rule('`get_endpoint_data` x'))).eventLevelIds).toEqual(['a']);
  await expect(b.run(rule('`get_endpoint_data_winevent` x'))).rejects.toThrow(/undefined macro `get_endpoint_data_winevent`/);
  expect(() => new EmbeddedSplunkBackend({ macrosFile: join(dir, 'missing.conf') })).toThrow(/cannot read macros file/);
});
