// An SPL search run over events as they are read, holding only what reaches the first command that needs
// other events. The answer (rows, event ids, notes, the error a search fails with) is the one
// executePipeline gives over an index of all the events (execute.ts); test/spl/stream-search.test.ts
// checks that property.
//
// How: the search's streaming prefix (the base search, then every command up to the first that is not
// per event) runs on each event as it arrives. Streaming commands "apply a transformation to each event
// returned by a search", with no dependence on other events or on their order
// (https://help.splunk.com/splunk-enterprise/search/search-manual/9.4/search-primer/types-of-commands), so
// running them event by event gives what running them over the whole result list gives. The base search
// runs on a small event index of each batch of events (the engine's own lexicon-first base search,
// search.ts): whether an event matches depends on that event alone. The rows that survive the prefix are
// held; at the end they are put in the order the engine gives events (newest `_time` first, and for equal
// times the later-loaded event first: execute.ts) and the rest of the pipeline runs over them as usual.
//
// What the batch form would fail with is reproduced exactly: the commands run in order over the whole
// list, so its error comes from the earliest command that fails on any event, and within that command
// from the first failing event in result order. A failure here is therefore kept as (command, event),
// the earliest command and then the newest event winning, and thrown once every event is read (a
// malformed line later in the file wins over it, as in the batch form, which reads every line first).
// Notes are ordered the same way: command by command, and within a command by the first event (in
// result order) that gave the note.
//
// Searches that need every event at once run over one index of all events, as before: a generating
// command (`| tstats`, `| inputlookup`), a subsearch (it runs over the same events), no base search.
import type { Command, SearchExpr } from './ast.js';
import type { CommandContext, ExecuteOptions } from './commands/context.js';
import { planFillnull } from './commands/fillnull.js';
import { isTransforming, runCommand } from './commands/index.js';
import { type PreparedSearch, type SearchResult, checkSearch, prepareSearch, runPrepared, withSearchPositions } from './engine.js';
import { SplError } from './errors.js';
import { IndexedEvents, renderRow } from './execute.js';
import { EventIndex, type IndexableEvent } from './index.js';
import type { MacroLibrary } from './macros.js';
import { runBaseSearch } from './search.js';
import { forEachSubsearch } from './subsearch.js';
import type { Row } from './values.js';

/** An event with its id (its `_id`, or the line number standing in for it). */
export type StreamedEvent = IndexableEvent & { _id: string };

/** Events indexed together for the base search (a batch is also cut at BATCH_CHARS of `_raw`). */
const BATCH_EVENTS = 2048;
const BATCH_CHARS = 8 * 1024 * 1024;

/** Command kinds that work on each result on its own. */
const PER_EVENT_KINDS: ReadonlySet<Command['kind']> = new Set(['search', 'where', 'eval', 'fields', 'rename', 'bin']);
/** Generic commands that work on each result on its own (fillnull only with a field list: see perEvent). */
const PER_EVENT_GENERIC: ReadonlySet<string> = new Set(['rex', 'regex', 'convert', 'lookup', 'spath', 'mvexpand']);
/** Commands that read the whole event store. */
const READS_STORE: ReadonlySet<string> = new Set(['tstats', 'inputlookup']);

/** Where an event stands in the engine's result order: newer `_time` first, then the later-loaded. */
interface OrderKey {
  time: number;
  doc: number;
}

/** True when `a` comes before `b` in result order. */
function before(a: OrderKey, b: OrderKey): boolean {
  return a.time > b.time || (a.time === b.time && a.doc > b.doc);
}

interface HeldRow extends OrderKey {
  row: Row;
}

/**
 * Whether the (checked) command works on each result alone. `fillnull` without a field list fills the
 * fields that any result has, so it needs them all
 * (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/fillnull).
 * `dth scan` asks the same question of a rule's event-level commands (scan/splunk-rules.ts).
 */
export function perEvent(cmd: Command, ctx: CommandContext): boolean {
  if (cmd.kind !== 'generic') return PER_EVENT_KINDS.has(cmd.kind);
  const name = cmd.name.toLowerCase();
  if (name === 'fillnull') return planFillnull(cmd, ctx).fields !== null;
  return PER_EVENT_GENERIC.has(name);
}

