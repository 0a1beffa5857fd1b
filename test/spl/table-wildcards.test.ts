// `table` with wildcards decides each field name against a pattern once per command and keeps the
// matching names sorted (harness/engines/spl/commands/table.ts). Every row must get exactly what the
// per-row reading gives: the named fields in the order written, a wildcard's matches in lexicographic
// order, internal fields (`_time`, `_raw`) only for a pattern starting with `_`
// (https://help.splunk.com/splunk-cloud-platform/spl-search-reference/10.0.2503/search-commands/table).
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import type { TableCommand } from '../../harness/engines/spl/ast.js';
import type { CommandContext } from '../../harness/engines/spl/commands/context.js';
import { nameMatches } from '../../harness/engines/spl/commands/fieldnames.js';
import { runTable } from '../../harness/engines/spl/commands/table.js';
import { compareLex, type FieldValue, type Row } from '../../harness/engines/spl/values.js';
import { ev, search } from './helpers.js';

/** The per-row reading: every row's names filtered and sorted on their own. */
function reference(rows: Row[], patterns: string[]): Row[] {
  return rows.map((row) => {
    const out = new Map<string, FieldValue>();
    for (const p of patterns) {
      if (!p.includes('*')) {
        const v = row.fields.get(p);
        if (v !== undefined && !out.has(p)) out.set(p, v);
        continue;
      }
      for (const n of [...row.fields.keys()].filter((k) => nameMatches(p, k)).sort(compareLex)) if (!out.has(n)) out.set(n, row.fields.get(n) as FieldValue);
    }
    return { doc: row.doc, fields: out };
  });
}

const NAMES = ['process', 'process_name', 'process_id', 'parent_process', 'parent_process_name', '_time', '_raw', 'p', 'pid', 'x', 'host', 'Process', 'process_path'];
const PATTERNS = ['process*', '*', 'p*', '*_id', 'x', '_*', 'parent_process_*', 'host', 'process', 'P*'];

test('table with wildcards gives every row what reading that row alone gives', () => {
  const rowArb = fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: NAMES.length }).map((names) => new Map<string, FieldValue>(names.map((n) => [n, `${n}-value`])));
  fc.assert(
    fc.property(fc.array(rowArb, { maxLength: 8 }), fc.array(fc.constantFrom(...PATTERNS), { minLength: 1, maxLength: 4 }), (fieldMaps, patterns) => {
      const rows = fieldMaps.map((fields, doc) => ({ doc, fields }));
      const cmd = { kind: 'table', fields: patterns.map((name) => ({ name })) } as unknown as TableCommand;
      const got = runTable(rows, cmd, {} as CommandContext).map((r) => [...r.fields.entries()]);
      const want = reference(rows, patterns).map((r) => [...r.fields.entries()]);
      return JSON.stringify(got) === JSON.stringify(want);
    }),
    { numRuns: 2000 },
  );
  // A worked case: a name first seen in a later row still sorts among the earlier ones.
  const rows: Row[] = [
    { doc: 0, fields: new Map<string, FieldValue>([['process_name', 'a'], ['_time', 1]]) },
    { doc: 1, fields: new Map<string, FieldValue>([['process_name', 'b'], ['process_id', '2'], ['process', 'q']]) },
  ];
  const out = runTable(rows, { kind: 'table', fields: [{ name: 'process*' }] } as unknown as TableCommand, {} as CommandContext);
  expect(out.map((r) => [...r.fields.keys()])).toEqual([['process_name'], ['process', 'process_id', 'process_name']]);
});

test('`search ... | table ...` built row by row gives the results and event-level events of the table run over all rows', () => {
  // executePipeline passes each event's fields through a table right after the base search as the row
  // is built (execute.ts). An `eval` of a field the table drops, between the two, keeps the same answer
  // and runs the table over the whole row list: both must agree, whatever follows the table.
  const records = [
    ev('1', 'qemu-system-x86_64 process_name=qemu process_id=1 parent_process=cmd user=a', { host: 'h1', _time: 1_700_000_001 }),
    ev('2', 'qemu-system-x86_64 process_name=qemu process_path=C:\\q parent_process_name=explorer user=b', { host: 'h2', _time: 1_700_000_002 }),
    ev('3', 'other process_name=calc', { host: 'h1', _time: 1_700_000_003 }),
    ev('4', 'qemu-system-aarch64 process=qemu-system-aarch64 process_id=4 Process=X', { host: 'h1', _time: 1_700_000_001 }),
  ];
  const tails = ['', ' | search process_name=qemu', ' | bin span=1s | stats values(*) as * by _time, host', ' | head 1', ' | fields - process_id'];
  for (const table of ['table _time, host, user, process, process_*, parent_process_*', 'table process*', 'table user host']) {
    for (const tail of tails) {
      const fused = search(records, `"qemu-system-" | ${table}${tail}`);
      const whole = search(records, `"qemu-system-" | eval zzunfused=1 | ${table}${tail}`);
      expect(fused.rows, `${table}${tail}`).toEqual(whole.rows);
      expect(fused.eventIds, `${table}${tail}`).toEqual(whole.eventIds);
      expect(fused.eventIds).toEqual(['1', '2', '4']);
    }
  }
});
