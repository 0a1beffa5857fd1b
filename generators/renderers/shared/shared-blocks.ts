// Parts of a record that are the same for every event of a host (agent envelopes, host blocks) or for
// every event of a source (ecs.version, data_stream, constant arrays) are built once and shared by the
// records, frozen. A run renders every event for every data source and keeps a source's records until
// its rules have run, so per-record copies of these blocks cost allocation, young-generation copying
// and memory for nothing: the records read the same either way (JSON, indexing, search).
// Frozen, so that code writing into a record's shared block fails loudly (ESM code is strict mode)
// instead of changing other records.
import type { HostContext } from '../../canonical-event.js';

/** Freezes a JSON-like value and everything it holds; returns it. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

/** A block that is the same for every record: built and frozen once. */
export function constantBlock<T>(value: T): T {
  return deepFreeze(value);
}

const perHostBlocks = new WeakMap<HostContext, Map<string, unknown>>();

/**
 * The block `build` makes for this host, built once per host object and `key` (which must name
 * everything else `build` reads: the block's kind and its parameters) and frozen. Hosts are shared by
 * the events of a run (the generator's host pool), so a run builds one block per host, not per event;
 * the cache lives as long as the host object.
 */
export function hostBlock<T>(host: HostContext, key: string, build: () => T): T {
  let blocks = perHostBlocks.get(host);
  if (blocks === undefined) {
    blocks = new Map();
    perHostBlocks.set(host, blocks);
  }
  let block = blocks.get(key) as T | undefined;
  if (block === undefined) {
    block = deepFreeze(build());
    blocks.set(key, block);
  }
  return block;
}
