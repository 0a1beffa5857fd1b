// `search` later in the pipeline: keeps the results the search expression matches.
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/search
import type { SearchCommand } from '../ast.js';
import { rowMatcher } from '../search.js';
import type { Row } from '../values.js';
import type { CommandContext } from './context.js';

export function runSearch(rows: Row[], cmd: SearchCommand, ctx: CommandContext): Row[] {
  const match = rowMatcher(cmd.expr, ctx.query);
  return rows.filter(match);
}
