// Value conversions the way Elasticsearch's field types do them: dates (`strict_date_optional_time`
// and `epoch_millis`, with the round-up rule range queries use), IP addresses (IPv4 and IPv6, CIDR),
// versions, and Java's number-to-string formatting used by EQL's string()/concat().

// ---- dates ---------------------------------------------------------------------------------------

/** Epoch nanoseconds as a bigint: enough for `date_nanos` precision over the whole date range. */
export type EpochNanos = bigint;

const NANOS_PER_MS = 1_000_000n;
const ISO =
  /^([+-]?\d{4,9})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Parses `strict_date_optional_time` (ISO 8601, optional parts, optional zone; UTC when absent).
 * `roundUp` fills the missing parts with their maximum, as Elasticsearch's date math parser does for
 * the upper bound of a range (`lte`) and the lower bound of `gt`: "2017-08-30T20:47:33Z" rounds up
 * to 20:47:33.999999999.
 * https://www.elastic.co/docs/reference/query-languages/query-dsl/query-dsl-range-query#range-query-date-math-rounding
 */
export function parseIsoDate(text: string, roundUp = false): EpochNanos | null {
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = m[2] !== undefined ? Number(m[2]) : roundUp ? 12 : 1;
  const dayGiven = m[3] !== undefined;
  const hourGiven = m[4] !== undefined;
  const minuteGiven = m[5] !== undefined;
  const secondGiven = m[6] !== undefined;
  if (month < 1 || month > 12) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = dayGiven ? Number(m[3]) : roundUp ? daysInMonth : 1;
  if (day < 1 || day > daysInMonth) return null;
  const hour = hourGiven ? Number(m[4]) : roundUp ? 23 : 0;
  const minute = minuteGiven ? Number(m[5]) : roundUp ? 59 : 0;
  const second = secondGiven ? Number(m[6]) : roundUp ? 59 : 0;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let fraction: bigint;
  if (m[7] !== undefined) {
    const digits = m[7];
    // Round-up fills the digits not written: ".5" rounds up to .599999999.
    fraction = BigInt((digits + (roundUp ? '999999999' : '000000000')).slice(0, 9));
  } else {
    fraction = roundUp ? 999_999_999n : 0n;
  }
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 18 || om > 59) return null;
    offsetMinutes = sign * (oh * 60 + om);
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  const millis = date.getTime() - offsetMinutes * 60_000;
  if (Number.isNaN(millis)) return null;
  return BigInt(millis) * NANOS_PER_MS + fraction;
}

/** `epoch_millis`: a number or numeric string of milliseconds, fractions allowed (to nanoseconds). */
export function parseEpochMillis(value: number | string): EpochNanos | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    if (Number.isInteger(value)) return BigInt(value) * NANOS_PER_MS;
    return parseEpochMillis(String(value));
  }
  const m = /^([+-]?)(\d+)(?:\.(\d{1,9})\d*)?$/.exec(value.trim());
  if (!m) return null;
  const whole = BigInt(m[2] as string) * NANOS_PER_MS + BigInt(((m[3] ?? '') + '000000').slice(0, 6));
  return m[1] === '-' ? -whole : whole;
}

/**
 * A date field value or query literal, parsed with the default date format
 * `strict_date_optional_time||epoch_millis`.
 * https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/date
 */
export function parseDateValue(value: unknown, roundUp = false): EpochNanos | null {
  if (typeof value === 'number') return parseEpochMillis(value);
  if (typeof value !== 'string') return null;
  if (!roundUp) {
    const canonical = parseCanonicalUtc(value);
    if (canonical !== undefined) return canonical;
  }
  // A string of digits is ambiguous (year or epoch millis); Elasticsearch tries the formats in
  // order, and strict_date_optional_time needs a 4-digit year, so "1" is epoch millis.
  if (/^[+-]?\d+(\.\d+)?$/.test(value.trim()) && value.trim().replace(/^[+-]/, '').split('.')[0]!.length !== 4) {
    return parseEpochMillis(value);
  }
  return parseIsoDate(value, roundUp) ?? parseEpochMillis(value);
}

/** The form every sensor writes (`2026-03-02T10:11:12.345Z`), validated without building the value. */
const CANONICAL_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?Z$/;
/** CANONICAL_UTC with the fraction's digits captured. */
const CANONICAL_UTC_PARTS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

/**
 * parseIsoDate(text) for the canonical UTC form, without its general pattern and Date object (every
 * scheduled rule reads every document's time): the value, null for an impossible date, or undefined
 * when the text is not in that form or its year is below 100 (Date.UTC reads years 0-99 as 19xx; the
 * general parser sets the full year).
 */
