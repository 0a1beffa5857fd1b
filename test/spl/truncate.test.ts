// props.conf TRUNCATE cuts _raw at a byte count, rounded down to a character boundary ("line length is
// rounded down when this would otherwise land mid-character for multi-byte characters", props.conf.spec).
// truncateRaw counts the bytes without encoding first (harness/engines/spl/truncate.ts): the cut must be
// the one the encoded bytes give, for every string, lone surrogates included.
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { truncateRaw } from '../../harness/engines/spl/truncate.js';

function reference(raw: string, limit: number): string {
  if (limit <= 0) return raw;
  const bytes = Buffer.from(raw, 'utf8');
  if (bytes.length <= limit) return raw;
  let end = limit;
  while (end > 0 && ((bytes[end] as number) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}

test('TRUNCATE cuts where the UTF-8 bytes say, on a character boundary', () => {
  const unit = fc.constantFrom('a', ' ', 'é', '€', '😀', '\ud800', '\udc00', '<', 'Z');
  fc.assert(
    fc.property(fc.array(unit, { maxLength: 40 }).map((u) => u.join('')), fc.integer({ min: 0, max: 90 }), (raw, limit) => truncateRaw(raw, limit) === reference(raw, limit)),
    { numRuns: 5000 },
  );
  expect(truncateRaw('é'.repeat(10), 5)).toBe('éé');
  expect(truncateRaw('x'.repeat(20), 0)).toBe('x'.repeat(20));
});
