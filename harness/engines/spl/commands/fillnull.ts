// `fillnull [value=<string>] [<field-list>]`: gives every result a value for each listed field it lacks
// (default value 0); without a field list, for every field that any result has.
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/fillnull
// Null is absent ("Null values are field values that are missing in a particular result but present in
// another result"); an empty string is a value and stays.
import type { GenericCommand } from '../ast.js';
import { syntaxError, unsupported } from '../errors.js';
import type { Row } from '../values.js';
import { argText, optionText, plainArgs } from './args.js';
import type { CommandContext } from './context.js';

interface FillnullPlan {
  value: string;
  fields: string[] | null;
}

/** FillnullCommand : "fillnull" ("value=" Value)? FieldList?   (read from the generic arguments) */
export function planFillnull(cmd: GenericCommand, ctx: CommandContext): FillnullPlan {
  let value = '0';
  const fields: string[] = [];
  for (const a of plainArgs(cmd)) {
    if (a.kind === 'option') {
      if (a.key.toLowerCase() !== 'value') throw unsupported(`fillnull: the ${a.key}= option is not supported`, a.span.start, ctx.query);
      value = optionText(a);
      continue;
    }
    const f = argText(a);
    if (f === null) throw syntaxError('fillnull: expected a field name', a.span.start, ctx.query);
    fields.push(f);
  }
  return { value, fields: fields.length === 0 ? null : fields };
}

export function runFillnull(rows: Row[], cmd: GenericCommand, ctx: CommandContext): Row[] {
  const plan = planFillnull(cmd, ctx);
  let fields = plan.fields;
  if (fields === null) {
    const all = new Set<string>();
    for (const r of rows) for (const k of r.fields.keys()) all.add(k);
    fields = [...all];
  }
  for (const r of rows) {
    for (const f of fields) {
      if (!r.fields.has(f)) r.fields.set(f, plan.value);
    }
  }
  return rows;
}
