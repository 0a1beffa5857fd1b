// The one reader of a Splunk record's `_time` (and of time fields in result rows): `dth spl`'s events
// file, `dth scan`'s Splunk exports and the correlation of real-Splunk result rows all use it, so the same
// text is the same instant everywhere.
// Accepted, as epoch seconds:
// - a finite number, or a decimal numeral (`1740823200`, `1740823200.250`, `-5`: epoch seconds, signed);
// - ISO 8601 / RFC 3339 date-times as Splunk's REST and export renderings write them
//   (`2025-03-01T10:00:01.000+00:00`, `...Z`, `+0000`, `+00`, a space instead of `T`), or a date alone
//   (midnight); and `MM/DD/YYYY HH:MM:SS`, convert's default `timeformat` (security_content_ctime).
// Time zone rule: a time with an offset is read at that offset; a time WITHOUT a zone is read as UTC,
// never in the machine's local zone (a Splunk export renders in the exporting user's zone, which the file
// does not say: give an offset to be exact). The embedded engine works in UTC (engines/spl/time.ts).
// Anything else (`March 7 2026 10:00:00`, `yesterday`, out-of-range fields) is not a time: null.
// https://help.splunk.com/en/splunk-enterprise/leverage-rest-apis/rest-api-reference/9.4/search-endpoints/search-endpoint-descriptions (output_time_format)
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/convert (ctime, default timeformat %m/%d/%Y %H:%M:%S)

const NUMERAL = /^[+-]?\d+(\.\d+)?$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const CTIME = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})(\.\d+)?$/;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Epoch seconds of a UTC calendar time, or null when a field is out of range. */
function utcSeconds(year: number, month: number, day: number, hour: number, minute: number, second: number, fraction: string | undefined): number | null {
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second) / 1000 + (fraction === undefined ? 0 : Number(fraction));
}

/** Seconds east of UTC of `Z`, `+HH`, `+HHMM` or `+HH:MM`; null when out of range. */
function offsetSeconds(zone: string | undefined): number | null {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return null;
  return sign * (hours * 3600 + minutes * 60);
}

/** `_time` (or a row's time field) as epoch seconds, by the rule above; null when it is not a time. */
export function parseSplunkTime(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (NUMERAL.test(text)) return Number(text);
  const iso = ISO.exec(text);
  if (iso !== null) {
    const [, y, mo, d, h, mi, s, fraction, zone] = iso;
    const local = utcSeconds(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), fraction);
    const offset = offsetSeconds(zone);
    return local === null || offset === null ? null : local - offset;
  }
  const ctime = CTIME.exec(text);
  if (ctime !== null) {
    const [, mo, d, y, h, mi, s, fraction] = ctime;
    return utcSeconds(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), fraction);
  }
  return null;
}
