// Running an EQL event query over ndjson (one JSON document per line), as `dth eql` does, one line at a
// time: each document is indexed into the mapping of its index (dynamic mapping of new fields; a value
// the mapping cannot take rejects the file, naming the line), then the compiled predicate runs on it.
//
// Streaming gives the verdicts the batch form (index every line, then search) gives, because:
// - a dynamic field keeps the type the first document holding it gave it, so a document is indexed the
//   same whether later documents are indexed before it or not;
// - the predicate is compiled against the field types known so far, and compiled again whenever a field
//   the query reads gains a mapping. A field not mapped yet is absent from every document indexed so far
//   (indexing would have mapped it), but how a query treats it depends on whether some later document
//   maps it (an absent value of a mapped field: `a != "x"` holds) or none does (`?a` reads as the null
//   literal: `a != "x"` is null). So while a field the query reads is unmapped, each document is matched
//   both ways; where the two agree the verdict stands, and where they differ (rare: a negation of an
//   absent field) the line is kept and matched again against the final mapping at the end;
// - at the end the query is compiled once more against the final types the strict way, so an unknown
//   field or a type error is the error the batch form gives; errors are raised in the batch form's
//   order (a malformed or unindexable line first, then a query that cannot run), and no match is
//   printed before the whole input has been read.
import { InputError, LineInputError } from '../../errors.js';
import { indexDocument } from './mappings/document.js';
import type { FieldType, FieldTypes } from './mappings/field-types.js';
import { addDynamicField, type JsonMappingType } from './mappings/dynamic.js';
import { referencedFields, type EqlQuery, type SampleQuery, type SequenceQuery } from './ast.js';
import { compileEql, DEFAULT_EVENT_CATEGORY_FIELD, type EqlPredicate } from './compile.js';
import { searchSamples, searchSequences, type SearchDoc, type SearchIndex } from './sequence-search.js';
import { DocumentMappingError } from './errors.js';

export interface NdjsonMatch {
  /** `_id` of the document, else its 1-based line number. */
  id: string;
  line: number;
  /** The document's `_ignored` metadata field (mappings/document.ts), when it has one. */
  ignored?: readonly string[];
}

type FieldsFor = FieldTypes | ((indexName: string) => FieldTypes);

/** One index's field types, its compiled predicates and what they were compiled against. */
interface IndexState {
  types: FieldTypes;
  /** With every field the query reads mapped: the predicate. Otherwise: unmapped fields read as the null literal (null: it does not compile). */
  predicate: EqlPredicate | null;
  /** While a field the query reads is unmapped: that field mapped, absent from the document (null: no mapping compiles); else null. */
  absent: EqlPredicate | null;
  /** Whether a field the query reads is unmapped. */
  provisional: boolean;
  /** Per field the query reads: the definition (or object flag) the predicates were compiled with. */
  seen: (FieldType | boolean | undefined)[];
}

/** A match, or a line whose verdict waits for the final mapping (its text, to be parsed again). */
type Entry = NdjsonMatch & { pending?: string; index?: string };

/** Kinds a not-yet-mapped field is given to compile the "mapped but absent" predicate: the first that compiles. */
const PROVISIONAL_KINDS: JsonMappingType[] = ['string', 'long', 'double', 'boolean'];

/**
 * Keeps the matches the query's pipes can still return: `| head N` the first N, `| tail N` the last N
 * (later pipes apply at the end). While lines wait for the final mapping, nothing is dropped.
 */
class MatchList {
  private items: Entry[] = [];
  private pending = 0;
  private readonly firstPipe: { name: 'head' | 'tail'; count: number } | undefined;

  constructor(private readonly pipes: readonly { name: 'head' | 'tail'; count: number }[]) {
    this.firstPipe = pipes[0];
  }

