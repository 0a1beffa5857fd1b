// The fast primitives generation uses per event must give exactly what the slower standard forms give:
// ISO timestamps (Date.prototype.toISOString, ECMA-262 §21.4.4.36 Date Time String Format:
// https://tc39.es/ecma262/#sec-date-time-string-format), one-shot digests (node:crypto createHash), and
// the padding word text (windows of word-pool slugs joined with '-'), and the bounded per-text memo.
import { createHash } from 'node:crypto';
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { boundedMemo, MEMO_LIMIT } from '../../generators/context/bounded-memo.js';
import { digestBytes, digestHex } from '../../generators/context/digest.js';
import { isoTimestamp } from '../../generators/context/iso-time.js';
import { Rng } from '../../generators/context/rng.js';
import { MAX_WORD_TEXT_LENGTH, wordTextWindow, wordTextWindows } from '../../generators/context/word-text.js';
import { WORD_CLASS_SLUGS } from '../../generators/context/word-pools.js';

test('isoTimestamp equals Date.toISOString for every time, including leap days, year bounds and invalid times', () => {
  const fixed = [0, 951_782_400_000, 1_709_164_800_000, 4_107_542_399_999, -1, -62_167_219_200_000, 253_402_300_799_999, 253_402_300_800_000, -62_167_219_200_001];
  for (const ms of fixed) expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
  fc.assert(
    fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => isoTimestamp(ms) === new Date(ms).toISOString()),
    { numRuns: 20_000 },
  );
  // Outside the Date range both throw the same RangeError.
  expect(() => isoTimestamp(8.64e15 + 1)).toThrow(RangeError);
  expect(() => isoTimestamp(Number.NaN)).toThrow(RangeError);
});

test('digestHex and digestBytes equal createHash for every algorithm', () => {
  for (const algorithm of ['md5', 'sha1', 'sha256'] as const) {
    for (const text of ['', 'qemu-9.0.2-x86_64-windows', '1\u0000scenario\u0000lima-vms\u0000linux', 'ü€𝄞']) {
      expect(digestHex(algorithm, text)).toBe(createHash(algorithm).update(text).digest('hex'));
      expect(digestBytes(algorithm, text).equals(createHash(algorithm).update(text).digest())).toBe(true);
    }
  }
});

test('a word-text window is exactly the asked length, starts at a word, and holds only word-pool slugs joined by "-"', () => {
  const words = new Set(WORD_CLASS_SLUGS.flat());
  for (const length of [1, 13, 1000, 20_000, 30_000]) {
    const windows = wordTextWindows(length);
    expect(windows).toBeGreaterThan(30_000);
    for (const index of [0, 1, Math.floor(windows / 2), windows - 1]) {
      const text = wordTextWindow(index, length);
      expect(text.length).toBe(length);
      const parts = text.split('-');
      // Every word but the last (which the length may cut) is a whole pool word.
      expect(parts.slice(0, -1).filter((w) => !words.has(w))).toEqual([]);
      expect([...words].some((w) => w.startsWith(parts[parts.length - 1] ?? ''))).toBe(true);
    }
  }
  // Windows differ from one another: the seeded index is the random choice.
  expect(new Set(Array.from({ length: 50 }, (_, i) => wordTextWindow(i * 997, 200))).size).toBe(50);
  expect(() => wordTextWindows(MAX_WORD_TEXT_LENGTH + 1)).toThrow(RangeError);
  expect(() => wordTextWindow(wordTextWindows(100), 100)).toThrow(RangeError);
});

test('Rng.wordSlugText: the same seed gives the same text, another seed another', () => {
  expect(new Rng(5).wordSlugText(20_000)).toBe(new Rng(5).wordSlugText(20_000));
  expect(new Rng(5).wordSlugText(20_000)).not.toBe(new Rng(6).wordSlugText(20_000));
  expect(new Rng(5).wordSlugText(20_000)).toHaveLength(20_000);
});

test('boundedMemo computes once per key, gives what compute gives, and never holds more than MEMO_LIMIT entries', () => {
  const computed: string[] = [];
  const length = boundedMemo((key) => {
    computed.push(key);
    return { length: key.length };
  });
  expect(length('abc')).toEqual({ length: 3 });
  expect(length('abc')).toBe(length('abc'));
  expect(computed).toEqual(['abc']);
  // Past the limit the memo empties and refills: every answer is still right, and old keys are recomputed.
  const keys = Array.from({ length: MEMO_LIMIT + 10 }, (_, i) => `k${i}`);
  expect(keys.filter((key) => length(key).length !== key.length)).toEqual([]);
  computed.length = 0;
  expect(length('abc')).toEqual({ length: 3 });
  expect(computed).toEqual(['abc']);
});
