// How rates read in every human-facing format. A rate with n = 0 is "n/a", never 0%.
import type { Rate } from './model.js';

export const NOT_AVAILABLE = 'n/a';

/** 0.875 -> `87.5%`; exactly 0 and 1 -> `0%` and `100%` (so `100.0%` always means rounded up). */
export function percent(value: number): string {
  if (value === 0) return '0%';
  if (value === 1) return '100%';
  return `${(value * 100).toFixed(1)}%`;
}

function bound(value: number): string {
  return percent(value).slice(0, -1);
}

/** `[79.1–93.0]` (percent, 95% Wilson) or `n/a`. */
export function interval(rate: Rate): string {
  if (rate.low === null || rate.high === null) return NOT_AVAILABLE;
  return `[${bound(rate.low)}\u2013${bound(rate.high)}]`;
}

/** `87.5%` or `n/a`. */
export function rateValue(rate: Rate): string {
  return rate.value === null ? NOT_AVAILABLE : percent(rate.value);
}

/** `87.5% [79.1–93.0] n=120`, or `n/a (n=0)`. */
export function rateText(rate: Rate): string {
  if (rate.value === null) return `${NOT_AVAILABLE} (n=0)`;
  return `${percent(rate.value)} ${interval(rate)} n=${sampleSize(rate.n)}`;
}

/** n of a rate: an integer as is (`1,800`), an effective n of weighted scenarios to one decimal (`12.4`). */
export function sampleSize(n: number): string {
  return Number.isInteger(n) ? count(n) : n.toFixed(1);
}

export function count(value: number): string {
  return value.toLocaleString('en-US');
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${count(n)} ${n === 1 ? word : many}`;
}

export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * `events 2026-03-02T00:00:00Z – 2026-03-09T00:00:00Z (UTC)`: where on the clock the generated events
 * fall, so a reader knows whether a live SIEM's look-back would see them. Null for a report written
 * before the window was recorded.
 */
export function windowText(window: { start: string; end: string } | undefined): string | null {
  if (window === undefined) return null;
  const short = (iso: string) => iso.replace(/\.000Z$/, 'Z');
  return `events ${short(window.start)} \u2013 ${short(window.end)} (UTC)`;
}
