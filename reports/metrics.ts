// Confusion counts and rates. A Tally accumulates the verdicts of one cell (any grouping of
// observations) and keeps the first few event ids of each outcome as examples.
import type { Label } from '../generators/canonical-event.js';
import type { Cell, Examples, Metrics, Rate } from './model.js';
import { wilsonInterval } from './wilson.js';

export const EXAMPLES_PER_KIND = 3;

export type Outcome = 'tp' | 'fn' | 'fp' | 'tn';

export function outcomeOf(label: Label, fired: boolean): Outcome {
  if (label === 'malicious') return fired ? 'tp' : 'fn';
  return fired ? 'fp' : 'tn';
}

/** k/n with its Wilson 95% interval; all null when n = 0 (shown as "n/a", never 0%). */
export function rate(k: number, n: number): Rate {
  const interval = wilsonInterval(k, n);
  if (interval === null) return { k, n, value: null, low: null, high: null };
  return { k, n, value: k / n, low: interval.low, high: interval.high };
}

export function metricsOf(counts: { tp: number; fn: number; fp: number; tn: number }): Metrics {
  const { tp, fn, fp, tn } = counts;
  return {
    tp,
    fn,
    fp,
    tn,
    recall: rate(tp, tp + fn),
    falsePositiveRate: rate(fp, fp + tn),
    precision: rate(tp, tp + fp),
  };
}

export class Tally {
  readonly counts = { tp: 0, fn: 0, fp: 0, tn: 0 };
  private readonly examples: Examples = { tp: [], fn: [], fp: [], tn: [] };

  add(label: Label, fired: boolean, eventId: string): void {
    const outcome = outcomeOf(label, fired);
    this.counts[outcome]++;
    const list = this.examples[outcome];
    if (list.length < EXAMPLES_PER_KIND) list.push(eventId);
  }

  get malicious(): number {
    return this.counts.tp + this.counts.fn;
  }

  get benign(): number {
    return this.counts.fp + this.counts.tn;
  }

  /** Events of the cell the rule fired on. */
  get fired(): number {
    return this.counts.tp + this.counts.fp;
  }

  get total(): number {
    return this.malicious + this.benign;
  }

  cell(): Cell {
    return {
      metrics: metricsOf(this.counts),
      examples: { tp: [...this.examples.tp], fn: [...this.examples.fn], fp: [...this.examples.fp], tn: [...this.examples.tn] },
    };
  }
}

/** Tallies keyed by a composite key, created on first use, iterated in insertion order. */
export class TallyMap<K> {
  private readonly map = new Map<string, { key: K; tally: Tally }>();

  constructor(private readonly keyOf: (key: K) => string) {}

  get(key: K): Tally {
    const id = this.keyOf(key);
    let entry = this.map.get(id);
    if (entry === undefined) {
      entry = { key, tally: new Tally() };
      this.map.set(id, entry);
    }
    return entry.tally;
  }

  find(key: K): Tally | undefined {
    return this.map.get(this.keyOf(key))?.tally;
  }
}

/** A key for maps of composite ids; NUL never occurs in ids. */
export function compositeKey(...parts: (string | null)[]): string {
  return parts.map((part) => (part === null ? '\u0001' : part)).join('\u0000');
}
