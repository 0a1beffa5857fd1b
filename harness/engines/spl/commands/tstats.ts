// `| tstats [options] <fn>(<field>) [AS name] ... [FROM datamodel=<Model>[.<Dataset>]] [WHERE <search>]
// [BY <field>, ... [span=<time>]]`: statistics over the indexed fields of the events or over a data
// model's dataset rows (datamodels/index.ts). A generating command: it reads the store, not the rows
// before it. https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/tstats
// - functions, AS, BY grouping and output order are stats's (commands/stats.ts);
// - WHERE is a search over the dataset fields (`Processes.process_name=qemu-*`, IN, NOT, AND/OR),
//   matched case-insensitively with `*` wildcards, like the search command's field comparisons;
//   free-text terms are refused (the dataset rows carry no raw text);
// - `span=` in BY buckets `_time` ("span: the span of each time bin ... only when _time is a BY field");
// - `fillnull_value=<v>`: a BY field a row lacks takes the value v instead of dropping the row
//   ("This argument sets a user-specified value that the tstats command substitutes for null values
//   for any field within its group-by field list");
// - `summariesonly` / `allow_old_summaries`: the embedded engine treats every data model as fully
//   accelerated and current, so both values select every matching event (datamodels/index.ts);
// - `prestats`, `append`, `local`, `chunk_size`, `include_reduced_buckets` and `PREFIX()` are refused by
//   name; `nodename` (a child dataset) is refused unless the data model defines that dataset.
import type { GenericCommand, SearchExpr, StatsCommand } from '../ast.js';
import { walkSearchExpr } from '../ast.js';
import { runtimeError, syntaxError, unsupported } from '../errors.js';
import { type ResolvedDataset, INDEXED_FIELDS, datasetFieldNames, datasetRows, resolveDataset } from '../datamodels/index.js';
import { quotedEnd, skipSpace, trimEnd, unescapeSearch } from '../lexer.js';
import { parseSearchRange } from '../parser.js';
import { rowMatcher } from '../search.js';
import { type TimeSpan, floorToSpan, parseSpan } from '../time.js';
import { type FieldValue, type Row, toNumber, valuesOf } from '../values.js';
import type { CommandContext } from './context.js';
import { checkStats, parseStatsArguments, runStats } from './stats.js';

export interface TstatsPlan {
  stats: StatsCommand;
  dataset: ResolvedDataset | null;
  where: SearchExpr | null;
  whereText: string;
  span: TimeSpan | null;
  fillnull: string | null;
  /** Fields the search names that the dataset does not have (always null, as in Splunk). */
  unknownFields: string[];
}

const IGNORED_OPTIONS = new Set(['summariesonly', 'allow_old_summaries']);
const REFUSED_OPTIONS = new Set(['prestats', 'append', 'local', 'chunk_size', 'include_reduced_buckets']);

interface Clause {
  keyword: 'from' | 'where' | 'by';
  start: number;
  bodyStart: number;
}

/** Positions of the top-level FROM, WHERE and BY keywords (outside quotes, parentheses and brackets). */
function clauses(text: string, start: number, end: number): Clause[] {
  const out: Clause[] = [];
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = text[i] as string;
    if (c === '"') {
      i = quotedEnd(text, i, end) - 1;
      continue;
    }
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    if (depth !== 0 || !/\s/.test(text[i - 1] ?? ' ')) continue;
    const m = /^(from|where|by)(?=\s|$)/i.exec(text.slice(i, Math.min(end, i + 6)));
    if (m === null) continue;
    const keyword = (m[1] as string).toLowerCase() as Clause['keyword'];
    // Only the first FROM and WHERE count; BY ends the clauses.
    if (out.some((x) => x.keyword === keyword)) continue;
    out.push({ keyword, start: i, bodyStart: i + keyword.length });
    if (keyword === 'by') break;
  }
  return out;
}

