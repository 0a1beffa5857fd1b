// The embedded SPL engine's entry points: prepare a query (expand macros, parse), check it, run it over
// an event index. Errors are SplError (an InputError: file/line/column, caret excerpt); a position inside
// a macro's expansion also names the macro and where it was called.
import { positionAt } from '../../errors.js';
import type { ResultRow } from '../../model/records.js';
import type { Pipeline } from './ast.js';
import type { CommandContext, ExecuteOptions } from './commands/context.js';
import { checkPipeline } from './commands/index.js';
import { SplError } from './errors.js';
import { executeEventLevel, executePipeline, renderRow } from './execute.js';
import type { EventIndex } from './index.js';
import { type ExpandedQuery, type MacroLibrary, callAt, expandMacros } from './macros.js';
import { parseSpl } from './parser.js';

export interface PreparedSearch {
  expanded: ExpandedQuery;
  pipeline: Pipeline;
}

export interface SearchResult {
  /** The query as run: macros expanded, comments replaced by a space. */
  expandedQuery: string;
  rows: ResultRow[];
  /** Ids of the events that pass the event-level part (before the first transforming command), in load order. */
  eventIds: string[];
  /** Event numbers (0-based load order) of those events. */
  eventDocs: number[];
  notes: string[];
}

/** The offset in the original query of an offset in the expanded text (a macro's expansion: its call). */
function originalOffset(expanded: ExpandedQuery, offset: number): number {
  let shift = 0;
  for (const call of expanded.calls) {
    if (offset < call.expandedStart) break;
    if (offset < call.expandedEnd) return call.originalStart;
    shift += call.expandedEnd - call.expandedStart - (call.originalEnd - call.originalStart);
  }
  return Math.max(0, offset - shift);
}

/** Re-throws an error positioned in the expanded text with the macro call it came from. */
function locate(error: unknown, expanded: ExpandedQuery, file: string): never {
  if (!(error instanceof SplError)) throw error;
  if (error.query !== expanded.text) throw relabel(error, file, expanded);
  const call = callAt(expanded, error.offset);
  let message = error.message;
  if (call !== undefined) {
    const at = positionAt(expanded.original, call.originalStart);
    message += ` (in the expansion of macro \`${call.name}\` called at ${at.line}:${at.column} of the original query)`;
  }
  const located = new SplError(message, error.kind, error.offset, error.query, file);
  located.originalOffset = originalOffset(expanded, error.offset);
  throw located;
}

function relabel(error: SplError, file: string, expanded?: ExpandedQuery): SplError {
  const relabelled = file === '<query>' ? error : new SplError(error.message, error.kind, error.offset, error.query, file);
  if (expanded !== undefined && error.query === expanded.original) relabelled.originalOffset = error.offset;
  return relabelled;
}

/** Expands macros and parses. `file` labels positions (e.g. the rule file). */
export function prepareSearch(query: string, macros: MacroLibrary, file = '<query>'): PreparedSearch {
  let expanded: ExpandedQuery;
  try {
    expanded = expandMacros(query, macros);
  } catch (e) {
    throw e instanceof SplError ? relabel(e, file, { original: query, text: query, calls: [] }) : e;
  }
  try {
    return { expanded, pipeline: parseSpl(expanded.text) };
  } catch (e) {
    locate(e, expanded, file);
  }
}

/** Throws the SplError the run would raise for an unsupported command, function or option. */
export function checkSearch(prepared: PreparedSearch, options: ExecuteOptions = {}, file = '<query>'): void {
  const ctx: CommandContext = { query: prepared.expanded.text, options, notes: new Set() };
  try {
    checkPipeline(prepared.pipeline, ctx);
  } catch (e) {
    locate(e, prepared.expanded, file);
  }
}

/** Runs a prepared search over the index. */
export function runPrepared(prepared: PreparedSearch, index: EventIndex, options: ExecuteOptions = {}, file = '<query>'): SearchResult {
  try {
    const result = executePipeline(prepared.pipeline, index, prepared.expanded.text, options);
    return {
      expandedQuery: prepared.expanded.text,
      rows: result.rows.map(renderRow),
      eventIds: result.eventDocs.map((d) => index.id(d)),
      eventDocs: result.eventDocs,
      notes: result.notes,
    };
  } catch (e) {
    locate(e, prepared.expanded, file);
  }
}

/** Runs only the event-level part of a prepared search: which events pass it (see executeEventLevel). */
export function runPreparedEventLevel(prepared: PreparedSearch, index: EventIndex, options: ExecuteOptions = {}, file = '<query>'): Omit<SearchResult, 'rows'> {
  try {
    const result = executeEventLevel(prepared.pipeline, index, prepared.expanded.text, options);
    return { expandedQuery: prepared.expanded.text, eventIds: result.eventDocs.map((d) => index.id(d)), eventDocs: result.eventDocs, notes: result.notes };
  } catch (e) {
    locate(e, prepared.expanded, file);
  }
}

/**
 * Runs `work` (commands of a prepared search) and re-throws its SplError positioned as runPrepared's are:
 * with the macro call a position in the expansion came from. For callers that run a pipeline's
 * commands themselves (stream-search.ts).
 */
export function withSearchPositions<T>(prepared: PreparedSearch, file: string, work: () => T): T {
  try {
    return work();
  } catch (e) {
    locate(e, prepared.expanded, file);
  }
}

/** Expands, parses and runs a query in one step. */
export function runSearch(query: string, index: EventIndex, macros: MacroLibrary, options: ExecuteOptions = {}, file = '<query>'): SearchResult {
  return runPrepared(prepareSearch(query, macros, file), index, options, file);
}
