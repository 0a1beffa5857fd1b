// The unit of evidence is a behaviour: `dth run --scale 4` replicates every scenario's events four
// times over, which refines each scenario's own fraction but must not narrow an aggregate's interval
// (it is over scenarios) nor move the rates by more than sampling within scenarios does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { readReportFile } from '../../reports/report-file.js';
import type { Rate, Report } from '../../reports/model.js';
import { dth } from '../support/cli.js';

test.setTimeout(240_000);

function width(rate: Rate): number {
  return (rate.high ?? 0) - (rate.low ?? 0);
}

test('--scale 4 against --scale 1 (seed 1): every rule x data source interval at least 0.8 times as wide, values within 0.02', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dth-scale-'));
  try {
    const reports: Report[] = [];
    for (const scale of ['1', '4']) {
      const out = join(dir, scale);
      const result = dth(['run', '--seed', '1', '--scale', scale, '--no-sweep', '--out', out]);
      expect(result.status, result.stderr).toBe(0);
      reports.push(readReportFile(join(out, 'report.json')));
    }
    const [one, four] = reports as [Report, Report];
    expect(four.totals.events).toBe(one.totals.events * 4);
    expect(four.ruleDataSource.length).toBe(one.ruleDataSource.length);
    for (const cell of one.ruleDataSource) {
      const other = four.ruleDataSource.find((c) => c.ruleId === cell.ruleId && c.dataSourceId === cell.dataSourceId);
      for (const metric of ['recall', 'falsePositiveRate'] as const) {
        const a = cell.metrics[metric];
        const b = other?.metrics[metric];
        const label = `${cell.ruleId} ${cell.dataSourceId} ${metric}`;
        expect(b?.n, label).toBe(a.n);
        if (a.value === null || b === undefined || b.value === null) continue;
        expect(Math.abs(b.value - a.value), label).toBeLessThanOrEqual(0.02);
        expect(width(b), label).toBeGreaterThanOrEqual(0.8 * width(a));
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
