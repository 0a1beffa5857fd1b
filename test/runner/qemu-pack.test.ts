// End to end: `dth run` over the QEMU pack on the embedded engines (at a reduced scale to stay fast),
// as a user runs it. The reports it writes must agree with each other, and report.html must show the
// numbers of report.json and execute none of the attacker-controlled text the pack carries.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { XMLParser } from 'fast-xml-parser';
import type { Report } from '../../reports/model.js';
import { readReportFile } from '../../reports/report-file.js';
import { dth } from '../support/cli.js';
import { launchChromium } from '../support/chromium.js';
import { expectNothingRan, expectPageShowsReport, openReport } from '../support/report-page.js';

const ELASTIC_RULE = 'b29b7652-219f-468b-aa1f-5da7bcc24b03';
const SPLUNK_RULE = '29624.53380';
const HOSTILE_SCENARIO = 'ci-html-payload-name';

let out: string;
let report: Report;
let stdout: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'dth-run-'));
  const result = dth(['run', '--scale', '0.2', '--out', out]);
  stdout = result.stdout;
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  report = readReportFile(join(out, 'report.json'));
});

test.afterAll(() => {
  rmSync(out, { recursive: true, force: true });
});

test('both production rules ran over every data source of their SIEM, and every stored event has a verdict', () => {
  expect(report.rules.map((r) => [r.id, r.error])).toEqual([
    [ELASTIC_RULE, null],
    [SPLUNK_RULE, null],
  ]);
  expect(report.errors).toEqual([]);
  for (const rule of report.rules) {
    const cells = report.ruleDataSource.filter((c) => c.ruleId === rule.id);
    const sources = report.dataSources.filter((d) => d.siem === rule.siem);
    expect(cells.map((c) => c.dataSourceId).sort()).toEqual(sources.map((d) => d.id).sort());
    for (const cell of cells) {
      const source = sources.find((d) => d.id === cell.dataSourceId);
      expect(source?.events.total).toBeGreaterThan(0);
      // The rule x source event counts are those of the scenarios that count toward rates: every stored
      // event but the report-safety fixture's.
      const fixture = source?.scenarioEvents[HOSTILE_SCENARIO] ?? 0;
      const m = cell.events;
      expect(m.tp + m.fn + m.fp + m.tn).toBe((source?.events.total ?? 0) - fixture);
    }
  }
  // The seed rules' documented blind spots: auditbeat has no command line; the Splunk rule needs a 4688.
  const blind = report.blindSpots.map((b) => `${b.ruleId} ${b.dataSourceId} ${b.kind}`);
  expect(blind).toContain(`${ELASTIC_RULE} auditbeat fields-absent`);
  expect(blind).toContain(`${SPLUNK_RULE} splunk-sysmon-1 no-match`);
  expect(blind).toContain(`${SPLUNK_RULE} splunk-linux-auditd not-selected`);
});

