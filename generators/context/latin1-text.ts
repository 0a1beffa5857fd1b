// Bytes 0–255 of a buffer as a string, one character per byte. Buffer.prototype.latin1Slice is what
// buf.toString('latin1', start, end) calls after checking its arguments; the per-event writers here
// (timestamps, uuids) call it directly, because for a 24–36-byte string those checks cost as much
// as the copy. Node has had it since Buffer was written in C++; where it is missing, toString is used.
interface Latin1Sliceable {
  latin1Slice(start: number, end: number): string;
}

const direct = typeof (Buffer.prototype as Partial<Latin1Sliceable>).latin1Slice === 'function';

/** `buffer.toString('latin1', start, end)` for `0 <= start <= end <= buffer.length`. */
export function latin1Text(buffer: Buffer, start: number, end: number): string {
  return direct ? (buffer as unknown as Latin1Sliceable).latin1Slice(start, end) : buffer.toString('latin1', start, end);
}
