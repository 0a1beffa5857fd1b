// Running an EQL event query over ndjson text (one JSON document per line), as `dth eql` does:
// every line is parsed and indexed into the mapping first (dynamic mapping of new fields; a value
// the mapping cannot take rejects the file, naming the line), then the compiled predicate runs.
import { InputError } from '../../errors.js';
import { indexDocument } from '../../mappings/document.js';
import type { FieldTypes } from '../../mappings/field-types.js';
import type { EqlQuery, SampleQuery, SequenceQuery } from './ast.js';
import { compileEql, DEFAULT_EVENT_CATEGORY_FIELD } from './compile.js';
import { searchSamples, searchSequences, type SearchDoc, type SearchIndex } from './sequence-search.js';
import { DocumentMappingError } from './errors.js';

export interface NdjsonMatch {
  /** `_id` of the document, else its 1-based line number. */
  id: string;
  line: number;
}

interface ParsedLine {
  line: number;
  doc: Record<string, unknown>;
}

/** Parses ndjson; blank lines are skipped. Throws InputError naming the line of a malformed document. */
export function parseNdjson(text: string, file: string): ParsedLine[] {
  const out: ParsedLine[] = [];
  let start = 0;
  let line = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line++;
    const raw = text.slice(start, end).replace(/\r$/, '');
    start = end + 1;
    if (raw.trim() === '') {
      if (end === text.length) break;
      continue;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(raw);
    } catch (error) {
      throw new InputError(`line ${line} is not valid JSON: ${(error as Error).message}`, { file, line, column: 1 }, text);
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      throw new InputError(`line ${line} must be a JSON object (one document per line)`, { file, line, column: 1 }, text);
    }
    out.push({ line, doc: doc as Record<string, unknown> });
    if (end === text.length) break;
  }
  return out;
}

/**
 * The ids of the documents that match, in file order. `| head N` / `| tail N` keep the first / last
 * N matches in file order (Elasticsearch orders by @timestamp; a file has its own order). `fields` is
 * one mapping for every document, or the mapping an index gets by name: each document is then indexed
 * into, and matched against, the index its `_index` names ('' when it has none), as Elasticsearch would.
 */
export function evaluateNdjson(query: EqlQuery, text: string, file: string, fields: FieldTypes | ((indexName: string) => FieldTypes)): NdjsonMatch[] {
  const { lines, byIndex, indexOf } = indexLines(text, file, fields);
  const predicates = new Map([...byIndex].map(([name, types]) => [name, compileEql(query, types)]));
  let matches: NdjsonMatch[] = [];
  for (const { line, doc } of lines) {
    if (!(predicates.get(indexOf(doc)) as (d: Record<string, unknown>) => boolean)(doc)) continue;
    matches.push({ id: docId(doc, line), line });
  }
  for (const pipe of query.pipes) matches = pipe.name === 'head' ? matches.slice(0, pipe.count) : matches.slice(Math.max(0, matches.length - pipe.count));
  return matches;
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

/**
 * Every sequence in the file (harness/engines/eql/sequence-search.ts), ordered by the timestamp of
 * its last event; events sort by @timestamp, then the tiebreaker, then file order. A sample query
 * gives its samples (harness/engines/eql/sample.ts) in join key order, events in file order. Each document
 * is searched in the index its `_index` names, as evaluateNdjson does.
 */
export function evaluateNdjsonSequences(query: SequenceQuery | SampleQuery, text: string, file: string, fields: FieldTypes | ((indexName: string) => FieldTypes), options: NdjsonSequenceOptions = {}): NdjsonSequence[] {
  const { lines, byIndex, indexOf } = indexLines(text, file, fields);
  const indices = new Map<string, SearchIndex>([...byIndex].map(([name, types]) => [name, { name: name || file, fields: types, docs: [] }]));
  const lineOf = new Map<SearchDoc, NdjsonMatch>();
  lines.forEach(({ line, doc }, seq) => {
    const searchDoc: SearchDoc = { id: docId(doc, line), source: doc, seq };
    (indices.get(indexOf(doc)) as SearchIndex).docs.push(searchDoc);
    lineOf.set(searchDoc, { id: searchDoc.id, line });
  });
  const tiebreaker = options.tiebreakerField ?? ([...indices.values()].some((i) => i.fields.get('event.sequence')) ? 'event.sequence' : undefined);
  const eventCategoryField = options.eventCategoryField ?? DEFAULT_EVENT_CATEGORY_FIELD;
  const found =
    query.kind === 'SampleQuery'
      ? searchSamples(query, [...indices.values()], { eventCategoryField, maxSamplesPerKey: options.maxSamplesPerKey })
      : searchSequences(query, [...indices.values()], { eventCategoryField, timestampField: options.timestampField ?? '@timestamp', tiebreakerField: tiebreaker });
  return found.map((s) => ({ joinKeys: s.key.values, events: s.events.map((e) => (e === null ? null : (lineOf.get(e.doc) as NdjsonMatch))) }));
}

function docId(doc: Record<string, unknown>, line: number): string {
  const id = doc['_id'];
  return typeof id === 'string' || typeof id === 'number' ? String(id) : String(line);
}

/** Parses the lines and indexes each document into its index's field types (dynamic mapping as it goes). */
function indexLines(text: string, file: string, fields: FieldTypes | ((indexName: string) => FieldTypes)): { lines: ParsedLine[]; byIndex: Map<string, FieldTypes>; indexOf: (doc: Record<string, unknown>) => string } {
  const lines = parseNdjson(text, file);
  const indexOf = (doc: Record<string, unknown>): string => (typeof fields === 'function' && typeof doc['_index'] === 'string' ? doc['_index'] : '');
  const byIndex = new Map<string, FieldTypes>();
  for (const { line, doc } of lines) {
    const name = indexOf(doc);
    let types = byIndex.get(name);
    if (types === undefined) {
      types = typeof fields === 'function' ? fields(name) : fields.clone();
      byIndex.set(name, types);
    }
    try {
      indexDocument(doc, types);
    } catch (error) {
      if (error instanceof DocumentMappingError) {
        throw new InputError(`line ${line} cannot be indexed: ${error.message}`, { file, line, column: 1 }, text);
      }
      throw error;
    }
  }
  return { lines, byIndex, indexOf };
}
