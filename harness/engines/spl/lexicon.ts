// The lexicon: every index term (folded) and the events that hold it, as Splunk's tsidx files map terms
// to postings. Built for indexing speed on one core:
// - terms live in an open-addressing table of 64-byte slots (one cache line each) holding the hash, the
//   term's length, its first 12 characters, the last event it was seen in and its posting pointers, so
//   adding a term occurrence usually touches a single cache line plus the end of its posting list;
// - the full folded text of every term is kept in a UTF-16 code-unit arena (no string per term);
// - postings are per-term chains of blocks (1, 4, 16, ... 4096 event numbers) in chunked Int32Array
//   pools, so appending never copies and reading a posting list is sequential.
// Term identity is exact: equal hash and length, then equal characters.
import type { Bitset } from './bitset.js';
import { FOLD_TABLE } from './segmenter.js';
import { type CompiledGlob, matchCompiledGlob } from './wildcard.js';

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;

/** Final avalanche of a running hash (murmur3 fmix32). */
export function finalMix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** Hash of a folded term: FNV-1a over its code units, then finalMix (the indexing pass computes the same). */
export function hashFolded(term: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < term.length; i++) h = Math.imul(h ^ term.charCodeAt(i), FNV_PRIME);
  return finalMix(h);
}

// Slot layout: 16 Int32 = 64 bytes.
const SLOT = 16;
const S_HASH = 0;
const S_ID = 1; // term id + 1; 0 = empty slot
const S_LEN = 2;
const S_LAST_DOC = 3;
const S_DOCS = 4;
const S_HEAD = 5;
const S_CUR = 6;
const S_FILL = 7;
const S_CAP = 8;
const S_START = 9;
const S_CHARS = 10; // 6 ints = the first 12 code units, two per int
const INLINE_CHARS = 12;

const POOL_BITS = 20;
const POOL_CHUNK = 1 << POOL_BITS;
const POOL_MASK = POOL_CHUNK - 1;
const MAX_BLOCK = 4096;

export class Lexicon {
  private slots = new Int32Array(SLOT << 16);
  private slotMask = (1 << 16) - 1;
  private count = 0;
  /** Slot offset of each term id (kept current across rehashes). */
  private idSlot = new Int32Array(1 << 15);
  private arena = new Uint16Array(1 << 16);
  private arenaUsed = 0;
  private readonly pool: Int32Array[] = [];
  private poolUsed = POOL_CHUNK; // forces the first chunk allocation

  get terms(): number {
    return this.count;
  }

  /** Approximate bytes held by the lexicon's typed arrays. */
  bytes(): number {
    return this.slots.byteLength + this.idSlot.byteLength + this.arena.byteLength + this.pool.length * POOL_CHUNK * 4;
  }

  /**
   * Records that event `doc` holds the term raw[s, e) (folded on the fly) whose hash is `h`.
   * Events must be added in increasing `doc` order.
   */
  add(raw: string, s: number, e: number, h: number, doc: number): void {
    const len = e - s;
    const slots = this.slots;
    const wrap = slots.length - 1;
    const fold = FOLD_TABLE;
    let p = (h & this.slotMask) * SLOT;
    for (;;) {
      const t = slots[p + S_ID] as number;
      if (t === 0) break;
      if (slots[p + S_HASH] === h && slots[p + S_LEN] === len && this.sameText(raw, s, len, p, fold)) {
        if (slots[p + S_LAST_DOC] === doc) return;
        slots[p + S_LAST_DOC] = doc;
        this.post(p, doc);
        return;
      }
      p = (p + SLOT) & wrap;
    }
    this.newTerm(raw, s, len, h, p, fold);
    slots[p + S_LAST_DOC] = doc;
    this.post(p, doc);
    // Rehash at 70% load: linear probing stays short because every probe compares the stored hash first.
    if (this.count * 10 > (this.slotMask + 1) * 7) this.rehash();
  }

  /** The raw piece, folded, equals the term in slot `p` (lengths already equal). */
  private sameText(raw: string, s: number, len: number, p: number, fold: Readonly<Uint16Array>): boolean {
    const slots = this.slots;
    const inline = len < INLINE_CHARS ? len : INLINE_CHARS;
    let k = 0;
    for (; k + 1 < inline; k += 2) {
      const packed = (fold[raw.charCodeAt(s + k)] as number) | ((fold[raw.charCodeAt(s + k + 1)] as number) << 16);
      if (slots[p + S_CHARS + (k >> 1)] !== packed) return false;
    }
    if (k < inline && slots[p + S_CHARS + (k >> 1)] !== (fold[raw.charCodeAt(s + k)] as number)) return false;
    if (len <= INLINE_CHARS) return true;
    const arena = this.arena;
    const start = slots[p + S_START] as number;
    for (k = INLINE_CHARS; k < len; k++) if (arena[start + k] !== fold[raw.charCodeAt(s + k)]) return false;
    return true;
  }

  /** Appends `doc` to the postings of the term in slot `p` (the caller ensures it is not there yet). */
  private post(p: number, doc: number): void {
    const slots = this.slots;
    slots[p + S_DOCS] = (slots[p + S_DOCS] as number) + 1;
    let cur = slots[p + S_CUR] as number;
    let fill = slots[p + S_FILL] as number;
    const cap = slots[p + S_CAP] as number;
    if (cur < 0 || fill === cap) {
      const next = cur < 0 ? 1 : Math.min(cap * 4, MAX_BLOCK);
      const block = this.allocBlock(next);
      if (cur < 0) slots[p + S_HEAD] = block;
      else (this.pool[cur >>> POOL_BITS] as Int32Array)[cur & POOL_MASK] = block;
      slots[p + S_CUR] = cur = block;
      slots[p + S_CAP] = next;
      fill = 0;
    }
    (this.pool[cur >>> POOL_BITS] as Int32Array)[(cur & POOL_MASK) + 2 + fill] = doc;
    slots[p + S_FILL] = fill + 1;
  }

