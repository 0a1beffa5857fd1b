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

  /** A routable public IPv4 address (never RFC 1918, loopback, link-local, CGNAT, multicast or reserved). */
  publicIpv4(): string {
    for (;;) {
      const a = this.int(1, 223);
      const b = this.int(0, 255);
      if (a === 10 || a === 127 || a === 0 || (a === 100 && b >= 64 && b <= 127)) continue;
      if (a === 169 && b === 254) continue;
      if (a === 172 && b >= 16 && b <= 31) continue;
      if (a === 192 && b === 168) continue;
      if (a === 192 && b === 0) continue;
      if (a === 198 && (b === 18 || b === 19 || b === 51)) continue;
      if (a === 203 && b === 0) continue;
      return `${a}.${b}.${this.int(0, 255)}.${this.int(1, 254)}`;
    }
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
