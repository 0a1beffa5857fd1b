// `dth scan` without --threads on a plain file tries the main thread, then the worker threads, on the
// file's first chunks and keeps the faster (harness/scan/adaptive-executor.ts). Whichever it keeps, and
// across the switch, the counts and matches must be those of one thread. Small chunks make a 13 MB
// file long enough for every phase. Run `npm run build` first.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { ScanReport } from '../../harness/scan/report.js';
import { resolveInputs } from '../../harness/scan/inputs.js';
import { buildPlan } from '../../harness/scan/plan.js';
import { runScan } from '../../harness/scan/scan.js';
import { DEFAULT_PROFILE_ID, loadProfile } from '../../harness/profiles/load-profile.js';
import { fromRoot } from '../../harness/paths.js';
import { dth } from '../support/cli.js';

const RULE = 'rules/elastic/command_and_control_tunnel_qemu.toml';

const file = join(mkdtempSync(join(tmpdir(), 'dth-adaptive-')), 'defend.ndjson');
let generated = false;

/** The Elastic Defend file both tests scan, generated once per worker (the tests may run in different workers). */
function defendFile(): string {
  if (!generated) {
    expect(dth(['generate', '--source', 'elastic-defend', '--scale', '1', '--out', file]).status).toBe(0);
    generated = true;
  }
  return file;
}

test('the default thread choice gives the single-thread counts and matches', () => {
  defendFile();
  const scan = (extra: string[]): ScanReport => {
    const r = dth(['scan', '--json', '--rule', RULE, '--events', file, '--source', 'elastic-defend', '--chunk-size', '65536', ...extra]);
    expect(r.status).toBe(0);
    return JSON.parse(r.stdout) as ScanReport;
  };
  const adaptive = scan([]);
  const single = scan(['--threads', '0']);
  expect([0, 1, 2, 4, 8, 16, 32, 64]).toContain(adaptive.threads);
  expect(adaptive.totals).toEqual(single.totals);
  expect(adaptive.rules[0]?.matched).toBeGreaterThan(0);
  expect(adaptive.rules.map((r) => [r.matched, r.notMatched, r.malformed, r.byHost])).toEqual(single.rules.map((r) => [r.matched, r.notMatched, r.malformed, r.byHost]));
});

test('workers tried whatever the projected time (threshold 0): the same counts as one thread, across the switch', async () => {
  // The CLI tries the workers only when the rest of the file would take the main thread over
  // TRY_WORKERS_AFTER_MS; a test file is far shorter, so the trial and the switch run in-process here.
  const inputs = resolveInputs([defendFile()]);
  const built = buildPlan({ ruleFiles: [fromRoot(RULE)], inputPaths: inputs.map((i) => i.label), source: 'elastic-defend', prefilter: true, profile: loadProfile(DEFAULT_PROFILE_ID) });
  const run = (adaptive: boolean, threads: number) => runScan({ plan: built.plan, inputs, threads, adaptive, tryWorkersAfterMs: 0, chunkSize: 65536 });
  const tried = await run(true, 2);
  const single = await run(false, 0);
  expect([0, 2]).toContain(tried.threads);
  const counts = (o: typeof tried) => o.aggregate.ruleTotals().map((r) => [r.matched, r.firstMatches.map((m) => m.line), r.hosts]);
  expect(counts(tried)).toEqual(counts(single));
  expect(single.aggregate.ruleTotals()[0]?.matched).toBeGreaterThan(0);
});