/** Why the search needs all events at once, or null when it can stream. */
function needsAllEvents(prepared: PreparedSearch): boolean {
  const { pipeline } = prepared;
  if (pipeline.leadingPipe || pipeline.commands[0]?.kind !== 'search') return true;
  let subsearch = false;
  forEachSubsearch(pipeline, () => (subsearch = true));
  return subsearch || pipeline.commands.some((c) => READS_STORE.has(c.name.toLowerCase()));
}

/** A failure of the prefix: the command it came from and the event it failed on. */
interface Failure extends OrderKey {
  command: number;
  error: unknown;
}

export class StreamingSearch {
  private readonly prepared: PreparedSearch | null = null;
  /** The error preparing or checking the search failed with (thrown by finish, after every line is read). */
  private readonly invalid: unknown = null;
  private readonly streaming: boolean = false;
  /** The base search (null: every event). */
  private readonly base: SearchExpr | null = null;
  /** The streaming prefix: commands after the base search, up to the first that is not per event. */
  private readonly prefix: Command[] = [];
  private readonly ctx: CommandContext;
  /** Per prefix command, each note it gave with the first event (in result order) that gave it. */
  private readonly notes: Map<string, OrderKey>[] = [];
  private failure: Failure | null = null;
  private batch: StreamedEvent[] = [];
  private batchDocs: number[] = [];
  private batchChars = 0;
  private held: HeldRow[] = [];
  /** Ids of the events that have held rows. */
  private readonly heldIds = new Map<number, string>();
  /** All events, for a search that needs them at once. */
  private readonly whole: EventIndex | null = null;
  private docs = 0;

  constructor(
    query: string,
    macros: MacroLibrary,
    private readonly options: ExecuteOptions = {},
    private readonly file = '<query>',
    /** Events per base-search batch (tests use small batches to cross batch boundaries). */
    private readonly batchEvents = BATCH_EVENTS,
  ) {
    try {
      this.prepared = prepareSearch(query, macros, file);
      checkSearch(this.prepared, options, file);
    } catch (e) {
      if (!(e instanceof SplError)) throw e;
      this.invalid = e;
    }
    this.ctx = { query: this.prepared?.expanded.text ?? query, options, notes: new Set() };
    if (this.prepared === null || this.invalid !== null) return;
    if (needsAllEvents(this.prepared)) {
      this.whole = new EventIndex();
      return;
    }
    const commands = this.prepared.pipeline.commands;
    const first = commands[0] as Extract<Command, { kind: 'search' }>;
    this.streaming = true;
    this.base = first.expr;
    for (let i = 1; i < commands.length && perEvent(commands[i] as Command, this.ctx); i++) this.prefix.push(commands[i] as Command);
    for (let i = 0; i < this.prefix.length; i++) this.notes.push(new Map());
  }

  /**
   * The prepared search when its base search decides event by event which events enter the pipeline (a
   * line ruled out by the base search's literals cannot change the answer); null otherwise (the search
   * needs every event: a subsearch, a generating command; or it does not parse).
   */
  get streamingSearch(): PreparedSearch | null {
    return this.streaming ? this.prepared : null;
  }

  /** Takes the next event (events come in load order). */
  add(event: StreamedEvent): void {
    const doc = this.docs++;
    if (this.whole !== null) return void this.whole.add(event);
    if (!this.streaming) return;
    this.batch.push(event);
    this.batchDocs.push(doc);
    this.batchChars += event._raw.length;
    if (this.batch.length >= this.batchEvents || this.batchChars >= BATCH_CHARS) this.flush();
  }

  /** The search's answer over every event added; throws the SplError the search fails with. */
  finish(): SearchResult {
    if (this.invalid !== null) throw this.invalid;
    const prepared = this.prepared as PreparedSearch;
    if (this.whole !== null) return runPrepared(prepared, this.whole, this.options, this.file);
    this.flush();
    if (this.failure !== null) throw this.failure.error;
    return withSearchPositions(prepared, this.file, () => this.runRest(prepared));
  }

