// Progress during long steps: one updating line on a TTY (stderr), nothing otherwise, so logs and
// pipes stay clean. Every step's elapsed time is kept for the report's stage timings.
import type { StageTiming } from './run-input.js';

export interface Progress {
  /** Runs `work` as a named stage, showing it while it runs and recording its time. */
  stage<T>(name: string, work: () => Promise<T> | T, items?: (result: T) => number): Promise<T>;
  timings(): StageTiming[];
  done(): void;
}

export function createProgress(stream: NodeJS.WriteStream | undefined): Progress {
  const timings: StageTiming[] = [];
  const live = stream?.isTTY === true;
  let shown = false;
  const show = (text: string): void => {
    if (!live || stream === undefined) return;
    const width = Math.max(20, (stream.columns ?? 80) - 1);
    stream.write(`\r\x1b[2K${text.length > width ? text.slice(0, width - 1) + '…' : text}`);
    shown = true;
  };
  return {
    async stage(name, work, items) {
      show(`dth run: ${name} …`);
      const started = performance.now();
      const result = await work();
      const timing: StageTiming = { name, elapsedMs: Math.round((performance.now() - started) * 10) / 10 };
      const count = items?.(result);
      if (count !== undefined) timing.items = count;
      timings.push(timing);
      return result;
    },
    timings: () => [...timings],
    done() {
      if (shown && stream !== undefined) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
