// The streaming line reader (harness/line-reader.ts) that `dth eql` and `dth spl` read events with:
// every line arrives once, whole, with its exact 1-based number, whatever the block size; memory is
// bounded by the block (a too-long line is an error naming its line, not a crash).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { InputError } from '../../harness/errors.js';
import { forEachLine, readLineBlocks } from '../../harness/line-reader.js';
import { appendAll } from '../../harness/runner/append.js';

const dir = mkdtempSync(join(tmpdir(), 'dth-lines-'));
let n = 0;
const file = (content: string | Buffer): string => {
  const path = join(dir, `f${n++}.txt`);
  writeFileSync(path, content);
  return path;
};

/** What the reader must give: split on `\n`, a trailing empty piece is no line, one `\r` before `\n` dropped. */
function expected(text: string): [string, number][] {
  const pieces = text.split('\n');
  if (pieces[pieces.length - 1] === '') pieces.pop();
  return pieces.map((p, i) => [p.endsWith('\r') ? p.slice(0, -1) : p, i + 1]);
}

function read(path: string, blockBytes: number): [string, number][] {
  const out: [string, number][] = [];
  forEachLine(path, (text, line) => out.push([text, line]), { blockBytes, maxLineBytes: 1 << 20 });
  return out;
}

test('lines and numbers are exact across block boundaries, for any block size', () => {
  const text = 'first\n\nthird line, longer than a block\r\n{"é": "ü"}\n  \nlast without newline';
  const path = file(text);
  for (const blockBytes of [1, 2, 3, 5, 7, 16, 64, 4096]) expect(read(path, blockBytes)).toEqual(expected(text));
});

test('random inputs: lines, CRLF and multi-byte characters come out as written, numbered from 1', () => {
  const line = fc.array(fc.constantFrom('a', 'z', '{', '}', '"', ':', ' ', '\r', 'é', '€', '😀'), { maxLength: 40 }).map((chars) => chars.join(''));
  fc.assert(
    fc.property(fc.array(line, { maxLength: 30 }), fc.boolean(), fc.integer({ min: 1, max: 50 }), (lines, trailing, blockBytes) => {
      const text = lines.join('\n') + (trailing && lines.length > 0 ? '\n' : '');
      expect(read(file(text), blockBytes)).toEqual(expected(text));
    }),
    { numRuns: 150 },
  );
});

test('blocks hold whole lines and their counts add up to the line count', () => {
  const text = Array.from({ length: 1000 }, (_, i) => `{"n": ${i}}`).join('\n') + '\n';
  let next = 1;
  let blocks = 0;
  for (const block of readLineBlocks(file(text), { blockBytes: 256 })) {
    expect(block.firstLine).toBe(next);
    expect(block.bytes[block.bytes.length - 1]).toBe(0x0a);
    next += block.lineCount;
    blocks++;
  }
  expect(next - 1).toBe(1000);
  expect(blocks).toBeGreaterThan(10);
});

test('a byte order mark at the start is not part of the first line', () => {
  const path = file(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}\n{"b":2}\n')]));
  for (const blockBytes of [1, 2, 4, 1024]) expect(read(path, blockBytes)).toEqual([['{"a":1}', 1], ['{"b":2}', 2]]);
});

test('a line longer than the bound is an input error naming its line; shorter long lines are read whole', () => {
  const long = 'x'.repeat(5000);
  const path = file(`a\n${long}\nb\n`);
  expect(read(path, 64)).toEqual([['a', 1], [long, 2], ['b', 3]]);
  let error: unknown;
  try {
    forEachLine(path, () => undefined, { blockBytes: 64, maxLineBytes: 1000 });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(InputError);
  expect((error as InputError).format()).toContain(':2:1: line 2 is longer than 1000 bytes');
});

test('an unreadable file is an input error naming it', () => {
  expect(() => forEachLine(join(dir, 'missing.ndjson'), () => undefined)).toThrow(/cannot read events/);
});

test('appendAll takes more items than a spread call could (no stack overflow)', () => {
  const many = Array.from({ length: 300_000 }, (_, i) => i);
  const target = [-1];
  appendAll(target, many);
  expect(target.length).toBe(300_001);
  expect(target[300_000]).toBe(299_999);
  // The spread it replaces fails at this size: the test would not catch a regression otherwise.
  expect(() => [].push(...(Array.from({ length: 300_000 }) as never[]))).toThrow(RangeError);
});
