// Cost of a real backend, for the report: how long it took to become ready, to load and to search.
// Figures are wall-clock milliseconds measured around the network calls; they are reported, never asserted.

export type BackendMode = 'container' | 'url';

/**
 * How the backend's TLS certificate is checked: against the system CAs (`verified`), against a CA the user
 * gave (`private-ca`: --splunk-ca, DTH_*_CA_CERT), not at all because the user said --insecure
 * (`insecure`), or not at all because it is the harness's own throwaway container (`own-container`).
 */
export type TlsVerification = 'verified' | 'private-ca' | 'insecure' | 'own-container';

export interface BackendTimings {
  backend: string;
  mode: BackendMode;
  /** Container start and readiness wait, or the first successful request to a URL. */
  readyMs: number;
  /** Sum over every load(): templates or indexes, bulk / HEC, acknowledgement and the final count. */
  loadMs: number;
  /** Sum over every run(): the search request(s) and reading every page. */
  searchMs: number;
  /** Number of run() calls that searchMs covers. */
  searches: number;
  /** Recorded where the backend speaks TLS to a server the harness did not start, or skips verification. */
  tls?: TlsVerification;
}

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
