// `rename a AS b, p* AS q*`: renames in the order written; a wildcard carries the matched part over;
// renaming onto an existing field replaces it; renaming a field that does not exist does nothing.
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/rename
import type { CommandHead, RenameCommand } from '../ast.js';
import { syntaxError } from '../errors.js';
import { type ArgToken, lexArgs } from '../lexer.js';
import type { Row } from '../values.js';
import type { CommandContext } from './context.js';
import { fieldOf, joinCallNames } from './args.js';
import { fillStars, starCaptures } from './fieldnames.js';

/** RenameCommand : "rename" Field "AS" Field (","? Field "AS" Field)* */
export function parseRename(text: string, start: number, end: number, head: CommandHead): RenameCommand {
  const tokens = joinCallNames(text, lexArgs(text, start, end)).filter((token) => token.t !== ',');
  const renames: RenameCommand['renames'] = [];
  let i = 0;
  while (i < tokens.length) {
    const from = fieldOf(tokens[i] as ArgToken);
    const as = tokens[i + 1];
    const toToken = tokens[i + 2];
    if (from === null) throw syntaxError('rename: expected a field name', (tokens[i] as ArgToken).span.start, text);
    if (as === undefined || as.t !== 'word' || as.text.toLowerCase() !== 'as') throw syntaxError(`rename: expected AS after "${from.name}"`, as?.span.start ?? from.span.end, text);
    const to = toToken === undefined ? null : fieldOf(toToken);
    if (to === null) throw syntaxError('rename: expected the new field name after AS', toToken?.span.start ?? as.span.end, text);
    renames.push({ from, to });
    i += 3;
  }
  if (renames.length === 0) throw syntaxError('rename needs "<field> AS <new name>"', head.nameSpan.end, text);
  return { kind: 'rename', ...head, renames };
}

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
