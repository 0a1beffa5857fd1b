// The live suite: the QEMU pack on a real Elasticsearch and a real Splunk (containers), both production
// rules run natively, and every verdict compared with the embedded engines', event for event. It runs
// exactly what `dth run --backend all` runs. Where Docker is present (`npm run test:live`,
// .github/workflows/live.yml) it must pass; elsewhere it is skipped and says why (never counted as passed).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { DEFAULT_PACK } from '../../generators/scenario-pack.js';
import { probeDocker, type DockerStatus } from '../../harness/backends/containers/docker.js';
import { DEFAULT_MACROS_FILE, loadMacrosFile } from '../../harness/backends/embedded-splunk.js';
import { fromRoot } from '../../harness/paths.js';
import { discoverRuleFiles, loadRuleFile } from '../../harness/rules/rule-files.js';
import { runAndReport } from '../../reports/run-report.js';
import { writeReports } from '../../reports/write-reports.js';

let docker: DockerStatus = { available: false, detail: 'not probed' };

test.beforeAll(async () => {
  docker = await probeDocker();
});

test("QEMU pack: real Elasticsearch and Splunk give the embedded engines' verdicts, event for event", async () => {
  const required = process.env['DTH_LIVE_REQUIRED'] === '1';
  const reason = `no Docker engine here, so no real Elasticsearch or Splunk ran and parity was NOT checked (${docker.detail})`;
  if (!docker.available && !required) {
    process.stdout.write(`SKIPPED: ${reason}\n`);
    test.info().annotations.push({ type: 'skip-reason', description: reason });
  }
  test.skip(!docker.available && !required, reason);
  expect(docker.available, reason).toBe(true);

  const macrosFile = fromRoot(DEFAULT_MACROS_FILE);
  const macros = loadMacrosFile(macrosFile);
  const rules = discoverRuleFiles(fromRoot('rules')).flatMap((file) => loadRuleFile(file, { macros }));
  const result = await runAndReport({
    packFile: DEFAULT_PACK,
    rules,
    macrosFile,
    seed: 1,
    scale: 1,
    backend: { backend: 'all' },
    knownDifferencesFile: fromRoot('reports/known-differences.yaml'),
  });
  const out = mkdtempSync(join(tmpdir(), 'dth-live-'));
  const written = writeReports(result.report, out);
  process.stdout.write(`live reports: ${written.json}, ${written.html}\n`);
  for (const timing of result.timings) {
    process.stdout.write(`${timing.backend} (${timing.mode}): ready ${timing.readyMs} ms, load ${timing.loadMs} ms, search ${timing.searchMs} ms over ${timing.searches} searches\n`);
  }
  const parity = result.parity;
  expect(parity, 'the run compared embedded and real verdicts').not.toBeNull();
  for (const group of parity?.report.groups ?? []) {
    process.stdout.write(`${group.ruleId} / ${group.dataSource} / ${group.backend}: ${group.agreeing} of ${group.events} events agree\n`);
  }
  // Both SIEMs were compared on every data source of theirs, with no rule erroring on either side.
  expect(result.report.errors).toEqual([]);
  expect(new Set(parity?.report.groups.map((g) => g.backend))).toEqual(new Set(['elasticsearch', 'splunk']));
  expect(parity?.unexplained, 'differences between the embedded and the real engines not listed in reports/known-differences.yaml').toEqual([]);
  rmSync(out, { recursive: true, force: true });
});
