// Reads every hit of an EQL event query. The EQL search API returns `size` events (default 10) and has no
// `search_after` or scroll for event queries; hits come back in ascending `timestamp_field` order.
// https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-eql-search (size, result_position,
// filter, fields). So this pages by keyset over the timestamp, the way search_after would:
//   page 1: size = pageSize, result_position = head (the earliest matches first);
//   page n: the same query with a Query DSL `filter` (applied before EQL) that keeps events at or after
//           the last timestamp read and excludes the documents already read at exactly that timestamp.
// Ties on the timestamp are therefore never lost or read twice, whatever order Elasticsearch gives them.
// Sequence queries are refused: their hits are sequences, not events, and this keyset does not apply.
import type { Client, estypes } from '@elastic/elasticsearch';

export interface EqlPagingRequest {
  index: string;
  query: string;
  timestampField: string;
  pageSize: number;
  /** Upper bound on requests, against a server that keeps returning full pages. */
  maxPages: number;
  /** Also read this date field of every hit (a rule's timestamp_override, for the detection-engine schedule). */
  extraTimeField?: string;
}

export interface EqlHitRef {
  id: string;
  /** Backing index of the hit (`.ds-<data stream>-<date>-<generation>` for a data stream). */
  index: string;
  /** Epoch ms of the timestamp field and of `extraTimeField` (null where the hit has none). */
  timeMs?: number | null;
  extraTimeMs?: number | null;
}

export interface EqlPagingResult {
  hits: EqlHitRef[];
  pages: number;
  /** Every request body sent, for `expandedQuery` / notes and for tests. */
  requests: estypes.EqlSearchRequest[];
}

export class EqlPagingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EqlPagingError';
  }
}

const NANOS_FORMAT = 'strict_date_optional_time_nanos';

interface Boundary {
  timestamp: string;
  /** Index -> ids already read at exactly `timestamp`. */
  seen: Map<string, string[]>;
}

/** The request for one page: the base request plus the keyset filter after `boundary`. */
export function pageRequest(request: EqlPagingRequest, boundary: Boundary | undefined): estypes.EqlSearchRequest {
  const body: estypes.EqlSearchRequest = {
    index: request.index,
    query: request.query,
    size: request.pageSize,
    result_position: 'head',
    timestamp_field: request.timestampField,
    // Indices the run created may not all exist (a pattern with no data): that is not an error.
    allow_no_indices: true,
    ignore_unavailable: true,
    // A partial answer would be a silent miss: fail instead.
    allow_partial_search_results: false,
    fields: [{ field: request.timestampField, format: NANOS_FORMAT }, ...(request.extraTimeField && request.extraTimeField !== request.timestampField ? [{ field: request.extraTimeField, format: NANOS_FORMAT }] : [])],
  };
  if (boundary !== undefined) {
    body.filter = {
      bool: {
        filter: [{ range: { [request.timestampField]: { gte: boundary.timestamp, format: NANOS_FORMAT } } }],
        must_not: [...boundary.seen].map(([index, ids]) => ({
          bool: { filter: [{ term: { _index: index } }, { ids: { values: ids } }] },
        })),
      },
    };
  }
  return body;
}

function hitTimestamp(hit: estypes.EqlHitsEvent<unknown>, field: string): string {
  const fromFields = hit.fields?.[field] as unknown;
  if (Array.isArray(fromFields) && typeof fromFields[0] === 'string') return fromFields[0];
  const source = hit._source as Record<string, unknown> | undefined;
  const fromSource = source?.[field];
  if (typeof fromSource === 'string' || typeof fromSource === 'number') return String(fromSource);
  throw new EqlPagingError(`hit ${hit._id} in ${hit._index} has no ${field}; cannot page past it`);
}

function checkComplete(response: estypes.EqlSearchResponse<unknown>, page: number): void {
  if (response.timed_out === true) throw new EqlPagingError(`page ${page}: the search timed out on the server (timed_out: true)`);
  if (response.is_partial === true) throw new EqlPagingError(`page ${page}: Elasticsearch returned partial results (is_partial: true)`);
  const failures = response.shard_failures ?? [];
  if (failures.length > 0) {
    const first = failures[0];
    throw new EqlPagingError(`page ${page}: ${failures.length} shard failure(s), first: ${first?.reason.type ?? '?'}: ${first?.reason.reason ?? ''}`);
  }
  if (response.hits.sequences !== undefined && response.hits.sequences.length > 0) {
    throw new EqlPagingError('sequence queries are not supported by the real-Elasticsearch backend (only event queries can be paged)');
  }
}

export async function eqlSearchAll(client: Client, request: EqlPagingRequest): Promise<EqlPagingResult> {
  const hits: EqlHitRef[] = [];
  const read = new Set<string>();
  const requests: estypes.EqlSearchRequest[] = [];
  let boundary: Boundary | undefined;
  for (let page = 1; ; page++) {
    if (page > request.maxPages) {
      throw new EqlPagingError(`still reading hits after ${request.maxPages} pages of ${request.pageSize}; refusing to go on`);
    }
    const body = pageRequest(request, boundary);
    requests.push(body);
    const response = await client.eql.search<unknown>(body);
    checkComplete(response, page);
    const events = response.hits.events ?? [];
    for (const event of events) {
      const key = `${event._index}\u0000${event._id}`;
      if (read.has(key)) throw new EqlPagingError(`page ${page} returned ${event._id} in ${event._index} again; the keyset filter did not hold`);
      read.add(key);
      hits.push({ id: event._id, index: event._index, timeMs: fieldMs(event, request.timestampField), extraTimeMs: request.extraTimeField ? fieldMs(event, request.extraTimeField) : null });
    }
    if (events.length < request.pageSize) return { hits, pages: page, requests };
    boundary = nextBoundary(boundary, events, request.timestampField);
  }
}

function nextBoundary(previous: Boundary | undefined, events: estypes.EqlHitsEvent<unknown>[], field: string): Boundary {
  const last = events[events.length - 1];
  if (last === undefined) throw new EqlPagingError('internal: empty full page');
  const timestamp = hitTimestamp(last, field);
  const seen = new Map<string, string[]>();
  // Keep the ids already excluded when the page did not move past the previous timestamp.
  if (previous !== undefined && previous.timestamp === timestamp) {
    for (const [index, ids] of previous.seen) seen.set(index, [...ids]);
  }
  for (const event of events) {
    if (hitTimestamp(event, field) !== timestamp) continue;
    const ids = seen.get(event._index) ?? [];
    ids.push(event._id);
    seen.set(event._index, ids);
  }
  return { timestamp, seen };
}

/** A date field of a hit (from `fields`, else `_source`) in epoch ms; null when absent or unreadable. */
function fieldMs(hit: estypes.EqlHitsEvent<unknown>, field: string): number | null {
  const fromFields = hit.fields?.[field] as unknown;
  const raw = Array.isArray(fromFields) ? (fromFields[0] as unknown) : (hit._source as Record<string, unknown> | undefined)?.[field];
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const ms = typeof raw === 'number' ? raw : Date.parse(raw);
  return Number.isFinite(ms) ? ms : null;
}
