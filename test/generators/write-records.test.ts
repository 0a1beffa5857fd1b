// `dth generate` streams (issue 12: it died above ~145k Elastic Defend records joining every line into
// one string): each record reaches the sink as it is rendered, before the next event is generated, and
// counts in = counts out. Checked at a small scale; the memory figures are in bench:generate.
import { expect, test } from '@playwright/test';
import { dataSourceById } from '../../generators/data-sources.js';
import { loadPack } from '../../generators/scenario-pack.js';
import { writeRecords } from '../../generators/write-records.js';
import { DEFAULT_PROFILE_ID, loadProfile } from '../../harness/profiles/load-profile.js';

test('records reach the sink one line at a time as they are rendered, and every event is accounted for', async () => {
  const source = dataSourceById('elastic-defend');
  if (source === undefined) throw new Error('no elastic-defend source');
  const lines: string[] = [];
  let pendingAtOnce = 0;
  let mostPendingAtOnce = 0;
  const sink = {
    async line(text: string): Promise<void> {
      // A sink that is slow to take a line: the writer must wait for it before rendering the next.
      pendingAtOnce++;
      mostPendingAtOnce = Math.max(mostPendingAtOnce, pendingAtOnce);
      await new Promise((resolve) => setImmediate(resolve));
      lines.push(text);
      pendingAtOnce--;
    },
  };
  const result = await writeRecords(loadPack(), source, loadProfile(DEFAULT_PROFILE_ID), { seed: 1, scale: 0.2 }, sink);
  expect(mostPendingAtOnce).toBe(1);
  expect(lines.length).toBe(result.written);
  expect(lines.every((line) => !line.includes('\n') && (JSON.parse(line) as { _index?: unknown })._index !== undefined)).toBe(true);
  const notRecorded = [...result.notRecorded.values()].reduce((a, b) => a + b, 0);
  expect(result.written + notRecorded).toBe(result.generated);
  expect(result.written).toBeGreaterThan(100);
});
