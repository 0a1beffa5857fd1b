// JSON exports that are not one document per line, re-framed as one document per line so that the
// scan's line-oriented readers (workers, prefilter, line numbers) take them as they are:
// - a JSON array of documents (`[{…},{…}]`, Kibana / Splunk / jq output);
// - pretty-printed documents and documents written back to back (`{…}{…}`, `{…}\n{…}` spanning lines);
// - an Elasticsearch `_search` or scroll response: each of `hits.hits` becomes one line (its
//   `_index`/`_id`/`_source` wrapper is unwrapped by the Elastic evaluator), the rest (took, _shards,
//   aggregations) is dropped. Response body: https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-search
// Each document starts on the line where it starts in the input (the newlines inside a document become
// spaces — JSON allows a raw newline only as whitespace between tokens — and are given back as blank
// lines after it), so reported line numbers stay the input's own. Two documents that start on the same
// input line are put on two lines; the lines after them shift until the next line break catches up.
// Memory is bounded: bytes stream through; only the head of a possible search response (before its
// `hits` array, at most PROBE_LIMIT bytes) is held.
import { closeSync, openSync, readSync } from 'node:fs';

const NL = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Top-level keys of a search or scroll response; any other key means the object is a document. */
const RESPONSE_KEYS = new Set(['took', 'timed_out', '_shards', 'hits', '_scroll_id', 'pit_id', 'terminated_early', 'num_reduce_phases', '_clusters', 'max_score', 'total']);
/** Bytes of a possible search response held before its `hits` array; beyond, it is a document. */
const PROBE_LIMIT = 1 << 20;
/** Bytes of a key remembered (keys compared are short). */
const KEY_LIMIT = 32;

export type Framing = 'lines' | 'documents';

function isBlank(b: number): boolean {
  return b === SPACE || b === TAB || b === NL || b === CR;
}

/**
 * Whether an input (its first bytes) is one JSON document per line, or needs re-framing: it starts a
 * JSON array, its first document spans lines or is followed by another on the same line, or it is a
 * search response. An input that does not start like JSON is read as lines (and reported line by line).
 */
export function sniffFraming(head: Buffer, length = head.length): Framing {
  let i = 0;
  if (length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3;
  while (i < length && isBlank(head[i] as number)) i++;
  if (i >= length) return 'lines';
  if (head[i] === OPEN_BRACKET) return 'documents';
  if (head[i] !== OPEN_BRACE) return 'lines';
  let depth = 0;
  let inString = false;
  let escape = false;
  let keyStart = -1;
  let firstKey: string | null = null;
  for (; i < length; i++) {
    const b = head[i] as number;
    if (inString) {
      if (escape) escape = false;
      else if (b === BACKSLASH) escape = true;
      else if (b === QUOTE) {
        inString = false;
        if (depth === 1 && firstKey === null && keyStart >= 0) firstKey = head.toString('utf8', keyStart, Math.min(i, keyStart + KEY_LIMIT));
      } else if (b === NL) return 'lines';
      continue;
    }
    if (b === QUOTE) {
      inString = true;
      keyStart = i + 1;
    } else if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++;
    else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) break;
    } else if (b === NL) return 'documents';
  }
  if (firstKey !== null && RESPONSE_KEYS.has(firstKey) && firstKey !== 'total' && firstKey !== 'max_score') return 'documents';
  if (i >= length) return 'lines';
  // After the first document: another one on the same line means documents written back to back.
  for (i++; i < length; i++) {
    const b = head[i] as number;
    if (b === NL) return 'lines';
    if (b === SPACE || b === TAB || b === CR) continue;
    return 'documents';
  }
  return 'lines';
}

type Mode =
  /** Outside any document (top level, or between the elements of a top-level array). */
  | 'between'
  /** Inside a document being written out. */
  | 'document'
  /** Inside a top-level object that may be a search response: held until decided. */
  | 'probe'
  /** Inside a search response's hits.hits array, between hits. */
  | 'hits'
  /** Inside a search response after its hits: dropped. */
  | 'rest'
  /** A top-level value that is not an object or array: written out to the end of its line. */
  | 'scalar';

/** Re-frames a JSON byte stream as one document per line (see the top of this file). */
export class DocumentFramer {
  private mode: Mode = 'between';
  /** Open containers counted from the top level (a top-level array's elements are at depth 1). */
  private depth = 0;
  /** Depth at which the current document's closing brace ends it. */
  private documentDepth = 0;
  /** Open top-level arrays (their elements are documents). */
  private arrays = 0;
  private inString = false;
  private escape = false;
  /** Newlines read and written. */
  private lineIn = 0;
  private lineOut = 0;
  private first = true;
  private out: number[] = [];
  // Search-response probing.
  private held: number[] = [];
  private heldLine = 0;
  private keyBytes: number[] = [];
  private lastString = '';
  private keys: string[] = [];
  private hitsObjectDepth = -1;

