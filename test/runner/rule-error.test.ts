// A rule the engine cannot run is reported as an error with its message, never as a miss: it gets no
// verdicts, the report lists the error, and the run exits 1. The other rules' figures are unaffected.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    writeFileSync(conf, ['[QEMU with transaction]', 'search = `get_endpoint_data` "qemu-system-" | transaction host maxspan=5m | stats count by host', ''].join('\n'));
    const out = join(dir, 'out');
    const result = dth(['run', '--no-sweep', '--scale', '0.1', '--rule', conf, '--rule', fromRoot('rules/elastic/command_and_control_tunnel_qemu.toml'), '--out', out]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/rule error: QEMU with transaction on embedded-splunk: .*unsupported command: transaction/);
    const report = readReportFile(join(out, 'report.json'));
    const failed = report.rules.find((r) => r.id === 'QEMU with transaction');
    expect(failed?.error).toContain('unsupported command: transaction');
    expect(report.errors.some((e) => e.kind === 'rule-error' && e.ruleId === 'QEMU with transaction')).toBe(true);
    // No verdicts at all for the failed rule: nothing is counted as missed.
    expect(report.ruleDataSource.filter((c) => c.ruleId === 'QEMU with transaction')).toEqual([]);
    expect(report.ruleScenarioDataSource.filter((c) => c.ruleId === 'QEMU with transaction')).toEqual([]);
    // The Elastic rule still ran and has its figures.
    const elastic = report.ruleDataSource.filter((c) => c.ruleId === 'b29b7652-219f-468b-aa1f-5da7bcc24b03');
    expect(elastic.length).toBe(9);
    expect(elastic.some((c) => (c.metrics.recall.value ?? 0) > 0)).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a rule whose query fails on every data source is one error, said once, with what it affected', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dth-rule-typo-'));
  try {
    // An unknown EQL function: Elasticsearch refuses it ("Unknown function"), on every index.
    const rule = readFileSync(fromRoot('rules/elastic/command_and_control_tunnel_qemu.toml'), 'utf8').replace('process.args : "-netdev" and', 'process.args : "-netdev" and nosuchfn(process.name) and');
    const file = join(dir, 'typo.toml');
    writeFileSync(file, rule);
    const out = join(dir, 'out');
    const result = dth(['run', '--no-sweep', '--scale', '0.1', '--rule', file, '--rule', fromRoot('rules/splunk/qemu_network_tunneling_windows.yml'), '--out', out]);
    expect(result.status).toBe(1);
    // One failure line for the rule, naming its reach; no line per pin or per data source.
    const failures = result.stderr.split('\n').filter((line) => line.startsWith('  '));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/^ {2}rule error: b29b7652-219f-468b-aa1f-5da7bcc24b03 on embedded-elasticsearch: .*Unknown function \[nosuchfn\] \(affects 9 data sources and \d+ pins; the whole message is in the Errors section\)$/);
    // The caret excerpt appears once in the terminal report (the rule table has the first line only),
    // followed by the data sources it applies to.
    expect(result.stdout.split('nosuchfn(process.name)').length - 1).toBe(1);
    expect(result.stdout.split('Unknown function [nosuchfn]').length - 1).toBe(2);
    expect(result.stdout).toContain('(on data sources elastic-defend, system-security-4688, windows-sysmon, winlogbeat-security-4688, winlogbeat-sysmon, auditbeat, crowdstrike-fdr, sentinelone-cloud-funnel, m365-defender)');
    expect(result.stdout).not.toMatch(/^ {2}FAIL /m);
    const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(junit.split('<error ').length - 1).toBe(1);
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