  add(entry: Entry): void {
    const pipe = this.firstPipe;
    if (entry.pending !== undefined) this.pending++;
    else if (pipe?.name === 'head' && this.pending === 0 && this.items.length >= pipe.count) return;
    this.items.push(entry);
    // `| tail N`: trimmed in batches, so adding stays amortised O(1).
    if (pipe?.name === 'tail' && this.pending === 0 && this.items.length >= 2 * pipe.count + 1024) this.items = this.items.slice(this.items.length - pipe.count);
  }

  /** The matches after resolving the waiting lines with `decide` and applying the pipes. */
  finish(decide: (entry: Entry) => boolean): NdjsonMatch[] {
    let matches: NdjsonMatch[] = this.items.filter((e) => e.pending === undefined || decide(e)).map((e) => ({ id: e.id, line: e.line, ...(e.ignored !== undefined ? { ignored: e.ignored } : {}) }));
    for (const pipe of this.pipes) matches = pipe.name === 'head' ? matches.slice(0, pipe.count) : matches.slice(Math.max(0, matches.length - pipe.count));
    return matches;
  }
}

function tryCompile(query: EqlQuery, types: FieldTypes, options: { unmappedFieldsAsNull: boolean }): EqlPredicate | null {
  try {
    return compileEql(query, types, options);
  } catch (error) {
    if (error instanceof InputError) return null;
    throw error;
  }
}

/**
 * Evaluates an event query over ndjson lines given in order. `fields` is one mapping for every document,
 * or the mapping an index gets by name: each document is then indexed into, and matched against, the
 * index its `_index` names ('' when it has none), as Elasticsearch would.
 */
export class NdjsonEvaluator {
  private readonly indices = new Map<string, IndexState>();
  /** Fields whose definitions the predicate depends on: those the query reads and the category field. */
  private readonly watched: string[];
  private readonly matches: MatchList;
  /** A verification error met while compiling against partial types: raised at the end, after any line error. */
  private deferred: unknown = null;

  constructor(
    private readonly query: EqlQuery,
    private readonly file: string,
    private readonly fields: FieldsFor,
  ) {
    const names = referencedFields(query).map((f) => f.name);
    if (query.kind === 'EventQuery' && query.filter.category !== null) names.push(DEFAULT_EVENT_CATEGORY_FIELD);
    this.watched = [...new Set(names)];
    this.matches = new MatchList(query.pipes);
  }

  /** One line of the input (without its newline); blank lines are skipped. */
  line(raw: string, line: number): void {
    const doc = parseNdjsonLine(raw, line, this.file);
    if (doc !== null) this.document(doc, line, raw);
  }

  /** One parsed document (its line's text for error excerpts). */
  document(doc: Record<string, unknown>, line: number, raw: string): void {
    const name = this.indexOf(doc);
    const state = this.stateFor(name);
    let ignored: readonly string[];
    try {
      ignored = indexDocument(doc, state.types);
    } catch (error) {
      if (error instanceof DocumentMappingError) {
        throw new LineInputError(`line ${line} cannot be indexed: ${error.message}`, { file: this.file, line, column: 1 }, raw);
      }
      throw error;
    }
    if (this.deferred !== null) return;
    if (this.changed(state)) this.compile(state);
    if (this.deferred !== null) return;
    const id = doc['_id'];
    const entry = (): Entry => ({ id: typeof id === 'string' || typeof id === 'number' ? String(id) : String(line), line, ...(ignored.length > 0 ? { ignored } : {}) });
    if (!state.provisional) {
      if ((state.predicate as EqlPredicate)(doc)) this.matches.add(entry());
      return;
    }
    const asNull = state.predicate === null ? null : state.predicate(doc);
    const asAbsent = state.absent === null ? null : state.absent(doc);
    if (asNull !== null && asNull === asAbsent) {
      if (asNull) this.matches.add(entry());
      return;
    }
    this.matches.add({ ...entry(), pending: raw, index: name });
  }