  /** Runs the base search and the streaming prefix on the batch's events; holds what survives. */
  private flush(): void {
    if (this.batch.length === 0) return;
    const index = new EventIndex();
    for (const event of this.batch) index.add(event);
    const events = new IndexedEvents(index);
    const prepared = this.prepared as PreparedSearch;
    const matched = withSearchPositions(prepared, this.file, () => runBaseSearch(this.base, events, this.ctx.query));
    for (const local of matched) {
      const doc = this.batchDocs[local] as number;
      const key: OrderKey = { time: index.time(local), doc };
      const rows = this.runPrefix([{ doc, fields: new Map(events.fieldsOf(local)) }], key);
      if (rows.length === 0) continue;
      for (const row of rows) this.held.push({ row, time: key.time, doc });
      this.heldIds.set(doc, (this.batch[local] as StreamedEvent)._id);
    }
    this.batch = [];
    this.batchDocs = [];
    this.batchChars = 0;
  }

  /** The prefix over one event's rows; a failure is kept (see the file comment) and the rows dropped. */
  private runPrefix(start: Row[], key: OrderKey): Row[] {
    let rows = start;
    const notes = this.ctx.notes;
    for (let j = 0; j < this.prefix.length && rows.length > 0; j++) {
      // Once the search fails at command c, only command c on a newer event, or an earlier command, can
      // change the error it fails with.
      if (this.failure !== null && j > this.failure.command) return [];
      notes.clear();
      try {
        rows = runCommand(rows, this.prefix[j] as Command, this.ctx);
      } catch (error) {
        if (!(error instanceof SplError)) throw error;
        const f = this.failure;
        if (f === null || j < f.command || (j === f.command && before(key, f))) {
          this.failure = { command: j, time: key.time, doc: key.doc, error: located(this.prepared as PreparedSearch, this.file, error) };
        }
        return [];
      }
      const seen = this.notes[j] as Map<string, OrderKey>;
      for (const note of notes) {
        const first = seen.get(note);
        if (first === undefined || before(key, first)) seen.set(note, key);
      }
    }
    return this.failure === null ? rows : [];
  }

  /** Orders the held rows as the engine does and runs the rest of the pipeline over them. */
  private runRest(prepared: PreparedSearch): SearchResult {
    const commands = prepared.pipeline.commands;
    const ctx: CommandContext = { query: this.ctx.query, options: this.options, notes: new Set() };
    // Notes in the batch form's order: command by command; a command's notes given whatever the rows
    // (a plan's note: bin without a field) first, then those given by events, in result order.
    this.prefix.forEach((cmd, j) => {
      runCommand([], cmd, ctx);
      const byEvent = [...(this.notes[j] as Map<string, OrderKey>)].sort(([, a], [, b]) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
      for (const [note] of byEvent) ctx.notes.add(note);
    });
    // Rows of one event keep their order (Array.prototype.sort is stable).
    this.held.sort((a, b) => b.time - a.time || b.doc - a.doc);
    let rows = this.held.map((h) => h.row);
    this.held = [];
    const from = 1 + this.prefix.length;
    let firstTransforming = commands.findIndex((c, i) => i >= from && isTransforming(c));
    if (firstTransforming < 0) firstTransforming = commands.length;
    for (let i = from; i < firstTransforming; i++) rows = runCommand(rows, commands[i] as Command, ctx);
    const eventDocs = [...new Set(rows.map((r) => r.doc).filter((d) => d >= 0))].sort((a, b) => a - b);
    for (let i = firstTransforming; i < commands.length; i++) rows = runCommand(rows, commands[i] as Command, ctx);
    return {
      expandedQuery: prepared.expanded.text,
      rows: rows.map(renderRow),
      eventIds: eventDocs.map((d) => this.heldIds.get(d) as string),
      eventDocs,
      notes: [...ctx.notes],
    };
  }
}

/** The error as runPrepared would throw it (positioned with its macro call). */
function located(prepared: PreparedSearch, file: string, error: SplError): unknown {
  try {
    withSearchPositions(prepared, file, () => {
      throw error;
    });
  } catch (e) {
    return e;
  }
  return error;
}
