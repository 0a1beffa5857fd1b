// Runs a parsed search over an event index: the base search from the lexicon (search.ts), then every
// command in order. Events enter the pipeline newest first, as Splunk returns them (for equal _time,
// the later-loaded event first: this engine's choice). The event-level part of a search is everything
// before its first transforming command; the events that survive it are reported separately, so rows
// of a stats search can be traced back to events.
import type { Pipeline } from './ast.js';
import { type CommandContext, type ExecuteOptions } from './commands/context.js';
import { checkPipeline, isTransforming, runCommand } from './commands/index.js';
import { tableRow } from './commands/table.js';
import { assignEventTypes } from './datamodels/eventtypes.js';
import { extractFields, lineCount } from './fields/extract.js';
import type { EventIndex } from './index.js';
import { resolveSubsearches } from './subsearch.js';
import { type EventSource, runBaseSearch } from './search.js';
import { isoTime } from './time.js';
import { type FieldValue, type Row, fromList, toText, valuesOf } from './values.js';

export type { ExecuteOptions };

export interface ExecutionResult {
  /** Final results. */
  rows: Row[];
  /** Event numbers (ascending) of the events that pass the event-level part of the search. */
  eventDocs: number[];
  /** Behaviour choices that applied. */
  notes: string[];
}

/** Field access for the base search and for building event rows; extraction is cached per event. */
export class IndexedEvents implements EventSource {
  private readonly cache = new Map<number, Map<string, FieldValue>>();

  constructor(readonly index: EventIndex) {}

  fieldsOf(doc: number): Map<string, FieldValue> {
    let f = this.cache.get(doc);
    if (f === undefined) {
      const record = this.index.record(doc);
      f = new Map<string, FieldValue>([
        ['_raw', record._raw],
        ['_time', record._time],
        ['host', record.host],
        ['source', record.source],
        ['sourcetype', record.sourcetype],
        ['index', record.index],
        ['linecount', lineCount(record._raw)],
      ]);
      for (const [k, vs] of extractFields(record)) {
        if (f.has(k)) continue;
        const v = fromList(vs);
        if (v !== undefined) f.set(k, v);
      }
      assignEventTypes(doc, f);
      this.cache.set(doc, f);
    }
    return f;
  }

  /**
   * The event's fields for a result row to own (commands change a row's fields in place): the cached
   * map itself, which leaves the cache (a later fieldsOf extracts afresh), so no copy is made per row.
   */
  takeFields(doc: number): Map<string, FieldValue> {
    const f = this.fieldsOf(doc);
    this.cache.delete(doc);
    return f;
  }
}

/**
 * What every execution does first: check the whole pipeline (throws SplError before reading any data),
 * then run the subsearches over the same events; their results replace them (subsearch.ts).
 */
function preparePipeline(pipeline: Pipeline, index: EventIndex, query: string, options: ExecuteOptions, src: IndexedEvents) {
  const ctx: CommandContext = { query, options, notes: new Set(), events: src };
  checkPipeline(pipeline, ctx);
  const resolved = resolveSubsearches(pipeline, query, (sub) => {
    const r = executePipeline(sub, index, query, options, src);
    for (const n of r.notes) ctx.notes.add(n);
    return r.rows;
  }, ctx.notes);
  return { src, ctx, resolved };
}

/** Checks the whole pipeline (throws SplError before reading any data), then runs it. */
export function executePipeline(pipeline: Pipeline, index: EventIndex, query: string, options: ExecuteOptions = {}, events?: IndexedEvents): ExecutionResult {
  const { src, ctx, resolved } = preparePipeline(pipeline, index, query, options, events ?? new IndexedEvents(index));
  const commands = resolved.commands;
  let rows: Row[] = [];
  let from = 0;
  let tableFused = false;
  if (!resolved.leadingPipe && commands[0]?.kind === 'search') {
    const docs = runBaseSearch(commands[0].expr, src, query);
    docs.sort((a, b) => index.time(b) - index.time(a) || b - a);
    const next = commands[1];
    if (next?.kind === 'table') {
      // `search ... | table ...` (a rule's usual start): each event's fields go through the table as the
      // row is built, so only the kept fields of all the matching events are alive at once, not every
      // search-time field of each. The table keeps every row and its event: the event-level part (up to
      // the table, the first transforming command) is the base search's events, as below.
      const table = tableRow(next);
      rows = docs.map((doc) => table({ doc, fields: src.takeFields(doc) }));
      from = 2;
      tableFused = true;
    } else {
      rows = docs.map((doc) => ({ doc, fields: src.takeFields(doc) }));
      from = 1;
    }
  }
  let firstTransforming = tableFused ? from : commands.findIndex((c, i) => i >= from && isTransforming(c));
  if (firstTransforming < 0) firstTransforming = commands.length;
  for (let i = from; i < firstTransforming; i++) rows = runCommand(rows, commands[i] as (typeof commands)[number], ctx);
  const eventDocs = [...new Set(rows.map((r) => r.doc).filter((d) => d >= 0))].sort((a, b) => a - b);
  for (let i = firstTransforming; i < commands.length; i++) rows = runCommand(rows, commands[i] as (typeof commands)[number], ctx);
  return { rows, eventDocs, notes: [...ctx.notes] };
}

/**
 * The event-level part of a search only: the event numbers (ascending) that pass it, for callers that
 * need which events a search selects and not its results. A pipeline that is one base search (the
 * common case: a rule's single condition) is answered from the base search alone, without building a
 * result row (all search-time fields) per matching event; any other pipeline runs as executePipeline.
 */
export function executeEventLevel(pipeline: Pipeline, index: EventIndex, query: string, options: ExecuteOptions = {}): { eventDocs: number[]; notes: string[] } {
  const only = pipeline.commands[0];
  if (pipeline.leadingPipe || pipeline.commands.length !== 1 || only?.kind !== 'search') {
    const result = executePipeline(pipeline, index, query, options);
    return { eventDocs: result.eventDocs, notes: result.notes };
  }
  const { src, ctx, resolved } = preparePipeline(pipeline, index, query, options, new IndexedEvents(index));
  const first = resolved.commands[0];
  const docs = runBaseSearch(first?.kind === 'search' ? first.expr : null, src, query);
  return { eventDocs: docs, notes: [...ctx.notes] };
}

/** A result row as the backends report it: strings and string lists; `_time` in ISO 8601 (UTC). */
export function renderRow(row: Row): Record<string, string | string[]> {
  // Field names come from event text: a null-prototype object keeps `__proto__` an ordinary key.
  const out = Object.create(null) as Record<string, string | string[]>;
  for (const [k, v] of row.fields) {
    const vs = valuesOf(v).map((x) => (k === '_time' && typeof x === 'number' ? isoTime(x) : toText(x)));
    out[k] = vs.length === 1 ? (vs[0] as string) : vs;
  }
  return out;
}
