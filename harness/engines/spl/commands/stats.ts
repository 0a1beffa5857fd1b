// `stats <fn>(<field>) [AS name] ... [BY f1, f2]`: one result per distinct combination of the BY fields
// (results missing a BY field are left out; a multivalue BY field puts the result in each of its values'
// groups), sorted by the BY values; without BY, one result even when there is no input.
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.2/search-commands/stats
// Functions: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/statistical-and-charting-functions/multivalue-stats-and-chart-functions
// and the aggregate/time functions of the same reference:
// - count: results; count(f): values of f; dc(f)/distinct_count(f): distinct values;
// - values(f): distinct values in lexicographic order ("The order of the values is lexicographical");
// - list(f): values in input order, at most 100;
// - min/max: numbers numerically, otherwise lexicographically (numbers sort before strings);
// - sum/avg/mean: over the numeric values; stdev/var: sample standard deviation/variance, stdevp/varp:
//   population; range: max - min of the numeric values;
// - first/last: the first/last value seen (results arrive newest first, so first is the most recent);
// - earliest/latest: the value of the chronologically earliest/latest result (by _time).
// Wildcards: `values(*) AS *` applies the function to every field matching the pattern except the BY
// fields; a star in AS takes what the field's star matched.
import type { CommandHead, FieldPattern, GenericArg, OptionArg, Span, StatsAggregation, StatsCommand } from '../ast.js';
import { runtimeError, syntaxError, unsupported } from '../errors.js';
import { evaluate } from '../eval.js';
import { parseEvalExpr } from '../eval-parser.js';
import { evalToField } from '../eval-values.js';
import { parenEnd, quotedEnd, skipSpace, trimEnd, unescapeSearch } from '../lexer.js';
import { type FieldValue, type Row, type Scalar, compareAuto, distinctSorted, formatNumber, fromList, toNumber, toText, valuesOf } from '../values.js';
import type { CommandContext } from './context.js';
import { fillStars, nameMatches, starCaptures } from './fieldnames.js';

const FUNCTIONS = new Set(['count', 'c', 'dc', 'distinct_count', 'values', 'list', 'min', 'max', 'earliest', 'latest', 'first', 'last', 'sum', 'avg', 'mean', 'stdev', 'stdevp', 'var', 'varp', 'range']);
const LIST_MAX = 100;

/** A word of the stats arguments and where it is. */
interface StatsWord {
  text: string;
  span: Span;
}

/**
 * StatsCommand : "stats" StatsOption* StatsFunction (","? StatsFunction)* ("by" FieldList)?
 * StatsOption : ("allnum" | "delim" | "partitions" | "dedup_splitvals") "=" Value
 * StatsFunction : Name ("(" (Field | "eval(" EvalExpression ")")? ")")? ("as" Name)?
 */
