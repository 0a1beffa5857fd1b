// Splunk's line-length limit, applied when an event is indexed, before segmentation and search-time
// extraction: props.conf `TRUNCATE = <non-negative integer>` — "The default maximum line length, in
// bytes. Although this is in bytes, line length is rounded down when this would otherwise land
// mid-character for multi-byte characters. Set to 0 if you never want truncation. Default: 10000"
// (props.conf.spec, Splunk 9.0). What is cut off is not in _raw: no term, phrase or extraction sees it.

/** `raw` cut to at most `limit` UTF-8 bytes on a character boundary; unchanged when shorter or `limit` is 0. */
export function truncateRaw(raw: string, limit: number): string {
  if (limit <= 0 || raw.length * 3 <= limit) return raw;
  // Counted without encoding: most events are shorter than the limit, and every event is checked.
  if (Buffer.byteLength(raw, 'utf8') <= limit) return raw;
  const bytes = Buffer.from(raw, 'utf8');
  let end = limit;
  // A continuation byte (10xxxxxx) at the cut means the cut lands inside a character: back off to its start.
  while (end > 0 && ((bytes[end] as number) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}
