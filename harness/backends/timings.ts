// A real backend measures its own cost (harness/model/backend-timings.ts): how long it took to become ready,
// to load and to search, wall-clock around the network calls.
import type { BackendMode, BackendTimings, TlsVerification } from '../model/backend-timings.js';

/** Milliseconds since `start` (a `performance.now()` reading), rounded to 0.1 ms. */
export function elapsedSince(start: number): number {
  return Math.round((performance.now() - start) * 10) / 10;
}

/** Accumulates the figures of one backend; the backend owns one and exposes a snapshot. */
export class TimingRecorder {
  private readyMs = 0;
  private loadMs = 0;
  private searchMs = 0;
  private searches = 0;

  constructor(
    private readonly backend: string,
    private readonly mode: BackendMode,
    private readonly tls?: TlsVerification,
  ) {}

  setReady(ms: number): void {
    this.readyMs = ms;
  }

  addLoad(ms: number): void {
    this.loadMs += ms;
  }

  /** Runs one load and adds its wall-clock time, also when it fails. `work` gets the start reading. */
  async timeLoad<T>(work: (start: number) => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await work(start);
    } finally {
      this.addLoad(elapsedSince(start));
    }
  }

  addSearch(ms: number): void {
    this.searchMs += ms;
    this.searches += 1;
  }

  snapshot(): BackendTimings {
    return {
      backend: this.backend,
      mode: this.mode,
      readyMs: this.readyMs,
      loadMs: Math.round(this.loadMs * 10) / 10,
      searchMs: Math.round(this.searchMs * 10) / 10,
      searches: this.searches,
      ...(this.tls !== undefined ? { tls: this.tls } : {}),
    };
  }
}
