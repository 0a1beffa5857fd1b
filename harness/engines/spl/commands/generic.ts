// Commands the parser leaves generic (their arguments as words, options and groups): each has a check,
// run before any data is read (it parses the arguments and throws SplError for anything unsupported),
// and a run. Their argument parsers live beside their executors.
import type { GenericCommand } from '../ast.js';
import type { Row } from '../values.js';
import type { CommandContext } from './context.js';
import { planConvert, runConvert } from './convert.js';
import { planEventstats, runEventstats } from './eventstats.js';
import { planFillnull, runFillnull } from './fillnull.js';
import { planInputlookup, runInputlookup } from './inputlookup.js';
import { planLookup, runLookup } from './lookup.js';
import { planMvexpand, runMvexpand } from './mvexpand.js';
import { planRegex, runRegex } from './regex.js';
import { planRex, runRex } from './rex.js';
import { planSpath, runSpath } from './spath.js';
import { planStreamstats, runStreamstats } from './streamstats.js';
import { planTstats, runTstats } from './tstats.js';

export interface GenericCommandHandler {
  check(cmd: GenericCommand, ctx: CommandContext): void;
  run(rows: Row[], cmd: GenericCommand, ctx: CommandContext): Row[];
}

/** Command names (lower case) and their handlers. */
export const GENERIC_COMMANDS: ReadonlyMap<string, GenericCommandHandler> = new Map<string, GenericCommandHandler>([
  ['convert', { check: (c, ctx) => void planConvert(c, ctx), run: runConvert }],
  ['tstats', { check: (c, ctx) => void planTstats(c, ctx), run: runTstats }],
  ['rex', { check: (c, ctx) => void planRex(c, ctx), run: runRex }],
  ['regex', { check: (c, ctx) => void planRegex(c, ctx), run: runRegex }],
  ['fillnull', { check: (c, ctx) => void planFillnull(c, ctx), run: runFillnull }],
  ['eventstats', { check: (c, ctx) => void planEventstats(c, ctx), run: runEventstats }],
  ['inputlookup', { check: (c, ctx) => void planInputlookup(c, ctx), run: runInputlookup }],
  ['lookup', { check: (c, ctx) => void planLookup(c, ctx), run: runLookup }],
  ['spath', { check: (c, ctx) => void planSpath(c, ctx), run: runSpath }],
  ['streamstats', { check: (c, ctx) => void planStreamstats(c, ctx), run: runStreamstats }],
  ['mvexpand', { check: (c, ctx) => void planMvexpand(c, ctx), run: runMvexpand }],
]);
