// The `dth eql` and `dth rule show` contracts (README "dth eql"). Run `npm run build` first.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { dth } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'dth-eql-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const QEMU_RULE = 'process where event.type == "start" and process.args : "-netdev" and process.command_line : "*hostfwd=*"';
const events = file(
  'events.ndjson',
  [
    JSON.stringify({ _id: 'evt-1', event: { category: ['process'], type: ['start'] }, process: { args: ['qemu', '-netdev', 'user,hostfwd=tcp::1-:2'], command_line: 'qemu -netdev user,hostfwd=tcp::1-:2' } }),
    JSON.stringify({ 'event.category': 'process', 'event.type': 'start', 'process.args': ['qemu', '-NETDEV', 'x'], 'process.command_line': 'qemu -NETDEV user,HOSTFWD=tcp::1-:2' }),
    '',
    JSON.stringify({ event: { category: 'process', type: 'start' }, process: { args: ['qemu', '--netdev', 'x'], command_line: 'qemu --netdev hostfwd=' } }),
  ].join('\n') + '\n',
);

// https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax (`:` is case-insensitive)
test('dth eql prints matching ids in file order: _id, else the 1-based line number', () => {
  const r = dth(['eql', QEMU_RULE, '--events', events]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toBe('evt-1\n2\n');
});

test('dth eql exits 0 with no output when nothing matches, and reads stdin with --events -', () => {
  const r = dth(['eql', 'process where process.name == "none"', '--events', events]);
  expect([r.status, r.stdout]).toEqual([0, '']);
  const s = dth(['eql', 'any where a == 1', '--events', '-'], { input: '{"a": 1}\n{"a": 2}\n' });
  expect([s.status, s.stdout]).toEqual([0, '1\n']);
});

test('dth eql: a query error prints the position and a caret, exit 2', () => {
  const r = dth(['eql', 'process where process.args = "x"', '--events', events]);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('<query>:1:28:');
  expect(r.stderr).toContain('^');
  const unknown = dth(['eql', 'process where foo.bar == 1', '--events', events]);
  expect([unknown.status, unknown.stderr.includes('Unknown column [foo.bar]')]).toEqual([2, true]);
});

test('dth eql: a malformed line is named, exit 2', () => {
  const bad = file('bad.ndjson', '{"a": 1}\n{"a": \n');
  const r = dth(['eql', 'any where true', '--events', bad]);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain(`${bad}:2:1: line 2 is not valid JSON`);
  const typed = file('typed.ndjson', '{"process": {"pid": 1}}\n{"process": {"pid": "x"}}\n');
  const t = dth(['eql', 'any where true', '--events', typed]);
  expect(t.status).toBe(2);
  expect(t.stderr).toContain('line 2 cannot be indexed: failed to parse field [process.pid] of type [long]');
});

// https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax#eql-text-fields
test('dth eql --mapping: a user mapping replaces ECS (text fields refused, custom types used)', () => {
  const mapping = file('mapping.json', JSON.stringify({ mappings: { properties: { msg: { type: 'text' }, code: { type: 'long' }, event: { properties: { category: { type: 'keyword' } } } } } }));
  const docs = file('docs.ndjson', '{"code": 5, "msg": "x"}\n{"code": "6"}\n');
  expect(dth(['eql', 'any where code >= 6', '--events', docs, '--mapping', mapping]).stdout).toBe('2\n');
  const text = dth(['eql', 'any where msg == "x"', '--events', docs, '--mapping', mapping]);
  expect(text.status).toBe(2);
  expect(text.stderr).toContain('No keyword/multi-field defined exact matches for [msg]');
  const badMapping = file('bad-mapping.json', '{"properties": {"a": {"type": "strange"}}}');
  const b = dth(['eql', 'any where true', '--events', docs, '--mapping', badMapping]);
  expect(b.status).toBe(2);
  expect(b.stderr).toContain('no handler for type [strange]');
});

test('dth rule show prints name, language, normalized query, index patterns and ATT&CK', () => {
  const r = dth(['rule', 'show', 'rules/elastic/command_and_control_tunnel_qemu.toml']);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('name: Potential Traffic Tunneling using QEMU');
  expect(r.stdout).toContain('language: eql');
  expect(r.stdout).toContain('process where event.type == "start" and process.args : "-netdev" and ((process.args : "-nographic"');
  expect(r.stdout).toContain('  logs-endpoint.events.process-*');
  expect(r.stdout).toContain('T1572 Protocol Tunneling');
  const json = JSON.parse(dth(['rule', 'show', 'rules/elastic/command_and_control_tunnel_qemu.toml', '--json']).stdout) as { id: string };
  expect(json.id).toBe('b29b7652-219f-468b-aa1f-5da7bcc24b03');
  const unknown = dth(['rule', 'show', 'README.md']);
  expect(unknown.status).toBe(2);
  expect(unknown.stderr).toContain('no rule loader for [.md] files');
});

// README "dth eql": one line per sequence, join keys as JSON then member ids in stage order.
// Sequence semantics: https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax#eql-sequences
test('dth eql prints each sequence with its join keys and member ids; --json for machines', () => {
  const at = (s: number): string => new Date(Date.parse('2026-03-02T10:00:00Z') + s * 1000).toISOString();
  const seqEvents = file(
    'seq.ndjson',
    [
      { _id: 'a-h1', '@timestamp': at(0), event: { category: 'process' }, host: { id: 'h1' }, process: { name: 'a' } },
      { _id: 'a-h2', '@timestamp': at(1), event: { category: 'process' }, host: { id: 'h2"<x>' }, process: { name: 'a' } },
      { _id: 'b-h2', '@timestamp': at(20), event: { category: 'process' }, host: { id: 'h2"<x>' }, process: { name: 'b' } },
      { _id: 'b-h1', '@timestamp': at(120), event: { category: 'process' }, host: { id: 'h1' }, process: { name: 'b' } },
    ]
      .map((d) => JSON.stringify(d))
      .join('\n') + '\n',
  );
  const query = 'sequence by host.id with maxspan=1m [process where process.name == "a"] [process where process.name == "b"]';
  const r = dth(['eql', query, '--events', seqEvents]);
  expect([r.status, r.stderr]).toEqual([0, '']);
  // Attacker-controlled key text is JSON-escaped.
  expect(r.stdout).toBe('["h2\\"<x>"] a-h2 b-h2\n');
  // A sample: one line per join key, events distinct, no time order (eql-syntax#eql-samples).
  const sample = dth(['eql', 'sample by host.id [process where process.name == "b"] [process where process.name == "a"]', '--events', seqEvents]);
  expect([sample.status, sample.stdout]).toEqual([0, '["h1"] b-h1 a-h1\n["h2\\"<x>"] b-h2 a-h2\n']);
  const wide = dth(['eql', query.replace(' with maxspan=1m', ''), '--events', seqEvents, '--json']);
  expect(JSON.parse(wide.stdout)).toEqual({
    sequences: [
      { join_keys: ['h2"<x>'], events: [{ id: 'a-h2', line: 2 }, { id: 'b-h2', line: 3 }] },
      { join_keys: ['h1'], events: [{ id: 'a-h1', line: 1 }, { id: 'b-h1', line: 4 }] },
    ],
  });
});