  /** The matches, in input order, after the pipes. Throws the query's error if it cannot run on the final mapping. */
  finish(): NdjsonMatch[] {
    if (this.deferred !== null) throw this.deferred;
    // The strict compile: a field no document mapped is an unknown column, as in Elasticsearch.
    const finals = new Map<string, EqlPredicate>();
    for (const [name, state] of this.indices) finals.set(name, compileEql(this.query, state.types));
    if (this.indices.size === 0) compileEql(this.query, this.newTypes(''));
    return this.matches.finish((entry) => (finals.get(entry.index ?? '') as EqlPredicate)(JSON.parse(entry.pending as string) as Record<string, unknown>));
  }

  private indexOf(doc: Record<string, unknown>): string {
    return typeof this.fields === 'function' && typeof doc['_index'] === 'string' ? doc['_index'] : '';
  }

  private newTypes(name: string): FieldTypes {
    return typeof this.fields === 'function' ? this.fields(name) : this.fields.clone();
  }

  private stateFor(name: string): IndexState {
    let state = this.indices.get(name);
    if (state === undefined) {
      state = { types: this.newTypes(name), predicate: null, absent: null, provisional: false, seen: [] };
      this.indices.set(name, state);
      this.compile(state);
    }
    return state;
  }

  /** What the predicate depends on for field `name`: its definition, or whether it is an object. */
  private dependency(types: FieldTypes, name: string): FieldType | boolean | undefined {
    const field = types.get(name);
    if (field === undefined) return types.isObject(name);
    return field;
  }

  private changed(state: IndexState): boolean {
    const { types, seen } = state;
    for (let i = 0; i < this.watched.length; i++) {
      if (this.dependency(types, this.watched[i] as string) !== seen[i]) return true;
    }
    return false;
  }

  private compile(state: IndexState): void {
    const { types } = state;
    state.seen = this.watched.map((name) => this.dependency(types, name));
    const unmapped = this.watched.filter((name) => types.get(name) === undefined && !types.isObject(name));
    state.provisional = unmapped.length > 0;
    if (!state.provisional) {
      // Every field the query reads has its final definition: an error here is the final error too.
      try {
        state.predicate = compileEql(this.query, types);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        this.deferred = error;
      }
      state.absent = null;
      return;
    }
    state.predicate = tryCompile(this.query, types, { unmappedFieldsAsNull: true });
    state.absent = null;
    for (const kind of PROVISIONAL_KINDS) {
      const provisional = types.clone();
      for (const name of unmapped) {
        try {
          addDynamicField(name, kind, provisional);
        } catch {
          // A strict index or an impossible path: the field stays unmapped there too.
        }
      }
      state.absent = tryCompile(this.query, provisional, { unmappedFieldsAsNull: true });
      if (state.absent !== null) break;
    }
  }
}

/** One ndjson line as a document; null for a blank line. Throws InputError naming the line of a malformed one. */
export function parseNdjsonLine(raw: string, line: number, file: string): Record<string, unknown> | null {
  if (raw.charCodeAt(0) !== 0x7b && raw.trim() === '') return null; // blank (a document starts with `{`)
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch (error) {
    throw new LineInputError(`line ${line} is not valid JSON: ${(error as Error).message}`, { file, line, column: 1 }, raw);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new LineInputError(`line ${line} must be a JSON object (one document per line)`, { file, line, column: 1 }, raw);
  }
  return doc as Record<string, unknown>;
}

/** Calls `visit` with each line of `text` (without `\n` or a `\r` before it) and its 1-based number. */
function forEachTextLine(text: string, visit: (raw: string, line: number) => void): void {
  let start = 0;
  let line = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line++;
    visit(text.slice(start, end).replace(/\r$/, ''), line);
    start = end + 1;
  }
}

/**
 * The ids of the documents that match, in file order, for ndjson text held whole (tests, small inputs;
 * `dth eql` streams its file through NdjsonEvaluator). `| head N` / `| tail N` keep the first / last N
 * matches in file order (Elasticsearch orders by @timestamp; a file has its own order).
 */