export function parseStats(text: string, start: number, end: number, head: CommandHead): StatsCommand {
  const options: OptionArg[] = [];
  const aggregations: StatsAggregation[] = [];
  const by: FieldPattern[] = [];
  let pos = start;
  /** The next word or quoted string, after any spaces and commas; null at the end. */
  const nextWord = (): StatsWord | null => {
    pos = skipSpace(text, pos, end);
    while (pos < end && text[pos] === ',') pos = skipSpace(text, pos + 1, end);
    if (pos >= end) return null;
    if (text[pos] === '"') {
      const close = quotedEnd(text, pos, end);
      const word = { text: unescapeSearch(text.slice(pos + 1, close - 1)), span: { start: pos, end: close } };
      pos = close;
      return word;
    }
    const m = /^[^\s,()"]+/.exec(text.slice(pos, end));
    if (!m) throw syntaxError(`stats: unexpected "${text[pos]}"`, pos, text);
    const word = { text: m[0], span: { start: pos, end: pos + m[0].length } };
    pos += m[0].length;
    return word;
  };
  // A name after AS may hold parentheses (`AS aceFlags(inheritance)`): it runs to a space or comma.
  const nextAsName = (): StatsWord | null => {
    pos = skipSpace(text, pos, end);
    if (pos >= end) return null;
    if (text[pos] === '"') return nextWord();
    const m = /^[^\s,]+/.exec(text.slice(pos, end));
    if (!m) return null;
    const word = { text: m[0], span: { start: pos, end: pos + m[0].length } };
    pos += m[0].length;
    return word;
  };
  // Options come before the first function.
  for (;;) {
    const save = pos;
    const word = nextWord();
    if (word === null) break;
    if (/^(allnum|delim|partitions|dedup_splitvals)=/i.test(word.text)) {
      const eq = word.text.indexOf('=');
      let value: GenericArg = { kind: 'word', text: word.text.slice(eq + 1), span: { start: word.span.start + eq + 1, end: word.span.end } };
      if (word.text.endsWith('=') && text[pos] === '"') {
        const close = quotedEnd(text, pos, end);
        value = { kind: 'string', value: unescapeSearch(text.slice(pos + 1, close - 1)), span: { start: pos, end: close } };
        pos = close;
      }
      options.push({ kind: 'option', key: word.text.slice(0, eq), value, span: { start: word.span.start, end: value.span.end } });
      continue;
    }
    pos = save;
    break;
  }
  for (;;) {
    const word = nextWord();
    if (word === null) break;
    if (word.text.toLowerCase() === 'by') {
      for (;;) {
        const field = nextWord();
        if (field === null) break;
        by.push({ name: field.text, span: field.span });
      }
      if (by.length === 0) throw syntaxError('stats: BY needs at least one field', word.span.start, text);
      break;
    }
    const fnName = word.text;
    let arg: StatsAggregation['arg'] = null;
    let aggregationEnd = word.span.end;
    if (text[pos] === '(') {
      const close = parenEnd(text, pos, end);
      const innerStart = skipSpace(text, pos + 1, close - 1);
      const innerEnd = trimEnd(text, innerStart, close - 1);
      const inner = text.slice(innerStart, innerEnd);
      if (/^eval\s*\(/i.test(inner)) {
        const open = text.indexOf('(', innerStart);
        const evalClose = parenEnd(text, open, innerEnd);
        if (evalClose !== innerEnd) throw syntaxError('stats: unexpected text after eval(...)', evalClose, text);
        arg = { kind: 'eval', expr: parseEvalExpr(text, open + 1, evalClose - 1), span: { start: innerStart, end: innerEnd } };
      } else if (inner !== '') {
        const name = inner.startsWith('"') && inner.endsWith('"') && inner.length >= 2 ? unescapeSearch(inner.slice(1, -1)) : inner;
        arg = { kind: 'field', name, span: { start: innerStart, end: innerEnd } };
      }
      pos = close;
      aggregationEnd = close;
    } else if (/[()]/.test(fnName)) {
      throw syntaxError(`stats: malformed function "${fnName}"`, word.span.start, text);
    }
    let as: FieldPattern | null = null;
    const save = pos;
    const maybeAs = nextWord();
    if (maybeAs !== null && maybeAs.text.toLowerCase() === 'as') {
      const name = nextAsName();
      if (name === null) throw syntaxError('stats: expected a name after AS', maybeAs.span.end, text);
      as = { name: name.text, span: name.span };
      aggregationEnd = name.span.end;
    } else {
      pos = save;
    }
    aggregations.push({ fn: fnName.toLowerCase(), arg, as, span: { start: word.span.start, end: aggregationEnd } });
  }
  if (aggregations.length === 0) throw syntaxError('stats needs at least one function, e.g. count', head.nameSpan.end, text);
  return { kind: 'stats', ...head, options, aggregations, by };
}

/**
 * `<fn>(<field>) [AS name] ... [BY f1, f2]` over text[start, end), as `stats` parses it: for the commands
 * that share stats's function syntax (tstats, eventstats, streamstats), which label errors with `name`.
 */
export function parseStatsArguments(text: string, start: number, end: number, name: string, nameSpan: Span): StatsCommand {
  return parseStats(text, start, end, { name, nameSpan, span: { start: nameSpan.start, end } });
}

export function checkStats(cmd: StatsCommand, ctx: CommandContext): void {
  for (const o of cmd.options) throw unsupported(`stats: the ${o.key}= option is not supported`, o.span.start, ctx.query);
  for (const a of cmd.aggregations) {
    if (!FUNCTIONS.has(a.fn)) throw unsupported(`unsupported stats function: ${a.fn}`, a.span.start, ctx.query);
    if (a.arg === null && a.fn !== 'count' && a.fn !== 'c') throw runtimeError(`stats: ${a.fn} needs a field, e.g. ${a.fn}(x)`, a.span.start, ctx.query);
  }
  for (const b of cmd.by) if (b.name.includes('*')) throw unsupported('stats: wildcards in BY fields are not supported', b.span.start, ctx.query);
}

/** One output column: a function applied to one input field (or eval expression). */
interface Column {
  name: string;
  agg: StatsAggregation;
  /** Input field, or null for count / eval arguments. */
  field: string | null;
}

function defaultName(agg: StatsAggregation, ctx: CommandContext): string {
  if (agg.arg === null) return agg.fn;
  const text = ctx.query.slice(agg.arg.span.start, agg.arg.span.end);
  return `${ctx.query.slice(agg.span.start, agg.span.start + agg.fn.length)}(${text})`;
}

function columns(cmd: StatsCommand, rows: Row[], ctx: CommandContext): Column[] {
  const by = new Set(cmd.by.map((b) => b.name));
  const present: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    for (const k of r.fields.keys()) {
      if (seen.has(k)) continue;
      seen.add(k);
      present.push(k);
    }
  }
  const out: Column[] = [];
  for (const agg of cmd.aggregations) {
    if (agg.arg?.kind !== 'field' || !agg.arg.name.includes('*')) {
      out.push({ name: agg.as?.name ?? defaultName(agg, ctx), agg, field: agg.arg?.kind === 'field' ? agg.arg.name : null });
      continue;
    }
    const pattern = agg.arg.name;
    const matched = present.filter((n) => !by.has(n) && nameMatches(pattern, n));
    if (agg.as !== null && !agg.as.name.includes('*') && matched.length > 1) {
      throw runtimeError(`stats: ${agg.fn}(${pattern}) matches ${matched.length} fields but AS ${agg.as.name} names one`, agg.as.span.start, ctx.query);
    }
    for (const n of matched) {
      const caps = starCaptures(pattern, n) ?? [];
      const fnText = ctx.query.slice(agg.span.start, agg.span.start + agg.fn.length);
      out.push({ name: agg.as === null ? `${fnText}(${n})` : fillStars(agg.as.name, caps), agg, field: n });
    }
  }
  return out;
}

function groupKeys(row: Row, by: string[]): Scalar[][] | null {
  let combos: Scalar[][] = [[]];
  for (const f of by) {
    const vs = valuesOf(row.fields.get(f));
    if (vs.length === 0) return null;
    const next: Scalar[][] = [];
    for (const c of combos) for (const v of vs) next.push([...c, v]);
    combos = next;
  }
  return combos;
}

/** Values an aggregation reads from one row: the field's values or the eval result. */
function inputValues(col: Column, row: Row, ctx: CommandContext): Scalar[] {
  const arg = col.agg.arg;
  if (arg?.kind === 'eval') {
    const v = evaluate(arg.expr, row, ctx);
    if (typeof v === 'boolean') return v ? [1] : [];
    return valuesOf(evalToField(v, arg.expr, ctx));
  }
  if (col.field === null) return [];
  return valuesOf(row.fields.get(col.field));
}

function rowTime(row: Row): number {
  const t = valuesOf(row.fields.get('_time'))[0];
  return t === undefined ? NaN : (toNumber(t) ?? NaN);
}

function aggregate(col: Column, rows: Row[], ctx: CommandContext): FieldValue | undefined {
  const fn = col.agg.fn;
  if ((fn === 'count' || fn === 'c') && col.agg.arg === null) return rows.length;
  const perRow = rows.map((r) => inputValues(col, r, ctx));
  // A group of one row (a `by _time, host` group is usually one event) needs no flattened copy.
  const all = perRow.length === 1 ? (perRow[0] as Scalar[]) : perRow.flat();
  switch (fn) {
    case 'count':
    case 'c':
      return all.length;
    case 'dc':
    case 'distinct_count':
      return new Set(all.map(toText)).size;
    case 'values':
      return fromList(distinctSorted(all));
    case 'list':
      return fromList(all.slice(0, LIST_MAX));
    case 'min':
    case 'max': {
      if (all.length === 0) return undefined;
      const sorted = [...all].sort(compareAuto);
      return (fn === 'min' ? sorted[0] : sorted[sorted.length - 1]) as Scalar;
    }
    case 'sum':
    case 'avg':
    case 'mean': {
      const nums = all.map(toNumber).filter((n): n is number => n !== null);
      if (nums.length === 0) return undefined;
      const sum = nums.reduce((a, b) => a + b, 0);
      return fn === 'sum' ? sum : sum / nums.length;
    }
    case 'stdev':
    case 'stdevp':
    case 'var':
    case 'varp':
    case 'range': {
      const nums = all.map(toNumber).filter((n): n is number => n !== null);
      if (nums.length === 0) return undefined;
      if (fn === 'range') return nums.reduce((a, b) => Math.max(a, b)) - nums.reduce((a, b) => Math.min(a, b)); // no spread: nums may be longer than the argument limit
      const sample = fn === 'stdev' || fn === 'var';
      if (sample && nums.length < 2) return undefined;
      const mean = nums.reduce((a, b) => a + b, 0) / nums.length;
      const variance = nums.reduce((a, b) => a + (b - mean) ** 2, 0) / (nums.length - (sample ? 1 : 0));
      return fn.startsWith('var') ? variance : Math.sqrt(variance);
    }
    case 'first':
    case 'last': {
      const order = fn === 'first' ? perRow : [...perRow].reverse();
      const hit = order.find((vs) => vs.length > 0);
      return hit === undefined ? undefined : fromList(hit);
    }
    case 'earliest':
    case 'latest': {
      let best: { t: number; vs: Scalar[] } | null = null;
      rows.forEach((row, i) => {
        const vs = perRow[i] as Scalar[];
        if (vs.length === 0) return;
        const t = rowTime(row);
        if (best === null || (fn === 'earliest' ? t < best.t : t > best.t)) best = { t, vs };
      });
      return best === null ? undefined : fromList((best as { vs: Scalar[] }).vs);
    }
    default:
      throw unsupported(`unsupported stats function: ${fn}`, col.agg.span.start, ctx.query);
  }
}

export function runStats(rows: Row[], cmd: StatsCommand, ctx: CommandContext): Row[] {
  const by = cmd.by.map((b) => b.name);
  const cols = columns(cmd, rows, ctx);
  const groups = new Map<string, { key: Scalar[]; rows: Row[] }>();
  if (by.length === 0) groups.set('', { key: [], rows });
  else {
    for (const row of rows) {
      const combos = groupKeys(row, by);
      if (combos === null) continue;
      for (const key of combos) {
        const id = JSON.stringify(key.map((k) => (typeof k === 'number' ? formatNumber(k) : k)));
        let g = groups.get(id);
        if (g === undefined) groups.set(id, (g = { key, rows: [] }));
        g.rows.push(row);
      }
    }
  }
  const ordered = [...groups.values()].sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) {
      const c = compareAuto(a.key[i] as Scalar, b.key[i] as Scalar);
      if (c !== 0) return c;
    }
    return 0;
  });
  return ordered.map((g) => {
    const fields = new Map<string, FieldValue>();
    by.forEach((f, i) => fields.set(f, g.key[i] as Scalar));
    for (const col of cols) {
      if (fields.has(col.name) && by.includes(col.name)) continue;
      const v = aggregate(col, g.rows, ctx);
      if (v !== undefined) fields.set(col.name, v);
    }
    return { doc: -1, fields };
  });
}

