// The byte-level pieces of the scan: the SIMD pass (against its plain JavaScript twin, on random bytes
// from a fixed seed), CSV record splitting across quoted line breaks, and the escape check of the
// prefilter (an escaped backslash before `u` is not an escape).
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { closeSync, openSync } from 'node:fs';
import { parseCsvRecord } from '../../harness/scan/csv.js';
import { readRange } from '../../harness/scan/file-range.js';
import { ChunkPrefilter } from '../../harness/scan/prefilter/matcher.js';
import { createChunkScanner, JsChunkScanner } from '../../harness/scan/prefilter/simd-scan.js';
import { csvSpans, firstCsvRecordEnd, lastCsvRecordEnd, lastLineEnd, Spans } from '../../harness/scan/spans.js';
import { removeTempDirs, tempDir, writeTemp } from './support.js';

test.afterAll(removeTempDirs);

const SEED = 20260308;

test('the SIMD pass finds the same line ends, odd lines, folded bytes, `\\u` pairs and probe hits as the JavaScript pass', () => {
  const simd = createChunkScanner();
  expect(simd.simd).toBe(true); // Node 20 has WebAssembly SIMD; without it this test would prove nothing
  const js = new JsChunkScanner();
  const byte = fc.constantFrom(0x7b, 0x7d, 0x0a, 0x0d, 0x5c, 0x75, 0x55, 0x20, 0x22, 0x41, 0x61, 0xe9, 0x00, 0xff);
  const probe = fc.record({ first: byte, second: byte, ci: fc.boolean() }).map((p) => (p.ci ? { ...p, first: p.first | 0x20, second: p.second | 0x20 } : p));
  fc.assert(
    fc.property(fc.array(byte, { maxLength: 300 }), fc.array(byte, { minLength: 40, maxLength: 40 }), fc.array(probe, { maxLength: 8 }), fc.boolean(), (bytes, trailing, probes, fold) => {
      // Bytes after `length` (left over from an earlier chunk) must not count.
      const buffer = Buffer.from([...bytes, ...trailing]);
      const a = simd.scan(buffer, bytes.length, { probes, fold });
      const b = js.scan(buffer, bytes.length, { probes, fold });
      const same = (x: ArrayLike<number>, y: ArrayLike<number>): boolean => x.length === y.length && Array.from(x).every((v, i) => v === y[i]);
      const sorted = (x: Int32Array | null): number[] => Array.from(x ?? []).sort((p, q) => p - q);
      // Every position where a probe's pair stands, computed directly.
      const expectedHits: number[] = [];
      probes.forEach((p, k) => {
        for (let i = 0; i + 1 < bytes.length; i++) {
          const x = p.ci ? (bytes[i] as number) | 0x20 : bytes[i];
          const y = p.ci ? (bytes[i + 1] as number) | 0x20 : bytes[i + 1];
          if (x === p.first && y === p.second) expectedHits.push((i << 3) | k);
        }
      });
      expectedHits.sort((p, q) => p - q);
      const folded = Buffer.from(bytes.map((v) => v | 0x20));
      return (
        same(a.ends, b.ends) &&
        a.lineCount === b.lineCount &&
        same(a.odd, b.odd) &&
        a.escapeU === b.escapeU &&
        a.escapeU === Buffer.from(bytes).includes('\\u', 0, 'latin1') &&
        same(sorted(a.hits), expectedHits) &&
        same(sorted(b.hits), expectedHits) &&
        (fold ? a.folded !== null && a.folded.equals(folded) && b.folded !== null && b.folded.equals(folded) : a.folded === null && b.folded === null)
      );
    }),
    { seed: SEED, numRuns: 2000 },
  );
});

test('odd lines are the ones that do not look like one JSON object', () => {
  const scan = createChunkScanner().scan(Buffer.from('{"a":1}\n\n  {"b":2}\n{"c":3}\r\n[1]\n{"d":\n{}'), 40, { probes: [], fold: false });
  // Line ends: the newlines, then the end of the last line, which has none.
  expect(Array.from(scan.ends)).toEqual([7, 8, 18, 27, 31, 37, 40]);
  expect(scan.newlineCount).toBe(6);
  // line 1 blank, line 2 indented, line 4 an array, line 5 cut short; the CRLF line is fine.
  expect(Array.from(scan.odd)).toEqual([1, 2, 4, 5]);
});