  /** Transforms one piece of input; returns the output it completes. */
  push(chunk: Buffer): Buffer {
    let start = 0;
    if (this.first && chunk.length > 0) {
      this.first = false;
      if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) start = 3;
    }
    for (let i = start; i < chunk.length; i++) this.byte(chunk[i] as number);
    return this.flush();
  }

  /** The end of the input: an unfinished document is ended (it will be reported malformed). */
  end(): Buffer {
    if (this.mode === 'probe') this.release();
    if (this.mode === 'document' || this.mode === 'scalar') this.endLine();
    // The input's remaining line breaks, so that its line count is the input's own.
    this.startLine(this.lineIn);
    return this.flush();
  }

  private flush(): Buffer {
    const buffer = Buffer.from(this.out);
    this.out = [];
    return buffer;
  }

  private startLine(atLine: number): void {
    while (this.lineOut < atLine) {
      this.out.push(NL);
      this.lineOut++;
    }
  }

  private endLine(): void {
    this.out.push(NL);
    this.lineOut++;
    this.mode = this.depth > this.arrays ? 'hits' : 'between';
    if (this.hitsObjectDepth < 0) this.mode = 'between';
  }

  private emit(b: number): void {
    this.out.push(b === NL || b === CR ? SPACE : b);
  }

  /** Tracks strings and depth for every byte inside a value; returns true when the byte was inside a string. */
  private lexString(b: number): boolean {
    if (this.inString) {
      if (this.escape) this.escape = false;
      else if (b === BACKSLASH) this.escape = true;
      else if (b === QUOTE) {
        this.inString = false;
        this.lastString = String.fromCharCode(...this.keyBytes);
      } else if (this.keyBytes.length < KEY_LIMIT) this.keyBytes.push(b);
      return true;
    }
    if (b === QUOTE) {
      this.inString = true;
      this.keyBytes = [];
      return true;
    }
    return false;
  }

  private byte(b: number): void {
    const newline = b === NL;
    switch (this.mode) {
      case 'between':
        this.between(b);
        break;
      case 'scalar':
        if (newline || b === COMMA || (b === CLOSE_BRACKET && this.arrays > 0)) {
          this.endLine();
          if (!newline) this.between(b);
        } else this.emit(b);
        break;
      case 'document':
        this.document(b);
        break;
      case 'probe':
        this.probe(b);
        break;
      case 'hits':
        this.hits(b);
        break;
      case 'rest':
        this.rest(b);
        break;
    }
    if (newline) this.lineIn++;
  }

  private between(b: number): void {
    if (isBlank(b) || b === COMMA) return;
    if (b === OPEN_BRACKET) {
      this.arrays++;
      this.depth++;
      return;
    }
    if (b === CLOSE_BRACKET && this.arrays > 0) {
      this.arrays--;
      this.depth--;
      return;
    }
    if (b === OPEN_BRACE) {
      this.depth++;
      this.documentDepth = this.depth;
      if (this.arrays === 0) {
        // A top-level object: a document, or a search response whose hits are the documents.
        this.mode = 'probe';
        this.held = [b];
        this.heldLine = this.lineIn;
        this.keys = [];
        this.hitsObjectDepth = -1;
        return;
      }
      this.mode = 'document';
      this.startLine(this.lineIn);
      this.emit(b);
      return;
    }
    this.mode = 'scalar';
    this.startLine(this.lineIn);
    this.emit(b);
  }

  private document(b: number): void {
    this.emit(b);
    if (this.lexString(b)) return;
    if (b === OPEN_BRACE || b === OPEN_BRACKET) this.depth++;
    else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
      this.depth--;
      if (this.depth < this.documentDepth) this.endLine();
    }
  }

  /** Writes out what a probe held: the object is a document after all. */
  private release(): void {
    this.mode = 'document';
    this.startLine(this.heldLine);
    for (const h of this.held) this.emit(h);
    this.held = [];
    this.hitsObjectDepth = -1;
  }

  private probe(b: number): void {
    this.held.push(b);
    if (this.held.length > PROBE_LIMIT) return this.release();
    if (this.lexString(b)) return;
    if (b === COLON) {
      const key = this.lastString;
      if (this.depth === 1) {
        if (!RESPONSE_KEYS.has(key)) return this.release();
        this.keys[1] = key;
      } else this.keys[this.depth] = key;
      return;
    }
    if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      this.depth++;
      if (b === OPEN_BRACE && this.depth === 2 && this.keys[1] === 'hits') this.hitsObjectDepth = 2;
      if (b === OPEN_BRACKET && this.depth === 3 && this.hitsObjectDepth === 2 && this.keys[2] === 'hits') {
        // The hits array: from here its elements are the documents.
        this.held = [];
        this.mode = 'hits';
      }
      return;
    }
    if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
      this.depth--;
      if (this.depth === 0) {
        // A response-looking object without a hits array: a document after all.
        this.release();
        this.endLine();
      }
    }
  }

  private hits(b: number): void {
    if (isBlank(b) || b === COMMA) return;
    if (b === CLOSE_BRACKET) {
      this.depth--;
      this.mode = 'rest';
      return;
    }
    if (b === OPEN_BRACE) {
      this.depth++;
      this.documentDepth = this.depth;
      this.mode = 'document';
      this.startLine(this.lineIn);
      this.emit(b);
      return;
    }
    // A hit that is not an object: written out on its own line, to be reported malformed.
    this.startLine(this.lineIn);
    this.emit(b);
    this.out.push(NL);
    this.lineOut++;
  }

  private rest(b: number): void {
    if (this.lexString(b)) return;
    if (b === OPEN_BRACE || b === OPEN_BRACKET) this.depth++;
    else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
      this.depth--;
      if (this.depth === 0) {
        this.mode = 'between';
        this.hitsObjectDepth = -1;
      }
    }
  }
}

