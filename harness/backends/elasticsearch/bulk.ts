// Bulk loading with an account of every record: each item of each bulk response is read, a record is
// stored only when its item says `201 created`, items refused with 429 (queue full) are sent again a
// bounded number of times, and every other refusal is kept with Elasticsearch's own reason.
// Op type `create`: data streams are append-only and accept nothing else; it also makes a duplicate
// `_id` a visible 409 instead of a silent overwrite.
// https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-bulk
// https://www.elastic.co/docs/manage-data/data-store/data-streams/use-data-stream#add-documents-to-a-data-stream
import type { Client } from '@elastic/elasticsearch';
import type { ElasticRecord } from '../../model/records.js';

export interface BulkDocument {
  /** Target index or data stream (already run-specific). */
  index: string;
  id: string;
  source: Record<string, unknown>;
}

export interface BulkOutcome {
  /** Ids stored, with the index they landed in (the data stream name, as given). */
  created: { id: string; index: string }[];
  rejected: { id: string; reason: string }[];
}

export interface BulkOptions {
  /** Documents per request. */
  chunkSize: number;
  /** Rounds of re-sending items refused with 429. */
  retries: number;
  /** Wait before the first re-send; doubles each round. */
  retryDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_BULK_OPTIONS: BulkOptions = { chunkSize: 500, retries: 3, retryDelayMs: 500 };

/** Splits a record into target, id and `_source` (the record minus `_index` and `_id`). */
export function toBulkDocument(record: ElasticRecord, targetIndex: string): BulkDocument {
  const { _index: _ignoredIndex, _id, ...source } = record;
  return { index: targetIndex, id: _id, source };
}

/** The NDJSON operations for one chunk: a `create` action line, then the document. */
export function bulkOperations(docs: readonly BulkDocument[]): Record<string, unknown>[] {
  const operations: Record<string, unknown>[] = [];
  for (const doc of docs) {
    operations.push({ create: { _index: doc.index, _id: doc.id } });
    operations.push(doc.source);
  }
  return operations;
}

interface BulkItemResult {
  status?: number;
  error?: { type?: string; reason?: string | null; caused_by?: { type?: string; reason?: string | null } };
}

type ItemVerdict = { kind: 'created' } | { kind: 'retry'; reason: string } | { kind: 'rejected'; reason: string };

/** What one bulk item says happened to its document. */
export function classifyItem(item: BulkItemResult | undefined): ItemVerdict {
  if (item === undefined) return { kind: 'rejected', reason: 'bulk response has no item for this document' };
  const status = item.status ?? 0;
  if (status === 201 && item.error === undefined) return { kind: 'created' };
  const reason = describeItemError(status, item);
  if (status === 429) return { kind: 'retry', reason };
  return { kind: 'rejected', reason };
}

function describeItemError(status: number, item: BulkItemResult): string {
  const error = item.error;
  if (error === undefined) return `status ${status} without an error (expected 201 created)`;
  const cause = error.caused_by ? ` (caused by ${error.caused_by.type ?? '?'}: ${error.caused_by.reason ?? ''})` : '';
  return `${status} ${error.type ?? 'error'}: ${error.reason ?? ''}${cause}`;
}

/** Sends every document, chunk by chunk, and accounts for each one. Request-level failures throw. */
export async function bulkCreate(client: Client, docs: readonly BulkDocument[], options: BulkOptions = DEFAULT_BULK_OPTIONS): Promise<BulkOutcome> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const outcome: BulkOutcome = { created: [], rejected: [] };
  for (let start = 0; start < docs.length; start += options.chunkSize) {
    let pending = docs.slice(start, start + options.chunkSize);
    for (let round = 0; pending.length > 0; round++) {
      const response = await client.bulk({ operations: bulkOperations(pending), refresh: false });
      const items = response.items;
      if (items.length !== pending.length) {
        // Never guess which items were kept: refuse the whole chunk.
        for (const doc of pending) {
          outcome.rejected.push({ id: doc.id, reason: `bulk response has ${items.length} items for ${pending.length} documents` });
        }
        break;
      }
      const retry: BulkDocument[] = [];
      const retryReasons: string[] = [];
      pending.forEach((doc, i) => {
        const item = items[i];
        const verdict = classifyItem(item?.create);
        if (verdict.kind === 'created') outcome.created.push({ id: doc.id, index: doc.index });
        else if (verdict.kind === 'retry') {
          retry.push(doc);
          retryReasons.push(verdict.reason);
        } else outcome.rejected.push({ id: doc.id, reason: verdict.reason });
      });
      if (retry.length > 0 && round >= options.retries) {
        retry.forEach((doc, i) => outcome.rejected.push({ id: doc.id, reason: `${retryReasons[i] ?? '429'} (still refused after ${options.retries} retries)` }));
        break;
      }
      if (retry.length > 0) await sleep(options.retryDelayMs * 2 ** round);
      pending = retry;
    }
  }
  return outcome;
}
