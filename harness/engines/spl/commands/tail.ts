// `tail [N]`: the last N results (default 10), in reverse order.
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/tail
import type { TailCommand } from '../ast.js';
import type { Row } from '../values.js';
import type { CommandContext } from './context.js';

export function runTail(rows: Row[], cmd: TailCommand, _ctx: CommandContext): Row[] {
  return rows.slice(Math.max(0, rows.length - cmd.count)).reverse();
}
