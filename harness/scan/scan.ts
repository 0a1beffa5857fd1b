// The scan's main thread: hands each input to the executor in chunks and adds the results up in input
// order, so line numbers are exact and the report is the same whatever the number of threads. A plain
// JSON-lines file goes out as byte ranges that the workers read themselves (file-range.ts); gzip,
// stdin and CSV are read here into chunk buffers cut at line (or CSV record) boundaries. Memory is
// bounded by the chunk buffers in circulation (see executor.ts) and the capped lists of the report; no
// input is ever held whole.
import { availableParallelism } from 'node:os';
import { InputError } from '../errors.js';
import { ScanAggregate } from './aggregate.js';
import { parseCsvRecord } from './csv.js';
import { AdaptiveExecutor } from './adaptive-executor.js';
import { InlineExecutor, ScanWorkers, WorkerPoolExecutor, type Executor } from './executor.js';
import { isGzipFile, openInput, type InputSpec } from './inputs.js';
import { FramedReader, sniffFileFraming, type ByteReader } from './json-framing.js';
import { closeSync, openSync, statSync } from 'node:fs';
import { checkUnchanged, identityByName, identityOf, type InputIdentity } from './input-identity.js';
import { firstCsvRecordEnd, lastCsvRecordEnd, lastLineEnd } from './spans.js';
import { DEFAULT_CHUNK_SIZE, DEFAULT_MAX_LINE_BYTES, emptyChunkResult, withTooLongLine, type ChunkMemory, type ChunkResult, type ScanPlan } from './types.js';

/** Inputs smaller than this are scanned in the main thread when no thread count is given. */
const INLINE_LIMIT = 2 * DEFAULT_CHUNK_SIZE;

export interface ScanRunOptions {
  plan: ScanPlan;
  inputs: InputSpec[];
  /** Worker threads; 0 evaluates in the main thread; 'auto' uses every core unless the input is small. */
  threads: number | 'auto';
  chunkSize?: number;
  maxLineBytes?: number;
  /** Treat every input as gzip (else detected from its first bytes). */
  gzip?: boolean;
  /** Worker threads spawned beforehand (ScanWorkers.spawn(scanThreadCount(...))); closed by runScan. */
  workers?: ScanWorkers;
  /**
   * The thread count was not chosen by the user: on plain files, use the workers only if they prove
   * faster than the main thread on the file itself (adaptive-executor.ts).
   */
  adaptive?: boolean;
  /** Adaptive: try the workers only when the rest of the file would take the main thread longer (ms; tests use 0). */
  tryWorkersAfterMs?: number;
}

export interface ScanOutcome {
  aggregate: ScanAggregate;
  threads: number;
  elapsedMs: number;
}

const NL = 0x0a;
const BOM = [0xef, 0xbb, 0xbf];

/** Worker threads for a scan: as asked, or with 'auto' one per core unless the input is small. */
export function scanThreadCount(inputs: readonly InputSpec[], threads: number | 'auto'): number {
  if (threads !== 'auto') return threads;
  const known = inputs.every((i) => i.bytes !== null);
  const total = inputs.reduce((n, i) => n + (i.bytes ?? 0), 0);
  if (known && total <= INLINE_LIMIT) return 0;
  return availableParallelism();
}

/** A result for a line the reader itself had to give up on (longer than --max-line-bytes). */
function oversizedResult(seq: number, input: number, plan: ScanPlan, maxLineBytes: number): ChunkResult {
  return withTooLongLine(emptyChunkResult(seq, input, plan.rules.length), maxLineBytes, plan.limits.maxMalformed);
}

/** Puts results back in submission order before adding them up. */
class Merger {
  private readonly pending = new Map<number, ChunkResult>();
  private next = 0;
  seq = 0;

  constructor(private readonly aggregate: ScanAggregate) {}

  deliver(result: ChunkResult): void {
    this.pending.set(result.seq, result);
    for (let r = this.pending.get(this.next); r !== undefined; r = this.pending.get(this.next)) {
      this.pending.delete(this.next);
      this.aggregate.add(r);
      this.next++;
    }
  }
}