function parseCanonicalUtc(text: string): EpochNanos | null | undefined {
  const m = CANONICAL_UTC_PARTS.exec(text);
  if (m === null) return undefined;
  const year = Number(m[1]);
  if (year < 100) return undefined;
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const millis = Date.UTC(year, month - 1, day, hour, minute, second);
  const digits = m[7];
  const fraction = digits === undefined ? 0n : BigInt((digits + '000000000').slice(0, 9));
  return BigInt(millis) * NANOS_PER_MS + fraction;
}

/**
 * Whether a date field takes the value: `parseDateValue(value) !== null`, with the canonical UTC form
 * checked by its ranges alone (indexing checks every document's dates; building the value costs a BigInt).
 */
export function isDateValue(value: unknown): boolean {
  if (typeof value === 'string') {
    const m = CANONICAL_UTC.exec(value);
    if (m !== null) {
      const year = Number(m[1]);
      const month = Number(m[2]);
      const day = Number(m[3]);
      if (month < 1 || month > 12 || day < 1) return false;
      // The same month length parseIsoDate checks against.
      if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return false;
      return Number(m[4]) <= 23 && Number(m[5]) <= 59 && Number(m[6]) <= 59;
    }
  }
  return parseDateValue(value) !== null;
}

/**
 * A date value parsed with a mapping's `format` (formats separated by `||`, tried in order):
 * `strict_date_optional_time`/`date_optional_time`, `epoch_millis`, `epoch_second`, and patterns
 * of `yyyy`, `MM`, `dd`, `HH`, `mm`, `ss`, `SSS` with literal separators (UTC). A format this
 * parser does not know falls back to the default formats.
 * https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/mapping-date-format
 */
export function parseDateWithFormats(value: unknown, formats: string[] | undefined): EpochNanos | null {
  if (formats === undefined || formats.length === 0) return parseDateValue(value);
  for (const format of formats) {
    const parsed = parseWithFormat(value, format.trim());
    if (parsed !== null) return parsed;
  }
  return null;
}