  /** Term id of a folded term, or -1. */
  lookup(term: string): number {
    const h = hashFolded(term);
    const slots = this.slots;
    const wrap = slots.length - 1;
    for (let p = (h & this.slotMask) * SLOT; ; p = (p + SLOT) & wrap) {
      const t = slots[p + S_ID] as number;
      if (t === 0) return -1;
      if (slots[p + S_HASH] !== h || slots[p + S_LEN] !== term.length) continue;
      const start = slots[p + S_START] as number;
      let k = 0;
      while (k < term.length && this.arena[start + k] === term.charCodeAt(k)) k++;
      if (k === term.length) return t - 1;
    }
  }

  /** Number of events holding the term. */
  docFrequency(id: number): number {
    return this.slots[(this.idSlot[id] as number) + S_DOCS] as number;
  }

  /** Adds every event holding term `id` to `out`. */
  collect(id: number, out: Bitset): void {
    const p = this.idSlot[id] as number;
    const cur = this.slots[p + S_CUR] as number;
    const fill = this.slots[p + S_FILL] as number;
    const words = out.words;
    for (let block = this.slots[p + S_HEAD] as number; block >= 0; ) {
      const chunk = this.pool[block >>> POOL_BITS] as Int32Array;
      const local = block & POOL_MASK;
      const n = block === cur ? fill : (chunk[local + 1] as number);
      for (let i = 0; i < n; i++) {
        const d = chunk[local + 2 + i] as number;
        words[d >>> 5] = ((words[d >>> 5] as number) | (1 << (d & 31))) >>> 0;
      }
      block = block === cur ? -1 : (chunk[local] as number);
    }
  }

  /** Ids of the terms matching a compiled (folded) glob; scans the whole lexicon. */
  matching(glob: CompiledGlob): number[] {
    const out: number[] = [];
    for (let id = 0; id < this.count; id++) {
      const p = this.idSlot[id] as number;
      if (matchCompiledGlob(glob, this.arena, this.slots[p + S_START] as number, this.slots[p + S_LEN] as number)) out.push(id);
    }
    return out;
  }

  private allocBlock(cap: number): number {
    if (this.poolUsed + cap + 2 > POOL_CHUNK) {
      this.pool.push(new Int32Array(POOL_CHUNK));
      this.poolUsed = 0;
    }
    const offset = ((this.pool.length - 1) << POOL_BITS) | this.poolUsed;
    const chunk = this.pool[this.pool.length - 1] as Int32Array;
    chunk[this.poolUsed] = -1;
    chunk[this.poolUsed + 1] = cap;
    this.poolUsed += cap + 2;
    return offset;
  }

  /** Creates the term raw[s, s+len) in the empty slot `p`. */
  private newTerm(raw: string, s: number, len: number, h: number, p: number, fold: Readonly<Uint16Array>): void {
    const id = this.count++;
    if (id >= this.idSlot.length) {
      const bigger = new Int32Array(this.idSlot.length * 2);
      bigger.set(this.idSlot);
      this.idSlot = bigger;
    }
    if (this.arenaUsed + len > this.arena.length) {
      let size = this.arena.length * 2;
      while (size < this.arenaUsed + len) size *= 2;
      const bigger = new Uint16Array(size);
      bigger.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = bigger;
    }
    const start = this.arenaUsed;
    const arena = this.arena;
    for (let k = 0; k < len; k++) arena[start + k] = fold[raw.charCodeAt(s + k)] as number;
    this.arenaUsed += len;
    const slots = this.slots;
    slots[p + S_HASH] = h;
    slots[p + S_ID] = id + 1;
    slots[p + S_LEN] = len;
    slots[p + S_LAST_DOC] = -1;
    slots[p + S_DOCS] = 0;
    slots[p + S_HEAD] = -1;
    slots[p + S_CUR] = -1;
    slots[p + S_FILL] = 0;
    slots[p + S_CAP] = 0;
    slots[p + S_START] = start;
    for (let k = 0; k < INLINE_CHARS; k += 2) {
      const lo = k < len ? (arena[start + k] as number) : 0;
      const hi = k + 1 < len ? (arena[start + k + 1] as number) : 0;
      slots[p + S_CHARS + (k >> 1)] = lo | (hi << 16);
    }
    this.idSlot[id] = p;
  }

  /** Grows the table ahead of time for about `terms` distinct terms (avoids rehashing while adding). */
  reserve(terms: number): void {
    while (terms * 10 > (this.slotMask + 1) * 7) this.rehash();
  }

  private rehash(): void {
    const size = (this.slotMask + 1) * 2;
    const slots = new Int32Array(SLOT * size);
    const mask = size - 1;
    const wrap = slots.length - 1;
    const old = this.slots;
    for (let q = 0; q < old.length; q += SLOT) {
      const t = old[q + S_ID] as number;
      if (t === 0) continue;
      let p = ((old[q + S_HASH] as number) & mask) * SLOT;
      while (slots[p + S_ID] !== 0) p = (p + SLOT) & wrap;
      slots.set(old.subarray(q, q + SLOT), p);
      this.idSlot[t - 1] = p;
    }
    this.slots = slots;
    this.slotMask = mask;
  }
}
