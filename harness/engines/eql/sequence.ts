// Sequence matching with Elasticsearch's semantics, over hits that are already filtered per stage,
// keyed and ordered. Pure: no documents, no mappings; the backend supplies the hits.
//
// Followed (read, not copied): elastic/elasticsearch
// x-pack/plugin/eql/src/main/java/org/elasticsearch/xpack/eql/execution/sequence/
//   SequenceMatcher.java  — stage-by-stage matching: a hit of stage s joins the LATEST in-flight
//                           sequence of the previous positive stage with the same key whose last
//                           ordinal is before it; that sequence and every older one of that key and
//                           stage are dropped from the stage (OrdinalGroup.trimBefore); maxspan is
//                           measured from the sequence's first event; an `until` event of the same key
//                           between the sequence's last event (inclusive) and the hit ends it.
//   TumblingWindow.java   — join keys of multi-valued fields are the cartesian product of the values
//                           (wrapValues.extractJoinKeys); missing-event stages (`![...]`) are checked
//                           once a sequence completes (doCheckMissingEvents): an inner missing stage
//                           discards the sequence when a keyed event lies strictly between its
//                           neighbours' timestamps; leading/trailing missing stages discard it when the
//                           nearest keyed event before/after lies within maxspan.
//   Sequence.java         — completed sequences are ordered by the ordinal of their last event.
// Elasticsearch pages through the stages in windows of fetch_size hits; each window keeps every
// in-flight sequence whose next hit can still arrive, so the result is the same as one window over
// all hits, which is what this module computes.
// Docs: https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax#eql-sequences

/** Where an event sorts: timestamp (epoch ns), then the tiebreaker field, then the implicit tiebreaker. */
export interface Ordinal {
  time: bigint;
  tiebreaker: number | string | null;
  /** Elasticsearch's implicit tiebreaker (`_shard_doc`): load order here. */
  implicit: number;
}

export function compareOrdinals(a: Ordinal, b: Ordinal): number {
  if (a.time !== b.time) return a.time < b.time ? -1 : 1;
  const t = compareTiebreakers(a.tiebreaker, b.tiebreaker);
  if (t !== 0) return t;
  return a.implicit - b.implicit;
}

function compareTiebreakers(a: number | string | null, b: number | string | null): number {
  if (a === b) return 0;
  if (a === null) return 1; // a missing tiebreaker sorts last
  if (b === null) return -1;
  if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : 0;
  return String(a) < String(b) ? -1 : 1;
}

/** One join key tuple: its values as printed (`null` for none) and a canonical identity for equality. */
export interface JoinKey {
  values: (string | null)[];
  /** Equal for equal tuples (type-tagged, so the number 1 and the string "1" differ). */
  id: string;
  /** The values as they sort (samples order their answers by key, as a composite aggregation does). */
  order: (string | number | bigint | boolean | null)[];
}

/** A hit of one stage: where it sorts, its join keys (several for multi-valued key fields) and the caller's reference. */
export interface StageHit<R> {
  ordinal: Ordinal;
  keys: JoinKey[];
  ref: R;
}

export interface SequenceSpec {
  /** One entry per stage after `with runs=N` expansion; `missing` for `![...]`. */
  missing: boolean[];
  /** `with maxspan`, in nanoseconds; null when not given. */
  maxspanNanos: bigint | null;
}

export interface SequenceMatch<R> {
  key: JoinKey;
  /** One per stage; null for a missing-event stage. */
  events: (R | null)[];
  ordinals: (Ordinal | null)[];
}

export interface SequenceLimit {
  count: number;
  /** `head`: the first `count` sequences; `tail`: the last. */
  from: 'head' | 'tail';
}

interface InFlight<R> {
  key: JoinKey;
  hits: (StageHit<R> | null)[];
  ordinals: (Ordinal | null)[];
  start: Ordinal;
  last: Ordinal;
}

/**
 * Matches sequences. `stageHits[s]` are the hits of stage s in ordinal order (for a missing stage:
 * the events the `![...]` filter matches); `untilHits` those of `until`, in order, or null.
 */
