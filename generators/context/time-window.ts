// The generation window: where on the clock generated events fall. `--start` takes an ISO 8601
// time or `now` with Elasticsearch-style date math (`now-7d`), so events can be replayed into a
// live SIEM whose rules look back from the present. The start is resolved once, to the second, and
// printed in every report: the same seed and the same resolved start give the same bytes.
import { InputError } from '../../harness/errors.js';

/** [start, end) in ISO 8601 UTC; every generated process start falls inside it. */
export interface TimeWindow {
  start: string;
  end: string;
}

// Fixed-length units of Elasticsearch date math (y and M have no fixed length and are refused):
// https://www.elastic.co/guide/en/elasticsearch/reference/current/common-options.html#date-math
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, H: 3600, d: 86_400, w: 604_800 };

// Earliest and latest starts: the epoch (no log format here predates it) and a start that leaves
// room for the longest window (1,000,000 events at four slots each) before JavaScript's Date ends.
const MIN_START_MS = 0;
const MAX_START_MS = Date.UTC(9000, 0, 1);

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/i;
const DATE_MATH = /^now((?:[+-]\d{1,9}[smhHdw])*)$/;
const DATE_MATH_STEP = /([+-])(\d{1,9})([smhHdw])/g;

const EXPECTED = 'expected an ISO 8601 time with a zone (2026-03-02T00:00:00Z, 2026-03-02T09:30:00+01:00), a date (2026-03-02, UTC midnight), or now with date math (now, now-7d, now-90m)';

function dateMathMs(steps: string, nowMs: number): number {
  let ms = nowMs;
  for (const [, sign, amount, unit] of steps.matchAll(DATE_MATH_STEP)) {
    ms += (sign === '-' ? -1 : 1) * Number(amount) * (UNIT_SECONDS[unit ?? 's'] ?? 1) * 1000;
  }
  return ms;
}

/** The ISO text's instant, or NaN when a field is out of range (Date.parse would roll 02-30 over to March). */
function isoMs(text: string): number {
  const date = ISO_DATE.exec(text);
  const parts = date ?? ISO_DATE_TIME.exec(text);
  if (parts === null) return Number.NaN;
  // A date alone has no time fields: they read as midnight.
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(parts[i] ?? 0)) as [number, number, number, number, number, number];
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(local);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return Number.NaN;
  if (date !== null) return local;
  const zone = parts[8] ?? 'Z';
  if (zone.toUpperCase() === 'Z') return local;
  const offset = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (offset === null || Number(offset[2]) > 23 || Number(offset[3]) > 59) return Number.NaN;
  const minutes = Number(offset[2]) * 60 + Number(offset[3]);
  return local - (offset[1] === '-' ? -1 : 1) * minutes * 60_000;
}

/**
 * The window start `--start` names, as ISO 8601 UTC to the second (events are placed on whole
 * seconds; a fraction is dropped). `nowMs` is the clock `now` reads, passed in so callers resolve
 * it once and tests can fix it.
 */
export function resolveStart(text: string, nowMs: number, option = '--start'): string {
  const trimmed = text.trim();
  const math = DATE_MATH.exec(trimmed);
  const ms = math !== null ? dateMathMs(math[1] ?? '', nowMs) : isoMs(trimmed);
  if (Number.isNaN(ms)) {
    const hint = /^now[+-]\d+[yM]$/.test(trimmed) ? ' (years and months have no fixed length: use d or w)' : '';
    throw new InputError(`${option}: ${EXPECTED}, got '${text}'${hint}`);
  }
  if (ms < MIN_START_MS || ms > MAX_START_MS) {
    // Date math can leave JavaScript's date range altogether: say so without formatting the date.
    const when = Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : 'beyond any date';
    throw new InputError(`${option}: '${text}' is ${when}, outside 1970-01-01T00:00:00Z .. ${new Date(MAX_START_MS).toISOString()}`);
  }
  return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}

/** The window as people read it: `2026-03-02T00:00:00Z – 2026-03-09T00:00:00Z` (milliseconds dropped when zero). */
export function windowText(window: TimeWindow): string {
  const short = (iso: string) => iso.replace(/\.000Z$/, 'Z');
  return `${short(window.start)} – ${short(window.end)}`;
}