class InputReader {
  private buffer!: ChunkMemory;
  private view!: Buffer;
  /** Whether `buffer` is still ours (not yet handed to the executor). */
  private owned = false;
  private filled = 0;
  private eof = false;
  private readonly csv: boolean;
  private csvHeader: string[] | null = null;

  constructor(
    private readonly source: ByteReader,
    private readonly inputIndex: number,
    private readonly label: string,
    private readonly plan: ScanPlan,
    private readonly executor: Executor,
    private readonly merger: Merger,
    private readonly aggregate: ScanAggregate,
    private readonly chunkSize: number,
    private readonly maxLineBytes: number,
  ) {
    this.csv = plan.format === 'csv';
  }

  /** Bytes in the buffer being filled, kept up to date so that a read error loses nothing already read. */
  private progress = 0;
  private progressTarget: Buffer | null = null;

  private async fill(target: Buffer, from: number, limit: number): Promise<number> {
    this.progress = from;
    this.progressTarget = target;
    while (!this.eof && this.progress < limit) {
      const n = await this.source.read(target, this.progress, limit - this.progress);
      if (n === 0) this.eof = true;
      else {
        this.progress += n;
        this.aggregate.addBytes(this.inputIndex, n);
      }
    }
    return this.progress;
  }

  private boundary(view: Buffer, from: number, length: number): number {
    return this.csv ? lastCsvRecordEnd(view, 0, length) : lastLineEnd(view, from, length);
  }

  private async submit(buffer: ChunkMemory, length: number): Promise<void> {
    await this.executor.submit({ seq: this.merger.seq++, input: this.inputIndex, buffer, length, csvHeader: this.csvHeader });
  }

  private async take(): Promise<void> {
    this.buffer = await this.executor.acquire();
    this.view = Buffer.from(this.buffer);
    this.owned = true;
  }

  private async submitOwn(length: number): Promise<void> {
    this.owned = false;
    await this.submit(this.buffer, length);
  }

  async run(): Promise<void> {
    await this.take();
    try {
      await this.loop();
    } catch (error) {
      if (!isReadError(error)) throw error;
      // A read error (corrupt or truncated gzip, I/O): what was read so far is scanned, the rest is lost.
      this.aggregate.fail(this.inputIndex, `${(error as Error).message}: the input was read only up to here`);
      if (this.progressTarget === this.view) this.filled = this.progress;
      if (this.owned && this.filled > 0) await this.submitOwn(this.filled);
    } finally {
      if (this.owned) this.executor.release(this.buffer);
      this.owned = false;
    }
  }

  private async loop(): Promise<void> {
    let first = true;
    for (;;) {
      this.filled = await this.fill(this.view, this.filled, this.view.length);
      if (first) {
        first = false;
        if (BOM.every((b, i) => this.view[i] === b) && this.filled >= 3) {
          this.view.copy(this.view, 0, 3, this.filled);
          this.filled -= 3;
          continue;
        }
      }
      if (this.csv && this.csvHeader === null) {
        if (!this.readCsvHeader()) return;
        continue;
      }
      if (this.eof) {
        if (this.filled > 0) await this.submitOwn(this.filled);
        return;
      }
      const cut = this.boundary(this.view, 0, this.filled);
      if (cut < 0) {
        if (!(await this.oversized())) return;
        continue;
      }
      await this.handOver(this.buffer, this.view, cut, this.filled);
    }
  }

  /** Submits `view[0, cut)` (`buffer`, ours or an oversized one) and carries `view[cut, filled)` into a fresh buffer. */
  private async handOver(buffer: ChunkMemory, view: Buffer, cut: number, filled: number): Promise<void> {
    const next = await this.executor.acquire();
    const nextView = Buffer.from(next);
    view.copy(nextView, 0, cut, filled);
    if (buffer === this.buffer) this.owned = false;
    await this.submit(buffer, cut);
    this.buffer = next;
    this.view = nextView;
    this.filled = filled - cut;
    this.owned = true;
  }

