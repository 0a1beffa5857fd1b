// `tail [N]`: the last N results (default 10), in reverse order.
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/tail
import type { CommandHead, TailCommand } from '../ast.js';
import { syntaxError } from '../errors.js';
import { type ArgToken, lexArgs } from '../lexer.js';
import type { Row } from '../values.js';
import type { CommandContext } from './context.js';

/** TailCommand : "tail" Count? */
export function parseTail(text: string, start: number, end: number, head: CommandHead): TailCommand {
  const tokens = lexArgs(text, start, end);
  if (tokens.length === 0) return { kind: 'tail', ...head, count: 10 };
  const first = tokens[0] as ArgToken;
  if (tokens.length > 1 || first.t !== 'word' || !/^\d+$/.test(first.text)) throw syntaxError('tail: expected a count', first.span.start, text);
  return { kind: 'tail', ...head, count: Number(first.text) };
}

export function runTail(rows: Row[], cmd: TailCommand, _ctx: CommandContext): Row[] {
  return rows.slice(Math.max(0, rows.length - cmd.count)).reverse();
}
