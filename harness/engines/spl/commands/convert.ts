// `convert [timeformat=<fmt>] ctime(<field>) [AS <new>] ...`: writes epoch times as text, with the
// format's strftime variables (default %m/%d/%Y %H:%M:%S), in UTC (see time.ts). Only ctime() is run;
// the other conversion functions are refused. security_content's `security_content_ctime(field)` macro
// expands to exactly this command.
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/convert
import type { GenericArg, GenericCommand, Span } from '../ast.js';
import { runtimeError, unsupported } from '../errors.js';
import { optionText } from './args.js';
import { formatTime } from '../time.js';
import { type FieldValue, type Row, toNumber, valuesOf } from '../values.js';
import type { CommandContext } from './context.js';

const DEFAULT_FORMAT = '%m/%d/%Y %H:%M:%S';

interface Conversion {
  field: string;
  target: string;
}

interface ConvertPlan {
  format: string;
  conversions: Conversion[];
}

function word(arg: GenericArg | undefined): string | null {
  if (arg === undefined) return null;
  if (arg.kind === 'word') return arg.text;
  if (arg.kind === 'string') return arg.value;
  return null;
}

/** ConvertCommand : "convert" ("timeformat=" Format)? ("ctime(" Field ")" ("AS" Field)?)+   (read from the generic arguments) */
export function planConvert(cmd: GenericCommand, ctx: CommandContext): ConvertPlan {
  let format = DEFAULT_FORMAT;
  const conversions: Conversion[] = [];
  const fail = (message: string, span: Span): never => {
    throw runtimeError(`convert: ${message}`, span.start, ctx.query);
  };
  const args = cmd.args.filter((a) => !(a.kind === 'punct' && a.text === ','));
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as GenericArg;
    if (a.kind === 'option') {
      if (a.key.toLowerCase() !== 'timeformat') throw unsupported(`convert: the ${a.key}= option is not supported`, a.span.start, ctx.query);
      format = optionText(a);
      continue;
    }
    const fn = word(a);
    const group = args[i + 1];
    if (fn === null || group?.kind !== 'group') fail('expected a conversion such as ctime(field)', a.span);
    if ((fn as string).toLowerCase() !== 'ctime') throw unsupported(`convert: the ${fn}() conversion is not supported (only ctime())`, a.span.start, ctx.query);
    const inner = (group as Extract<GenericArg, { kind: 'group' }>).args;
    const field = inner.length === 1 ? word(inner[0]) : null;
    if (field === null) fail('ctime() takes one field name', (group as GenericArg).span);
    i++;
    let target = field as string;
    const as = word(args[i + 1]);
    if (as !== null && as.toLowerCase() === 'as') {
      const name = word(args[i + 2]);
      if (name === null) fail('expected a field name after AS', (args[i + 1] as GenericArg).span);
      target = name as string;
      i += 2;
    }
    conversions.push({ field: field as string, target });
  }
  if (conversions.length === 0) fail('expected at least one conversion such as ctime(field)', cmd.nameSpan);
  const probe = formatTime(0, format);
  if (typeof probe !== 'string') throw unsupported(`convert: ${probe.error}`, cmd.nameSpan.start, ctx.query);
  return { format, conversions };
}

export function runConvert(rows: Row[], cmd: GenericCommand, ctx: CommandContext): Row[] {
  const plan = planConvert(cmd, ctx);
  for (const row of rows) {
    for (const c of plan.conversions) {
      const values = valuesOf(row.fields.get(c.field));
      if (values.length === 0) continue;
      // A value that is not an epoch time is left as it is.
      const out = values.map((v) => {
        const n = toNumber(v);
        if (n === null) return v;
        const text = formatTime(n, plan.format);
        return typeof text === 'string' ? text : v;
      });
      row.fields.set(c.target, (out.length === 1 ? out[0] : out) as FieldValue);
    }
  }
  return rows;
}
