// The commands the embedded engine runs, and the static check that refuses a search before any data is
// read when it uses anything else (`unsupported command: <name>`, positioned at the command name).
import type { Command, Pipeline } from '../ast.js';
import { runtimeError, unsupported } from '../errors.js';
import { checkEvalExpr } from '../eval.js';
import { checkSearchExpr } from '../search.js';
import { optionText } from './args.js';
import { MAX_SUBSEARCH_DEPTH, forEachSubsearch, tooDeep } from '../subsearch.js';
import type { Row } from '../values.js';
import { planBin, runBin } from './bin.js';
import type { CommandContext } from './context.js';
import { checkDedup, runDedup } from './dedup.js';
import { runEval } from './eval.js';
import { runFields } from './fields.js';
import { checkHead, runHead } from './head.js';
import { runRename } from './rename.js';
import { runSearch } from './search.js';
import { runSort } from './sort.js';
import { checkStats, runStats } from './stats.js';
import { runTable } from './table.js';
import { runTail } from './tail.js';
import { runWhere } from './where.js';
import { GENERIC_COMMANDS } from './generic.js';

/** Command names (lower case) the engine runs, aliases included. */
export const SUPPORTED_COMMANDS: ReadonlySet<string> = new Set([
  'search', 'where', 'eval', 'table', 'fields', 'rename', 'bin', 'bucket', 'discretize', 'stats', 'dedup', 'sort', 'head', 'tail',
  ...GENERIC_COMMANDS.keys(),
]);

/**
 * Transforming commands (they turn events into a results table); the event-level part of a search is
 * everything before the first of them. Unsupported transforming commands are listed too, so that the
 * split is right for any parsed search.
 * https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/quick-reference/command-types
 * https://help.splunk.com/splunk-enterprise/search/search-manual/10.0/search-overview/types-of-commands
 */
export const TRANSFORMING_COMMANDS: ReadonlySet<string> = new Set([
  'stats', 'table', 'chart', 'timechart', 'top', 'rare', 'contingency', 'sistats', 'sichart', 'sitimechart', 'sitop',
  'sirare', 'xyseries', 'tstats', 'mstats', 'associate', 'cofilter', 'geostats', 'history', 'makecontinuous', 'mvcombine',
]);

export function isTransforming(cmd: Command): boolean {
  return TRANSFORMING_COMMANDS.has(cmd.name.toLowerCase());
}

/** Throws SplError for the first part of the pipeline the engine cannot run. */
export function checkPipeline(pipeline: Pipeline, ctx: CommandContext, depth = 0): void {
  forEachSubsearch(pipeline, (sub, span) => {
    if (depth >= MAX_SUBSEARCH_DEPTH) tooDeep(span, ctx.query);
    checkPipeline(sub, ctx, depth + 1);
  });
  pipeline.commands.forEach((cmd, i) => {
    // A generating command reads the store, so it must come first (`| tstats ...`, `[| tstats ...]`).
    if (i > 0 && GENERATING_COMMANDS.has(cmd.name.toLowerCase()) && !appends(cmd)) {
      throw runtimeError(`${cmd.name} is a generating command: it must be the first command of the search, e.g. | ${cmd.name} ...`, cmd.nameSpan.start, ctx.query);
    }
    checkCommand(cmd, ctx);
  });
}

/** `append=true` lets a generating command follow others (`| inputlookup append=t x`). */
function appends(cmd: Command): boolean {
  return cmd.kind === 'generic' && cmd.args.some((a) => a.kind === 'option' && a.key.toLowerCase() === 'append' && ['true', 't', '1', 'yes'].includes(optionText(a).toLowerCase()));
}

/** Generating commands the engine runs. https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/quick-reference/command-types */
const GENERATING_COMMANDS: ReadonlySet<string> = new Set(['tstats', 'inputlookup']);

function checkCommand(cmd: Command, ctx: CommandContext): void {
  switch (cmd.kind) {
    case 'generic': {
      const handler = GENERIC_COMMANDS.get(cmd.name.toLowerCase());
      if (handler === undefined) throw unsupported(`unsupported command: ${cmd.name}`, cmd.nameSpan.start, ctx.query);
      return handler.check(cmd, ctx);
    }
    case 'search':
      if (cmd.expr !== null) checkSearchExpr(cmd.expr, ctx.query);
      return;
    case 'where':
      checkEvalExpr(cmd.expr, ctx);
      return;
    case 'eval':
      for (const a of cmd.assignments) checkEvalExpr(a.expr, ctx);
      return;
    case 'stats':
      checkStats(cmd, ctx);
      for (const a of cmd.aggregations) if (a.arg?.kind === 'eval') checkEvalExpr(a.arg.expr, ctx);
      return;
    case 'bin': {
      // Planning validates the options; the no-field note belongs to the run, not to the check.
      const notes = new Set<string>();
      planBin(cmd, { ...ctx, notes });
      return;
    }
    case 'dedup':
      checkDedup(cmd, ctx);
      return;
    case 'head':
      checkHead(cmd, ctx);
      if (cmd.expr !== null) checkEvalExpr(cmd.expr, ctx);
      return;
    default:
      return;
  }
}

/** Runs one (checked) command over the rows. */
export function runCommand(rows: Row[], cmd: Command, ctx: CommandContext): Row[] {
  switch (cmd.kind) {
    case 'search':
      return runSearch(rows, cmd, ctx);
    case 'where':
      return runWhere(rows, cmd, ctx);
    case 'eval':
      return runEval(rows, cmd, ctx);
    case 'table':
      return runTable(rows, cmd, ctx);
    case 'fields':
      return runFields(rows, cmd, ctx);
    case 'rename':
      return runRename(rows, cmd, ctx);
    case 'bin':
      return runBin(rows, cmd, ctx);
    case 'stats':
      return runStats(rows, cmd, ctx);
    case 'dedup':
      return runDedup(rows, cmd, ctx);
    case 'sort':
      return runSort(rows, cmd, ctx);
    case 'head':
      return runHead(rows, cmd, ctx);
    case 'tail':
      return runTail(rows, cmd, ctx);
    case 'generic': {
      const handler = GENERIC_COMMANDS.get(cmd.name.toLowerCase());
      if (handler === undefined) throw unsupported(`unsupported command: ${cmd.name}`, cmd.nameSpan.start, ctx.query);
      return handler.run(rows, cmd, ctx);
    }
  }
}
