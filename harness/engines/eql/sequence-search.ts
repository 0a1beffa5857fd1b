// Running a sequence query over stored documents, as the EQL search API does: each stage is
// filtered per index (with that index's field types), its hits keyed (join-keys.ts) and ordered by
// the timestamp field, the tiebreaker and load order, then matched (sequence.ts). Used by the
// embedded Elasticsearch backend and by `dth eql`.
// https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax#eql-sequences
import type { FieldTypes } from './mappings/field-types.js';
import type { EqlQuery, FieldRef, Pipe, SampleQuery, SequenceQuery, SequenceStage } from './ast.js';
import { compileStages, type EqlPredicate } from './compile.js';
import { dateConverter, makeFieldCollector } from './doc-values.js';
import { EqlVerificationError } from './errors.js';
import { compileJoinKeys, type KeyField } from './join-keys.js';
import { matchSamples, type SampleHit } from './sample.js';
import { compareOrdinals, matchSequences, type JoinKey, type Ordinal, type StageHit } from './sequence.js';
import type { EpochNanos } from './values.js';

/** A document as a search sees it. */
export interface SearchDoc {
  id: string;
  source: Record<string, unknown>;
  /** Load order: Elasticsearch's implicit tiebreaker. */
  seq: number;
  /** The `_ignored` metadata field: what indexing ignored (ignore_above, fields beyond the limit). */
  ignored?: readonly string[];
}

export interface SearchIndex {
  name: string;
  fields: FieldTypes;
  docs: SearchDoc[];
}

export interface DocRef {
  index: SearchIndex;
  doc: SearchDoc;
}

export interface SequenceSearchOptions {
  eventCategoryField: string;
  timestampField: string;
  tiebreakerField?: string;
  /** Keep this many answers (after the pipes); undefined = all. */
  size?: number;
  /** Which end `size` keeps: Elasticsearch's default is `tail`. */
  resultPosition?: 'head' | 'tail';
}

export interface FoundSequence {
  key: JoinKey;
  /** One per stage (after `with runs` expansion); null for a missing-event stage. */
  events: (DocRef | null)[];
}

export function searchSequences(query: SequenceQuery, indices: SearchIndex[], options: SequenceSearchOptions): FoundSequence[] {
  return prepareSequenceSearch(query, indices, options)(null);
}

/**
 * Filters, keys and orders every stage's hits once; the returned function matches sequences over
 * the hits a filter keeps (null: all) — a detection-engine execution's time window, say, which
 * Kibana applies to every stage before EQL runs.
 */
export function prepareSequenceSearch(query: SequenceQuery, indices: SearchIndex[], options: SequenceSearchOptions): (keep: ((ref: DocRef) => boolean) | null) => FoundSequence[] {
  const compiled = indices.map((index) => ({ index, stages: compileStages(query, index.fields, { eventCategoryField: options.eventCategoryField, unmappedFieldsAsNull: true }) }));
  const keyFields = (stage: SequenceStage): KeyField[] => [...query.by, ...stage.by].map((k) => ({ name: (k as FieldRef).name, optional: (k as FieldRef).optional }));
  checkKeyCounts(query, [...query.stages, ...(query.until ? [query.until] : [])].map((s) => keyFields(s).length));
  const hitsOf = (stage: SequenceStage, predicateOf: (c: { stages: EqlPredicate[]; until: EqlPredicate | null }) => EqlPredicate): StageHit<DocRef>[] => {
    const hits: StageHit<DocRef>[] = [];
    for (const { index, stages } of compiled) {
      const predicate = predicateOf(stages);
      const keys = compileJoinKeys(keyFields(stage), index.fields);
      const ordinal = ordinalReader(index, options, query);
      for (const doc of index.docs) {
        if (!predicate(doc.source)) continue;
        const k = keys(doc.source);
        if (k === null) continue;
        hits.push({ ordinal: ordinal(doc), keys: k, ref: { index, doc } });
      }
    }
    return hits.sort((a, b) => compareOrdinals(a.ordinal, b.ordinal));
  };
  const expandedHits: StageHit<DocRef>[][] = [];
  const missing: boolean[] = [];
  query.stages.forEach((stage, i) => {
    const hits = hitsOf(stage, (c) => c.stages[i] as EqlPredicate);
    for (let r = 0; r < (stage.runs ?? 1); r++) {
      expandedHits.push(hits);
      missing.push(stage.missing);
    }
  });
  const untilHits = query.until ? hitsOf(query.until, (c) => c.until as EqlPredicate) : null;
  const maxspanNanos = query.maxspan ? BigInt(query.maxspan.millis) * 1_000_000n : null;
  return (keep) => {
    const pick = (hits: StageHit<DocRef>[]): StageHit<DocRef>[] => (keep === null ? hits : hits.filter((h) => keep(h.ref)));
    const kept = keep === null ? expandedHits : expandedHits.map((hits, i) => (i > 0 && expandedHits[i - 1] === hits ? null : pick(hits)));
    // Repeated stages (`with runs`) share one hit list: filter it once.
    for (let i = 0; i < kept.length; i++) if (kept[i] === null) kept[i] = kept[i - 1] as StageHit<DocRef>[];
    const matches = applyPipes(matchSequences({ missing, maxspanNanos }, kept as StageHit<DocRef>[][], untilHits === null ? null : pick(untilHits), null), query.pipes);
    return limitTo(matches, options.size, options.resultPosition).map((m) => ({ key: m.key, events: m.events }));
  };
}

