// The sweep reads each index's index-level ignore_above (index.mapping.ignore_above: 8191 for logsdb
// data streams, https://www.elastic.co/docs/reference/elasticsearch/index-settings/index-modules) without
// building the index's mapping (index-mapping.ts indexIgnoreAboveFor). It must be the value the resolved
// mapping carries, for every shipped profile and index.
import { expect, test } from '@playwright/test';
import { DATA_SOURCES } from '../../generators/data-sources.js';
import { indexIgnoreAboveFor, resolveIndexMapping } from '../../harness/engines/eql/mappings/index-mapping.js';
import { shippedProfiles } from '../../harness/profiles/load-profile.js';

test('indexIgnoreAboveFor equals the resolved mapping’s index-level ignore_above', () => {
  const indices = [...new Set(DATA_SOURCES.flatMap((s) => (s.siem === 'elastic' ? [s.index] : []))), 'logs-other-default', 'my-index', ''];
  let compared = 0;
  for (const profile of [undefined, ...shippedProfiles()]) {
    for (const index of indices) {
      expect(indexIgnoreAboveFor(index, profile), `${profile?.id ?? 'none'} ${index}`).toBe(resolveIndexMapping(index, profile).indexIgnoreAbove);
      compared++;
    }
  }
  expect(compared).toBeGreaterThan(20);
  // The values differ across profiles (else the comparison shows little): logsdb 8191 and standard none.
  const values = new Set(shippedProfiles().map((p) => indexIgnoreAboveFor('logs-system.security-default', p)));
  expect(values).toEqual(new Set([8191, undefined]));
});