export function matchSequences<R>(spec: SequenceSpec, stageHits: StageHit<R>[][], untilHits: StageHit<R>[] | null, limit: SequenceLimit | null): SequenceMatch<R>[] {
  const stages = spec.missing.length;
  const positive = spec.missing.map((m, i) => (m ? -1 : i)).filter((i) => i >= 0);
  const first = positive[0];
  if (first === undefined) return [];
  const lastPositive = positive[positive.length - 1] as number;
  // key id -> in-flight sequences waiting at a stage, oldest first.
  const waiting: Map<string, InFlight<R>[]>[] = Array.from({ length: stages }, () => new Map());
  const until = new Map<string, Ordinal[]>();
  for (const hit of untilHits ?? []) for (const key of hit.keys) push(until, key.id, hit.ordinal);
  const completed: InFlight<R>[] = [];

  const startHits = stageHits[first] ?? [];
  for (const hit of startHits) {
    for (const key of hit.keys) {
      const seq: InFlight<R> = { key, hits: new Array<StageHit<R> | null>(stages).fill(null), ordinals: new Array<Ordinal | null>(stages).fill(null), start: hit.ordinal, last: hit.ordinal };
      seq.hits[first] = hit;
      seq.ordinals[first] = hit.ordinal;
      if (first === lastPositive) completed.push(seq);
      else push(waiting[first] as Map<string, InFlight<R>[]>, key.id, seq);
    }
  }
  for (let p = 1; p < positive.length; p++) {
    const stage = positive[p] as number;
    const previous = positive[p - 1] as number;
    const from = waiting[previous] as Map<string, InFlight<R>[]>;
    for (const hit of stageHits[stage] ?? []) {
      for (const key of hit.keys) {
        const group = from.get(key.id);
        if (!group || group.length === 0) continue;
        // The latest sequence whose last event is before the hit; it and all older ones leave the group.
        let at = -1;
        for (let i = 0; i < group.length; i++) {
          if (compareOrdinals((group[i] as InFlight<R>).last, hit.ordinal) < 0) at = i;
          else break;
        }
        if (at < 0) continue;
        const seq = group[at] as InFlight<R>;
        group.splice(0, at + 1);
        if (group.length === 0) from.delete(key.id);
        if (spec.maxspanNanos !== null && hit.ordinal.time - seq.start.time > spec.maxspanNanos) continue;
        if (untilBetween(until.get(key.id), seq.last, hit.ordinal)) continue;
        seq.hits[stage] = hit;
        seq.ordinals[stage] = hit.ordinal;
        seq.last = hit.ordinal;
        if (stage === lastPositive) completed.push(seq);
        else push(waiting[stage] as Map<string, InFlight<R>[]>, key.id, seq);
      }
    }
  }
  const kept = spec.missing.some((m) => m) ? completed.filter((seq) => passesMissingStages(spec, stageHits, seq)) : completed;
  kept.sort((a, b) => compareOrdinals(a.last, b.last) || compareOrdinals(a.start, b.start) || (a.key.id < b.key.id ? -1 : a.key.id > b.key.id ? 1 : 0));
  const limited = limit === null ? kept : limit.from === 'head' ? kept.slice(0, limit.count) : kept.slice(Math.max(0, kept.length - limit.count));
  return limited.map((seq) => ({ key: seq.key, events: seq.hits.map((h) => (h === null ? null : h.ref)), ordinals: seq.ordinals }));
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** SequenceMatcher: the nearest `until` before the hit, if at or after the sequence's last event, ends the sequence. */
function untilBetween(markers: Ordinal[] | undefined, last: Ordinal, hit: Ordinal): boolean {
  if (!markers) return false;
  let nearest: Ordinal | null = null;
  for (const m of markers) {
    if (compareOrdinals(m, hit) < 0) nearest = m;
    else break;
  }
  return nearest !== null && compareOrdinals(nearest, last) >= 0;
}

/**
 * TumblingWindow.doCheckMissingEvents: per missing stage, the keyed events of that stage are looked
 * up by timestamp (milliseconds, as its range query does): strictly between the neighbouring
 * positive events for an inner stage (any hit discards), the latest one before the first event for a
 * leading stage, the first one after the last event for a trailing stage; leading/trailing hits only
 * discard the sequence when they fall within maxspan of it.
 */
function passesMissingStages<R>(spec: SequenceSpec, stageHits: StageHit<R>[][], seq: InFlight<R>): boolean {
  const stages = spec.missing.length;
  const missingFirst = spec.missing[0] === true;
  const missingLast = spec.missing[stages - 1] === true;
  const startMs = millis(seq.start.time);
  const lastMs = millis(seq.last.time);
  let lastLeading: bigint | null = null;
  let firstTrailing: bigint | null = null;
  let leading = true;
  for (let i = 0; i < stages; i++) {
    if (!spec.missing[i]) {
      leading = false;
      continue;
    }
    const keyed = (stageHits[i] ?? []).filter((h) => h.keys.some((k) => k.id === seq.key.id));
    const trailing = !spec.missing.slice(i + 1).some((m) => !m);
    if (leading) {
      for (const h of keyed) {
        const t = millis(h.ordinal.time);
        if (t < startMs && (lastLeading === null || h.ordinal.time > lastLeading)) lastLeading = h.ordinal.time;
      }
    } else if (trailing) {
      for (const h of keyed) {
        const t = millis(h.ordinal.time);
        if (t > lastMs && (firstTrailing === null || h.ordinal.time < firstTrailing)) firstTrailing = h.ordinal.time;
      }
    } else {
      const before = neighbour(seq.ordinals, i, -1);
      const after = neighbour(seq.ordinals, i, 1);
      if (before === null || after === null) continue;
      const lo = millis(before.time);
      const hi = millis(after.time);
      if (keyed.some((h) => millis(h.ordinal.time) > lo && millis(h.ordinal.time) < hi)) return false;
    }
  }
  const exceeds = (from: bigint | null, to: bigint | null): boolean => from === null || to === null || (spec.maxspanNanos !== null && spec.maxspanNanos > 0n && to - from > spec.maxspanNanos);
  return (
    (firstTrailing === null && lastLeading === null) ||
    (lastLeading === null && missingFirst) ||
    (firstTrailing === null && missingLast) ||
    (missingFirst && missingLast && exceeds(lastLeading, firstTrailing)) ||
    (missingFirst && !missingLast && exceeds(lastLeading, seq.last.time)) ||
    (!missingFirst && missingLast && exceeds(seq.start.time, firstTrailing))
  );
}

function neighbour(ordinals: (Ordinal | null)[], from: number, step: 1 | -1): Ordinal | null {
  for (let i = from + step; i >= 0 && i < ordinals.length; i += step) {
    const o = ordinals[i];
    if (o) return o;
  }
  return null;
}

const NANOS_PER_MS = 1_000_000n;

/** Epoch milliseconds, rounded down (the missing-event range queries use toEpochMilli). */
function millis(nanos: bigint): bigint {
  const r = nanos % NANOS_PER_MS;
  return r < 0n ? (nanos - r - NANOS_PER_MS) / NANOS_PER_MS : (nanos - r) / NANOS_PER_MS;
}
