// ASCII case-insensitive search without a folded copy (harness/engines/matching/ascii-fold.ts), as EQL's
// `:` on keyword fields does it: only A-Z fold ("For now we only work with ASCII characters",
// AutomatonQueries.toCaseInsensitiveChar, elastic/elasticsearch
// server/src/main/java/org/elasticsearch/common/lucene/search/AutomatonQueries.java). Each function
// must answer exactly what the folded copy answers.
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { asciiEndsWithFolded, asciiFold, asciiIncludesFolded, asciiStartsWithFolded } from '../../harness/engines/matching/ascii-fold.js';
import { eqlPatternTest } from '../../harness/engines/eql/text-match.js';

// Letters of both cases, the characters next to A-Z and a-z, non-ASCII look-alikes (É, é, Kelvin sign K).
const unit = fc.constantFrom('a', 'A', 'z', 'Z', 'q', 'Q', '@', '[', '`', '{', '-', '=', ' ', 'É', 'é', '\u212a', 'k', 'K', '\ud83d', '\ude00');
const text = fc.array(unit, { maxLength: 24 }).map((u) => u.join(''));

test('includes, startsWith and endsWith without a copy answer what the folded copy answers', () => {
  fc.assert(
    fc.property(text, text, (value, target) => {
      const folded = asciiFold(target);
      const copy = asciiFold(value);
      return asciiIncludesFolded(value, folded) === copy.includes(folded) && asciiStartsWithFolded(value, folded) === copy.startsWith(folded) && asciiEndsWithFolded(value, folded) === copy.endsWith(folded);
    }),
    { numRuns: 5000 },
  );
});

test('EQL `:` patterns with stars at either end match case-insensitively in ASCII only', () => {
  const contains = eqlPatternTest('*hostfwd=*', 'ascii');
  expect(contains('qemu -netdev user,HOSTFWD=tcp::2222-:22')).toBe(true);
  expect(contains('qemu -netdev user,hostfw=tcp')).toBe(false);
  expect(eqlPatternTest('qemu-system*', 'ascii')('QEMU-System-x86_64.exe')).toBe(true);
  expect(eqlPatternTest('*.EXE', 'ascii')('C:\\qemu\\qemu-system-x86_64.exe')).toBe(true);
  // Non-ASCII letters match only themselves: É is not é.
  expect(eqlPatternTest('*é*', 'ascii')('CAFÉ')).toBe(false);
  expect(eqlPatternTest('*k*', 'ascii')('\u212a')).toBe(false);
});
