// The unique-id check of an events file read line by line: each event's id is its `_id`, or its 1-based
// line number when it has none, and an id used twice is bad input ("already used on line N").
//
// Holding every id as a string costs tens of bytes per event (hundreds of MB on a file of gigabytes, and
// a Map stops at 2^24 entries), so a file's ids are held as two independent 32-bit hashes and a line
// number: 12 bytes a slot. A hash match is confirmed against the earlier line's real id (`idOfLine`,
// which re-reads that line), so a verdict never rests on a hash; a matching pair that is not a
// duplicate (about one in 2^64 per pair; the hashes are seeded per process, so no input can aim at them)
// costs one re-read and is then carried on. Line-number ids are never stored: line L can only clash with
// an explicit `_id` spelled exactly as L, so a bitset records which lines had none.
import { randomInt } from 'node:crypto';

const EMPTY = 0;
const CANONICAL_LINE = /^[1-9][0-9]{0,15}$/;

/** Ids registered one line at a time; `check` answers the earlier line of a clash, or null. */
export class EventIdRegistry {
  private h1 = new Int32Array(1024);
  private h2 = new Int32Array(1024);
  /** Line number of the slot's id (0: empty slot). */
  private lines = new Int32Array(1024);
  private used = 0;
  /** Bit per line: the line's id is its number (no `_id`). */
  private implicit = new Uint8Array(1024);
  /** Explicit ids spelled as a line number: only then can a line-number id clash. */
  private numericIds = 0;
  private readonly seed1 = randomInt(0x7fffffff) | 0;
  private readonly seed2 = randomInt(0x7fffffff) | 0;

  /** Exact ids, when earlier lines cannot be re-read (stdin). */
  private readonly exact: Map<string, number> | null;

  /**
   * @param idOfLine the explicit `_id` of an earlier line (re-read), to confirm a hash match; null when
   * the input cannot be read again (stdin): the ids are then held as strings.
   */
  constructor(private readonly idOfLine: ((line: number) => string | null) | null) {
    this.exact = idOfLine === null ? new Map() : null;
  }

  /**
   * Registers the id of line `line` (lines come in increasing order). `id` null: the line has no `_id`.
   * Returns the earlier line using the same id, or null.
   */
  check(id: string | null, line: number): number | null {
    if (id === null) {
      const clash = this.numericIds > 0 ? this.find(String(line)) : null;
      this.markImplicit(line);
      return clash;
    }
    const clash = this.find(id);
    if (clash !== null) return clash;
    if (CANONICAL_LINE.test(id)) {
      const n = Number(id);
      if (n < line && this.isImplicit(n)) return n;
      this.numericIds++;
    }
    this.insert(id, line);
    return null;
  }

  /** The earlier line whose explicit `_id` is `id`, confirmed on the line itself. */
  private find(id: string): number | null {
    if (this.exact !== null) return this.exact.get(id) ?? null;
    if (this.used === 0) return null;
    const a = hash(id, this.seed1);
    const b = hash(id, this.seed2);
    const mask = this.lines.length - 1;
    for (let slot = a & mask; ; slot = (slot + 1) & mask) {
      const line = this.lines[slot] as number;
      if (line === EMPTY) return null;
      if (this.h1[slot] === a && this.h2[slot] === b && this.idOfLine?.(line) === id) return line;
    }
  }

  private insert(id: string, line: number): void {
    if (this.exact !== null) return void this.exact.set(id, line);
    if ((this.used + 1) * 4 > this.lines.length * 3) this.grow();
    this.place(hash(id, this.seed1), hash(id, this.seed2), line);
    this.used++;
  }

  private place(a: number, b: number, line: number): void {
    const mask = this.lines.length - 1;
    let slot = a & mask;
    while (this.lines[slot] !== EMPTY) slot = (slot + 1) & mask;
    this.h1[slot] = a;
    this.h2[slot] = b;
    this.lines[slot] = line;
  }

  private grow(): void {
    const { h1, h2, lines } = this;
    this.h1 = new Int32Array(lines.length * 2);
    this.h2 = new Int32Array(lines.length * 2);
    this.lines = new Int32Array(lines.length * 2);
    for (let i = 0; i < lines.length; i++) if (lines[i] !== EMPTY) this.place(h1[i] as number, h2[i] as number, lines[i] as number);
  }

  private markImplicit(line: number): void {
    const byte = line >>> 3;
    if (byte >= this.implicit.length) {
      const grown = new Uint8Array(Math.max(byte + 1, this.implicit.length * 2));
      grown.set(this.implicit);
      this.implicit = grown;
    }
    this.implicit[byte] = (this.implicit[byte] as number) | (1 << (line & 7));
  }

  private isImplicit(line: number): boolean {
    const byte = line >>> 3;
    return byte < this.implicit.length && ((this.implicit[byte] as number) & (1 << (line & 7))) !== 0;
  }
}

/** A seeded 32-bit hash of the UTF-16 code units (multiply-xorshift, murmur3's finaliser at the end). */
function hash(text: string, seed: number): number {
  let h = seed ^ text.length;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 15;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