  /** The header record of a CSV input: column names for every chunk. Returns false when the input ends. */
  private readCsvHeader(): boolean {
    const lines = { count: 0 };
    const end = firstCsvRecordEnd(this.view, this.filled, this.eof, lines);
    if (end < 0) throw new InputError(`the CSV header row is longer than ${this.chunkSize} bytes`, { file: this.label, line: 1 });
    if (end === 0) {
      this.aggregate.fail(this.inputIndex, 'the CSV input is empty (no header row)');
      return false;
    }
    let headerEnd = end;
    while (headerEnd > 0 && (this.view[headerEnd - 1] === NL || this.view[headerEnd - 1] === 0x0d)) headerEnd--;
    const parsed = parseCsvRecord(this.view.toString('utf8', 0, headerEnd));
    if ('error' in parsed) throw new InputError(`the CSV header row is not valid: ${parsed.error}`, { file: this.label, line: 1, column: parsed.column });
    if (!parsed.fields.includes('_raw')) throw new InputError('the CSV header has no _raw column: export the events with their _raw field', { file: this.label, line: 1 });
    this.csvHeader = parsed.fields;
    this.aggregate.setHeaderLines(this.inputIndex, lines.count);
    this.view.copy(this.view, 0, end, this.filled);
    this.filled -= end;
    return true;
  }

  /**
   * The buffer is full and holds no complete line: read the line into a larger buffer (up to
   * --max-line-bytes) and submit it alone; past the limit, skip the line and report it. Returns false
   * when the input cannot continue.
   */
  private async oversized(): Promise<boolean> {
    let size = Math.min(this.view.length * 2, this.maxLineBytes);
    let big = Buffer.from(new SharedArrayBuffer(size));
    this.view.copy(big, 0, 0, this.filled);
    let filled = this.filled;
    for (;;) {
      const before = filled;
      filled = await this.fill(big, filled, Math.min(big.length, filled + this.chunkSize));
      const cut = this.csv ? lastCsvRecordEnd(big, 0, filled) : firstNewlineEnd(big, before, filled);
      if (cut >= 0 || this.eof) {
        // The ordinary buffer's bytes are in `big` now.
        this.executor.release(this.buffer);
        this.owned = false;
        const bigBuffer = big.buffer as SharedArrayBuffer;
        if (cut < 0) {
          await this.submit(bigBuffer, filled);
          await this.take();
          this.filled = 0;
        } else {
          await this.handOver(bigBuffer, big, cut, filled);
        }
        // One oversized buffer at a time keeps memory bounded.
        await this.executor.drain();
        return true;
      }
      if (filled < big.length) continue;
      if (size >= this.maxLineBytes) break;
      size = Math.min(size * 2, this.maxLineBytes);
      const grown = Buffer.from(new SharedArrayBuffer(size));
      big.copy(grown, 0, 0, filled);
      big = grown;
    }
    if (this.csv) {
      this.aggregate.fail(this.inputIndex, `a CSV record is longer than ${this.maxLineBytes} bytes (--max-line-bytes); CSV cannot be resynchronised after it, so the rest of the input was not read`);
      return false;
    }
    // Skip to the end of the line in the ordinary buffer, then report the line.
    this.filled = 0;
    for (;;) {
      const filled = await this.fill(this.view, 0, this.view.length);
      const nl = this.view.subarray(0, filled).indexOf(NL);
      if (nl >= 0) {
        this.view.copy(this.view, 0, nl + 1, filled);
        this.filled = filled - nl - 1;
        break;
      }
      if (this.eof) break;
    }
    await this.executor.drain();
    this.merger.deliver(oversizedResult(this.merger.seq++, this.inputIndex, this.plan, this.maxLineBytes));
    return true;
  }
}

function firstNewlineEnd(buf: Buffer, from: number, length: number): number {
  const at = buf.subarray(0, length).indexOf(NL, from);
  return at < 0 ? -1 : at + 1;
}

/** zlib errors (Z_DATA_ERROR, Z_BUF_ERROR: corrupt or truncated gzip) and system I/O errors (EIO, ...). */
function isReadError(error: unknown): boolean {
  if (error instanceof InputError) return false;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('Z_') || /^E[A-Z]+$/.test(code));
}

