// Reading a configuration file (rule, scenario pack, deployment profile, weights, macros.conf) as one
// string, with a size cap checked before the file is read: `readFileSync('/dev/zero')` grows without end
// (5.7 GB in 48 s) and a FIFO blocks forever. So the file is opened non-blocking, fstat'ed, and refused
// unless it is a regular file no larger than the cap; the read itself stops one byte past the cap, so a
// file that grows after the fstat is still refused. Only `-` (when the caller allows it) reads a stream.
// Event inputs are not read here: they stream through line-reader.ts and the scan.
import { closeSync, constants, fstatSync, openSync, type Stats } from 'node:fs';
import { InputError } from './errors.js';
import { readSome } from './read-some.js';

/** Default cap: the largest shipped configuration file is well under 1 MB. */
export const DEFAULT_MAX_CONFIG_BYTES = 8 * 1024 * 1024;

/** Environment variable that overrides the cap (bytes, a positive integer). */
export const MAX_CONFIG_BYTES_ENV = 'DTH_MAX_CONFIG_BYTES';

/** The cap in force: DTH_MAX_CONFIG_BYTES when set, else the default. A malformed value is bad input, not ignored. */
export function maxConfigBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[MAX_CONFIG_BYTES_ENV];
  if (raw === undefined || raw.trim() === '') return DEFAULT_MAX_CONFIG_BYTES;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
    throw new InputError(`${MAX_CONFIG_BYTES_ENV} must be a positive whole number of bytes, got '${raw}'`);
  }
  return Number(raw);
}

/** Why a file that is not a regular file is refused, or null for a regular file. */
function notRegular(st: Stats): string | null {
  if (st.isFile()) return null;
  if (st.isDirectory()) return 'it is a directory';
  if (st.isFIFO()) return 'it is a FIFO (named pipe), not a regular file';
  if (st.isSocket()) return 'it is a socket, not a regular file';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'it is a device, not a regular file';
  return 'it is not a regular file';
}

export interface BoundedReadOptions {
  /** Cap in bytes (default: maxConfigBytes()). */
  maxBytes?: number;
  /** `-` reads standard input (still capped). */
  allowStdin?: boolean;
}

function tooLarge(what: string, maxBytes: number, size?: number): string {
  const actual = size === undefined ? `more than ${maxBytes}` : `${size}`;
  return `cannot read ${what}: the file is ${actual} bytes, over the limit of ${maxBytes} (set ${MAX_CONFIG_BYTES_ENV} to raise it)`;
}

/** Reads at most maxBytes + 1 bytes (one past the cap is enough to know the input is over it); null when over. */
function readCapped(fd: number, maxBytes: number): Buffer | null {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(maxBytes + 1 - total, 1024 * 1024));
    const n = readSome(fd, chunk, 0);
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    total += n;
    if (total > maxBytes) return null;
  }
  return Buffer.concat(chunks, total);
}

/**
 * The text of a configuration file, UTF-8. Throws InputError naming the file when it cannot be read, is
 * not a regular file (device, FIFO, socket, directory), or is larger than the cap.
 * `what` names the file in messages: `cannot read <what>: <reason>`.
 */
export function readBoundedText(path: string, what: string, options: BoundedReadOptions = {}): string {
  const maxBytes = options.maxBytes ?? maxConfigBytes();
  const stdin = path === '-' && options.allowStdin === true;
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer before fstat could refuse it.
    fd = stdin ? 0 : openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new InputError(`cannot read ${what}: ${(error as Error).message}`, { file: path });
  }
  try {
    if (!stdin) {
      const st = fstatSync(fd);
      const why = notRegular(st);
      if (why !== null) throw new InputError(`cannot read ${what}: ${why}`, { file: path });
      if (st.size > maxBytes) throw new InputError(tooLarge(what, maxBytes, st.size), { file: path });
    }
    let bytes: Buffer | null;
    try {
      bytes = readCapped(fd, maxBytes);
    } catch (error) {
      throw new InputError(`cannot read ${what}: ${(error as Error).message}`, { file: path });
    }
    if (bytes === null) throw new InputError(tooLarge(what, maxBytes), { file: path });
    return bytes.toString('utf8');
  } finally {
    if (!stdin) closeSync(fd);
  }
}
