// A fixed-size set of event numbers, one bit each: the base search combines lexicon lookups with these
// (AND, OR, NOT) before it reads any raw text, so a million-event index costs a few thousand words per step.

export class Bitset {
  readonly words: Uint32Array;

  constructor(readonly size: number, words?: Uint32Array) {
    this.words = words ?? new Uint32Array((size + 31) >>> 5);
  }

  static full(size: number): Bitset {
    const b = new Bitset(size);
    b.words.fill(0xffffffff);
    b.clearTail();
    return b;
  }

  static of(size: number, docs: Iterable<number>): Bitset {
    const b = new Bitset(size);
    for (const d of docs) b.add(d);
    return b;
  }

  add(doc: number): void {
    this.words[doc >>> 5] = ((this.words[doc >>> 5] as number) | (1 << (doc & 31))) >>> 0;
  }

  has(doc: number): boolean {
    return (((this.words[doc >>> 5] as number) >>> (doc & 31)) & 1) === 1;
  }

  and(other: Bitset): Bitset {
    const out = new Uint32Array(this.words.length);
    for (let i = 0; i < out.length; i++) out[i] = ((this.words[i] as number) & (other.words[i] as number)) >>> 0;
    return new Bitset(this.size, out);
  }

  or(other: Bitset): Bitset {
    const out = new Uint32Array(this.words.length);
    for (let i = 0; i < out.length; i++) out[i] = ((this.words[i] as number) | (other.words[i] as number)) >>> 0;
    return new Bitset(this.size, out);
  }

  not(): Bitset {
    const out = new Uint32Array(this.words.length);
    for (let i = 0; i < out.length; i++) out[i] = ~(this.words[i] as number) >>> 0;
    const b = new Bitset(this.size, out);
    b.clearTail();
    return b;
  }

  count(): number {
    let n = 0;
    for (let i = 0; i < this.words.length; i++) {
      let w = this.words[i] as number;
      w = w - ((w >>> 1) & 0x55555555);
      w = (w & 0x33333333) + ((w >>> 2) & 0x33333333);
      n += (Math.imul((w + (w >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number;
    }
    return n;
  }

  /** Every member in ascending order. */
  toArray(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.words.length; i++) {
      let w = this.words[i] as number;
      while (w !== 0) {
        const bit = 31 - Math.clz32(w & -w);
        out.push((i << 5) + bit);
        w = (w & (w - 1)) >>> 0;
      }
    }
    return out;
  }

  private clearTail(): void {
    const extra = this.words.length * 32 - this.size;
    if (extra > 0 && this.words.length > 0) {
      const last = this.words.length - 1;
      this.words[last] = ((this.words[last] as number) & (0xffffffff >>> extra)) >>> 0;
    }
  }
}