test('the terminal table, junit.xml and summary.md carry the same figures as report.json', () => {
  const defend = report.ruleDataSource.find((c) => c.ruleId === ELASTIC_RULE && c.dataSourceId === 'elastic-defend');
  expect(defend).toBeDefined();
  // recall, its interval, then `<caught> caught[, <partial> partial] of <scenarios>`.
  expect(stdout).toMatch(new RegExp(`elastic-defend\\s+\\S+\\s+\\[[^\\]]+\\]\\s+${defend?.scenarios.malicious.caught} caught.* of ${defend?.metrics.recall.n}\\b`));
  // Nothing is pooled across data sources, in any format.
  expect(stdout).not.toContain('all data sources');
  for (const file of ['summary.md', 'junit.xml', 'report.html']) expect(readFileSync(join(out, file), 'utf8'), file).not.toContain('all data sources');
  expect(stdout).toContain(join(out, 'report.html').split('/').pop() as string);

  const junit = new XMLParser({ ignoreAttributes: false }).parse(readFileSync(join(out, 'junit.xml'), 'utf8')) as {
    testsuites: { testsuite: { '@_name': string; testcase: unknown[] | unknown }[] };
  };
  // One test case per rule x scenario x data source, in one suite per rule (pinned expectations and the deployment sweep apart).
  const ruleSuites = junit.testsuites.testsuite.filter((s) => s['@_name'] !== 'pinned expectations' && s['@_name'] !== 'deployment sweep');
  expect(ruleSuites.map((s) => s['@_name'])).toEqual(report.rules.map((r) => `${r.name} (${r.id})`));
  const cases = ruleSuites.flatMap((s) => (Array.isArray(s.testcase) ? s.testcase : [s.testcase]));
  expect(cases.length).toBe(report.ruleScenarioDataSource.length);
  // A green run has a green junit.xml: every known gap and false positive is pinned, so <skipped>.
  const head = /<testsuites [^>]*failures="(\d+)" errors="(\d+)" skipped="(\d+)"/.exec(readFileSync(join(out, 'junit.xml'), 'utf8'));
  expect(head?.slice(1).map(Number)).toEqual([0, 0, expect.any(Number)]);
  expect(Number(head?.[3])).toBeGreaterThan(100);

  const summary = readFileSync(join(out, 'summary.md'), 'utf8');
  expect(summary).toContain('Potential Traffic Tunneling using QEMU');
  expect(summary).toContain('QEMU Network Tunneling - Windows');
});

test('the report-escaping fixture runs and is checked, but counts toward no rate and no false positive', () => {
  const fixture = report.scenarios.find((s) => s.id === HOSTILE_SCENARIO);
  expect(fixture).toMatchObject({ purpose: 'report-safety', countsTowardRates: false });
  expect(report.scenarios.filter((s) => !s.countsTowardRates).map((s) => s.id)).toEqual([HOSTILE_SCENARIO]);
  // Its cells exist (the Elastic rule fires on it) and its pins are judged...
  expect(report.ruleScenarioDataSource.some((c) => c.scenarioId === HOSTILE_SCENARIO && c.metrics.fp > 0)).toBe(true);
  expect(report.expectations.some((e) => e.scenarioId === HOSTILE_SCENARIO && e.status === 'held')).toBe(true);
  // ...but no aggregate counts it: each benign count is the sum over the counting benign scenarios.
  for (const cell of report.ruleDataSource) {
    const benign = report.ruleScenarioDataSource.filter((c) => c.ruleId === cell.ruleId && c.dataSourceId === cell.dataSourceId && c.label === 'benign' && c.scenarioId !== HOSTILE_SCENARIO);
    expect(cell.events.fp).toBe(benign.reduce((sum, c) => sum + c.metrics.fp, 0));
    expect(cell.metrics.falsePositiveRate.n).toBe(benign.length);
    for (const id of cell.examples.fp) expect(report.events[id]?.scenarioId).not.toBe(HOSTILE_SCENARIO);
  }
  for (const rule of report.rules) expect(rule.anyDataSource?.firing).not.toContain(HOSTILE_SCENARIO);
});

test('report.html shows the numbers in report.json and runs none of the payloads in the pack', async () => {
  const hostile = Object.values(report.events).filter((e) => e.scenarioId === HOSTILE_SCENARIO);
  expect(hostile.length).toBeGreaterThan(0);
  expect(hostile[0]?.commandLine).toContain('<script>');
  const browser = await launchChromium();
  const { page, watch, dir, url } = await openReport(browser, report);
  try {
    await expectPageShowsReport(page, report);
    await expectNothingRan(page, watch, url);
    // The payload is on the page as text, not as markup.
    const text = String(await page.evaluate('document.body.textContent'));
    const payload = (hostile[0]?.commandLine ?? '').match(/<script>.*?<\/script><img [^>]*>/)?.[0];
    expect(payload).toBeDefined();
    expect(text).toContain(payload);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
