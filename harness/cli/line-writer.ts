// Writing output lines as they are produced: text is gathered into blocks of about BLOCK_CHARS and
// written with backpressure, so a command's memory is bounded by a block whatever it writes (one joined
// string of every line fails past V8's ~512 MB string limit: "Invalid string length").
// A file is opened on the first block (or at close), so a command that fails before writing leaves none.
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { InputError } from '../errors.js';

const BLOCK_CHARS = 1 << 20;

export class LineWriter {
  private parts: string[] = [];
  private chars = 0;
  private stream: Writable | null = null;
  private failure: Error | null = null;
  /** Resolves a wait for 'drain' when the stream fails instead. */
  private wake: (() => void) | null = null;
  /** Lines written so far. */
  lines = 0;

  /** `out`: a file path, or undefined / '-' for stdout. */
  constructor(private readonly out: string | undefined) {}

  private get toStdout(): boolean {
    return this.out === undefined || this.out === '-';
  }

  private open(): Writable {
    if (this.stream !== null) return this.stream;
    const stream: Writable = this.toStdout ? process.stdout : (createWriteStream(this.out as string) as WriteStream);
    stream.on('error', (error: Error) => {
      this.failure = error;
      this.wake?.();
    });
    this.stream = stream;
    return stream;
  }

  private check(): void {
    if (this.failure !== null) throw new InputError(`cannot write output: ${this.failure.message}`, { file: this.out ?? '-' });
  }

  /** Adds one line (without its newline); writes a block when one is full. */
  async line(text: string): Promise<void> {
    this.parts.push(text, '\n');
    this.chars += text.length + 1;
    this.lines++;
    if (this.chars >= BLOCK_CHARS) await this.flush();
  }

  /** Adds text as it is (a listing, a document). */
  async text(text: string): Promise<void> {
    this.parts.push(text);
    this.chars += text.length;
    if (this.chars >= BLOCK_CHARS) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const block = this.parts.join('');
    this.parts = [];
    this.chars = 0;
    const stream = this.open();
    this.check();
    if (!stream.write(block) && this.failure === null) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        stream.once('drain', resolve);
      });
      this.wake = null;
    }
    this.check();
  }

  /** Writes what is left and, for a file, closes it (creating it empty when nothing was written). */
  async close(): Promise<void> {
    await this.flush();
    const stream = this.open();
    if (stream === process.stdout) return;
    if (this.failure === null) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        stream.end(() => resolve());
      });
    }
    this.check();
  }
}
