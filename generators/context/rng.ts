// The one source of randomness for the simulator: @faker-js/faker, seeded from the run's seed.
// Every choice (hosts, users, ports, paths, times) goes through an Rng, so the same seed gives
// byte-identical output. Sub-streams are derived from the seed and a label (e.g. a scenario id),
// which keeps a scenario's events identical whether or not other scenarios are generated with it.
import { createHash } from 'node:crypto';
import { Faker, en } from '@faker-js/faker';

/** A 32-bit seed derived from the run seed and labels (SHA-256, first 4 bytes). */
export function deriveSeed(seed: number, ...labels: string[]): number {
  const digest = createHash('sha256').update(`${seed}\u0000${labels.join('\u0000')}`).digest();
  return digest.readUInt32BE(0);
}

/** RFC 5737 documentation networks (the first three octets). */
export const DOCUMENTATION_IPV4_PREFIXES = ['192.0.2', '198.51.100', '203.0.113'] as const;

export class Rng {
  readonly faker: Faker;

  constructor(seed: number) {
    this.faker = new Faker({ locale: [en] });
    this.faker.seed(seed);
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return this.faker.number.int({ min, max });
  }

  chance(probability: number): boolean {
    return this.faker.number.float({ min: 0, max: 1 }) < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick on an empty list');
    return items[this.int(0, items.length - 1)] as T;
  }

  /** Weighted pick: `[[weight, value], …]`. */
  weighted<T>(entries: ReadonlyArray<readonly [number, T]>): T {
    const total = entries.reduce((sum, [weight]) => sum + weight, 0);
    let roll = this.faker.number.float({ min: 0, max: total });
    for (const [weight, value] of entries) {
      if (roll < weight) return value;
      roll -= weight;
    }
    const last = entries[entries.length - 1];
    if (last === undefined) throw new Error('Rng.weighted on an empty list');
    return last[1];
  }

  hex(length: number, casing: 'lower' | 'upper' = 'lower'): string {
    return this.faker.string.hexadecimal({ length, casing, prefix: '' });
  }

  alnum(length: number): string {
    return this.faker.string.alphanumeric({ length, casing: 'lower' });
  }

  uuid(): string {
    return this.faker.string.uuid();
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
