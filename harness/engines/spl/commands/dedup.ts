// `dedup [N] f1 f2 [keepempty=bool] [consecutive=bool] [sortby ...]`: keeps the first N results for each
// combination of values of the fields; results missing any of them are dropped unless keepempty=true;
// consecutive=true removes only runs of duplicates. A multivalue field compares as a whole.
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/dedup
import type { CommandHead, DedupCommand, FieldPattern, OptionArg, SortKey } from '../ast.js';
import { runtimeError, syntaxError, unsupported } from '../errors.js';
import { type ArgToken, lexArgs } from '../lexer.js';
import { type Row, toText, valuesOf } from '../values.js';
import { type ArgWordToken, fieldOf, isOptionWord, optionOf } from './args.js';
import type { CommandContext } from './context.js';
import { boolOption } from './options.js';
import { parseSortKeys, sortRows } from './sort.js';

/** DedupCommand : "dedup" Count? (Option | Field)+ ("sortby" SortKey (","? SortKey)*)? */
export function parseDedup(text: string, start: number, end: number, head: CommandHead): DedupCommand {
  const tokens = lexArgs(text, start, end).filter((token) => token.t !== ',');
  let count = 1;
  const fields: FieldPattern[] = [];
  const options: OptionArg[] = [];
  const sortBy: SortKey[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as ArgToken;
    if (i === 0 && token.t === 'word' && /^\d+$/.test(token.text)) {
      count = Number(token.text);
      continue;
    }
    if (isOptionWord(token)) {
      const { option, consumedNext } = optionOf(token as ArgWordToken, tokens[i + 1]);
      options.push(option);
      if (consumedNext) i++;
      continue;
    }
    if (token.t === 'word' && token.text.toLowerCase() === 'sortby') {
      sortBy.push(...parseSortKeys(text, tokens.slice(i + 1)));
      break;
    }
    const field = fieldOf(token);
    if (field === null) throw syntaxError('dedup: expected a field name', token.span.start, text);
    fields.push(field);
  }
  if (fields.length === 0) throw syntaxError('dedup needs at least one field', head.nameSpan.end, text);
  return { kind: 'dedup', ...head, count, fields, options, sortBy };
}

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
