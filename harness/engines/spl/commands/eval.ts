// `eval f=expr[, g=expr]`: assignments run left to right, so later ones see earlier results; a null
// result removes the field. https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/eval
import type { EvalCommand } from '../ast.js';
import { evaluate } from '../eval.js';
import { evalToField } from '../eval-values.js';
import type { Row } from '../values.js';
import type { CommandContext } from './context.js';

export function runEval(rows: Row[], cmd: EvalCommand, ctx: CommandContext): Row[] {
  for (const row of rows) {
    for (const a of cmd.assignments) {
      const v = evalToField(evaluate(a.expr, row, ctx), a.expr, ctx);
      if (v === undefined) row.fields.delete(a.field);
      else row.fields.set(a.field, v);
    }
  }
  return rows;
}