export interface SampleSearchOptions {
  eventCategoryField: string;
  /** Samples kept (Elasticsearch's `size`, default 10); undefined = all. */
  size?: number;
  /** `max_samples_per_key` (default 1). */
  maxSamplesPerKey?: number;
}

/** Every sample (harness/engines/eql/sample.ts): stages filtered per index, events in index order. */
export function searchSamples(query: SampleQuery, indices: SearchIndex[], options: SampleSearchOptions): FoundSequence[] {
  const compiled = indices.map((index) => ({ index, stages: compileStages(query, index.fields, { eventCategoryField: options.eventCategoryField, unmappedFieldsAsNull: true }) }));
  const keyFields = (stage: SequenceStage): KeyField[] => [...query.by, ...stage.by].map((k) => ({ name: (k as FieldRef).name, optional: (k as FieldRef).optional }));
  checkKeyCounts(query, query.stages.map((s) => keyFields(s).length));
  const stageHits = query.stages.map((stage, i) => {
    const hits: SampleHit<DocRef>[] = [];
    for (const { index, stages } of compiled) {
      const predicate = stages.stages[i] as EqlPredicate;
      const keys = compileJoinKeys(keyFields(stage), index.fields, { dates: 'epoch_millis' });
      for (const doc of index.docs) {
        if (!predicate(doc.source)) continue;
        const k = keys(doc.source);
        if (k !== null) hits.push({ keys: k, docKey: `${index.name}\u0000${doc.id}`, ref: { index, doc } });
      }
    }
    return hits;
  });
  const samples = matchSamples(stageHits, options.maxSamplesPerKey ?? 1, options.size ?? Number.MAX_SAFE_INTEGER);
  return applyPipes(samples, query.pipes).map((s) => ({ key: s.key, events: s.events }));
}

/** `| head N` / `| tail N` in turn: the first or last N answers of what the previous pipe kept. */
export function applyPipes<T>(items: T[], pipes: Pipe[]): T[] {
  let out = items;
  for (const pipe of pipes) out = pipe.name === 'head' ? out.slice(0, pipe.count) : out.slice(Math.max(0, out.length - pipe.count));
  return out;
}

export function limitTo<T>(items: T[], size: number | undefined, position: 'head' | 'tail' | undefined): T[] {
  if (size === undefined || items.length <= size) return items;
  return position === 'head' ? items.slice(0, size) : items.slice(items.length - size);
}

/** Every stage (and `until`) must have as many join keys as the first. */
export function checkKeyCounts(query: SequenceQuery | SampleQuery, counts: number[]): void {
  const expected = counts[0] ?? 0;
  counts.forEach((count, i) => {
    if (count !== expected) {
      const stage = i < query.stages.length ? (query.stages[i] as SequenceStage) : (query as SequenceQuery).until;
      throw new EqlVerificationError(`Inconsistent number of join keys specified; expected [${expected}] but found [${count}]`, { text: query.text, file: query.file, offset: stage?.loc.start ?? 0 });
    }
  });
}

/** The ascending sort value of a date field: its smallest value; null when it has none. */
export function timestampOf(fields: FieldTypes, field: string, source: Record<string, unknown>): EpochNanos | null {
  return timestampReader(fields, field)(source);
}

/**
 * timestampOf with the field's type looked up and its collector built once, for reading the same field
 * of many documents of one index (the mapping must not change in between).
 */
export function timestampReader(fields: FieldTypes, field: string): (source: Record<string, unknown>) => EpochNanos | null {
  const type = fields.get(field);
  if (!type || type.family !== 'date') return () => null;
  const collect = makeFieldCollector(type, dateConverter(type));
  return (source) => {
    const values: EpochNanos[] = [];
    collect(source, values);
    return values.length ? values.reduce((a, b) => (b < a ? b : a)) : null;
  };
}

export function tiebreakerOf(fields: FieldTypes, field: string, source: Record<string, unknown>): number | string | null {
  const type = fields.get(field);
  if (!type) return null;
  const values: unknown[] = [];
  makeFieldCollector<unknown>(type, (raw) => (raw === null ? undefined : raw))(source, values);
  const first = values[0];
  return typeof first === 'number' || typeof first === 'string' ? first : null;
}

/** Where a document sorts in a sequence; Elasticsearch refuses a sequence over an event without a timestamp. */
function ordinalReader(index: SearchIndex, options: SequenceSearchOptions, query: EqlQuery): (doc: SearchDoc) => Ordinal {
  return (doc) => {
    const time = timestampOf(index.fields, options.timestampField, doc.source);
    if (time === null) {
      throw new EqlVerificationError(`Expected timestamp field [${options.timestampField}] to have a value but got none (document [${doc.id}] of [${index.name}])`, {
        text: query.text,
        file: query.file,
        offset: 0,
      });
    }
    return { time, tiebreaker: options.tiebreakerField ? tiebreakerOf(index.fields, options.tiebreakerField, doc.source) : null, implicit: doc.seq };
  };
}
