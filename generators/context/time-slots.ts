// Event times. The pins promise that no two events of one generated set share a (host, second)
// pair, so a Splunk `stats … by _time, host` row maps back to exactly one event. Each scenario owns
// the seconds congruent to its index modulo the number of scenarios in the pack, so scenarios can
// never collide with each other (and a scenario's times do not depend on which other scenarios are
// generated); within a scenario, a per-host set of used slots rules out repeats.

export const DEFAULT_START = '2026-03-02T00:00:00.000Z';
const WEEK_SECONDS = 7 * 24 * 3600;

export class TimeSlots {
  private readonly used = new Map<string, Set<number>>();
  private readonly startSeconds: number;
  readonly slots: number;

  constructor(
    start: string,
    private readonly residue: number,
    private readonly modulus: number,
    /** Events this scenario will place; the window grows past a week if a host could run out of slots. */
    expectedEvents: number,
  ) {
    const ms = Date.parse(start);
    if (Number.isNaN(ms)) throw new Error(`invalid start time: ${start}`);
    this.startSeconds = Math.floor(ms / 1000);
    this.slots = TimeSlots.slotCount(modulus, expectedEvents);
  }

  /** Slots one scenario gets: a week's worth, more when a host could otherwise run out. */
  static slotCount(modulus: number, expectedEvents: number): number {
    return Math.max(Math.floor(WEEK_SECONDS / modulus), expectedEvents * 4);
  }

  /** Seconds from the window start past the last second a scenario can take (its slots, interleaved with the others'). */
  static spanSeconds(modulus: number, expectedEvents: number): number {
    return TimeSlots.slotCount(modulus, expectedEvents) * modulus;
  }

  /** Epoch seconds of a free slot for `host`, starting from `preferred` (0 ≤ preferred < slots). */
  take(host: string, preferred: number): number {
    let used = this.used.get(host);
    if (used === undefined) {
      used = new Set();
      this.used.set(host, used);
    }
    if (used.size >= this.slots) throw new Error(`no free second left for host ${host}`);
    let slot = ((preferred % this.slots) + this.slots) % this.slots;
    while (used.has(slot)) slot = (slot + 1) % this.slots;
    used.add(slot);
    return this.startSeconds + slot * this.modulus + this.residue;
  }
}
