// Reading a file (or stdin) of lines in blocks of whole lines, with bounded memory and exact line numbers:
// the one reader `dth eql` and `dth spl` read events with. A file is never read as one string: V8 cannot
// hold a string over ~512 MB ("Cannot create a string longer than 0x1fffffe8"), and one string of a file
// costs its size twice over (bytes, then UTF-16).
//
// A block runs from the start of a line to just after a newline (or to the end of the input), so it
// decodes on character boundaries and every line lies wholly inside one block. Lines are numbered from 1;
// every `\n` ends one line, and a last line without `\n` counts when it is not empty. A byte order mark at
// the start of the input is not part of the first line. A line longer than `maxLineBytes` is bad input,
// reported with its number: holding it would break the memory bound.
import { closeSync, openSync } from 'node:fs';
import { InputError } from './errors.js';
import { readSome } from './read-some.js';

const NL = 0x0a;
const CR = 0x0d;

/** Bytes read at a time (a block holds at most this much, unless one line is longer). */
export const DEFAULT_BLOCK_BYTES = 4 * 1024 * 1024;

/** The longest line a reader holds by default (as `dth scan --max-line-bytes`). */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

export interface LineReaderOptions {
  blockBytes?: number;
  maxLineBytes?: number;
}

export interface LineBlock {
  /** Whole lines, each ended by `\n` except perhaps the input's last. A view, valid until the next block. */
  bytes: Buffer;
  /** Number of the block's first line (1-based). */
  firstLine: number;
  /** Lines in the block. */
  lineCount: number;
}

function countNewlines(bytes: Buffer): number {
  let n = 0;
  let at = bytes.indexOf(NL);
  while (at >= 0) {
    n++;
    at = bytes.indexOf(NL, at + 1);
  }
  return n;
}

function hasBom(bytes: Buffer, length: number): boolean {
  return length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/**
 * The input's lines in blocks. `path` '-' reads stdin. Throws InputError naming the file when it cannot be
 * read, and naming the line when one is longer than `maxLineBytes`.
 */
export function* readLineBlocks(path: string, options: LineReaderOptions = {}): Generator<LineBlock> {
  const blockBytes = options.blockBytes ?? DEFAULT_BLOCK_BYTES;
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  let fd: number;
  try {
    fd = path === '-' ? 0 : openSync(path, 'r');
  } catch (error) {
    throw new InputError(`cannot read events: ${(error as Error).message}`, { file: path });
  }
  try {
    let buffer = Buffer.allocUnsafe(blockBytes);
    let carry = 0; // bytes of an unfinished line at the start of `buffer`
    let line = 1;
    let bom: number | null = null; // bytes of a byte order mark at the buffer's start, once known; 0 after the first block
    for (;;) {
      let n: number;
      try {
        n = readSome(fd, buffer, carry);
      } catch (error) {
        throw new InputError(`cannot read events: ${(error as Error).message}`, { file: path });
      }
      const filled = carry + n;
      if (bom === null && (filled >= 3 || n === 0)) bom = hasBom(buffer, filled) ? 3 : 0;
      const skip = bom ?? 0;
      if (n === 0) {
        if (filled > skip) {
          const bytes = buffer.subarray(skip, filled);
          const lineCount = countNewlines(bytes) + (bytes[bytes.length - 1] === NL ? 0 : 1);
          tooLong(bytes, line, maxLineBytes, path);
          yield { bytes, firstLine: line, lineCount };
        }
        return;
      }
      const lastNl = buffer.lastIndexOf(NL, filled - 1);
      if (lastNl < skip) {
        // No line ends in the buffer: it holds the start of one long line. Grow it, within the bound.
        if (filled - skip > maxLineBytes) throw tooLongError(line, maxLineBytes, path);
        if (filled === buffer.length) {
          const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxLineBytes + skip + 1));
          buffer.copy(grown, 0, 0, filled);
          buffer = grown;
        }
        carry = filled;
        continue;
      }
      const bytes = buffer.subarray(skip, lastNl + 1);
      const lineCount = countNewlines(bytes);
      tooLong(bytes, line, maxLineBytes, path);
      yield { bytes, firstLine: line, lineCount };
      bom = 0;
      line += lineCount;
      carry = filled - (lastNl + 1);
      // A buffer grown for one long line goes back to the block size once that line is done.
      const next = buffer.length > blockBytes && carry < blockBytes ? Buffer.allocUnsafe(blockBytes) : buffer;
      buffer.copy(next, 0, lastNl + 1, filled);
      buffer = next;
    }
  } finally {
    if (fd !== 0) closeSync(fd);
  }
}

function tooLongError(line: number, maxLineBytes: number, file: string): InputError {
  return new InputError(`line ${line} is longer than ${maxLineBytes} bytes: not read`, { file, line, column: 1 });
}

/** Throws when a line of the block is longer than the bound (only possible in a grown buffer). */
function tooLong(bytes: Buffer, firstLine: number, maxLineBytes: number, file: string): void {
  if (bytes.length <= maxLineBytes) return;
  let start = 0;
  let line = firstLine;
  while (start < bytes.length) {
    const nl = bytes.indexOf(NL, start);
    const end = nl < 0 ? bytes.length : nl;
    if (end - start > maxLineBytes) throw tooLongError(line, maxLineBytes, file);
    start = end + 1;
    line++;
  }
}

/**
 * Calls `visit` with every line of a block as text (without its `\n`, or a `\r` before it) and its number.
 * One decode per block; lines are slices of it.
 */
export function forEachLineOf(block: LineBlock, visit: (text: string, line: number) => void): void {
  const text = block.bytes.toString('utf8');
  let start = 0;
  let line = block.firstLine;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    const next = end < 0 ? text.length : end + 1;
    if (end < 0) end = text.length;
    if (end > start && text.charCodeAt(end - 1) === CR) end--;
    visit(text.slice(start, end), line);
    line++;
    start = next;
  }
}

/** Every line of the input, with its number (see readLineBlocks). */
export function forEachLine(path: string, visit: (text: string, line: number) => void, options: LineReaderOptions = {}): void {
  for (const block of readLineBlocks(path, options)) forEachLineOf(block, visit);
}
