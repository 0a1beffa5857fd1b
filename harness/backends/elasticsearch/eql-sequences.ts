// Reads the answer of an EQL sequence or sample query from a real Elasticsearch. The EQL search API
// returns them in `hits.sequences[]`, each with `join_keys` and its `events` (a missing-event stage
// `![...]` appears as an event with `missing: true` and no document). There is no paging for
// sequences (no search_after; `size` caps the sequences returned), so one request asks for `size`
// sequences and an answer that fills it is refused rather than silently truncated.
// https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-eql-search
// https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax#eql-missing-events
import type { Client, estypes } from '@elastic/elasticsearch';
import { EqlPagingError, type EqlHitRef } from './eql-paging.js';

export interface EqlSequenceRequest {
  index: string;
  query: string;
  timestampField: string;
  /** Most sequences to read; an answer with this many is refused (it may be truncated). */
  size: number;
  /** A query DSL filter applied before EQL (the detection engine's execution window). */
  filter?: estypes.QueryDslQueryContainer;
}

export interface EqlSequenceRef {
  joinKeys: (string | null)[];
  /** One per stage; null for a missing-event stage. */
  events: (EqlHitRef | null)[];
}

export interface EqlSequenceResult {
  sequences: EqlSequenceRef[];
  request: estypes.EqlSearchRequest;
}

export function sequenceRequest(request: EqlSequenceRequest): estypes.EqlSearchRequest {
  return {
    index: request.index,
    query: request.query,
    size: request.size,
    result_position: 'head',
    timestamp_field: request.timestampField,
    allow_no_indices: true,
    ignore_unavailable: true,
    // A partial answer would be a silent miss: fail instead (sequences too).
    allow_partial_search_results: false,
    allow_partial_sequence_results: false,
    ...(request.filter ? { filter: request.filter } : {}),
  } as estypes.EqlSearchRequest;
}

/** A join key as the EQL API prints it: strings, numbers and booleans as text, null as null. */
function keyText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * The detection engine's execution window as a filter: a range on the primary timestamp field, and with
 * timestamp_override a range on the override OR (no override and a range on @timestamp), as Kibana's
 * buildTimeRangeFilter does for a secondary timestamp (elastic/kibana
 * x-pack/solutions/security/plugins/security_solution/server/lib/detection_engine/rule_types/utils/build_events_query.ts).
 */
export function windowFilter(window: { fromMs: number; toMs: number }, rangeField: string, fallbackField: string | null): estypes.QueryDslQueryContainer {
  const range = (field: string): estypes.QueryDslQueryContainer => ({
    range: { [field]: { gte: new Date(window.fromMs).toISOString(), lte: new Date(window.toMs).toISOString(), format: 'strict_date_optional_time' } },
  });
  if (fallbackField === null) return { bool: { filter: [range(rangeField)] } };
  return {
    bool: {
      minimum_should_match: 1,
      should: [range(rangeField), { bool: { filter: [range(fallbackField)], must_not: [{ exists: { field: rangeField } }] } }],
    },
  };
}

export async function eqlSequenceSearch(client: Client, request: EqlSequenceRequest): Promise<EqlSequenceResult> {
  const body = sequenceRequest(request);
  const response = await client.eql.search<unknown>(body);
  if (response.timed_out === true) throw new EqlPagingError('the sequence search timed out on the server (timed_out: true)');
  if (response.is_partial === true) throw new EqlPagingError('Elasticsearch returned partial results (is_partial: true)');
  const failures = response.shard_failures ?? [];
  if (failures.length > 0) throw new EqlPagingError(`${failures.length} shard failure(s), first: ${failures[0]?.reason.type ?? '?'}: ${failures[0]?.reason.reason ?? ''}`);
  if ((response.hits.events ?? []).length > 0) throw new EqlPagingError('a sequence query answered with events instead of sequences');
  const raw = response.hits.sequences ?? [];
  if (raw.length >= request.size) {
    throw new EqlPagingError(`the answer holds ${raw.length} sequences, the most one request returns (size ${request.size}); sequences cannot be paged, so some may be missing`);
  }
  const sequences = raw.map((sequence, n): EqlSequenceRef => ({
    joinKeys: (sequence.join_keys ?? []).map(keyText),
    events: sequence.events.map((event) => {
      if ((event as { missing?: boolean }).missing === true) return null;
      if (typeof event._id !== 'string' || typeof event._index !== 'string') throw new EqlPagingError(`sequence ${n + 1} has an event without _id/_index`);
      return { id: event._id, index: event._index };
    }),
  }));
  return { sequences, request: body };
}
