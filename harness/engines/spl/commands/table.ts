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
  return rows.map(tableRow(cmd));
}

/**
 * The table of one row at a time (a row's output depends on that row alone), for a caller that builds
 * rows one by one. Per wildcard, whether each field name matches is decided once for all the rows it
 * is given (rows of one source carry the same names), and the matching names seen so far are kept in
 * output order.
 */
export function tableRow(cmd: TableCommand): (row: Row) => Row {
  const wildcards = new Map<string, { known: Map<string, boolean>; sorted: string[] }>();
  for (const f of cmd.fields) if (f.name.includes('*')) wildcards.set(f.name, { known: new Map(), sorted: [] });
  return (row) => {
    const out = new Map<string, FieldValue>();
    for (const f of cmd.fields) {
      const wildcard = wildcards.get(f.name);
      if (wildcard === undefined) {
        const v = row.fields.get(f.name);
        if (v !== undefined && !out.has(f.name)) out.set(f.name, v);
        continue;
      }
      learnNames(wildcard, f.name, row.fields);
      // The row's matching names in lexicographic order: the known ones it has.
      for (const n of wildcard.sorted) if (row.fields.has(n) && !out.has(n)) out.set(n, row.fields.get(n) as FieldValue);
    }
    return { doc: row.doc, fields: out };
  };
}

/** Decides the names of `fields` not seen before against the pattern, keeping the matching ones sorted. */
function learnNames(wildcard: { known: Map<string, boolean>; sorted: string[] }, pattern: string, fields: ReadonlyMap<string, FieldValue>): void {
  let added = false;
  for (const name of fields.keys()) {
    if (wildcard.known.has(name)) continue;
    const matches = nameMatches(pattern, name);
    wildcard.known.set(name, matches);
    if (matches) {
      wildcard.sorted.push(name);
      added = true;
    }
  }
  if (added) wildcard.sorted.sort(compareLex);
}
