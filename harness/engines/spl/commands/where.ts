// `where <eval-expression>`: keeps the results for which the expression is true (null is false).
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/where
import type { CommandHead, WhereCommand } from '../ast.js';
import { syntaxError } from '../errors.js';
import { evaluate } from '../eval.js';
import { parseEvalExpr } from '../eval-parser.js';
import { truthy } from '../eval-values.js';
import type { Row } from '../values.js';
import type { CommandContext } from './context.js';

/** WhereCommand : "where" EvalExpression */
export function parseWhere(text: string, start: number, end: number, head: CommandHead): WhereCommand {
  if (start >= end) throw syntaxError('where needs an expression', head.nameSpan.end, text);
  return { kind: 'where', ...head, expr: parseEvalExpr(text, start, end) };
}

export function runWhere(rows: Row[], cmd: WhereCommand, ctx: CommandContext): Row[] {
  return rows.filter((row) => truthy(evaluate(cmd.expr, row, ctx), cmd.expr, ctx, 'where'));
}
