// `bin` / `bucket`: puts numeric values into spans. With a time span, a value is floored to the start of
// its span (spans under a day align to the epoch); with a numeric span on a numeric field the value
// becomes the range "start-end".
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/bin
//
// Without a field (`| bin span=1s`, as the QEMU rule writes it): the reference's syntax lists <field> as
// required and says nothing of what happens when it is missing. By default this engine bins `_time`:
// the only field a time span such as `1s` discretizes by time (aligntime, the option for time spans,
// applies to _time), and what the rule's author evidently meant, since `stats ... by _time` follows.
// A real Splunk may instead reject the search, in which case the rule returns no rows at all; the
// option binWithoutField: 'error' reproduces that reading. Only a real Splunk can settle which is right.
import type { BinCommand, CommandHead, FieldPattern, OptionArg } from '../ast.js';
import { runtimeError, syntaxError, unsupported } from '../errors.js';
import { type ArgToken, lexArgs } from '../lexer.js';
import { floorToSpan, parseSpan } from '../time.js';
import { type FieldValue, type Row, type Scalar, formatNumber, toNumber, valuesOf } from '../values.js';
import { type ArgWordToken, fieldOf, isOptionWord, optionOf, optionText } from './args.js';
import type { CommandContext } from './context.js';

export const BIN_WITHOUT_FIELD_NOTE =
  'bin without a field (`| bin span=1s`): the bin reference lists <field> as required and does not say what happens without it; the embedded engine bins _time (the field a time span discretizes), so rows are keyed by the 1-second bucket of _time. A real Splunk may reject the search instead; only a real Splunk can confirm.';

/** BinCommand : ("bin" | "bucket" | "discretize") (Option | Field | "AS" Field)*   (one field at most) */
export function parseBin(text: string, start: number, end: number, head: CommandHead): BinCommand {
  const tokens = lexArgs(text, start, end).filter((token) => token.t !== ',');
  const options: OptionArg[] = [];
  let field: FieldPattern | null = null;
  let as: FieldPattern | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as ArgToken;
    if (isOptionWord(token)) {
      const { option, consumedNext } = optionOf(token as ArgWordToken, tokens[i + 1]);
      options.push(option);
      if (consumedNext) i++;
      continue;
    }
    if (token.t === 'word' && token.text.toLowerCase() === 'as') {
      const next = tokens[i + 1];
      const asField = next === undefined ? null : fieldOf(next);
      if (asField === null) throw syntaxError('bin: expected a field name after AS', next?.span.start ?? token.span.end, text);
      as = asField;
      i++;
      continue;
    }
    const named = fieldOf(token);
    if (named === null || field !== null) throw syntaxError('bin: unexpected argument', token.span.start, text);
    field = named;
  }
  return { kind: 'bin', ...head, options, field, as };
}

interface BinPlan {
  field: string;
  target: string;
  apply: (v: Scalar) => Scalar;
}

export function planBin(cmd: BinCommand, ctx: CommandContext): BinPlan {
  let spanText: string | null = null;
  for (const o of cmd.options) {
    const key = o.key.toLowerCase();
    if (key === 'span') spanText = optionText(o);
    else if (['bins', 'minspan', 'start', 'end', 'aligntime'].includes(key)) {
      throw unsupported(`bin: the ${key}= option is not supported (it needs the search's time range); use span=`, o.span.start, ctx.query);
    } else throw runtimeError(`bin: unknown option ${o.key}`, o.span.start, ctx.query);
  }
  if (spanText === null) throw unsupported('bin without span= is not supported (the automatic span needs the search\'s time range)', cmd.nameSpan.start, ctx.query);
  const span = parseSpan(spanText);
  if (span === null) throw runtimeError(`bin: invalid span "${spanText}" (expected e.g. 1s, 5m, 1h, 1d, 1mon or a number)`, cmd.span.start, ctx.query);
  let field = cmd.field?.name ?? null;
  if (field === null) {
    if ((ctx.options.binWithoutField ?? 'time') === 'error') {
      throw runtimeError('bin needs a field: the bin syntax is "bin [<bin-options>...] <field> [AS <newfield>]" (binWithoutField: error)', cmd.nameSpan.end, ctx.query);
    }
    field = '_time';
    ctx.notes.add(BIN_WITHOUT_FIELD_NOTE);
  }
  const target = cmd.as?.name ?? field;
  if ('time' in span) {
    const s = span.time;
    return { field, target, apply: (v) => { const n = toNumber(v); return n === null ? v : floorToSpan(n, s); } };
  }
  const width = span.numeric;
  return {
    field,
    target,
    apply: (v) => {
      const n = toNumber(v);
      if (n === null) return v;
      const lo = Math.floor(n / width) * width;
      return `${formatNumber(lo)}-${formatNumber(lo + width)}`;
    },
  };
}

export function runBin(rows: Row[], cmd: BinCommand, ctx: CommandContext): Row[] {
  const plan = planBin(cmd, ctx);
  for (const row of rows) {
    const v = row.fields.get(plan.field);
    if (v === undefined) continue;
    const out = valuesOf(v).map(plan.apply);
    row.fields.set(plan.target, (out.length === 1 ? out[0] : out) as FieldValue);
  }
  return rows;
}
