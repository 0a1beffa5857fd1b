// `fields [+|-] f1, f2, p*`: keep (default) or remove fields. Keeping fields still keeps the internal
// fields _raw and _time (they go only when removed explicitly).
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/fields
import type { CommandHead, FieldsCommand } from '../ast.js';
import { syntaxError } from '../errors.js';
import type { Row } from '../values.js';
import type { CommandContext } from './context.js';
import { fieldList } from './args.js';
import { nameMatches } from './fieldnames.js';

const KEPT_INTERNAL = new Set(['_raw', '_time']);

/** FieldsCommand : "fields" ("+" | "-")? FieldList   (the sign stands alone, followed by a space) */
export function parseFields(text: string, start: number, end: number, head: CommandHead): FieldsCommand {
  let mode: '+' | '-' = '+';
  let fieldsStart = start;
  if (text[start] === '+' || text[start] === '-') {
    const rest = text[start + 1];
    if (rest === undefined || start + 1 >= end || /\s/.test(rest)) {
      mode = text[start] as '+' | '-';
      fieldsStart = start + 1;
    }
  }
  const fields = fieldList(text, fieldsStart, end, 'fields');
  if (fields.length === 0) throw syntaxError('fields needs at least one field name', head.nameSpan.end, text);
  return { kind: 'fields', ...head, mode, fields };
}

export function runFields(rows: Row[], cmd: FieldsCommand, _ctx: CommandContext): Row[] {
  const named = (n: string): boolean => cmd.fields.some((f) => nameMatches(f.name, n));
  for (const row of rows) {
    for (const n of [...row.fields.keys()]) {
      const keep = cmd.mode === '+' ? named(n) || KEPT_INTERNAL.has(n) : !named(n);
      if (!keep) row.fields.delete(n);
    }
  }
  return rows;
}
