// `dth eql` skips lines lacking the literals a match needs (harness/scan/line-prefilter.ts): the ids must
// be those of reading every line (--no-prefilter), on the simulator's own records and on the same records
// with the literals hidden behind JSON `\u` escapes (JSON text may write any character as \uXXXX:
// https://www.rfc-editor.org/rfc/rfc8259#section-7). Run `npm run build` first.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { dth } from '../support/cli.js';
import { loadElasticRule } from '../../harness/rules/elastic-loader.js';
import { fromRoot } from '../../harness/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'dth-eql-prefilter-'));
const RULE = loadElasticRule(fromRoot('rules', 'elastic', 'command_and_control_tunnel_qemu.toml'));

/** Every `n` of "netdev" and "hostfwd" written as a \u escape (the parsed values are unchanged). */
function escaped(line: string): string {
  return line.replace(/netdev|hostfwd/gi, (word) => word.replace(/[nN]/, (c) => `\\u00${c.charCodeAt(0).toString(16)}`));
}

test('the simulator\'s records, plain and escaped: the same ids with and without the prefilter', () => {
  const plain = join(dir, 'defend.ndjson');
  const made = dth(['generate', '--source', 'elastic-defend', '--scale', '0.3', '--out', plain]);
  expect(made.status).toBe(0);
  const lines = readFileSync(plain, 'utf8').trimEnd().split('\n');
  const hidden = join(dir, 'defend-escaped.ndjson');
  writeFileSync(hidden, lines.map(escaped).join('\n') + '\n');
  for (const file of [plain, hidden]) {
    const fast = dth(['eql', RULE.query, '--events', file]);
    const full = dth(['eql', RULE.query, '--events', file, '--no-prefilter']);
    expect([fast.status, full.status]).toEqual([0, 0]);
    expect(fast.stdout.split('\n').length).toBeGreaterThan(10);
    expect(fast.stdout).toBe(full.stdout);
  }
});

test('with the prefilter a line that is not one JSON object is still reported, with its number', () => {
  const file = join(dir, 'bad.ndjson');
  writeFileSync(file, '{"process": {"name": "a"}}\nnot json\n');
  const r = dth(['eql', 'process where process.args : "-netdev"', '--events', file]);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('line 2 is not valid JSON');
});

// A field outside the explicit mapping is typed by the first document holding it
// (https://www.elastic.co/docs/manage-data/data-store/mapping/dynamic-field-mapping): no line may be
// skipped then, or a later document would be read with the wrong type.
test('a query on a field the mapping lacks reads every line', () => {
  const file = join(dir, 'dynamic.ndjson');
  // Line 1 lacks the literal "-netdev" but types custom.n as long; line 2 cannot then be indexed.
  writeFileSync(file, '{"custom": {"n": 7}}\n{"process": {"args": ["qemu", "-netdev"]}, "custom": {"n": "x"}}\n');
  const r = dth(['eql', 'any where process.args : "-netdev" and custom.n : "x"', '--events', file]);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('line 2 cannot be indexed');
});
