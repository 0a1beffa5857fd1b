// One blocking read from a descriptor, shared by the readers that take files and standard input.
import { readSync } from 'node:fs';

/**
 * Reads into `target` at `offset` and returns the bytes read (0 at end of input). A non-blocking
 * descriptor with nothing yet (stdin from a pipe: EAGAIN) is waited on in 5 ms steps rather than
 * treated as the end; Windows' EOF error is the end.
 */
export function readSome(fd: number, target: Buffer, offset: number): number {
  for (;;) {
    try {
      return readSync(fd, target, offset, target.length - offset, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      if (code === 'EOF') return 0;
      throw error;
    }
  }
}
