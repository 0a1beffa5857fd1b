// Reading one chunk of a plain (seekable, uncompressed) JSON-lines file by byte range, in the thread that
// evaluates it: the main thread only hands out ranges, and the bytes go from the file straight into the
// memory the SIMD pass reads (ChunkScanner.area), copied once.
//
// A range [start, end) owns the lines that begin inside it: a line begins at 0 or just after a newline.
// Its content therefore runs from the first line beginning at or after `start` to the newline that ends
// the line holding byte `end - 1` (read past `end` as far as needed). Neighbouring ranges find the same
// boundaries from the same bytes, so every line is owned by exactly one range, and counting lines range
// by range, in order, numbers them exactly. A line longer than --max-line-bytes is not held: it is
// reported, and the next range that finds its end starts after it.
import { readSync } from 'node:fs';

const NL = 0x0a;
/** Read past the range's end at first; most lines end within it. */
const TAIL = 64 * 1024;

export interface RangeContent {
  /** The owned lines (a view: valid until the next read into the same area). */
  buffer: Buffer;
  length: number;
  /** The range's last line is longer than --max-line-bytes: not in `buffer`, to be reported. */
  tooLongLine: boolean;
}

export interface RangeRequest {
  start: number;
  end: number;
  fileSize: number;
  maxLineBytes: number;
}

/** Reads `length` bytes at `position` into `target` from `offset` (fewer only at the end of the file). */
function readFully(fd: number, target: Buffer, offset: number, length: number, position: number): number {
  let done = 0;
  while (done < length) {
    const n = readSync(fd, target, offset + done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/**
 * The lines range `request` owns. `area(capacity)` gives the buffer to read into (the SIMD pass's
 * memory); a last line that runs far past the range is gathered in a buffer of its own.
 */
export function readRange(fd: number, request: RangeRequest, area: (capacity: number) => Buffer): RangeContent {
  const { start, end, fileSize, maxLineBytes } = request;
  const none: RangeContent = { buffer: Buffer.alloc(0), length: 0, tooLongLine: false };
  // One byte before the range tells whether the range starts with a line.
  const from = start === 0 ? 0 : start - 1;
  let buf = area(end - from + TAIL);
  let filled = readFully(fd, buf, 0, Math.min(buf.length, fileSize - from), from);
  const rangeEnd = end - from; // relative
  let first = 0;
  if (start > 0) {
    const nl = buf.subarray(0, rangeEnd - 1).indexOf(NL);
    if (nl < 0) return none; // inside one long line that began earlier
    first = nl + 1;
  }
  if (first >= rangeEnd) return none;
  // A byte order mark is not part of the first line's text.
  const bom = start === 0 && filled >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  const content = (cut: number, tooLongLine: boolean): RangeContent => {
    const from = Math.min(first + bom, cut);
    return { buffer: buf.subarray(from, cut), length: cut - from, tooLongLine };
  };
  // The last owned line begins after the last newline before the range's end.
  const lastBegin = Math.max(first, buf.subarray(0, rangeEnd - 1).lastIndexOf(NL) + 1);
  let search = rangeEnd - 1;
  for (;;) {
    const nl = buf.subarray(0, filled).indexOf(NL, search);
    const lineEnd = nl >= 0 ? nl : from + filled >= fileSize ? filled : -1;
    // Only the last line can be too long: every other one lies inside the range (--max-line-bytes >= the range).
    if ((lineEnd >= 0 ? lineEnd : filled) - lastBegin > maxLineBytes) return content(lastBegin, true);
    if (lineEnd >= 0) return content(nl >= 0 ? nl + 1 : filled, false);
    // Read on, into a larger buffer of its own.
    const grown = Buffer.allocUnsafe(Math.min(buf.length * 2, lastBegin + maxLineBytes + TAIL));
    buf.copy(grown, 0, 0, filled);
    buf = grown;
    search = filled;
    filled += readFully(fd, buf, filled, Math.min(buf.length - filled, fileSize - from - filled), from + filled);
  }
}
