// `dedup [N] f1 f2 [keepempty=bool] [consecutive=bool] [sortby ...]`: keeps the first N results for each
// combination of values of the fields; results missing any of them are dropped unless keepempty=true;
// consecutive=true removes only runs of duplicates. A multivalue field compares as a whole.
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/dedup
import type { DedupCommand } from '../ast.js';
import { runtimeError, unsupported } from '../errors.js';
import { type Row, toText, valuesOf } from '../values.js';
import type { CommandContext } from './context.js';
import { boolOption } from './options.js';
import { sortRows } from './sort.js';


export function checkDedup(cmd: DedupCommand, ctx: CommandContext): void {
  for (const o of cmd.options) {
    const key = o.key.toLowerCase();
    if (key === 'keepevents') throw unsupported('dedup: keepevents= is not supported', o.span.start, ctx.query);
    if (key !== 'keepempty' && key !== 'consecutive') throw runtimeError(`dedup: unknown option ${o.key}`, o.span.start, ctx.query);
    boolOption(cmd.options, key, 'dedup', ctx);
  }
  if (cmd.count < 1) throw runtimeError('dedup: the count must be at least 1', cmd.span.start, ctx.query);
}

export function runDedup(rows: Row[], cmd: DedupCommand, ctx: CommandContext): Row[] {
  const keepEmpty = boolOption(cmd.options, 'keepempty', 'dedup', ctx);
  const consecutive = boolOption(cmd.options, 'consecutive', 'dedup', ctx);
  const seen = new Map<string, number>();
  let previous: string | null = null;
  const out: Row[] = [];
  for (const row of rows) {
    const parts: string[] = [];
    let missing = false;
    for (const f of cmd.fields) {
      const vs = valuesOf(row.fields.get(f.name));
      if (vs.length === 0) missing = true;
      parts.push(JSON.stringify(vs.map(toText)));
    }
    if (missing) {
      if (keepEmpty) out.push(row);
      continue;
    }
    const key = parts.join('\u0000');
    if (consecutive) {
      if (key !== previous) out.push(row);
      previous = key;
      continue;
    }
    const n = seen.get(key) ?? 0;
    if (n < cmd.count) out.push(row);
    seen.set(key, n + 1);
  }
  return cmd.sortBy.length > 0 ? sortRows(out, cmd.sortBy) : out;
}
