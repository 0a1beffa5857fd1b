// `eventstats <fn>(<field>) [AS name] ... [BY f1, f2]`: computes the same aggregates as stats, per BY
// group, and adds them to every result of the group instead of replacing the results; results missing a
// BY field get nothing; an aggregate overwrites a field of the same name.
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/eventstats
// A multivalue BY value puts the result in each of its values' groups, as stats does; the result takes
// the aggregates of the last such group (this engine's choice: the reference does not say).
import type { GenericCommand, StatsCommand } from '../ast.js';
import { type FieldValue, type Row, toText, valuesOf } from '../values.js';
import type { CommandContext } from './context.js';
import { checkStats, parseStatsArguments, runStats } from './stats.js';

/** EventstatsCommand : "eventstats" StatsFunction ("," StatsFunction)* ("by" FieldList)?   (stats's parser) */
export function planEventstats(cmd: GenericCommand, ctx: CommandContext): StatsCommand {
  const stats = parseStatsArguments(ctx.query, cmd.nameSpan.end, cmd.span.end, cmd.name, cmd.nameSpan);
  checkStats(stats, ctx);
  return stats;
}

function groupIds(row: Row, by: string[]): string[] {
  let ids: string[][] = [[]];
  for (const f of by) {
    const vs = valuesOf(row.fields.get(f));
    if (vs.length === 0) return [];
    ids = ids.flatMap((id) => vs.map((v) => [...id, toText(v)]));
  }
  return ids.map((id) => JSON.stringify(id));
}

export function runEventstats(rows: Row[], cmd: GenericCommand, ctx: CommandContext): Row[] {
  const stats = planEventstats(cmd, ctx);
  const by = stats.by.map((b) => b.name);
  const groups = new Map<string, Row[]>();
  const memberOf = new Map<Row, string[]>();
  for (const r of rows) {
    const ids = groupIds(r, by);
    memberOf.set(r, ids);
    for (const id of ids) {
      const g = groups.get(id) ?? [];
      g.push(r);
      groups.set(id, g);
    }
  }
  const aggregates = new Map<string, Map<string, FieldValue>>();
  const noBy: StatsCommand = { ...stats, by: [] };
  for (const [id, members] of groups) {
    const result = runStats(members, noBy, ctx)[0];
    aggregates.set(id, result?.fields ?? new Map());
  }
  for (const r of rows) {
    for (const id of memberOf.get(r) ?? []) {
      for (const [k, v] of aggregates.get(id) ?? []) r.fields.set(k, v);
    }
  }
  return rows;
}
