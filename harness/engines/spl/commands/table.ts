// `table f1, f2, p*`: a transforming command that keeps only the named fields, in the order written;
// a wildcard names every existing field it matches (in lexicographic order, this engine's choice).
// _raw and other fields not named are dropped.
// https://help.splunk.com/splunk-cloud-platform/spl-search-reference/10.0.2503/search-commands/table
import type { CommandHead, TableCommand } from '../ast.js';
import { type FieldValue, type Row, compareLex } from '../values.js';
import type { CommandContext } from './context.js';
import { fieldList } from './args.js';
import { nameMatches } from './fieldnames.js';

/** TableCommand : "table" FieldList? */
export function parseTable(text: string, start: number, end: number, head: CommandHead): TableCommand {
  return { kind: 'table', ...head, fields: fieldList(text, start, end, 'table') };
}

export function runTable(rows: Row[], cmd: TableCommand, _ctx: CommandContext): Row[] {
  return rows.map((row) => {
    const out = new Map<string, FieldValue>();
    for (const f of cmd.fields) {
      if (!f.name.includes('*')) {
        const v = row.fields.get(f.name);
        if (v !== undefined && !out.has(f.name)) out.set(f.name, v);
        continue;
      }
      const names = [...row.fields.keys()].filter((n) => nameMatches(f.name, n)).sort(compareLex);
      for (const n of names) if (!out.has(n)) out.set(n, row.fields.get(n) as FieldValue);
    }
    return { doc: row.doc, fields: out };
  });
}
