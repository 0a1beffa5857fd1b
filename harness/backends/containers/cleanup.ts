// Containers started for a run are removed when the run ends, and also on Ctrl-C (SIGINT) or SIGTERM:
// the handlers stop every registered container, then exit with 128 + the signal number. (testcontainers'
// Ryuk sidecar also removes them if the process dies without running any handler.)

type Stop = () => Promise<void>;

export class ContainerCleanup {
  private readonly stops = new Map<number, { name: string; stop: Stop }>();
  private next = 0;
  private installed = false;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
    private readonly exit: (code: number) => void = (code) => process.exit(code),
    /** Tests pass false: they call onSignal() themselves and must not take over the process's signals. */
    private readonly handleSignals = true,
  ) {}

  /** Registers a container; returns the function that unregisters it (call it after a normal stop). */
  register(name: string, stop: Stop): () => void {
    const id = this.next++;
    this.stops.set(id, { name, stop });
    this.installSignalHandlers();
    return () => {
      this.stops.delete(id);
    };
  }

  /**
   * Tracks a started container: its stop runs at most once, and is registered for Ctrl-C until it has
   * run. Returns that stop, for the normal end of the run and for a failed readiness check.
   */
  track(name: string, container: { stop(): Promise<unknown> }): Stop {
    let stopped = false;
    const stopOnce = async (): Promise<void> => {
      if (stopped) return;
      stopped = true;
      await container.stop();
    };
    const unregister = this.register(name, stopOnce);
    return async () => {
      unregister();
      await stopOnce();
    };
  }

  get size(): number {
    return this.stops.size;
  }

  /** Stops every registered container (once, even if called again while stopping). */
  stopAll(): Promise<void> {
    this.stopping ??= (async () => {
      const entries = [...this.stops.values()];
      this.stops.clear();
      const results = await Promise.allSettled(entries.map(({ stop }) => stop()));
      results.forEach((result, i) => {
        if (result.status === 'rejected') this.log(`could not remove the ${entries[i]?.name} container: ${String(result.reason)}`);
      });
    })().finally(() => {
      this.stopping = undefined;
    });
    return this.stopping;
  }

  /** What a signal does: remove the containers, then exit 130 (SIGINT) or 143 (SIGTERM). */
  async onSignal(signal: 'SIGINT' | 'SIGTERM'): Promise<void> {
    this.log(`${signal}: removing ${this.stops.size} container(s) before exiting`);
    await this.stopAll();
    this.exit(signal === 'SIGINT' ? 130 : 143);
  }

  private installSignalHandlers(): void {
    if (this.installed || !this.handleSignals) return;
    this.installed = true;
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => void this.onSignal(signal));
    }
  }
}

/** The process-wide registry the container modules use. */
export const containerCleanup = new ContainerCleanup();
