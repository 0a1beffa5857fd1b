// Scenarios that state an ordered chain of events (`chain:` in a pack: each step a child process of the
// previous one, seconds later) give sequence rules something to catch. A sequence version of the QEMU
// rule (test/fixtures/sequence-qemu/rule.toml, not shipped under rules/) must catch the tunnel followed
// by a child of QEMU within its maxspan, and must not fire on the tunnel alone or on a child started
// after the maxspan. Sequence semantics: https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax#eql-sequences
// Run `npm run build` first.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { fromRoot } from '../../harness/paths.js';
import type { Report } from '../../reports/model.js';
import { dth } from '../support/cli.js';

const RULE_ID = '5e1a7c3e-6b1f-4c55-9a51-0d6f3c1d7a16';

function packDir(edit: (pack: string) => string = (p) => p): string {
  const dir = mkdtempSync(join(tmpdir(), 'dth-seq-'));
  cpSync(fromRoot('test/fixtures/sequence-qemu'), dir, { recursive: true });
  writeFileSync(join(dir, 'pack.yaml'), edit(readFileSync(join(dir, 'pack.yaml'), 'utf8')));
  return dir;
}

test('the sequence rule catches the chained scenario and stays quiet on the tunnel alone', () => {
  const dir = packDir();
  const out = join(dir, 'out');
  const r = dth(['run', '--pack', join(dir, 'pack.yaml'), '--source', 'elastic-defend', '--no-sweep', '--out', out]);
  expect(r.stderr).not.toContain('dth:');
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('Expectation failures: none (2 held)');
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
  const rule = report.rules.find((x) => x.id === RULE_ID);
  expect(rule?.error).toBeNull();
  // The schedule ran it as Kibana would: one alert per sequence (20 chains), nothing lost.
  expect(rule?.notes.join('\n')).toMatch(/schedule on [^:]+: \d+ executions every 5m over now-9m; 20 alerts; 0 lost to max_signals/);
});

test('a child started after the maxspan is not part of the sequence: the pinned detection fails', () => {
  const dir = packDir((p) => p.replace('after: 5,', 'after: 120,'));
  const r = dth(['run', '--pack', join(dir, 'pack.yaml'), '--source', 'elastic-defend', '--no-sweep', '--out', join(dir, 'out')]);
  expect(r.status).toBe(1);
  expect(r.stdout).toContain('qemu-tunnel-then-child');
});

test('dth generate writes each chain step as a child of the previous process, seconds later', () => {
  const dir = packDir();
  const file = join(dir, 'events.ndjson');
  const r = dth(['generate', '--pack', join(dir, 'pack.yaml'), '--scenario', 'qemu-tunnel-then-child', '--source', 'elastic-defend', '--count', '2', '--out', file]);
  expect(r.status).toBe(0);
  const docs = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { _id: string; '@timestamp': string; process: { name: string; parent: { name: string } } });
  expect(docs).toHaveLength(4);
  const [head, child] = docs as [(typeof docs)[0], (typeof docs)[0]];
  expect(child._id).toBe(`${head._id}.chain1`);
  expect(child.process.name).toBe('qemu-bridge-helper.exe');
  expect(child.process.parent.name).toBe(head.process.name);
  expect(Date.parse(child['@timestamp']) - Date.parse(head['@timestamp'])).toBe(5000);
});