/** An option's or BY field's value at `start`: a quoted string or a word (up to a space or comma). */
function optionValue(text: string, start: number, end: number): { value: string; end: number } {
  if (text[start] === '"') {
    const close = quotedEnd(text, start, end);
    return { value: unescapeSearch(text.slice(start + 1, close - 1)), end: close };
  }
  const m = /^[^\s,]*/.exec(text.slice(start, end)) as RegExpExecArray;
  return { value: m[0], end: start + m[0].length };
}

/**
 * TstatsCommand : "tstats" TstatsOption* StatsFunction ("," StatsFunction)* FromClause? ("where" SearchExpression)? ("by" TstatsBy ("," TstatsBy)*)?
 * TstatsBy : Field | "span=" TimeSpan
 */
export function planTstats(cmd: GenericCommand, ctx: CommandContext): TstatsPlan {
  const text = ctx.query;
  const e = cmd.span.end;
  let i = skipSpace(text, cmd.nameSpan.end, e);
  let fillnull: string | null = null;
  // Options before the first function.
  for (;;) {
    const m = /^([A-Za-z_]+)=/.exec(text.slice(i, e));
    if (m === null) break;
    const key = (m[1] as string).toLowerCase();
    const { value, end } = optionValue(text, i + m[0].length, e);
    if (REFUSED_OPTIONS.has(key)) throw unsupported(`tstats: the ${key}= option is not supported`, i, text);
    if (key === 'fillnull_value') fillnull = value;
    else if (!IGNORED_OPTIONS.has(key)) throw unsupported(`tstats: unknown option ${key}=`, i, text);
    i = skipSpace(text, end, e);
  }
  const cl = clauses(text, i, e);
  const from = cl.find((c) => c.keyword === 'from');
  const where = cl.find((c) => c.keyword === 'where');
  const by = cl.find((c) => c.keyword === 'by');
  const headEnd = cl[0]?.start ?? e;
  if (from !== undefined && by !== undefined && by.start < from.start) throw syntaxError('tstats: FROM must come before BY', from.start, text);
  if (from !== undefined && where !== undefined && where.start < from.start) throw syntaxError('tstats: FROM must come before WHERE', from.start, text);
  // Functions (and BY) parse as stats does: the head plus the BY clause, without FROM/WHERE in between.
  const head = parseStatsArguments(text, i, headEnd, cmd.name, cmd.nameSpan);
  if (head.by.length > 0) throw syntaxError('tstats: BY must follow FROM and WHERE', head.by[0]?.span.start ?? i, text);
  let span: TimeSpan | null = null;
  const byFields: StatsCommand['by'] = [];
  if (by !== undefined) {
    let j = by.bodyStart;
    for (;;) {
      j = skipSpace(text, j, e);
      while (j < e && text[j] === ',') j = skipSpace(text, j + 1, e);
      if (j >= e) break;
      const spanMatch = /^span=/i.exec(text.slice(j, e));
      if (spanMatch !== null) {
        const { value, end } = optionValue(text, j + 5, e);
        const parsed = parseSpan(value);
        if (parsed === null || !('time' in parsed)) throw runtimeError(`tstats: span=${value} is not a time span (e.g. 1h, 10m, 1d)`, j, text);
        span = parsed.time;
        j = end;
        continue;
      }
      if (/^prefix\(/i.test(text.slice(j, e))) throw unsupported('tstats: PREFIX() in BY is not supported', j, text);
      const { value, end } = optionValue(text, j, e);
      if (value === '') throw syntaxError(`tstats: unexpected "${text[j] ?? ''}"`, j, text);
      byFields.push({ name: value, span: { start: j, end } });
      j = end;
    }
    if (byFields.length === 0) throw syntaxError('tstats: BY needs at least one field', by.start, text);
  }
  const stats: StatsCommand = { ...head, by: byFields };
  checkStats(stats, ctx);
  let dataset: ResolvedDataset | null = null;
  if (from !== undefined) dataset = parseFrom(text, from.bodyStart, where?.start ?? by?.start ?? e);
  let whereExpr: SearchExpr | null = null;
  if (where !== undefined) {
    const whereEnd = by?.start ?? e;
    whereExpr = parseSearchRange(text, where.bodyStart, whereEnd);
    if (whereExpr !== null) {
      const node = takeNodename(whereExpr);
      whereExpr = node.rest;
      if (node.nodename !== null) dataset = nodenameDataset(dataset, node.nodename, ctx);
    }
    if (whereExpr !== null) checkWhere(whereExpr, ctx);
  }
  if (span !== null && !byFields.some((b) => b.name === '_time')) throw runtimeError('tstats: span= needs _time among the BY fields', by?.start ?? cmd.span.start, text);
  const unknownFields = unknownFieldNames(stats, whereExpr, dataset);
  return { stats, dataset, where: whereExpr, whereText: text, span, fillnull, unknownFields };
}

/** FromClause : "from" "datamodel" ("=" | ":") Model ("." Dataset)* */
function parseFrom(text: string, start: number, end: number): ResolvedDataset {
  const bodyStart = skipSpace(text, start, end);
  const clauseEnd = trimEnd(text, bodyStart, end);
  const m = /^datamodel\s*[=:]\s*/i.exec(text.slice(bodyStart, clauseEnd));
  if (m === null) throw unsupported('tstats: FROM supports datamodel=<Model>[.<Dataset>] only', bodyStart, text);
  const { value } = optionValue(text, bodyStart + m[0].length, clauseEnd);
  const parts = value.split('.');
  const model = parts[0] as string;
  const resolved = resolveDataset(model, parts.slice(1));
  if (typeof resolved === 'string') throw unsupported(`tstats: ${resolved}`, bodyStart, text);
  return resolved;
}

/**
 * `where nodename=All_Traffic.Blocked_Traffic`: the dataset (a path from the root) the rows come from,
 * when it is a top-level condition of WHERE. Returns the rest of the expression.
 */
function takeNodename(expr: SearchExpr): { nodename: { value: string; at: number } | null; rest: SearchExpr | null } {
  const isNode = (e: SearchExpr): e is Extract<SearchExpr, { kind: 'compare' }> => e.kind === 'compare' && e.op === '=' && e.field.toLowerCase() === 'nodename';
  if (isNode(expr)) return { nodename: { value: expr.value, at: expr.span.start }, rest: null };
  if (expr.kind !== 'and') return { nodename: null, rest: expr };
  const node = expr.items.find(isNode);
  if (node === undefined) return { nodename: null, rest: expr };
  const items = expr.items.filter((e) => e !== node);
  return { nodename: { value: node.value, at: node.span.start }, rest: items.length === 0 ? null : items.length === 1 ? (items[0] as SearchExpr) : { ...expr, items } };
}

function nodenameDataset(dataset: ResolvedDataset | null, nodename: { value: string; at: number }, ctx: CommandContext): ResolvedDataset {
  if (dataset === null) throw runtimeError('tstats: nodename= needs FROM datamodel=<Model>', nodename.at, ctx.query);
  const resolved = resolveDataset(dataset.model.name, nodename.value.split('.'));
  if (typeof resolved === 'string') throw unsupported(`tstats: nodename=${nodename.value}: ${resolved}`, nodename.at, ctx.query);
  if (resolved.chain[0] !== dataset.chain[0]) throw runtimeError(`tstats: nodename=${nodename.value} is not under ${dataset.chain.map((d) => d.name).join('.')}`, nodename.at, ctx.query);
  return resolved;
}

function checkWhere(expr: SearchExpr, ctx: CommandContext): void {
  walkSearchExpr(expr, (node) => {
    if (node.kind === 'term') throw unsupported('tstats: free-text terms in WHERE are not supported (dataset rows carry no raw text)', node.span.start, ctx.query);
    if (node.kind === 'subsearch') throw unsupported('tstats: subsearches in WHERE are not supported', node.span.start, ctx.query);
    if ((node.kind === 'compare' || node.kind === 'in') && node.field.toLowerCase() === 'nodename') {
      throw unsupported('tstats: nodename= is supported only as a top-level condition of WHERE (nodename=<Dataset>[.<Child>])', node.span.start, ctx.query);
    }
  });
}

/**
 * Fields the search names that the dataset (or the indexed fields) does not hold. Splunk runs such a
 * search (the field is null in every row, so a BY on it drops every row unless fillnull_value is set);
 * the run reports them in its notes, since they are usually a misspelt field (`processes.process_name`).
 */
function unknownFieldNames(stats: StatsCommand, where: SearchExpr | null, dataset: ResolvedDataset | null): string[] {
  const known = dataset === null ? new Set(INDEXED_FIELDS) : datasetFieldNames(dataset);
  const out = new Set<string>();
  const check = (name: string): void => {
    if (!name.includes('*') && !known.has(name)) out.add(name);
  };
  for (const a of stats.aggregations) if (a.arg?.kind === 'field') check(a.arg.name);
  for (const b of stats.by) check(b.name);
  if (where !== null) {
    walkSearchExpr(where, (node) => {
      if ((node.kind === 'compare' || node.kind === 'in') && !['earliest', 'latest'].includes(node.field.toLowerCase())) check(node.field);
    });
  }
  return [...out];
}

/** The rows tstats aggregates: dataset rows, or every event's indexed fields. */
function sourceRows(plan: TstatsPlan, ctx: CommandContext): Row[] {
  const events = ctx.events;
  if (events === undefined) throw runtimeError('tstats needs the event store', 0, ctx.query);
  if (plan.dataset !== null) return datasetRows(plan.dataset, events);
  const rows: Row[] = [];
  for (let doc = 0; doc < events.index.size; doc++) {
    const f = events.fieldsOf(doc);
    const out = new Map<string, FieldValue>();
    for (const k of INDEXED_FIELDS) {
      const v = f.get(k);
      if (v !== undefined) out.set(k, v);
    }
    rows.push({ doc, fields: out });
  }
  return rows;
}

export function runTstats(_rows: Row[], cmd: GenericCommand, ctx: CommandContext): Row[] {
  const plan = planTstats(cmd, ctx);
  if (plan.unknownFields.length > 0) {
    const where = plan.dataset === null ? 'the indexed fields' : `data model ${plan.dataset.model.name}.${plan.dataset.chain.map((d) => d.name).join('.')}`;
    ctx.notes.add(`tstats: ${plan.unknownFields.join(', ')} ${plan.unknownFields.length === 1 ? 'is' : 'are'} not in ${where}, so null in every row`);
  }
  const all = sourceRows(plan, ctx);
  if (plan.dataset !== null && all.length === 0) {
    const name = `${plan.dataset.model.name}.${plan.dataset.chain.map((d) => d.name).join('.')}`;
    ctx.notes.add(`tstats: no loaded event is in ${name} (its constraint: ${plan.dataset.chain.map((d) => d.constraint).join(' | ')}); the embedded engine assigns the Windows add-on's event types and tags only`);
  }
  let rows = all.filter(rowMatcher(plan.where, plan.whereText));
  if (plan.span !== null) {
    const span = plan.span;
    for (const r of rows) {
      const t = toNumber(valuesOf(r.fields.get('_time'))[0]);
      if (t !== null) r.fields.set('_time', floorToSpan(t, span));
    }
  }
  if (plan.fillnull !== null) {
    const fill = plan.fillnull;
    rows = rows.map((r) => {
      for (const b of plan.stats.by) if (!r.fields.has(b.name)) r.fields.set(b.name, fill);
      return r;
    });
  }
  return runStats(rows, plan.stats, ctx);
}
