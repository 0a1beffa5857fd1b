// Where chunks are evaluated: in worker threads (one per core by default), or in the main thread for
// inputs too small to be worth starting threads. Both hand results to `deliver` in any order; the
// caller puts them back in order. Chunk buffers circulate: the main thread reads into a free buffer
// (shared memory: posting it to a worker copies nothing, and unlike a transferred ArrayBuffer it is
// not detached, which costs a copy once native code has touched it), the worker evaluates it and says
// so, and only then is it filled again. The number of buffers bounds the memory the scan holds,
// whatever the input size.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { fromRoot } from '../paths.js';
import { ChunkProcessor } from './chunk-processor.js';
import type { ChunkJob, ChunkMemory, ChunkResult, RangeJob, ScanPlan, WorkerMessage, WorkerReply } from './types.js';

export interface Executor {
  readonly threads: number;
  /** A free buffer of `chunkSize` bytes (waits while all are in use). */
  acquire(): Promise<ChunkMemory>;
  /** Gives back a buffer from acquire() that was not submitted. */
  release(buffer: ChunkMemory): void;
  /** Hands a chunk over; waits while every worker is busy. The buffer belongs to the executor afterwards. */
  submit(job: ChunkJob): Promise<void>;
  /** Hands over a byte range of a plain file, which the evaluating thread reads itself; waits while every worker is busy. */
  submitRange(job: RangeJob): Promise<void>;
  /** Waits until every submitted chunk has been delivered. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** Evaluates chunks in the calling thread. */
export class InlineExecutor implements Executor {
  readonly threads = 0;
  private readonly processor: Promise<ChunkProcessor>;
  private readonly free: ChunkMemory[];

  constructor(
    plan: ScanPlan,
    private readonly chunkSize: number,
    private readonly deliver: (result: ChunkResult) => void,
  ) {
    this.processor = ChunkProcessor.create(plan);
    this.processor.catch(() => undefined); // a failure surfaces in submit()
    this.free = [new ArrayBuffer(chunkSize), new ArrayBuffer(chunkSize)];
  }

  async acquire(): Promise<ChunkMemory> {
    return this.free.pop() ?? new ArrayBuffer(this.chunkSize);
  }

  release(buffer: ChunkMemory): void {
    if (buffer.byteLength === this.chunkSize) this.free.push(buffer);
  }

  async submit(job: ChunkJob): Promise<void> {
    const result = (await this.processor).process({ buffer: Buffer.from(job.buffer, 0, job.length), length: job.length, csvHeader: job.csvHeader });
    if (job.buffer.byteLength === this.chunkSize) this.free.push(job.buffer);
    this.deliver({ ...result, seq: job.seq, input: job.input });
  }

  async submitRange(job: RangeJob): Promise<void> {
    const result = (await this.processor).processRange(job);
    this.deliver({ ...result, seq: job.seq, input: job.input });
  }

  async drain(): Promise<void> {}

  async close(): Promise<void> {}
}

/** The compiled worker script (dist/harness/scan/worker.js), also when this module runs from sources. */
function workerScript(): URL {
  const beside = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside;
  const built = fromRoot('dist', 'harness', 'scan', 'worker.js');
  if (existsSync(built)) return pathToFileURL(built);
  throw new Error('the scan worker script is missing: run `npm run build`');
}

/** Jobs a worker may hold at once: one running, one waiting, so it never idles between chunks. */
const PER_WORKER = 2;

/**
 * Worker threads started before the plan exists, so that they load their modules while the main thread
 * loads the rules; start() hands them the plan. Until then they do not keep the process alive.
 */
export class ScanWorkers {
  private constructor(readonly threads: Worker[]) {}

  static spawn(count: number): ScanWorkers {
    const script = workerScript();
    return new ScanWorkers(
      Array.from({ length: count }, () => {
        const worker = new Worker(script);
        worker.unref();
        return worker;
      }),
    );
  }

  start(plan: ScanPlan): void {
    for (const worker of this.threads) {
      worker.ref();
      const message: WorkerMessage = { plan };
      worker.postMessage(message);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((w) => w.terminate()));
  }
}

interface PooledWorker {
  worker: Worker;
  inFlight: number;
}

export class WorkerPoolExecutor implements Executor {
  private readonly workers: PooledWorker[];
  private readonly free: ChunkMemory[] = [];
  private allocated = 0;
  private readonly maxBuffers: number;
  private waiters: (() => void)[] = [];
  private inFlight = 0;
  private failure: Error | null = null;
  private closing = false;

  readonly threads: number;

  constructor(
    plan: ScanPlan,
    private readonly pool: ScanWorkers,
    private readonly chunkSize: number,
    private readonly deliver: (result: ChunkResult) => void,
  ) {
    this.threads = pool.threads.length;
    // Every worker's jobs, plus the buffer being filled and the one taking the carried-over tail.
    this.maxBuffers = this.threads * PER_WORKER + 2;
    pool.start(plan);
    this.workers = pool.threads.map((worker) => {
      const pooled: PooledWorker = { worker, inFlight: 0 };
      pooled.worker.on('message', (reply: WorkerReply) => this.onReply(pooled, reply));
      pooled.worker.on('error', (error) => this.fail(error));
      pooled.worker.on('exit', (code) => {
        if (!this.closing && this.failure === null) this.fail(new Error(`scan worker exited with code ${code}`));
      });
      return pooled;
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }

  private async waitFor(ready: () => boolean): Promise<void> {
    while (!ready()) {
      if (this.failure !== null) throw this.failure;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    if (this.failure !== null) throw this.failure;
  }

  private onReply(pooled: PooledWorker, reply: WorkerReply): void {
    pooled.inFlight--;
    this.inFlight--;
    if (reply.kind === 'error') {
      this.fail(new Error(`scan worker failed on chunk ${reply.seq}: ${reply.message}`));
      return;
    }
    if (reply.buffer !== null) {
      if (reply.buffer.byteLength === this.chunkSize) this.free.push(reply.buffer);
      else this.allocated--; // an oversized-line buffer: dropped
    }
    try {
      this.deliver(reply.result);
    } catch (error) {
      this.fail(error as Error);
    }
    this.wake();
  }

  async acquire(): Promise<ChunkMemory> {
    await this.waitFor(() => this.free.length > 0 || this.allocated < this.maxBuffers);
    const buffer = this.free.pop();
    if (buffer !== undefined) return buffer;
    this.allocated++;
    return new SharedArrayBuffer(this.chunkSize);
  }

  release(buffer: ChunkMemory): void {
    this.free.push(buffer);
    this.wake();
  }

  async submit(job: ChunkJob): Promise<void> {
    if (job.buffer.byteLength !== this.chunkSize) this.allocated++;
    await this.post({ job });
  }

  async submitRange(job: RangeJob): Promise<void> {
    await this.post({ range: job });
  }

  /** Sends to the least busy worker, once one has room. */
  private async post(message: WorkerMessage): Promise<void> {
    await this.waitFor(() => this.workers.some((w) => w.inFlight < PER_WORKER));
    const target = this.workers.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
    target.inFlight++;
    this.inFlight++;
    target.worker.postMessage(message);
  }

  async drain(): Promise<void> {
    await this.waitFor(() => this.inFlight === 0);
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.pool.close();
  }
}
