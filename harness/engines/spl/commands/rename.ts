// `rename a AS b, p* AS q*`: renames in the order written; a wildcard carries the matched part over;
// renaming onto an existing field replaces it; renaming a field that does not exist does nothing.
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/rename
import type { RenameCommand } from '../ast.js';
import type { Row } from '../values.js';
import type { CommandContext } from './context.js';
import { fillStars, starCaptures } from './fieldnames.js';

export function runRename(rows: Row[], cmd: RenameCommand, _ctx: CommandContext): Row[] {
  for (const row of rows) {
    for (const { from, to } of cmd.renames) {
      for (const name of [...row.fields.keys()]) {
        const caps = starCaptures(from.name, name);
        if (caps === null) continue;
        const target = fillStars(to.name, caps);
        if (target === name) continue;
        const value = row.fields.get(name);
        row.fields.delete(name);
        if (value !== undefined) row.fields.set(target, value);
      }
    }
  }
  return rows;
}