/**
 * A plain JSON-lines file: the evaluating threads read it themselves, range by range (file-range.ts);
 * the main thread only hands out the ranges.
 */
async function scanByRanges(path: string, label: string, aggregate: ScanAggregate, merger: Merger, executor: Executor, chunkSize: number, maxLineBytes: number): Promise<void> {
  let identity: InputIdentity;
  try {
    // Opened once: every thread reads this descriptor (input-identity.ts).
    const fd = openSync(path, 'r');
    identity = identityOf(label, path, fd);
  } catch (error) {
    throw new InputError(`cannot read events: ${(error as Error).message}`, { file: label });
  }
  try {
    const fileSize = identity.size;
    const index = aggregate.startInput(label, false, 0);
    aggregate.addBytes(index, fileSize);
    for (let start = 0; start < fileSize; start += chunkSize) {
      checkUnchanged(identity);
      await executor.submitRange({ seq: merger.seq++, input: index, path, fd: identity.fd, start, end: Math.min(start + chunkSize, fileSize), fileSize, maxLineBytes });
    }
    // Every range read before the descriptor closes, then one last look at the file.
    await executor.drain();
    checkUnchanged(identity);
  } finally {
    closeSync(identity.fd);
  }
}

/** A regular file (ranges can be read from it); a pipe or a device is read as a stream. */
function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Scans every input with every rule of the plan. */
export async function runScan(options: ScanRunOptions): Promise<ScanOutcome> {
  const started = performance.now();
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const maxLineBytes = Math.max(options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES, chunkSize);
  const aggregate = new ScanAggregate(options.plan.rules.length, options.plan.limits);
  const merger = new Merger(aggregate);
  const threads = options.workers?.threads.length ?? scanThreadCount(options.inputs, options.threads);
  const deliver = (r: ChunkResult): void => merger.deliver(r);
  const json = options.plan.format !== 'csv';
  const byRanges = (input: InputSpec): input is InputSpec & { path: string } =>
    input.path !== null && json && !(options.gzip ?? false) && isRegularFile(input.path) && !isGzipFile(input.path) && sniffFileFraming(input.path) === 'lines';
  const adaptive = options.adaptive === true && threads > 0 && options.inputs.every(byRanges);
  const executor: Executor =
    threads === 0
      ? new InlineExecutor(options.plan, chunkSize, deliver)
      : adaptive
        ? new AdaptiveExecutor(options.plan, threads, () => options.workers ?? ScanWorkers.spawn(threads), chunkSize, deliver, options.tryWorkersAfterMs)
        : new WorkerPoolExecutor(options.plan, options.workers ?? ScanWorkers.spawn(threads), chunkSize, deliver);
  try {
    for (const input of options.inputs) {
      if (byRanges(input)) {
        await scanByRanges(input.path, input.label, aggregate, merger, executor, chunkSize, maxLineBytes);
        continue;
      }
      const identity = input.path === null ? null : identityByName(input.label, input.path);
      const source = await openInput(input, options.gzip ?? false);
      const index = aggregate.startInput(input.label, source.gzip, 0);
      // JSON arrays, pretty-printed or concatenated documents and search responses: one document per line.
      const framed = json ? new FramedReader(source) : null;
      try {
        await new InputReader(framed ?? source, index, input.label, options.plan, executor, merger, aggregate, chunkSize, maxLineBytes).run();
        if (identity !== null) checkUnchanged(identity);
        if (framed?.reframed === true) aggregate.note(`${input.label}: read as JSON documents (an array, documents spanning lines or a search response), one event per document, at the line where it starts (documents that start on the same line are numbered on the lines after it)`);
      } finally {
        await source.close();
      }
    }
    await executor.drain();
  } finally {
    await executor.close();
    // Workers started beforehand that the adaptive executor never tried (terminating twice is harmless).
    if (adaptive) await options.workers?.close();
  }
  // The adaptive executor reports the threads that scanned the bulk of the file.
  return { aggregate, threads: executor.threads, elapsedMs: performance.now() - started };
}
