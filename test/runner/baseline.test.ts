// The committed baseline (reports/baseline.json) is the QEMU pack's report at the default seed and
// scale. `dth run --baseline` over the unchanged rules and pack must pass the gate against it; when a
// change to the rules, the pack or the engines moves a figure on purpose, regenerate it (README: "Use the gate in CI").
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { fromRoot } from '../../harness/paths.js';
import { readReportFile } from '../../reports/report-file.js';
import { dth } from '../support/cli.js';

test('the default run passes the gate against the committed baseline', () => {
  const baseline = readReportFile(fromRoot('reports/baseline.json'));
  expect(baseline.run.seed).toBe(1);
  expect(baseline.run.scale).toBe(1);
  expect(baseline.rules.map((r) => r.id).sort()).toEqual(['29624.53380', 'b29b7652-219f-468b-aa1f-5da7bcc24b03']);
  const out = mkdtempSync(join(tmpdir(), 'dth-baseline-'));
  try {
    const result = dth(['run', '--no-sweep', '--out', out, '--baseline', fromRoot('reports/baseline.json')]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/gate passed/i);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
