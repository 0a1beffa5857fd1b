// `| inputlookup [append=<bool>] [max=<n>] <table>`: the rows of a CSV lookup table as results (a
// generating command; lookups.ts), e.g. in a subsearch `[| inputlookup legit_domains.csv | fields domain]`.
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/inputlookup
// `append=true` adds the rows after the current results (otherwise they replace them); `max` limits
// the rows read (default 1000000000); a `where` clause and KV-store collections are refused by name; a
// table the rule does not ship is refused before any data is read. Empty values are absent fields.
import type { GenericCommand } from '../ast.js';
import { syntaxError, unsupported } from '../errors.js';
import type { LookupTable } from '../lookups.js';
import type { FieldValue, Row } from '../values.js';
import { argText, intOption, plainArgs } from './args.js';
import type { CommandContext } from './context.js';
import { boolOption } from './options.js';

interface InputlookupPlan {
  table: LookupTable;
  append: boolean;
  max: number;
}

/** InputlookupCommand : "inputlookup" ("append=" Bool | "max=" Count)* Table   (read from the generic arguments) */
export function planInputlookup(cmd: GenericCommand, ctx: CommandContext): InputlookupPlan {
  const args = plainArgs(cmd);
  const options = args.filter((a) => a.kind === 'option');
  for (const o of options) if (!['append', 'max', 'start'].includes(o.key.toLowerCase())) throw unsupported(`inputlookup: the ${o.key}= option is not supported`, o.span.start, ctx.query);
  const start = options.find((o) => o.key.toLowerCase() === 'start');
  if (start !== undefined) throw unsupported('inputlookup: the start= option is not supported', start.span.start, ctx.query);
  const rest = args.filter((a) => a.kind !== 'option');
  const name = argText(rest[0]);
  if (rest[0] === undefined || name === null) throw syntaxError('inputlookup needs a lookup table name', cmd.nameSpan.end, ctx.query);
  if (rest.length > 1) throw unsupported('inputlookup: a where clause is not supported', (rest[1] as { span: { start: number } }).span.start, ctx.query);
  const table = ctx.options.lookups?.get(name);
  if (table === undefined) {
    const known = ctx.options.lookups?.names() ?? [];
    throw unsupported(`inputlookup: lookup table "${name}" is not defined: ship it as ${name.replace(/\.csv$/i, '')}.csv beside the rule (loaded: ${known.length === 0 ? 'none' : known.join(', ')})`, rest[0].span.start, ctx.query);
  }
  return {
    table,
    append: boolOption(options, 'append', 'inputlookup', ctx),
    max: intOption(options.find((o) => o.key.toLowerCase() === 'max'), 1_000_000_000, 'inputlookup', ctx),
  };
}

export function runInputlookup(rows: Row[], cmd: GenericCommand, ctx: CommandContext): Row[] {
  const plan = planInputlookup(cmd, ctx);
  const read: Row[] = plan.table.rows.slice(0, plan.max).map((r) => {
    const fields = new Map<string, FieldValue>();
    for (const [k, v] of r) if (v !== '') fields.set(k, v);
    return { doc: -1, fields };
  });
  return plan.append ? [...rows, ...read] : read;
}
