// Pieces of Elastic documents that depend only on the host and time: agent envelopes, ingest time.
import { createHash } from 'node:crypto';
import type { CanonicalEvent } from '../../canonical-event.js';
import { shiftIso } from './time.js';
import { hostBlock } from './shared-blocks.js';

export const STACK_VERSION = '9.1.0';

const cache = new Map<string, string>();

/** A stable UUID-shaped id for (`kind`, `key`): the same host always gets the same agent id. */
export function stableId(kind: string, key: string): string {
  const cacheKey = `${kind}\u0000${key}`;
  let id = cache.get(cacheKey);
  if (id === undefined) {
    const h = createHash('sha1').update(cacheKey).digest('hex');
    id = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
    cache.set(cacheKey, id);
  }
  return id;
}

/** A UUID-shaped string from 32 hex digits (an event id), without hashing again. */
export function uuidFromHex(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** When Elasticsearch's final pipeline stamped the document (event.ingested): a few seconds later. */
export function ingested(event: CanonicalEvent): string {
  // Whole seconds, as the final pipeline writes it (`2023-07-06T09:36:51Z`).
  return `${shiftIso(event.timestamp, 2000 + ((event.recordId ?? 0) % 7000)).slice(0, 19)}Z`;
}

/**
 * The Elastic Agent envelope the integration packages add (agent, elastic_agent, data_stream, input):
 * one frozen block per host, dataset and input (shared-blocks.ts).
 */
export function agentEnvelope(event: CanonicalEvent, dataset: string, inputType: string): Record<string, unknown> {
  return hostBlock(event.host, `agentEnvelope\u0000${dataset}\u0000${inputType}`, () => {
    const agentId = stableId('agent', event.host.id);
    return {
      agent: { ephemeral_id: stableId('ephemeral', event.host.id), id: agentId, name: event.host.name, type: 'filebeat', version: STACK_VERSION },
      data_stream: { dataset, namespace: 'default', type: 'logs' },
      elastic_agent: { id: agentId, snapshot: false, version: STACK_VERSION },
      input: { type: inputType },
    };
  });
}

/** The Beat's own agent block (winlogbeat, auditbeat): one frozen block per host and Beat. */
export function beatAgent(event: CanonicalEvent, type: string): Record<string, unknown> {
  return hostBlock(event.host, `beatAgent\u0000${type}`, () => ({ ephemeral_id: stableId('ephemeral', event.host.id), id: stableId(type, event.host.id), name: event.host.name, type, version: STACK_VERSION }));
}

/** Unique values in insertion order (Elastic's `append` with allow_duplicates: false). */
export function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
