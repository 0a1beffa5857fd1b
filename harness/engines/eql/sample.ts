// Sample matching (`sample by k [stage] [stage] ...`) with Elasticsearch's semantics, over hits
// already filtered per stage and keyed. Pure.
//
// Followed (read, not copied): elastic/elasticsearch
// x-pack/plugin/eql/src/main/java/org/elasticsearch/xpack/eql/execution/sample/SampleIterator.java and
// execution/assembler/SampleQueryRequest.java:
// - the join key combinations come from composite aggregations, stage after stage, so only keys that
//   every stage has count, in the aggregation's order (ascending, null — an optional key's missing
//   bucket — first); a non-optional key without a value gives no bucket;
// - for each key, each stage fetches its first `stages + max_samples_per_key - 1` matching events in
//   index order (no sort, terminate_after), and a backtracking search picks up to
//   max_samples_per_key samples of distinct events, one per stage, in stage order;
// - samples are collected until `size`.
// Samples carry no time order: unlike sequences, stages may match in any order.
// https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax#eql-samples
import type { JoinKey } from './sequence.js';

export interface SampleHit<R> {
  keys: JoinKey[];
  /** Identity of the event (an event fills at most one stage of a sample). */
  docKey: string;
  ref: R;
}

export interface SampleMatch<R> {
  key: JoinKey;
  events: R[];
}

export function matchSamples<R>(stageHits: SampleHit<R>[][], maxSamplesPerKey: number, size: number): SampleMatch<R>[] {
  const stages = stageHits.length;
  const byKey = stageHits.map((hits) => {
    const groups = new Map<string, { key: JoinKey; hits: SampleHit<R>[] }>();
    for (const hit of hits) {
      for (const key of hit.keys) {
        const group = groups.get(key.id);
        if (group) group.hits.push(hit);
        else groups.set(key.id, { key, hits: [hit] });
      }
    }
    return groups;
  });
  const first = byKey[0];
  if (!first) return [];
  const common = [...first.values()].filter((g) => byKey.every((m) => m.has(g.key.id))).map((g) => g.key);
  common.sort((a, b) => compareKeyOrder(a.order, b.order));
  const perStage = stages + maxSamplesPerKey - 1;
  const out: SampleMatch<R>[] = [];
  for (const key of common) {
    const candidates = byKey.map((m) => (m.get(key.id) as { hits: SampleHit<R>[] }).hits.slice(0, perStage));
    for (const events of pickDistinct(candidates, maxSamplesPerKey)) {
      if (out.length >= size) return out;
      out.push({ key, events: events.map((h) => h.ref) });
    }
  }
  return out;
}

/** SampleIterator.match: depth-first, one event per stage, no event twice, at most `max` combinations. */
function pickDistinct<R>(candidates: SampleHit<R>[][], max: number): SampleHit<R>[][] {
  const result: SampleHit<R>[][] = [];
  const partial: SampleHit<R>[] = [];
  const visit = (stage: number): boolean => {
    for (const hit of candidates[stage] ?? []) {
      if (partial.some((p) => p.docKey === hit.docKey)) continue;
      partial.push(hit);
      if (stage === candidates.length - 1) {
        result.push([...partial]);
        if (result.length === max) return true;
      } else if (visit(stage + 1)) {
        return true;
      }
      partial.pop();
    }
    return false;
  };
  if (max > 0) visit(0);
  return result;
}

/** Composite aggregation order: value by value, ascending, a missing (null) value first. */
export function compareKeyOrder(a: JoinKey['order'], b: JoinKey['order']): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    if (x === y) continue;
    if (x === null) return -1;
    if (y === null) return 1;
    if (typeof x === 'boolean' || typeof y === 'boolean') return Number(x) - Number(y);
    if (typeof x === 'string' || typeof y === 'string') return String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}
