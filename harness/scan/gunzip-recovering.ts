// gunzip that recovers a damaged file as far as `zcat` does, and says where the damage is.
//
// gzip 1.12 (checked on this machine with its own binary, see test/scan/gzip-recovery.test.ts): on a
// truncated member, a corrupt deflate stream or a bad CRC/length trailer, `zcat` writes everything it
// decoded before the damage, reports the error and stops: members after the damaged one are not
// decoded (exit 1). Trailing bytes after the last member that are not a gzip header: all the data,
// "decompression OK, trailing garbage ignored" (exit 2).
//
// Node's zlib stream drops the output of the zlib call in which an error happens (up to a whole
// output buffer: 256 KB here) and its `bytesWritten` only says how much input the calls before it
// consumed. So when the first pass fails on a file, the file is decoded again, fast up to where the
// failing call began, then in ever smaller pieces (4 KB, then one byte per call): the output of every
// piece before the failing one is kept, and the failing byte is the compressed offset of the damage.
// A stream (stdin) cannot be read again: it keeps what the first pass produced and reports the offset
// as "at or after".
import { open } from 'node:fs/promises';
import { createGunzip, type Gunzip } from 'node:zlib';

/** The damage found in a gzip input. */
export class GzipDamage extends Error {
  /** zlib-like code so that the scan treats it as a read error (the input is cut short, not the run). */
  readonly code = 'Z_DAMAGED';
  constructor(
    /** Compressed byte offset (0-based) of the byte at which decoding failed, or the file size when it is cut short. */
    readonly offset: number,
    /** Whether `offset` is exact (false: the damage is at or after it). */
    readonly exact: boolean,
    readonly reason: string,
  ) {
    super(`damaged gzip data at compressed byte ${exact ? '' : '>= '}${offset}: ${reason}`);
  }
}

interface PassEnd {
  /** The zlib error that ended the pass, or null when it ended cleanly. */
  error: (Error & { code?: string }) | null;
  /** Input bytes zlib had consumed before the call that failed. */
  consumed: number;
  /** Start of the piece whose write failed. */
  failedPieceStart: number;
  /** Input bytes fed in all. */
  fed: number;
}

/** Splits the input so that bytes from `fastUntil` on are written `piece` bytes at a time. */
function* pieces(block: Buffer, at: number, fastUntil: number, piece: number): Generator<[Buffer, number]> {
  let offset = 0;
  if (at < fastUntil) {
    offset = Math.min(block.length, fastUntil - at);
    yield [block.subarray(0, offset), at];
  }
  for (; offset < block.length; offset += piece) yield [block.subarray(offset, Math.min(block.length, offset + piece)), at + offset];
}

interface Failure {
  error: (Error & { code?: string }) | null;
  /** Resolves the pending write when an error destroys the stream (its callback may then never come). */
  wake: (() => void) | null;
}

/** Writes one piece and waits until zlib has processed it (or failed). */
function writePiece(gunzip: Gunzip, piece: Buffer, failure: Failure): Promise<void> {
  return new Promise((resolve) => {
    failure.wake = resolve;
    gunzip.write(piece, () => resolve());
    if (failure.error !== null) resolve();
  });
}

/**
 * One decoding pass over `source`: yields the output after its first `skip` bytes; bytes from
 * `fastUntil` on are written `piece` at a time. `end` is filled in when the generator finishes.
 */
async function* decodePass(source: AsyncIterable<Buffer>, fastUntil: number, piece: number, skip: number, end: PassEnd): AsyncGenerator<Buffer> {
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  const queue: Buffer[] = [];
  const failure: Failure = { error: null, wake: null };
  let ended = false;
  gunzip.on('data', (chunk: Buffer) => queue.push(chunk));
  gunzip.on('error', (error: Error) => {
    failure.error = error;
    failure.wake?.();
  });
  gunzip.on('end', () => (ended = true));
  let produced = 0;
  const drain = function* (): Generator<Buffer> {
    for (const chunk of queue.splice(0)) {
      const from = Math.max(0, Math.min(chunk.length, skip - produced));
      produced += chunk.length;
      if (from < chunk.length) yield chunk.subarray(from);
    }
  };
  let fed = 0;
  end.error = null;
  try {
    for await (const block of source) {
      for (const [part, at] of pieces(block, fed, fastUntil, piece)) {
        end.failedPieceStart = at;
        const before = gunzip.bytesWritten;
        await writePiece(gunzip, part, failure);
        yield* drain();
        if (failure.error !== null) {
          end.error = failure.error;
          end.consumed = Math.max(before, gunzip.bytesWritten);
          end.fed = at + part.length;
          return;
        }
      }
      fed += block.length;
    }
    end.fed = fed;
    end.failedPieceStart = fed;
    await new Promise<void>((resolve) => {
      if (failure.error !== null || ended) return resolve();
      gunzip.once('end', () => resolve());
      gunzip.once('error', () => resolve());
      gunzip.end();
      gunzip.resume();
    });
    yield* drain();
    end.error = failure.error;
    end.consumed = gunzip.bytesWritten;
  } finally {
    gunzip.destroy();
  }
}

async function* readFileBlocks(path: string): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  try {
    for (;;) {
      const block = Buffer.allocUnsafe(1 << 20);
      const { bytesRead } = await handle.read(block, 0, block.length, null);
      if (bytesRead === 0) return;
      yield block.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

function describe(error: Error & { code?: string }, atEnd: boolean): string {
  if (atEnd || error.code === 'Z_BUF_ERROR') return 'unexpected end of file (the file is cut short)';
  if (/header check/.test(error.message)) return `not a gzip member (${error.message}): trailing garbage after the last complete member, or a damaged member header`;
  if (/data check/.test(error.message)) return `${error.message} (CRC-32 of the member does not match its data)`;
  if (/size check|length/.test(error.message)) return `${error.message} (length of the member does not match its data)`;
  return error.message;
}

/**
 * Decompresses `source` (a gzip file or stream). Yields every byte `zcat` would write; on damage,
 * throws GzipDamage after the last of them. `path` (when the input is a file) lets it read the file
 * again to recover the exact output and offset.
 */
export async function* gunzipRecovering(source: AsyncIterable<Buffer>, path: string | null): AsyncGenerator<Buffer> {
  const end: PassEnd = { error: null, consumed: 0, failedPieceStart: 0, fed: 0 };
  let delivered = 0;
  for await (const chunk of decodePass(source, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 0, end)) {
    delivered += chunk.length;
    yield chunk;
  }
  if (end.error === null) return;
  // Cut short: zlib reports it only at the end, with all the output already delivered.
  if (end.error.code === 'Z_BUF_ERROR' && end.failedPieceStart >= end.fed) throw new GzipDamage(end.fed, true, describe(end.error, true));
  if (path === null) throw new GzipDamage(end.consumed, false, describe(end.error, end.consumed >= end.fed));
  // Again, finer: 4 KB pieces from where the failing call began, then single bytes.
  for (const piece of [4096, 1]) {
    const fastUntil = end.consumed;
    for await (const chunk of decodePass(readFileBlocks(path), fastUntil, piece, delivered, end)) {
      delivered += chunk.length;
      yield chunk;
    }
    if (end.error === null) return; // cannot happen with the same bytes; nothing left to report
  }
  const atEnd = end.failedPieceStart >= end.fed && end.error.code === 'Z_BUF_ERROR';
  throw new GzipDamage(atEnd ? end.fed : end.failedPieceStart, true, describe(end.error, atEnd));
}
