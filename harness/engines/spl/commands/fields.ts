// `fields [+|-] f1, f2, p*`: keep (default) or remove fields. Keeping fields still keeps the internal
// fields _raw and _time (they go only when removed explicitly).
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/fields
import type { FieldsCommand } from '../ast.js';
import type { Row } from '../values.js';
import type { CommandContext } from './context.js';
import { nameMatches } from './fieldnames.js';

const KEPT_INTERNAL = new Set(['_raw', '_time']);

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
