// `lookup [local=<bool>] [update=<bool>] <table> <field> [AS <event-field>] ... [OUTPUT | OUTPUTNEW
// <field> [AS <event-field>] ...]`: enriches each result from a CSV lookup table (lookups.ts).
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/lookup
// - a row matches when every input field equals the result's value exactly (transforms.conf defaults:
//   case_sensitive_match = true, exact match; WILDCARD/CIDR match types need a lookup definition and are
//   not modelled); a multivalue result field matches on any of its values;
// - several matching rows give multivalue outputs (up to max_matches = 1000, the CSV default);
// - without OUTPUT, every table field that is not an input field is output;
// - OUTPUT writes the outputs (a result with no matching row keeps its fields: this engine's choice),
//   OUTPUTNEW only fills outputs the result lacks;
// - a table the search names but the rule does not ship is refused before any data is read, by name.
import type { GenericArg, GenericCommand } from '../ast.js';
import { syntaxError, unsupported } from '../errors.js';
import type { LookupTable } from '../lookups.js';
import { type FieldValue, type Row, fromList, toText, valuesOf } from '../values.js';
import { argText, plainArgs } from './args.js';
import type { CommandContext } from './context.js';

const MAX_MATCHES = 1000;

interface FieldMap {
  table: string;
  event: string;
}

interface LookupPlan {
  table: LookupTable;
  inputs: FieldMap[];
  outputs: FieldMap[];
  outputNew: boolean;
}

function fieldMaps(args: GenericArg[], ctx: CommandContext, what: string): FieldMap[] {
  const out: FieldMap[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = argText(args[i]);
    if (name === null) throw syntaxError(`lookup: expected a ${what} field name`, (args[i] as GenericArg).span.start, ctx.query);
    const as = argText(args[i + 1]);
    if (as !== null && as.toLowerCase() === 'as') {
      const target = argText(args[i + 2]);
      if (target === null) throw syntaxError('lookup: expected a field name after AS', (args[i + 1] as GenericArg).span.end, ctx.query);
      out.push({ table: name, event: target });
      i += 2;
    } else out.push({ table: name, event: name });
  }
  return out;
}

/**
 * LookupCommand : "lookup" Option* Table LookupField+ (("OUTPUT" | "OUTPUTNEW") LookupField+)?
 * LookupField : Field ("AS" Field)?   (read from the generic arguments)
 */
export function planLookup(cmd: GenericCommand, ctx: CommandContext): LookupPlan {
  const args = plainArgs(cmd).filter((a) => !(a.kind === 'option' && ['local', 'update', 'event_time_field'].includes(a.key.toLowerCase())));
  for (const a of args) if (a.kind === 'option') throw unsupported(`lookup: the ${a.key}= option is not supported`, a.span.start, ctx.query);
  const tableArg = args[0];
  const tableName = argText(tableArg);
  if (tableArg === undefined || tableName === null) throw syntaxError('lookup needs a lookup table name', cmd.nameSpan.end, ctx.query);
  const outAt = args.findIndex((a) => ['output', 'outputnew'].includes((argText(a) ?? '').toLowerCase()));
  const inputArgs = args.slice(1, outAt < 0 ? args.length : outAt);
  const outputArgs = outAt < 0 ? [] : args.slice(outAt + 1);
  const inputs = fieldMaps(inputArgs, ctx, 'lookup input');
  if (inputs.length === 0) throw syntaxError('lookup needs at least one input field', tableArg.span.end, ctx.query);
  const table = ctx.options.lookups?.get(tableName);
  if (table === undefined) {
    const known = ctx.options.lookups?.names() ?? [];
    throw unsupported(`lookup: lookup table "${tableName}" is not defined: ship it as ${tableName.replace(/\.csv$/i, '')}.csv beside the rule (loaded: ${known.length === 0 ? 'none' : known.join(', ')})`, tableArg.span.start, ctx.query);
  }
  for (const f of inputs) if (!table.fields.includes(f.table)) throw unsupported(`lookup: table "${tableName}" (${table.file}) has no field ${f.table}`, tableArg.span.start, ctx.query);
  let outputs = fieldMaps(outputArgs, ctx, 'lookup output');
  for (const f of outputs) if (!table.fields.includes(f.table)) throw unsupported(`lookup: table "${tableName}" (${table.file}) has no field ${f.table}`, tableArg.span.start, ctx.query);
  if (outAt < 0) outputs = table.fields.filter((f) => !inputs.some((x) => x.table === f)).map((f) => ({ table: f, event: f }));
  const outputNew = outAt >= 0 && (argText(args[outAt]) ?? '').toLowerCase() === 'outputnew';
  return { table, inputs, outputs, outputNew };
}

export function runLookup(rows: Row[], cmd: GenericCommand, ctx: CommandContext): Row[] {
  const plan = planLookup(cmd, ctx);
  for (const row of rows) {
    const wanted = plan.inputs.map((f) => new Set(valuesOf(row.fields.get(f.event)).map(toText)));
    if (wanted.some((s) => s.size === 0)) continue;
    const hits = plan.table.rows.filter((r) => plan.inputs.every((f, i) => (wanted[i] as Set<string>).has(r.get(f.table) ?? ''))).slice(0, MAX_MATCHES);
    if (hits.length === 0) continue;
    for (const o of plan.outputs) {
      if (plan.outputNew && row.fields.has(o.event)) continue;
      const vs = hits.map((h) => h.get(o.table) ?? '').filter((v) => v !== '');
      const v: FieldValue | undefined = fromList(vs);
      if (v === undefined) row.fields.delete(o.event);
      else row.fields.set(o.event, v);
    }
  }
  return rows;
}