/** Bytes read before deciding an input's framing. */
export const SNIFF_BYTES = 64 * 1024;

/** The framing of a regular file, from its first bytes. */
export function sniffFileFraming(path: string): Framing {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return 'lines';
  }
  try {
    const head = Buffer.alloc(SNIFF_BYTES);
    return sniffFraming(head, readSync(fd, head, 0, SNIFF_BYTES, 0));
  } finally {
    closeSync(fd);
  }
}

/** Reads bytes into a buffer (a scan input). */
export interface ByteReader {
  read(target: Buffer, offset: number, max: number): Promise<number>;
}

/**
 * A byte source re-framed when its first bytes call for it (sniffFraming); otherwise passed through
 * unchanged. Used for inputs read as streams (gzip, stdin, pipes) and for files that need re-framing.
 */
export class FramedReader implements ByteReader {
  private pending: Buffer = Buffer.alloc(0);
  private framer: DocumentFramer | null = null;
  private decided = false;
  private ended = false;
  private readonly scratch = Buffer.alloc(SNIFF_BYTES);

  constructor(private readonly inner: ByteReader) {}

  /** Whether the input was re-framed (known after the first read). */
  get reframed(): boolean {
    return this.framer !== null;
  }

  /** A read error met while sniffing: raised once the bytes read before it are handed on. */
  private failure: unknown = null;

  private async decide(): Promise<void> {
    let filled = 0;
    try {
      while (filled < this.scratch.length) {
        const n = await this.inner.read(this.scratch, filled, this.scratch.length - filled);
        if (n === 0) {
          this.ended = true;
          break;
        }
        filled += n;
      }
    } catch (error) {
      this.failure = error;
      this.ended = true;
    }
    const head = Buffer.from(this.scratch.subarray(0, filled));
    this.decided = true;
    if (sniffFraming(head) === 'documents') {
      this.framer = new DocumentFramer();
      this.pending = Buffer.concat([this.framer.push(head), this.ended ? this.framer.end() : Buffer.alloc(0)]);
    } else this.pending = head;
  }

  async read(target: Buffer, offset: number, max: number): Promise<number> {
    if (!this.decided) await this.decide();
    while (this.pending.length === 0 && !this.ended) {
      const n = await this.inner.read(this.scratch, 0, this.scratch.length);
      if (n === 0) {
        this.ended = true;
        if (this.framer !== null) this.pending = this.framer.end();
        break;
      }
      this.pending = this.framer === null ? Buffer.from(this.scratch.subarray(0, n)) : this.framer.push(this.scratch.subarray(0, n));
    }
    if (this.pending.length === 0 && this.failure !== null) throw this.failure;
    const n = Math.min(max, this.pending.length);
    this.pending.copy(target, offset, 0, n);
    this.pending = this.pending.subarray(n);
    return n;
  }
}
