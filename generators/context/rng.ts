// The one source of randomness for the simulator: a seeded sfc32 stream (prng.ts) per Rng. Every
// choice (hosts, users, ports, paths, times) goes through an Rng, so the same seed gives
// byte-identical output. Sub-streams are derived from the seed and a label (e.g. a scenario id),
// which keeps a scenario's events identical whether or not other scenarios are generated with it.
// Names and words come from faker's locale data (word-pools.ts), drawn by index from this stream.
import { digestBytes } from './digest.js';
import { latin1Text } from './latin1-text.js';
import { Sfc32 } from './prng.js';
import { wordTextWindow, wordTextWindows } from './word-text.js';
import { ADJECTIVES, FIRST_NAME_SLUGS, LAST_NAME_SLUGS, LEGAL_ENTITY_SLUGS, NOUN_SLUGS, NOUNS, WORD_CLASS_SLUGS } from './word-pools.js';

/** A 32-bit seed derived from the run seed and labels (SHA-256, first 4 bytes). */
export function deriveSeed(seed: number, ...labels: string[]): number {
  const digest = digestBytes('sha256', `${seed}\u0000${labels.join('\u0000')}`);
  return digest.readUInt32BE(0);
}

/** RFC 5737 documentation networks (the first three octets). */
export const DOCUMENTATION_IPV4_PREFIXES = ['192.0.2', '198.51.100', '203.0.113'] as const;

const TWO_POW_32 = 4_294_967_296;
const HEX_LOWER = '0123456789abcdef';
const HEX_UPPER = '0123456789ABCDEF';
const ALNUM_LOWER = '0123456789abcdefghijklmnopqrstuvwxyz';
const HEX_CODES = Array.from(HEX_LOWER, (c) => c.charCodeAt(0));
const DASH = 0x2d;
/** Where uuid() writes its 36 characters (one per process: generation is synchronous). */
const UUID_SCRATCH = Buffer.alloc(36);

/** Eight lower-case hex digits of `n` into UUID_SCRATCH at `at`. */
function writeHex32(n: number, at: number): void {
  for (let i = 7; i >= 0; i--) {
    UUID_SCRATCH[at + i] = HEX_CODES[n & 15] as number;
    n >>>= 4;
  }
}

export class Rng {
  private readonly source: Sfc32;

  constructor(seed: number) {
    this.source = new Sfc32(seed);
  }

  /** Uniform in [0, 1) with 53 bits of precision (two draws), so wide integer ranges stay uniform. */
  float(): number {
    return ((this.source.next() >>> 5) * 67_108_864 + (this.source.next() >>> 6)) / 9_007_199_254_740_992;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    if (!(max >= min)) throw new Error(`Rng.int: max ${max} is below min ${min}`);
    const span = max - min + 1;
    // One 32-bit draw covers every range the generators use; the bias (span / 2^32) is far below what
    // any figure could show. Wider ranges take the 53-bit float.
    if (span <= TWO_POW_32) return min + Math.floor((this.source.next() / TWO_POW_32) * span);
    return min + Math.floor(this.float() * span);
  }

  chance(probability: number): boolean {
    return this.source.next() / TWO_POW_32 < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick on an empty list');
    return items[Math.floor((this.source.next() / TWO_POW_32) * items.length)] as T;
  }

