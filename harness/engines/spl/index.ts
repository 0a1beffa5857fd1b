// The event index: stored events and their lexicon (index term -> posting list of event numbers), built
// with Splunk's default segmentation (segmenter.ts). The base search is answered from this lexicon first
// and only then from the raw text of the candidate events, as Splunk answers it from its tsidx files:
// https://help.splunk.com/splunk-enterprise/search/search-manual/10.0/search-primer/event-segmentation-and-searching
//
// What the lexicon holds: the minor pieces of every event (the text between any two breakers), folded.
// Major segments are index terms in Splunk too; they matter only to TERM() and to wildcards that span a
// minor breaker, and the engine answers those exactly by taking the minor pieces from the lexicon and
// checking the whole segment in the candidates' raw text (search.ts). Keeping them out of the lexicon
// halves the indexing work and the number of distinct terms.
// Built for throughput: one pass over each event's code units hashes the current piece and hands each
// piece to the lexicon (lexicon.ts).
import type { SplunkRecord } from '../../model/records.js';
import { Bitset } from './bitset.js';
import { ASCII_BREAKER_CLASS, FOLD_TABLE } from './segmenter.js';
import { Lexicon, finalMix } from './lexicon.js';
import { compileGlob, globMatch } from './wildcard.js';

function grow<T extends Int32Array | Float64Array | Uint16Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  let size = Math.max(16, a.length);
  while (size < need) size *= 2;
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/** Interned values of one metadata field (host, source, sourcetype, index) with an id per event. */
class MetaColumn {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();
  perDoc = new Int32Array(1024);

  set(doc: number, value: string): void {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    this.perDoc = grow(this.perDoc, doc + 1);
    this.perDoc[doc] = id;
  }

  get(doc: number): string {
    return this.values[this.perDoc[doc] as number] as string;
  }
}

export type MetaField = 'host' | 'source' | 'sourcetype' | 'index';
export const META_FIELDS: readonly MetaField[] = ['host', 'source', 'sourcetype', 'index'];

/** An event as the index stores it: a SplunkRecord whose `_id` may be absent (then its 1-based number stands in). */
export type IndexableEvent = Omit<SplunkRecord, '_id'> & { _id?: string };

export class EventIndex {
  private raws: string[] = [];
  private ids: (string | undefined)[] = [];
  private times = new Float64Array(1024);
  private readonly meta: Record<MetaField, MetaColumn> = {
    host: new MetaColumn(),
    source: new MetaColumn(),
    sourcetype: new MetaColumn(),
    index: new MetaColumn(),
  };
  private rawBytes = 0;

  private readonly lexicon = new Lexicon();

  private cache = new Map<string, Bitset>();

  get size(): number {
    return this.raws.length;
  }

  /** Number of distinct index terms. */
  get terms(): number {
    return this.lexicon.terms;
  }

  /** Characters of `_raw` indexed so far (UTF-16 code units). */
  get rawCharacters(): number {
    return this.rawBytes;
  }

  /** Approximate bytes held by the lexicon's typed arrays. */
  lexiconBytes(): number {
    return this.lexicon.bytes();
  }

  /**
   * Prepares for about `events` more events: grows the lexicon's table once instead of step by step
   * (each event brings about one term never seen before: ids, timestamps, record numbers).
   */
  reserve(events: number): void {
    this.lexicon.reserve(this.lexicon.terms + events);
  }

  /** Stores one event and indexes its raw text. Returns its event number (0-based, in load order). */
  add(event: IndexableEvent): number {
    const doc = this.raws.length;
    this.raws.push(event._raw);
    this.ids.push(event._id);
    this.times = grow(this.times, doc + 1);
    this.times[doc] = event._time;
    for (const f of META_FIELDS) this.meta[f].set(doc, event[f]);
    this.rawBytes += event._raw.length;
    this.indexRaw(event._raw, doc);
    if (this.cache.size > 0) this.cache.clear();
    return doc;
  }

  /** Forgets cached lookup results (they are rebuilt on demand; benchmarks measure cold searches). */
  clearSearchCache(): void {
    this.cache.clear();
  }

  raw(doc: number): string {
    return this.raws[doc] as string;
  }

  time(doc: number): number {
    return this.times[doc] as number;
  }

  /** `_id`, or the 1-based event number when the event had none. */
  id(doc: number): string {
    return this.ids[doc] ?? String(doc + 1);
  }

  metaValue(field: MetaField, doc: number): string {
    return this.meta[field].get(doc);
  }

  record(doc: number): SplunkRecord {
    return {
      _raw: this.raw(doc),
      _time: this.time(doc),
      host: this.metaValue('host', doc),
      source: this.metaValue('source', doc),
      sourcetype: this.metaValue('sourcetype', doc),
      index: this.metaValue('index', doc),
      _id: this.id(doc),
    };
  }

  all(): Bitset {
    return Bitset.full(this.size);
  }

  /** Events holding the folded minor piece `term` (exact lexicon lookup). */
  withTerm(term: string): Bitset {
    const key = 't:' + term;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const out = new Bitset(this.size);
    const id = this.lexicon.lookup(term);
    if (id >= 0) this.lexicon.collect(id, out);
    this.cache.set(key, out);
    return out;
  }

  /** Number of events holding the folded term (its document frequency). */
  docFrequency(term: string): number {
    const id = this.lexicon.lookup(term);
    return id < 0 ? 0 : this.lexicon.docFrequency(id);
  }

  /** Events holding a minor piece that matches the folded `*` glob. Scans the lexicon once per distinct glob. */
  withTermGlob(glob: string): Bitset {
    const key = 'g:' + glob;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const out = new Bitset(this.size);
    for (const id of this.lexicon.matching(compileGlob(glob))) this.lexicon.collect(id, out);
    this.cache.set(key, out);
    return out;
  }

  /** Events whose metadata field matches the value (case-insensitive, `*` wildcards allowed). */
  withMeta(field: MetaField, pattern: string): Bitset {
    const key = `m:${field}:${pattern}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const column = this.meta[field];
    const wanted = new Uint8Array(column.values.length);
    let any = false;
    column.values.forEach((v, i) => {
      if (globMatch(pattern, v, true)) {
        wanted[i] = 1;
        any = true;
      }
    });
    const out = new Bitset(this.size);
    if (any) {
      const per = column.perDoc;
      for (let d = 0; d < this.size; d++) if (wanted[per[d] as number] === 1) out.add(d);
    }
    this.cache.set(key, out);
    return out;
  }

  /** One pass over the raw text: major segments and minor pieces become terms of event `doc`. */
  private indexRaw(raw: string, doc: number): void {
    const table = PIECE_CHAR;
    const lexicon = this.lexicon;
    const n = raw.length;
    let start = 0;
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < n; i++) {
      const f = table[raw.charCodeAt(i)] as number;
      if (f >= 0) {
        h = Math.imul(h ^ f, 16777619);
        continue;
      }
      // Any breaker (major or minor) ends a minor piece.
      if (i > start) lexicon.add(raw, start, i, finalMix(h), doc);
      start = i + 1;
      h = 0x811c9dc5 | 0;
    }
    if (n > start) lexicon.add(raw, start, n, finalMix(h), doc);
  }
}

/** Per UTF-16 code unit: its folded value, or -1 for a breaker (major or minor); one lookup per character. */
const PIECE_CHAR = (() => {
  const t = new Int32Array(65536);
  for (let c = 0; c < 65536; c++) t[c] = c < 128 && ASCII_BREAKER_CLASS[c] !== 0 ? -1 : (FOLD_TABLE[c] as number);
  return t;
})();
