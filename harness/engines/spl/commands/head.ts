// `head [N | (expr)] [limit=N] [null=bool] [keeplast=bool]`: the first N results (default 10), or the
// results up to the first one for which the expression is not true (null counts as false unless
// null=true; keeplast=true keeps that last result too).
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/head
import type { HeadCommand } from '../ast.js';
import { runtimeError } from '../errors.js';
import { evaluate } from '../eval.js';
import type { Row } from '../values.js';
import type { CommandContext } from './context.js';
import { boolOption } from './options.js';


export function checkHead(cmd: HeadCommand, ctx: CommandContext): void {
  for (const o of cmd.options) if (!['limit', 'null', 'keeplast'].includes(o.key.toLowerCase())) throw runtimeError(`head: unknown option ${o.key}`, o.span.start, ctx.query);
  boolOption(cmd.options, 'null', 'head', ctx);
  boolOption(cmd.options, 'keeplast', 'head', ctx);
}

export function runHead(rows: Row[], cmd: HeadCommand, ctx: CommandContext): Row[] {
  if (cmd.expr === null) return rows.slice(0, cmd.count);
  const nullTrue = boolOption(cmd.options, 'null', 'head', ctx);
  const keepLast = boolOption(cmd.options, 'keeplast', 'head', ctx);
  const out: Row[] = [];
  for (const row of rows) {
    if (out.length >= cmd.count && cmd.options.some((o) => o.key.toLowerCase() === 'limit')) break;
    const v = evaluate(cmd.expr, row, ctx);
    const ok = v === null ? nullTrue : v === true;
    if (v !== null && typeof v !== 'boolean') throw runtimeError('head: the expression must be true or false', cmd.expr.span.start, ctx.query);
    if (!ok) {
      if (keepLast) out.push(row);
      break;
    }
    out.push(row);
  }
  return out;
}