  /** Weighted pick: `[[weight, value], …]`. */
  weighted<T>(entries: ReadonlyArray<readonly [number, T]>): T {
    let total = 0;
    for (const [weight] of entries) total += weight;
    let roll = (this.source.next() / TWO_POW_32) * total;
    for (const [weight, value] of entries) {
      if (roll < weight) return value;
      roll -= weight;
    }
    const last = entries[entries.length - 1];
    if (last === undefined) throw new Error('Rng.weighted on an empty list');
    return last[1];
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor((this.source.next() / TWO_POW_32) * (i + 1));
      const held = out[i] as T;
      out[i] = out[j] as T;
      out[j] = held;
    }
    return out;
  }

  hex(length: number, casing: 'lower' | 'upper' = 'lower'): string {
    const digits = casing === 'lower' ? HEX_LOWER : HEX_UPPER;
    let out = '';
    let bits = 0;
    let word = 0;
    for (let i = 0; i < length; i++) {
      if (bits === 0) {
        word = this.source.next();
        bits = 8;
      }
      out += digits[word & 15];
      word >>>= 4;
      bits--;
    }
    return out;
  }

  /** Lower-case letters and digits. */
  alnum(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += ALNUM_LOWER[Math.floor((this.source.next() / TWO_POW_32) * 36)];
    return out;
  }

  /** A random (version 4, RFC 9562 §5.4) UUID in lower-case hex. */
  uuid(): string {
    writeHex32(this.source.next(), 0);
    const b = this.source.next();
    writeHex32(((b & 0xffff0fff) | 0x00004000) >>> 0, 9); // version 4
    const c = this.source.next();
    writeHex32(((c & 0x3fffffff) | 0x80000000) >>> 0, 19); // variant 10
    writeHex32(this.source.next(), 28);
    // Move the middle digits into place around the dashes: 8-4-4-4-12.
    UUID_SCRATCH.copyWithin(14, 13, 17);
    UUID_SCRATCH[13] = DASH;
    UUID_SCRATCH.copyWithin(24, 23, 27);
    UUID_SCRATCH[23] = DASH;
    UUID_SCRATCH[8] = DASH;
    UUID_SCRATCH[18] = DASH;
    // One flat string: a concatenation would keep a tree of parts alive in every event holding it.
    return latin1Text(UUID_SCRATCH, 0, 36);
  }

  /** A noun as faker's locale spells it ('CD', 'e-mail'). */
  noun(): string {
    return this.pick(NOUNS);
  }

  /** A noun in lower-case a–z only (host names, project directories). */
  nounSlug(): string {
    return this.pick(NOUN_SLUGS);
  }

  /** A word of any class, lower-case a–z only: a class, then a word of it (as faker's word.sample). */
  wordSlug(): string {
    return this.pick(this.pick(WORD_CLASS_SLUGS));
  }

  /**
   * `length` characters of word-pool slugs joined with '-', starting at a word (the last word may be
   * cut): one seeded window of a fixed word text (word-text.ts), at most MAX_WORD_TEXT_LENGTH.
   */
  wordSlugText(length: number): string {
    return wordTextWindow(this.int(0, wordTextWindows(length) - 1), length);
  }

  adjective(): string {
    return this.pick(ADJECTIVES);
  }

  /**
   * A first name, lower-case a–z, drawn as faker's person.firstName() draws it (faker v10
   * modules/person selectDefinition): a sex, then that sex's list or the generic list, weighted
   * 3·√(list size) to √(generic size), then a name. Name lengths set command-line lengths (home
   * directories), which decide whether a line fits a mapping's ignore_above, so the shape is kept.
   */
  firstNameSlug(): string {
    const own = this.chance(0.5) ? FIRST_NAME_SLUGS.female : FIRST_NAME_SLUGS.male;
    const generic = FIRST_NAME_SLUGS.generic;
    const list = this.weighted([
      [3 * Math.sqrt(own.length), own],
      [Math.sqrt(generic.length), generic],
    ]);
    return this.pick(list);
  }

  /** A last name, lower-case a–z: faker's en last_name_pattern, one name (weight 95) or two joined (weight 5). */
  lastNameSlug(): string {
    return this.int(1, 100) <= 95 ? this.pick(LAST_NAME_SLUGS) : this.pick(LAST_NAME_SLUGS) + this.pick(LAST_NAME_SLUGS);
  }

  /**
   * A company name in lower-case a–z: the shapes of faker's en company.name_pattern
   * ("Last - Last", "Last Inc", "Last, Last and Last") with the punctuation and spaces dropped.
   */
  companySlug(): string {
    const shape = this.int(0, 2);
    if (shape === 0) return this.lastNameSlug() + this.lastNameSlug();
    if (shape === 1) return this.lastNameSlug() + this.pick(LEGAL_ENTITY_SLUGS);
    return `${this.lastNameSlug()}${this.lastNameSlug()}and${this.lastNameSlug()}`;
  }

  /**
   * An external (attacker) IPv4 address that is safe to replay: one of the three documentation ranges
   * reserved by RFC 5737 (TEST-NET-1 192.0.2.0/24, TEST-NET-2 198.51.100.0/24, TEST-NET-3
   * 203.0.113.0/24), never routed on the internet, so a replayed command line reaches no one's host.
   * https://www.rfc-editor.org/rfc/rfc5737
   */
  documentationIpv4(): string {
    return `${this.pick(DOCUMENTATION_IPV4_PREFIXES)}.${this.int(1, 254)}`;
  }

  /** An RFC 1918 address in 10.0.0.0/8 or 192.168.0.0/16. */
  privateIpv4(): string {
    return this.chance(0.5)
      ? `10.${this.int(0, 255)}.${this.int(0, 255)}.${this.int(2, 254)}`
      : `192.168.${this.int(0, 255)}.${this.int(2, 254)}`;
  }

  /** A locally administered unicast MAC with the given prefix bytes, colon-separated, lower case. */
  mac(prefix: readonly number[] = [0x52, 0x54, 0x00]): string {
    const bytes = [...prefix];
    while (bytes.length < 6) bytes.push(this.int(0, 255));
    return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
  }
}
