// Timestamp spellings the products use. All are derived from the canonical ISO time plus a few
// deterministic extra digits, so every renderer agrees on the instant.

/** Milliseconds since the epoch. */
export function epochMs(iso: string): number {
  return Date.parse(iso);
}

/** Windows event time with 7 fractional digits (`2022-12-14T16:06:51.0643605Z`); the extra digits come from `salt`. */
export function windowsSystemTime(iso: string, salt: number): string {
  return `${iso.slice(0, 23)}${String(salt % 10000).padStart(4, '0')}Z`;
}

/** Sysmon UtcTime: `2025-10-22 20:29:25.272`. */
export function sysmonUtcTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

/** Shift an ISO time by `ms` milliseconds. */
export function shiftIso(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}

/**
 * Shift forward by up to `ms`, never past the end of the second: every record of one event keeps
 * the event's second, which the (host, second) mapping of Splunk rows relies on.
 */
export function shiftWithinSecond(iso: string, ms: number): string {
  // Canonical times are `YYYY-MM-DDTHH:MM:SS.sssZ`: only the milliseconds change, so no Date is needed.
  if (iso.length === 24 && iso.charCodeAt(19) === 0x2e) {
    const current = Number(iso.slice(20, 23));
    return `${iso.slice(0, 20)}${String(current + Math.min(ms, 999 - current)).padStart(3, '0')}Z`;
  }
  const t = Date.parse(iso);
  return new Date(t + Math.min(ms, 999 - (t % 1000))).toISOString();
}

const MONTHS_2 = (n: number) => String(n).padStart(2, '0');

/** Classic Windows event header line as Splunk writes it: `12/15/2020 04:09:20 AM` (local = UTC here). */
export function classicHeaderTime(iso: string): string {
  const d = new Date(iso);
  const hours = d.getUTCHours();
  const h12 = hours % 12 === 0 ? 12 : hours % 12;
  return `${MONTHS_2(d.getUTCMonth() + 1)}/${MONTHS_2(d.getUTCDate())}/${d.getUTCFullYear()} ${MONTHS_2(h12)}:${MONTHS_2(d.getUTCMinutes())}:${MONTHS_2(d.getUTCSeconds())} ${hours < 12 ? 'AM' : 'PM'}`;
}

/** Epoch seconds with milliseconds as a string (`1760406073.568`), as CrowdStrike writes times. */
export function epochSecondsString(iso: string): string {
  const ms = Date.parse(iso);
  return `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}`;
}