export function evaluateNdjson(query: EqlQuery, text: string, file: string, fields: FieldsFor): NdjsonMatch[] {
  const evaluator = new NdjsonEvaluator(query, file, fields);
  forEachTextLine(text, (raw, line) => evaluator.line(raw, line));
  return evaluator.finish();
}

/** One sequence found in an ndjson file: its join keys and its member events (null for a missing-event stage). */
export interface NdjsonSequence {
  joinKeys: (string | null)[];
  events: (NdjsonMatch | null)[];
}

export interface NdjsonSequenceOptions {
  timestampField?: string;
  /** Default `event.sequence` when the documents carry it (Elastic Defend and the spec suite do). */
  tiebreakerField?: string;
  eventCategoryField?: string;
  /** Samples: how many samples each join key may give (Elasticsearch's max_samples_per_key, default 1). */
  maxSamplesPerKey?: number;
}

function docId(doc: Record<string, unknown>, line: number): string {
  const id = doc['_id'];
  return typeof id === 'string' || typeof id === 'number' ? String(id) : String(line);
}

/**
 * Collects the documents of an ndjson input, line by line, for a sequence search: a sequence joins
 * events anywhere in the input, so (unlike an event query) every document is held until the end.
 */
export class NdjsonSequenceCollector {
  private readonly indices = new Map<string, SearchIndex>();
  private readonly lineOf = new Map<SearchDoc, NdjsonMatch>();
  private seq = 0;

  constructor(
    private readonly query: SequenceQuery | SampleQuery,
    private readonly file: string,
    private readonly fields: FieldsFor,
  ) {}

  line(raw: string, line: number): void {
    const doc = parseNdjsonLine(raw, line, this.file);
    if (doc === null) return;
    const name = typeof this.fields === 'function' && typeof doc['_index'] === 'string' ? doc['_index'] : '';
    let index = this.indices.get(name);
    if (index === undefined) {
      index = { name: name || this.file, fields: typeof this.fields === 'function' ? this.fields(name) : this.fields.clone(), docs: [] };
      this.indices.set(name, index);
    }
    try {
      indexDocument(doc, index.fields);
    } catch (error) {
      if (error instanceof DocumentMappingError) throw new LineInputError(`line ${line} cannot be indexed: ${error.message}`, { file: this.file, line, column: 1 }, raw);
      throw error;
    }
    const searchDoc: SearchDoc = { id: docId(doc, line), source: doc, seq: this.seq++ };
    index.docs.push(searchDoc);
    this.lineOf.set(searchDoc, { id: searchDoc.id, line });
  }

  /**
   * Every sequence (harness/engines/eql/sequence-search.ts), ordered by the timestamp of its last
   * event; events sort by @timestamp, then the tiebreaker, then file order. A sample query gives its
   * samples (harness/engines/eql/sample.ts) in join key order, events in file order.
   */
  finish(options: NdjsonSequenceOptions = {}): NdjsonSequence[] {
    const indices = [...this.indices.values()];
    const tiebreaker = options.tiebreakerField ?? (indices.some((i) => i.fields.get('event.sequence')) ? 'event.sequence' : undefined);
    const eventCategoryField = options.eventCategoryField ?? DEFAULT_EVENT_CATEGORY_FIELD;
    const found =
      this.query.kind === 'SampleQuery'
        ? searchSamples(this.query, indices, { eventCategoryField, maxSamplesPerKey: options.maxSamplesPerKey })
        : searchSequences(this.query, indices, { eventCategoryField, timestampField: options.timestampField ?? '@timestamp', tiebreakerField: tiebreaker });
    return found.map((s) => ({ joinKeys: s.key.values, events: s.events.map((e) => (e === null ? null : (this.lineOf.get(e.doc) as NdjsonMatch))) }));
  }
}
