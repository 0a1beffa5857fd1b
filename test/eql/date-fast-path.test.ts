// parseDateValue reads the canonical UTC form (`2026-03-02T10:11:12.345Z`, what every sensor writes)
// without the general strict_date_optional_time parser (harness/engines/eql/values.ts parseCanonicalUtc).
// It must give exactly what the general parser gives, impossible dates (Feb 30, hour 24) included:
// https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/date (strict_date_optional_time).
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { isDateValue, parseDateValue, parseEpochMillis, parseIsoDate } from '../../harness/engines/eql/values.js';

/** What parseDateValue answered for a canonical text before the fast path: the general parser. */
function general(text: string): bigint | null {
  return parseIsoDate(text) ?? parseEpochMillis(text);
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

const canonicalText = fc
  .record({
    year: fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.constantFrom(1900, 2000, 2024, 2100, 99, 100)),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 25 }),
    minute: fc.integer({ min: 0, max: 61 }),
    second: fc.integer({ min: 0, max: 61 }),
    fraction: fc.option(fc.stringMatching(/^\d{1,9}$/), { nil: undefined }),
  })
  .map((d) => `${pad(d.year, 4)}-${pad(d.month, 2)}-${pad(d.day, 2)}T${pad(d.hour, 2)}:${pad(d.minute, 2)}:${pad(d.second, 2)}${d.fraction === undefined ? '' : `.${d.fraction}`}Z`);

test('the canonical UTC fast path equals the general date parser, valid and impossible dates alike', () => {
  // Plain comparisons inside the property (expect() per run is slow); fast-check reports the text.
  fc.assert(
    fc.property(canonicalText, (text) => parseDateValue(text) === general(text) && isDateValue(text) === (general(text) !== null)),
    { numRuns: 5000 },
  );
});

test('worked cases: leap days, the end of a month, fractions to the nanosecond, years below 100', () => {
  expect(parseDateValue('2024-02-29T23:59:59.999999999Z')).toBe(BigInt(Date.UTC(2024, 1, 29, 23, 59, 59)) * 1_000_000n + 999_999_999n);
  expect(parseDateValue('2023-02-29T00:00:00Z')).toBeNull();
  expect(parseDateValue('2026-04-31T00:00:00Z')).toBeNull();
  expect(parseDateValue('2026-03-02T24:00:00Z')).toBeNull();
  expect(parseDateValue('2026-03-02T10:11:12.5Z')).toBe(BigInt(Date.UTC(2026, 2, 2, 10, 11, 12)) * 1_000_000n + 500_000_000n);
  // Year 0050 is the year 50, not 1950.
  expect(parseDateValue('0050-01-01T00:00:00Z')).toBe(general('0050-01-01T00:00:00Z'));
  expect(parseDateValue('0050-01-01T00:00:00Z')).not.toBe(BigInt(Date.UTC(1950, 0, 1)) * 1_000_000n);
  // Round-up (range bounds) keeps the general parser.
  expect(parseDateValue('2026-03-02T10:11:12Z', true)).toBe(parseIsoDate('2026-03-02T10:11:12Z', true));
});