function parseWithFormat(value: unknown, format: string): EpochNanos | null {
  switch (format) {
    case 'strict_date_optional_time':
    case 'date_optional_time':
    case 'strict_date_optional_time_nanos':
      return typeof value === 'string' ? parseIsoDate(value) : null;
    case 'epoch_millis':
      return typeof value === 'number' || typeof value === 'string' ? parseEpochMillis(value) : null;
    case 'epoch_second': {
      const ms = typeof value === 'number' || typeof value === 'string' ? parseEpochMillis(value) : null;
      return ms === null ? null : ms * 1000n;
    }
  }
  if (!/^[yMdHmsS'\-/.: T]+$/.test(format) || typeof value !== 'string') return parseDateValue(value);
  const parts: string[] = [];
  const pattern = format.replace(/yyyy|MM|dd|HH|mm|ss|SSS|'T'|[^yMdHmsS]/g, (token) => {
    if (token === "'T'") return 'T';
    if (/^[yMdHmsS]+$/.test(token)) {
      parts.push(token);
      return token === 'yyyy' ? '(\\d{4})' : token === 'SSS' ? '(\\d{3})' : '(\\d{2})';
    }
    return token.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  });
  const m = new RegExp(`^${pattern}$`).exec(value);
  if (!m) return null;
  const get = (token: string, fallback: number): number => {
    const i = parts.indexOf(token);
    return i < 0 ? fallback : Number(m[i + 1]);
  };
  const millis = Date.UTC(get('yyyy', 1970), get('MM', 1) - 1, get('dd', 1), get('HH', 0), get('mm', 0), get('ss', 0), get('SSS', 0));
  return Number.isNaN(millis) ? null : BigInt(millis) * NANOS_PER_MS;
}

/** Truncates to the resolution of a `date` field (milliseconds). */
export function toMillisResolution(nanos: EpochNanos): EpochNanos {
  const r = nanos % NANOS_PER_MS;
  return r < 0n ? nanos - r - NANOS_PER_MS : nanos - r;
}

/** ISO 8601 text with as many fraction digits as needed (as Elasticsearch prints dates). */
export function formatDate(nanos: EpochNanos): string {
  let ms = nanos / NANOS_PER_MS;
  let sub = nanos % NANOS_PER_MS;
  if (sub < 0n) {
    sub += NANOS_PER_MS;
    ms -= 1n;
  }
  const iso = new Date(Number(ms)).toISOString();
  if (sub === 0n) return iso;
  const fraction = (iso.slice(20, 23) + sub.toString().padStart(6, '0')).replace(/0+$/, '');
  return `${iso.slice(0, 19)}.${fraction}Z`;
}

// ---- IP addresses --------------------------------------------------------------------------------

/** An IP address as a 128-bit integer; IPv4 maps to ::ffff:a.b.c.d, as Lucene's InetAddressPoint stores it. */
export type IpValue = bigint;

const V4_MAPPED = 0xffffn << 32n;

export function parseIp(text: string): IpValue | null {
  const s = text.trim();
  if (s.includes(':')) return parseIpv6(s);
  const v4 = parseIpv4(s);
  return v4 === null ? null : V4_MAPPED | v4;
}

function parseIpv4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

function parseIpv6(input: string): bigint | null {
  let s = input;
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  const lastColon = s.lastIndexOf(':');
  const last = s.slice(lastColon + 1);
  if (last.includes('.')) {
    // An embedded IPv4 tail (::ffff:1.2.3.4) becomes its two 16-bit groups.
    const v4 = parseIpv4(last);
    if (v4 === null) return null;
    s = `${s.slice(0, lastColon + 1)}${((v4 >> 16n) & 0xffffn).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const parseGroups = (part: string): bigint[] | null => {
    if (part === '') return [];
    const groups: bigint[] = [];
    for (const g of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      groups.push(BigInt(parseInt(g, 16)));
    }
    return groups;
  };
  const head = parseGroups(halves[0] as string);
  const rest = halves.length === 2 ? parseGroups(halves[1] as string) : [];
  if (head === null || rest === null) return null;
  const total = head.length + rest.length;
  let groups: bigint[];
  if (halves.length === 2) {
    if (total > 7) return null;
    groups = [...head, ...new Array<bigint>(8 - total).fill(0n), ...rest];
  } else {
    if (total !== 8) return null;
    groups = head;
  }
  let value = 0n;
  for (const g of groups) value = (value << 16n) | g;
  return value;
}

/** A CIDR block (`10.0.0.0/8`, `fe80::/10`) or a single address, as the range of addresses it covers. */
export function parseCidr(text: string): { low: IpValue; high: IpValue } | null {
  const slash = text.indexOf('/');
  const address = parseIp(slash >= 0 ? text.slice(0, slash) : text);
  if (address === null) return null;
  const isV4 = !text.slice(0, slash >= 0 ? slash : undefined).includes(':');
  let prefix = 128;
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p)) return null;
    prefix = Number(p) + (isV4 ? 96 : 0);
    if (prefix > 128 || (isV4 && Number(p) > 32)) return null;
  }
  const hostBits = BigInt(128 - prefix);
  const mask = (1n << hostBits) - 1n;
  const low = address & ~mask;
  return { low, high: low | mask };
}

/** Canonical text of an address: dotted quad for IPv4, RFC 5952 compressed form for IPv6. */
export function formatIp(ip: IpValue): string {
  if (ip >> 32n === 0xffffn) {
    const v = Number(ip & 0xffffffffn);
    return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
  }
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((ip >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

// ---- versions ------------------------------------------------------------------------------------

/**
 * Orders `version` field values: semantic versions compare by their numeric parts, a pre-release
 * sorts before its release; anything else sorts after all valid versions, as text.
 * https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/version
 */
export function compareVersions(a: string, b: string): number {
  const pa = /^(\d+)(?:\.(\d+))*(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.test(a);
  const pb = /^(\d+)(?:\.(\d+))*(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.test(b);
  if (!pa || !pb) return pa === pb ? (a < b ? -1 : a > b ? 1 : 0) : pa ? -1 : 1;
  const [coreA, preA] = splitVersion(a);
  const [coreB, preB] = splitVersion(b);
  for (let i = 0; i < Math.max(coreA.length, coreB.length); i++) {
    const x = coreA[i] ?? -1;
    const y = coreB[i] ?? -1;
    if (x !== y) return x < y ? -1 : 1;
  }
  if (preA === preB) return 0;
  if (preA === null) return 1;
  if (preB === null) return -1;
  return preA < preB ? -1 : 1;
}

function splitVersion(version: string): [number[], string | null] {
  const noBuild = version.split('+')[0] as string;
  const dash = noBuild.indexOf('-');
  const core = dash >= 0 ? noBuild.slice(0, dash) : noBuild;
  return [core.split('.').map(Number), dash >= 0 ? noBuild.slice(dash + 1) : null];
}

// ---- Java number text ----------------------------------------------------------------------------

/**
 * Java's Double.toString, which EQL's string()/concat() use for floating point values:
 * "42.5", "5.0", "1.0E21", "1.0E-5".
 */
export function javaDoubleToString(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(value);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(value);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mantissa, exponent] = value.toExponential().split('e') as [string, string];
  const m = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${m}E${Number(exponent)}`;
}
