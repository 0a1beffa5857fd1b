// `where <eval-expression>`: keeps the results for which the expression is true (null is false).
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/where
import type { WhereCommand } from '../ast.js';
import { evaluate } from '../eval.js';
import { truthy } from '../eval-values.js';
import type { Row } from '../values.js';
import type { CommandContext } from './context.js';

export function runWhere(rows: Row[], cmd: WhereCommand, ctx: CommandContext): Row[] {
  return rows.filter((row) => truthy(evaluate(cmd.expr, row, ctx), cmd.expr, ctx, 'where'));
}
