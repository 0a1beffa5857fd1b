// The inputs of a scan: files, every file under a directory (sorted by path; names starting with `.`
// skipped), or `-` for standard input; each read as bytes, gunzipped when it is gzip (the magic bytes
// 1f 8b, or --gzip to insist). Nothing is read whole: a ByteSource fills the caller's buffer.
import { closeSync, createReadStream, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { Readable } from 'node:stream';
import { InputError } from '../errors.js';
import { gunzipRecovering } from './gunzip-recovering.js';

export interface InputSpec {
  /** As reported: the path, or `<stdin>`. */
  label: string;
  /** Null for standard input. */
  path: string | null;
  /** Size on disk (null for stdin). */
  bytes: number | null;
}

export const STDIN_LABEL = '<stdin>';

/** A directory entry the scan did not read, and why (reported, never dropped silently). */
export interface SkippedEntry {
  path: string;
  reason: string;
}

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Every regular file under `root`, in the order of a sorted depth-first walk, found iteratively.
 * Symbolic links are followed, once: a directory reached again (a link loop, a second link) is
 * skipped; FIFOs, sockets, devices and dangling links are skipped; each skip goes to `skipped` with
 * its reason. Names starting with `.` are skipped silently (hidden files, as before).
 */
function walk(root: string, out: InputSpec[], skipped: SkippedEntry[]): void {
  const seen = new Set<string>();
  try {
    seen.add(realpathSync(root));
  } catch {
    // root was stat-ed by the caller; a race here shows when it is read
  }
  const files: InputSpec[] = [];
  const found: SkippedEntry[] = [];
  const stack: string[] = [root];
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => !n.startsWith('.'));
    } catch (error) {
      found.push({ path: dir, reason: `cannot list the directory: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      continue;
    }
    for (const name of names) {
      const path = join(dir, name);
      let st: Stats;
      try {
        st = statSync(path); // follows symbolic links
      } catch {
        let link = false;
        try {
          link = lstatSync(path).isSymbolicLink();
        } catch {
          // vanished meanwhile
        }
        found.push({ path, reason: link ? 'a dangling symbolic link' : 'it vanished while the directory was listed' });
        continue;
      }
      if (st.isDirectory()) {
        let real = path;
        try {
          real = realpathSync(path);
        } catch {
          // keep the path itself
        }
        if (seen.has(real)) {
          found.push({ path, reason: `a directory already read (${real}): a symbolic-link loop or a second link to it` });
          continue;
        }
        seen.add(real);
        stack.push(path);
      } else if (st.isFile()) {
        files.push({ label: path, path, bytes: st.size });
      } else {
        found.push({ path, reason: `${kindOf(st)}: only regular files are read from a directory` });
      }
    }
  }
  // Sorted by path component: the order a sorted depth-first walk gives.
  const compare = (a: string, b: string): number => {
    const x = a.split(sep);
    const y = b.split(sep);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] as string) < (y[i] as string) ? -1 : 1;
    return x.length - y.length;
  };
  files.sort((a, b) => compare(a.path as string, b.path as string));
  found.sort((a, b) => compare(a.path, b.path));
  out.push(...files);
  skipped.push(...found);
}

/**
 * Expands `--events` values into inputs. InputError for a path that does not exist, an empty
 * directory, or a FIFO, socket or device named directly (only `-` reads a stream: /dev/zero would
 * never end). Directory entries not read are added to `skipped`, each with its reason.
 */
export function resolveInputs(values: string[], skipped: SkippedEntry[] = []): InputSpec[] {
  const out: InputSpec[] = [];
  for (const value of values) {
    if (value === '-') {
      out.push({ label: STDIN_LABEL, path: null, bytes: null });
      continue;
    }
    let stats: Stats;
    try {
      stats = statSync(value);
    } catch (error) {
      throw new InputError(`cannot read events: ${(error as Error).message}`, { file: value });
    }
    if (stats.isDirectory()) {
      const before = out.length;
      const skippedBefore = skipped.length;
      walk(value, out, skipped);
      if (out.length === before) {
        const why = skipped.slice(skippedBefore).map((e) => `${e.path}: ${e.reason}`);
        throw new InputError(`the directory holds no event files${why.length > 0 ? ` (skipped ${why.join('; ')})` : ''}`, { file: value });
      }
    } else if (!stats.isFile()) {
      throw new InputError(`cannot read events: ${kindOf(stats)}; only regular files are read by name (to read a stream, pipe it to --events -)`, { file: value });
    } else {
      out.push({ label: value, path: value, bytes: stats.size });
    }
  }
  return out;
}

/** A stream of bytes read into the caller's buffer. */
export interface ByteSource {
  readonly gzip: boolean;
  /** Reads up to `max` bytes into `target` at `offset`; 0 at the end. */
  read(target: Buffer, offset: number, max: number): Promise<number>;
  close(): Promise<void>;
}

class FileSource implements ByteSource {
  readonly gzip = false;
  constructor(private readonly handle: FileHandle) {}

  async read(target: Buffer, offset: number, max: number): Promise<number> {
    const { bytesRead } = await this.handle.read(target, offset, max, null);
    return bytesRead;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** Bytes from an async iterable of buffers (a decompressor, stdin). */
class StreamSource implements ByteSource {
  private pending: Buffer | null = null;
  private readonly iterator: AsyncIterator<Buffer>;

  constructor(
    iterable: AsyncIterable<Buffer>,
    readonly gzip: boolean,
    private readonly onClose: () => void,
  ) {
    this.iterator = iterable[Symbol.asyncIterator]();
  }

  async read(target: Buffer, offset: number, max: number): Promise<number> {
    while (this.pending === null || this.pending.length === 0) {
      const next = await this.iterator.next();
      if (next.done === true) return 0;
      this.pending = next.value;
    }
    const n = Math.min(max, this.pending.length);
    this.pending.copy(target, offset, 0, n);
    this.pending = this.pending.subarray(n);
    return n;
  }

  async close(): Promise<void> {
    this.onClose();
    await this.iterator.return?.();
  }
}

/** Yields `first` (bytes already consumed from `rest`), then the rest. */
async function* prepend(first: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  if (first.length > 0) yield first;
  for (;;) {
    const next = await rest.next();
    if (next.done === true) return;
    yield next.value;
  }
}

/** Decompressed bytes, recovered as far as `zcat` recovers them (gunzip-recovering.ts); `path` when the input is a file. */
function gunzipped(iterable: AsyncIterable<Buffer>, path: string | null): AsyncIterable<Buffer> {
  return gunzipRecovering(iterable, path);
}

function isGzipMagic(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Whether a file starts with the gzip magic bytes (false when it cannot be read: opening it reports that). */
export function isGzipFile(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    const magic = Buffer.alloc(2);
    return isGzipMagic(magic.subarray(0, readSync(fd, magic, 0, 2, 0)));
  } finally {
    closeSync(fd);
  }
}

/** A stream source whose first bytes decide whether it is gzip. */
async function streamInput(stream: AsyncIterable<Buffer> & Readable, forceGzip: boolean, onClose: () => void): Promise<ByteSource> {
  const iterator = stream[Symbol.asyncIterator]();
  const first = await iterator.next();
  const head = first.done === true ? Buffer.alloc(0) : first.value;
  const gzip = forceGzip || isGzipMagic(head);
  const bytes = prepend(head, iterator);
  return new StreamSource(gzip ? gunzipped(bytes, null) : bytes, gzip, onClose);
}

/** Opens an input; gzip is detected from its first bytes (or forced). Pipes and devices are read as streams. */
export async function openInput(input: InputSpec, forceGzip: boolean): Promise<ByteSource> {
  if (input.path === null) {
    const stdin = process.stdin as AsyncIterable<Buffer> & Readable;
    return streamInput(stdin, forceGzip, () => stdin.pause());
  }
  let handle: FileHandle;
  try {
    handle = await open(input.path, 'r');
  } catch (error) {
    throw new InputError(`cannot read events: ${(error as Error).message}`, { file: input.label });
  }
  if (!(await handle.stat()).isFile()) {
    const stream = handle.createReadStream({ highWaterMark: 1 << 20 }) as ReturnType<FileHandle['createReadStream']> & AsyncIterable<Buffer>;
    return streamInput(stream, forceGzip, () => stream.destroy());
  }
  const magic = Buffer.alloc(2);
  const { bytesRead } = await handle.read(magic, 0, 2, 0);
  if (!forceGzip && !isGzipMagic(magic.subarray(0, bytesRead))) return new FileSource(handle);
  await handle.close();
  const stream = createReadStream(input.path, { highWaterMark: 1 << 20 });
  return new StreamSource(gunzipped(stream, input.path), true, () => stream.destroy());
}
