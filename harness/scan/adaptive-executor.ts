// The default executor for large plain files: worker threads only where they pay, measured on the file
// itself. Threads pay when evaluating a chunk is CPU work (many lines parsed: a rule with no prefilter, a
// QEMU-heavy file); they cost more than they give when the prefilter lets almost nothing through and a
// chunk is a pass over bytes (the 1 GB benchmark file ran at 725 MB/s on two workers against 1,142 MB/s
// in the main thread alone).
//
// So the main thread scans the first chunks: the first is its warm-up, the next are timed. From that
// rate (CPU time: under load the wall clock counts other processes' turns) it projects how long the rest
// of the file would take it; only when that is longer than
// `tryWorkersAfterMs` are the workers started (started earlier, their module loading took CPU from the
// main thread on two cores, and on a 1 GB prefiltered file the whole trial cost more than threads could
// give back: default 0.66-0.91x of --threads 0 in bench:big). The workers then run a warm-up round and a
// few timed rounds, and the faster keeps the rest of the file. A choice made on noise costs little: both
// paths give the same results.
import { InlineExecutor, WorkerPoolExecutor, type Executor, type ScanWorkers } from './executor.js';
import type { ChunkJob, ChunkMemory, ChunkResult, RangeJob, ScanPlan } from './types.js';

/** Chunks scanned in the main thread before the workers are tried; the first is not timed (warm-up). */
const INLINE_PROBE_CHUNKS = 4;
/**
 * The workers are tried only when the rest of the file would take the main thread longer than this:
 * starting them (module loading, the plan compiled in each) costs a few hundred ms of CPU, which a
 * shorter rest cannot repay.
 */
export const TRY_WORKERS_AFTER_MS = 4000;
/** Rounds (one chunk per worker) the workers run before they are timed: their warm-up. */
const WARMUP_ROUNDS = 1;
/** Rounds the workers are timed over. */
const TIMED_ROUNDS = 3;
/** The workers keep the file only when faster than the main thread by this factor. */
const MARGIN = 1.1;

type Phase = 'inline-probe' | 'warmup' | 'timed' | 'inline' | 'pool';

export class AdaptiveExecutor implements Executor {
  private readonly inline: InlineExecutor;
  private pool: WorkerPoolExecutor | null = null;
  private phase: Phase = 'inline-probe';
  private chunks = 0;
  private inlineBytes = 0;
  private inlineMs = 0;
  /** CPU time of the timed main-thread chunks (no worker runs then, so the process's CPU is the main thread's). */
  private inlineCpuMs = 0;
  private poolBytes = 0;
  private poolStarted = 0;
  /** Main thread and worker rates measured (bytes/ms), for the report. */
  measured: { inline: number; workers: number } | null = null;

  private workers: ScanWorkers | null = null;

  constructor(
    private readonly plan: ScanPlan,
    /** Worker threads to try. */
    private readonly threadCount: number,
    /** Starts them (only if they are tried), or hands over ones already started. */
    private readonly spawnWorkers: () => ScanWorkers,
    private readonly chunkSize: number,
    private readonly deliver: (result: ChunkResult) => void,
    private readonly tryWorkersAfterMs = TRY_WORKERS_AFTER_MS,
  ) {
    this.inline = new InlineExecutor(plan, chunkSize, deliver);
  }

  get threads(): number {
    return this.phase === 'pool' || this.phase === 'warmup' || this.phase === 'timed' ? (this.workers?.threads.length ?? 0) : 0;
  }

  acquire(): Promise<ChunkMemory> {
    return this.inline.acquire();
  }

  release(buffer: ChunkMemory): void {
    this.inline.release(buffer);
  }

  /** Streamed chunks (not a plain file) stay in the main thread. */
  async submit(job: ChunkJob): Promise<void> {
    await this.inline.submit(job);
  }

  async submitRange(job: RangeJob): Promise<void> {
    const bytes = job.end - job.start;
    const rounds = this.workers?.threads.length ?? 0;
    switch (this.phase) {
      case 'inline-probe': {
        const started = performance.now();
        const cpu = process.cpuUsage();
        await this.inline.submitRange(job);
        if (this.chunks > 0) {
          this.inlineMs += performance.now() - started;
          const used = process.cpuUsage(cpu);
          this.inlineCpuMs += (used.user + used.system) / 1000;
          this.inlineBytes += bytes;
        }
        // Worth trying the workers only if the file has enough left to repay them.
        if (++this.chunks >= INLINE_PROBE_CHUNKS) {
          const left = job.fileSize - job.end;
          // CPU time, not wall time: on a loaded machine the wall clock counts other processes' turns too.
          const inlineCpuRate = this.inlineBytes / Math.max(this.inlineCpuMs, 0.001);
          if (left / inlineCpuRate >= this.tryWorkersAfterMs && left > (WARMUP_ROUNDS + TIMED_ROUNDS) * this.threadCount * this.chunkSize * 2) {
            this.workers = this.spawnWorkers();
            this.pool = new WorkerPoolExecutor(this.plan, this.workers, this.chunkSize, this.deliver);
            this.phase = 'warmup';
            this.chunks = 0;
          } else {
            await this.settleInline();
          }
        }
        return;
      }
      case 'warmup': {
        await (this.pool as WorkerPoolExecutor).submitRange(job);
        if (++this.chunks >= WARMUP_ROUNDS * rounds) {
          await (this.pool as WorkerPoolExecutor).drain();
          this.phase = 'timed';
          this.chunks = 0;
          this.poolStarted = performance.now();
        }
        return;
      }
      case 'timed': {
        await (this.pool as WorkerPoolExecutor).submitRange(job);
        this.poolBytes += bytes;
        if (++this.chunks >= TIMED_ROUNDS * rounds) {
          await (this.pool as WorkerPoolExecutor).drain();
          const workers = this.poolBytes / Math.max(performance.now() - this.poolStarted, 0.001);
          const inline = this.inlineBytes / Math.max(this.inlineMs, 0.001);
          this.measured = { inline, workers };
          if (workers > inline * MARGIN) this.phase = 'pool';
          else await this.settleInline();
        }
        return;
      }
      case 'pool':
        await (this.pool as WorkerPoolExecutor).submitRange(job);
        return;
      case 'inline':
        await this.inline.submitRange(job);
        return;
    }
  }

  /** The main thread keeps the rest of the file; the workers stop. */
  private async settleInline(): Promise<void> {
    this.phase = 'inline';
    if (this.pool !== null) {
      await this.pool.drain();
      await this.pool.close();
      this.pool = null;
    }
  }

  async drain(): Promise<void> {
    await this.pool?.drain();
  }

  async close(): Promise<void> {
    if (this.pool !== null) await this.pool.close();
  }
}
