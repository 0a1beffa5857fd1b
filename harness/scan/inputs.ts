// The inputs of a scan: files, every file under a directory (sorted by path; names starting with `.`
// skipped), or `-` for standard input; each read as bytes, gunzipped when it is gzip (the magic bytes
// 1f 8b, or --gzip to insist). Nothing is read whole: a ByteSource fills the caller's buffer.
import { closeSync, createReadStream, openSync, readdirSync, readSync, statSync, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputError } from '../errors.js';

export interface InputSpec {
  /** As reported: the path, or `<stdin>`. */
  label: string;
  /** Null for standard input. */
  path: string | null;
  /** Size on disk (null for stdin). */
  bytes: number | null;
}

export const STDIN_LABEL = '<stdin>';

function walk(dir: string, out: InputSpec[]): void {
  const entries = readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) walk(path, out);
    else if (e.isFile()) out.push({ label: path, path, bytes: statSync(path).size });
  }
}

/** Expands `--events` values into inputs. InputError for a path that does not exist or an empty directory. */
export function resolveInputs(values: string[]): InputSpec[] {
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
      walk(value, out);
      if (out.length === before) throw new InputError('the directory holds no event files', { file: value });
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

function gunzipped(iterable: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  // Larger output pieces than the 16 KB default: fewer copies into the chunk buffer.
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  const source = Readable.from(iterable);
  source.on('error', (error) => gunzip.destroy(error));
  source.pipe(gunzip);
  return gunzip;
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
  return new StreamSource(gzip ? gunzipped(bytes) : bytes, gzip, onClose);
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
  return new StreamSource(gunzipped(stream), true, () => stream.destroy());
}
