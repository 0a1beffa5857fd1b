// `mvexpand <field> [limit=<n>]`: one result per value of a multivalue field, each a copy of the
// result with that single value; a result without the field is kept as it is.
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/mvexpand
import type { GenericCommand } from '../ast.js';
import { syntaxError, unsupported } from '../errors.js';
import { type Row, valuesOf } from '../values.js';
import { argText, intOption, plainArgs } from './args.js';
import type { CommandContext } from './context.js';

interface MvexpandPlan {
  field: string;
  limit: number;
}

/** MvexpandCommand : "mvexpand" Field ("limit=" Count)?   (read from the generic arguments) */
export function planMvexpand(cmd: GenericCommand, ctx: CommandContext): MvexpandPlan {
  let field: string | null = null;
  let limit = 0;
  for (const a of plainArgs(cmd)) {
    if (a.kind === 'option') {
      if (a.key.toLowerCase() !== 'limit') throw unsupported(`mvexpand: the ${a.key}= option is not supported`, a.span.start, ctx.query);
      limit = intOption(a, 0, 'mvexpand', ctx);
      continue;
    }
    const f = argText(a);
    if (f === null || field !== null) throw syntaxError('mvexpand takes one field name', a.span.start, ctx.query);
    field = f;
  }
  if (field === null) throw syntaxError('mvexpand needs a field name', cmd.nameSpan.end, ctx.query);
  return { field, limit };
}

export function runMvexpand(rows: Row[], cmd: GenericCommand, ctx: CommandContext): Row[] {
  const plan = planMvexpand(cmd, ctx);
  const out: Row[] = [];
  for (const r of rows) {
    let vs = valuesOf(r.fields.get(plan.field));
    if (vs.length <= 1) {
      out.push(r);
      continue;
    }
    if (plan.limit > 0) vs = vs.slice(0, plan.limit);
    for (const v of vs) {
      const fields = new Map(r.fields);
      fields.set(plan.field, v);
      out.push({ doc: r.doc, fields });
    }
  }
  return out;
}