test('CSV records: quoted fields may hold commas, doubled quotes and line breaks (RFC 4180)', () => {
  // https://www.rfc-editor.org/rfc/rfc4180#section-2
  expect(parseCsvRecord('a,"b,c","say ""hi""",')).toEqual({ fields: ['a', 'b,c', 'say "hi"', ''] });
  expect(parseCsvRecord('"line one\nline two",x')).toEqual({ fields: ['line one\nline two', 'x'] });
  expect(parseCsvRecord('"open,x')).toEqual({ error: 'quoted field is not closed', column: 1 });
  expect(parseCsvRecord('"a"b')).toEqual({ error: 'expected a comma after the closing quote', column: 4 });
  // A quote inside an unquoted field is a character.
  expect(parseCsvRecord('a"b,c')).toEqual({ fields: ['a"b', 'c'] });
  const text = 'x,"1\n2\n3",y\r\nz,"",w\n\nlast,"un\nterminated';
  const buf = Buffer.from(text);
  const spans = new Spans();
  csvSpans(buf, buf.length, spans);
  const records = Array.from({ length: spans.count }, (_, i) => [text.slice(spans.starts[i], spans.ends[i]), (spans.lines[i] as number) + 1]);
  expect(records).toEqual([
    ['x,"1\n2\n3",y', 1],
    ['z,"",w', 4],
    ['', 5],
    ['last,"un\nterminated', 6],
  ]);
  expect(spans.unterminated).toBe(3);
  expect(spans.physicalLines).toBe(7);
  // Where the reader may cut: after a record's newline, never inside quotes.
  expect(lastCsvRecordEnd(buf, 0, 12)).toBe(-1);
  expect(lastCsvRecordEnd(buf, 0, buf.length)).toBe(text.indexOf('\n\nlast') + 2);
  const lines = { count: 0 };
  expect(firstCsvRecordEnd(buf, buf.length, false, lines)).toBe(text.indexOf('\r\n') + 2);
  expect(lines.count).toBe(3);
  expect(lastLineEnd(Buffer.from('a\nb\nc'), 0, 5)).toBe(4);
});

test('the prefilter parses a line whose `\\u` escape could spell an atom, and only then', () => {
  // JSON: `\u` followed by four hex digits is an escape; `\\` is an escaped backslash (RFC 8259 §7).
  const prefilter = new ChunkPrefilter([[[{ text: 'netdev', ci: true }]]], true);
  const lines = ['{"a":"-netdev"}', '{"a":"-\\u004eetdev"}', '{"a":"C:\\\\users\\\\x"}', '{"a":"caf\\u00e9"}', '{"a":"\\u0021"}', '{"a":"plain"}'];
  const text = lines.join('\n');
  const buf = Buffer.from(text);
  const spans = new Spans();
  let start = 0;
  lines.forEach((l, i) => {
    spans.push(start, start + l.length, i);
    start += l.length + 1;
  });
  const scan = createChunkScanner().scan(buf, buf.length, prefilter.request());
  prefilter.run(buf, buf.length, spans, scan);
  // Line 1 has the atom; line 2 spells `N` with an escape; line 3 is `\\u`, not an escape; lines 4 and 5
  // escape characters no atom holds.
  expect(prefilter.candidates).toEqual([0, 1]);
  expect(prefilter.forced(1)).toBe(true);
  expect(prefilter.forced(2)).toBe(false);
  // After the first (sample) chunk the anchor is searched by the SIMD pass's probes, and the `\u` pairs
  // come from a probe of their own instead of a search of the chunk: the same lines, SIMD or not.
  for (const scanner of [createChunkScanner(), new JsChunkScanner()]) {
    const request = prefilter.request();
    expect(request.probes.map((p) => String.fromCharCode(p.first, p.second))).toContain('\\u');
    prefilter.run(buf, buf.length, spans, scanner.scan(buf, buf.length, request));
    expect(prefilter.candidates).toEqual([0, 1]);
    expect([prefilter.forced(1), prefilter.forced(2)]).toEqual([true, false]);
  }
});

test('reading a file range by range: every line is owned by exactly one range, and only lines longer than the limit are left out', () => {
  const dir = tempDir();
  const line = fc.oneof(fc.constant(''), fc.string({ maxLength: 12 }).map((t) => t.replace(/\n/g, ' ')), fc.constant('x'.repeat(40)));
  fc.assert(
    fc.property(fc.array(line, { maxLength: 30 }), fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 24 }), (lines, bom, trailingNewline, chunk) => {
      const body = lines.join('\n') + (trailingNewline && lines.length > 0 ? '\n' : '');
      const bytes = Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(body, 'utf8')]);
      const path = writeTemp(dir, 'f.ndjson', bytes);
      const maxLineBytes = Math.max(chunk, 30);
      const fd = openSync(path, 'r');
      const owned: Buffer[] = [];
      let tooLong = 0;
      try {
        for (let start = 0; start < bytes.length; start += chunk) {
          const r = readRange(fd, { start, end: Math.min(start + chunk, bytes.length), fileSize: bytes.length, maxLineBytes }, (c) => Buffer.alloc(c));
          owned.push(Buffer.from(r.buffer.subarray(0, r.length)));
          if (r.tooLongLine) tooLong++;
        }
      } finally {
        closeSync(fd);
      }
      // The ranges' contents, put together, are the file without its BOM and without the long lines.
      const expected = Buffer.from(
        (body.split('\n').map((l) => (Buffer.byteLength(l) > maxLineBytes ? null : l)) as (string | null)[])
          .map((l, i, all) => (l === null ? '' : l + (i < all.length - 1 ? '\n' : '')))
          .join(''),
        'utf8',
      );
      return Buffer.concat(owned).equals(expected) && tooLong === body.split('\n').filter((l) => Buffer.byteLength(l) > maxLineBytes).length;
    }),
    { seed: SEED, numRuns: 400 },
  );
});
