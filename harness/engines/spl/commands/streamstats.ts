// `streamstats [current=<bool>] [window=<n>] [global=<bool>] <fn>(<field>) [AS name] ... [BY f1, f2]`:
// for each result in order, the stats aggregates over the results seen so far in its BY group (the
// current one included unless current=false), at most the last `window` of them (0 = all), added to
// that result. https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/streamstats
// - a result missing a BY field gets nothing and counts in no group;
// - `global=true` (the default) with a window: one window of the last `window` results of the stream,
//   of which the result's own group is aggregated ("Defines whether to use a single window,
//   global=true, or to use separate windows based on the by clause"); `global=false`: a window per group;
// - a result whose window holds nothing (the first one, with current=false) gets no aggregates (this
//   engine's choice); the reset_* and time_window options are refused;
// - options come before the functions, as in the reference's syntax.
import type { GenericCommand, StatsCommand } from '../ast.js';
import { runtimeError, unsupported } from '../errors.js';
import { skipSpace } from '../lexer.js';
import { type Row, toText, valuesOf } from '../values.js';
import type { CommandContext } from './context.js';
import { checkStats, parseStatsArguments, runStats } from './stats.js';

interface StreamstatsPlan {
  stats: StatsCommand;
  current: boolean;
  window: number;
  global: boolean;
}

const BOOL: Record<string, boolean> = { true: true, t: true, '1': true, yes: true, false: false, f: false, '0': false, no: false };

/** StreamstatsCommand : "streamstats" ("current=" Bool | "window=" Count | "global=" Bool)* StatsFunction ("," StatsFunction)* ("by" FieldList)? */
export function planStreamstats(cmd: GenericCommand, ctx: CommandContext): StreamstatsPlan {
  const text = ctx.query;
  let i = skipSpace(text, cmd.nameSpan.end, cmd.span.end);
  let current = true;
  let window = 0;
  let global = true;
  for (;;) {
    const m = /^([A-Za-z_]+)=(\S*)/.exec(text.slice(i, cmd.span.end));
    if (m === null) break;
    const key = (m[1] as string).toLowerCase();
    const value = (m[2] as string).toLowerCase();
    if (key === 'current' || key === 'global') {
      const b = BOOL[value];
      if (b === undefined) throw runtimeError(`streamstats: ${key} must be true or false`, i, text);
      if (key === 'current') current = b;
      else global = b;
    } else if (key === 'window') {
      if (!/^\d+$/.test(value)) throw runtimeError('streamstats: window must be a non-negative integer', i, text);
      window = Number(value);
    } else throw unsupported(`streamstats: the ${m[1] as string}= option is not supported`, i, text);
    i = skipSpace(text, i + m[0].length, cmd.span.end);
  }
  const stats = parseStatsArguments(text, i, cmd.span.end, cmd.name, cmd.nameSpan);
  checkStats(stats, ctx);
  return { stats, current, window, global };
}

function groupId(row: Row, by: string[]): string | null {
  const key: string[] = [];
  for (const f of by) {
    const vs = valuesOf(row.fields.get(f));
    if (vs.length === 0) return null;
    key.push(vs.map(toText).join('\u0000'));
  }
  return JSON.stringify(key);
}

export function runStreamstats(rows: Row[], cmd: GenericCommand, ctx: CommandContext): Row[] {
  const plan = planStreamstats(cmd, ctx);
  const by = plan.stats.by.map((b) => b.name);
  const noBy: StatsCommand = { ...plan.stats, by: [] };
  // Snapshots (the fields before this command added any), in stream order, with their group.
  const history: { id: string | null; row: Row }[] = [];
  for (const row of rows) {
    const id = groupId(row, by);
    const snapshot = { doc: row.doc, fields: new Map(row.fields) };
    const upTo = plan.current ? [...history, { id, row: snapshot }] : history;
    let windowed: Row[] = [];
    if (id !== null) {
      if (plan.window > 0 && plan.global) windowed = upTo.slice(-plan.window).filter((h) => h.id === id).map((h) => h.row);
      else {
        const group = upTo.filter((h) => h.id === id).map((h) => h.row);
        windowed = plan.window > 0 ? group.slice(-plan.window) : group;
      }
    }
    history.push({ id, row: snapshot });
    if (windowed.length === 0) continue;
    const result = runStats(windowed, noBy, ctx)[0];
    for (const [k, v] of result?.fields ?? []) row.fields.set(k, v);
  }
  return rows;
}
