// Macros belong to the rules that call them (harness/runner/rule-macros.ts), as a Splunk app's
// macros.conf belongs beside its savedsearches.conf:
// https://help.splunk.com/en/splunk-enterprise/search/knowledge-manager-manual/9.4/use-search-macros/use-search-macros-in-searches
// A site's --macros file expands the site's rules; the shipped rules keep rules/splunk/macros.conf.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { fromRoot } from '../../harness/paths.js';
import { readReportFile } from '../../reports/report-file.js';
import { dth } from '../support/cli.js';

const SHIPPED_SPLUNK = fromRoot('rules/splunk/qemu_network_tunneling_windows.yml');
const SHIPPED_ID = '29624.53380';

function siteFiles(dir: string): { rule: string; macros: string } {
  const rule = join(dir, 'my.yml');
  writeFileSync(
    rule,
    ['id: site-qemu-hostfwd', 'title: Site QEMU hostfwd', 'logic_format: Splunk', "logic: '`site_windows_processes` \"qemu-system-\" \"hostfwd=\" | stats count by _time, host'", ''].join('\n'),
  );
  const macros = join(dir, 'site_macros.conf');
  // The site also redefines a macro the shipped rule calls, to something that selects nothing.
  writeFileSync(macros, ['[site_windows_processes]', 'definition = (index=wineventlog sourcetype=XmlWinEventLog)', '', '[get_endpoint_data]', 'definition = (index=nothing_here)', ''].join('\n'));
  return { rule, macros };
}

test('dth run --rule my.yml --macros site.conf runs the site rule; the shipped rules are not expanded with the site macros', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dth-rule-macros-'));
  try {
    const { rule, macros } = siteFiles(dir);
    const out = join(dir, 'out');
    const result = dth(['run', '--scale', '0.1', '--source', 'splunk-xmlwineventlog-4688', '--rule', rule, '--macros', macros, '--out', out]);
    // Before the fix: exit 2, "rules/splunk/qemu_network_tunneling_windows.yml:1:1: undefined macro 'get_endpoint_data'".
    expect(result.stderr).not.toContain('undefined macro');
    expect([0, 1]).toContain(result.status);
    const report = readReportFile(join(out, 'report.json'));
    const cells = report.ruleDataSource.filter((c) => c.ruleId === 'site-qemu-hostfwd');
    expect(cells.length).toBe(1);
    expect(cells[0]?.metrics.recall.value ?? 0).toBeGreaterThan(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a shipped rule run beside a site rule keeps the shipped macros; the site rule gets the site macros', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dth-rule-macros-'));
  try {
    const { rule, macros } = siteFiles(dir);
    const out = join(dir, 'out');
    const result = dth(['run', '--scale', '0.1', '--source', 'splunk-xmlwineventlog-4688', '--rule', rule, '--rule', SHIPPED_SPLUNK, '--macros', macros, '--out', out]);
    expect([0, 1]).toContain(result.status);
    const report = readReportFile(join(out, 'report.json'));
    const shipped = report.ruleDataSource.find((c) => c.ruleId === SHIPPED_ID);
    // With the site's get_endpoint_data (index=nothing_here) the shipped rule would select nothing.
    expect(shipped?.metrics.recall.value ?? 0).toBeGreaterThan(0.5);
    const site = report.ruleDataSource.find((c) => c.ruleId === 'site-qemu-hostfwd');
    expect(site?.metrics.recall.value ?? 0).toBeGreaterThan(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
