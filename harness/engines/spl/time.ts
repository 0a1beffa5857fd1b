// Time: `_time` is epoch seconds (fractions allowed). The embedded engine works in UTC: a real Splunk
// renders and aligns times in the searching user's time zone, so run it with TZ=UTC to compare.
// Span units and alignment from the bin command (spans under a day align to the epoch):
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/bin
// strftime variables: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/time-format-variables-and-modifiers/date-and-time-format-variables

/** A span in seconds, or a count of calendar months. */
export type TimeSpan = { seconds: number } | { months: number };

const UNITS: [RegExp, number][] = [
  [/^(us)$/, 1e-6],
  [/^(ms)$/, 1e-3],
  [/^(cs)$/, 1e-2],
  [/^(ds)$/, 1e-1],
  [/^(s|sec|secs|second|seconds)$/, 1],
  [/^(m|min|mins|minute|minutes)$/, 60],
  [/^(h|hr|hrs|hour|hours)$/, 3600],
  [/^(d|day|days)$/, 86400],
  [/^(w|week|weeks)$/, 7 * 86400],
];

/** Parses `<int><unit>` (`1s`, `5m`, `1mon`); a bare number is a plain numeric span. Returns null when malformed. */
export function parseSpan(text: string): { time: TimeSpan } | { numeric: number } | null {
  const m = /^(\d+(?:\.\d+)?)([A-Za-z]*)$/.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2] as string;
  if (n <= 0) return null;
  if (unit === '') return { numeric: n };
  if (/^(mon|month|months)$/.test(unit)) return Number.isInteger(n) ? { time: { months: n } } : null;
  for (const [re, secs] of UNITS) if (re.test(unit)) return { time: { seconds: n * secs } };
  return null;
}

/** Start of the span holding `t`: spans under a day align to the epoch, days to UTC midnight, months to the 1st. */
export function floorToSpan(t: number, span: TimeSpan): number {
  if ('months' in span) {
    const d = new Date(t * 1000);
    const total = d.getUTCFullYear() * 12 + d.getUTCMonth();
    const start = total - (total % span.months);
    return Date.UTC(Math.floor(start / 12), start % 12, 1) / 1000;
  }
  const s = span.seconds;
  // Round the quotient first: 1.7e9 / 0.001 must not lose the last bucket to floating-point error.
  const q = Math.floor(Math.round((t / s) * 1e6) / 1e6);
  return Number((q * s).toFixed(6));
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `_time` as Splunk's REST API renders it: ISO 8601 with milliseconds and the UTC offset. */
export function isoTime(t: number): string {
  const d = new Date(Math.round(t * 1000));
  if (Number.isNaN(d.getTime())) return String(t);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}+00:00`;
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** strftime in UTC for the common variables; an unknown variable is reported, not guessed. */
export function formatTime(t: number, format: string): string | { error: string } {
  const d = new Date(t * 1000);
  if (Number.isNaN(d.getTime())) return { error: `time ${t} is out of range` };
  const frac = t - Math.floor(t);
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c !== '%') {
      out += c;
      continue;
    }
    let spec = format[++i];
    let digits = 0;
    if (spec !== undefined && /\d/.test(spec)) {
      digits = Number(spec);
      spec = format[++i];
    }
    switch (spec) {
      case 'Y': out += d.getUTCFullYear(); break;
      case 'y': out += pad(d.getUTCFullYear() % 100); break;
      case 'm': out += pad(d.getUTCMonth() + 1); break;
      case 'd': out += pad(d.getUTCDate()); break;
      case 'e': out += String(d.getUTCDate()).padStart(2, ' '); break;
      case 'H': out += pad(d.getUTCHours()); break;
      case 'I': out += pad(((d.getUTCHours() + 11) % 12) + 1); break;
      case 'p': out += d.getUTCHours() < 12 ? 'AM' : 'PM'; break;
      case 'M': out += pad(d.getUTCMinutes()); break;
      case 'S': out += pad(d.getUTCSeconds()); break;
      case 'T': out += `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`; break;
      case 'F': out += `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`; break;
      case 'b': out += MONTHS[d.getUTCMonth()]?.slice(0, 3); break;
      case 'B': out += MONTHS[d.getUTCMonth()]; break;
      case 'a': out += DAYS[d.getUTCDay()]?.slice(0, 3); break;
      case 'A': out += DAYS[d.getUTCDay()]; break;
      case 'j': out += pad(Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000) + 1, 3); break;
      case 'Z': out += 'UTC'; break;
      case 'z': out += '+0000'; break;
      case 's': out += Math.floor(t); break;
      case 'N': out += frac.toFixed(digits || 9).slice(2); break;
      case 'Q': out += frac.toFixed(digits || 3).slice(2); break;
      case 'f': out += frac.toFixed(6).slice(2); break;
      case '%': out += '%'; break;
      default:
        return { error: `the time format variable %${spec ?? ''} is not supported` };
    }
  }
  return out;
}
