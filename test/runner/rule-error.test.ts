// A rule the engine cannot run is reported as an error with its message, never as a miss: it gets no
// verdicts, the report lists the error, and the run exits 1. The other rules' figures are unaffected.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { fromRoot } from '../../harness/paths.js';
import { readReportFile } from '../../reports/report-file.js';
import { dth } from '../support/cli.js';

test('a Splunk search using an unsupported command is an error in every report, not a 0% recall', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dth-rule-error-'));
  try {
    // savedsearches.conf: https://help.splunk.com/en/data-management/splunk-enterprise-admin-manual/10.0/10.0.0-configuration-file-reference/savedsearches.conf
    const conf = join(dir, 'savedsearches.conf');
    writeFileSync(conf, ['[QEMU with rex]', 'search = `get_endpoint_data` "qemu-system-" | rex field=_raw "(?<netdev>-netdev \\S+)" | stats count by host, netdev', ''].join('\n'));
    const out = join(dir, 'out');
    const result = dth(['run', '--no-sweep', '--scale', '0.1', '--rule', conf, '--rule', fromRoot('rules/elastic/command_and_control_tunnel_qemu.toml'), '--out', out]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/rule error: QEMU with rex on embedded-splunk: .*unsupported command: rex/);
    const report = readReportFile(join(out, 'report.json'));
    const failed = report.rules.find((r) => r.id === 'QEMU with rex');
    expect(failed?.error).toContain('unsupported command: rex');
    expect(report.errors.some((e) => e.kind === 'rule-error' && e.ruleId === 'QEMU with rex')).toBe(true);
    // No verdicts at all for the failed rule: nothing is counted as missed.
    expect(report.ruleDataSource.filter((c) => c.ruleId === 'QEMU with rex')).toEqual([]);
    expect(report.ruleScenarioDataSource.filter((c) => c.ruleId === 'QEMU with rex')).toEqual([]);
    // The Elastic rule still ran and has its figures.
    const elastic = report.ruleDataSource.filter((c) => c.ruleId === 'b29b7652-219f-468b-aa1f-5da7bcc24b03');
    expect(elastic.length).toBe(9);
    expect(elastic.some((c) => (c.metrics.recall.value ?? 0) > 0)).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a rule file that does not load is bad input naming the file (exit 2), before anything runs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dth-rule-bad-'));
  try {
    const bad = join(dir, 'broken.toml');
    writeFileSync(bad, '[rule]\nname = "no query"\n');
    const result = dth(['run', '--rule', bad, '--out', join(dir, 'out')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(bad);
    expect(result.stdout).toBe('');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
