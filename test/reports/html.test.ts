// Opens report.html in Debian's Chromium: the charts and tables must show the numbers in report.json,
// tables must sort, and hostile event text must execute nothing (no dialog, no global, no console
// error, no CSP violation, no request other than the file itself).
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { buildReport } from '../../reports/build-report.js';
import { attachBackendSection } from '../../reports/parity-section.js';
import type { Report } from '../../reports/model.js';
import { readReportFile } from '../../reports/report-file.js';
import { launchChromium } from '../support/chromium.js';
import { expectNothingRan, expectPageShowsReport, openReport } from '../support/report-page.js';
import { ELASTIC_RULE, HOSTILE_COMMAND_LINE, HOSTILE_SCENARIO, SPLUNK_RULE, syntheticParity, syntheticRun, TIMINGS } from '../fixtures/reports/synthetic-run.js';

/** Reads the sort keys of one column, in the order the rows are shown. */
async function columnKeys(page: Page, tableSelector: string, column: number): Promise<string[]> {
  return page.locator(`${tableSelector} tbody tr`).evaluateAll(
    (rows, index) => rows.map((row) => (row as unknown as { cells: ArrayLike<{ getAttribute(name: string): string | null }> }).cells[index]?.getAttribute('data-sort') ?? ''),
    column,
  );
}

test('report.html shows the numbers in report.json, sorts its tables, and runs none of the hostile text', async () => {
  // auditbeat keeps only its malicious events, so the Elastic rule's FPR there is n/a (n = 0).
  const input = syntheticRun();
  const benign = new Set(input.events.filter((e) => e.label === 'benign').map((e) => e.id));
  for (const ds of input.dataSources) if (ds.id === 'auditbeat') ds.storedEventIds = ds.storedEventIds.filter((id) => !benign.has(id));
  input.observations = input.observations.filter((o) => o.dataSourceId !== 'auditbeat' || !benign.has(o.eventId));
  const report = buildReport(input);
  const browser = await launchChromium();
  const { page, watch, dir, url } = await openReport(browser, report);
  try {
    // The file on disk is what report.json says; the page must match it.
    const onDisk = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
    await expectPageShowsReport(page, onDisk);

    // Sorting: recall column (index 1) of the Elastic rule's data source table.
    const table = `#ds-${ELASTIC_RULE}`;
    const cells = onDisk.ruleDataSource.filter((c) => c.ruleId === ELASTIC_RULE);
    const byRecall = (sign: number) =>
      cells
        .map((c, index) => ({ id: c.dataSourceId, value: c.metrics.recall.value ?? 0, index }))
        .sort((a, b) => sign * (a.value - b.value) || a.index - b.index)
        .map((c) => c.id);
    await page.locator(`${table} thead th`).nth(1).getByRole('button').click();
    await expect(page.locator(`${table} thead th`).nth(1)).toHaveAttribute('aria-sort', 'ascending');
    expect(await columnKeys(page, table, 0)).toEqual(byRecall(1));
    expect(byRecall(1)).not.toEqual(cells.map((c) => c.dataSourceId));
    await page.locator(`${table} thead th`).nth(1).getByRole('button').click();
    const descending = (await columnKeys(page, table, 1)).map(Number);
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    // Text sort on the data source names; the "in any searched source" footer row stays out of the sort.
    await page.locator(`${table} thead th`).nth(0).getByRole('button').click();
    const names = await columnKeys(page, table, 0);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    await expect(page.locator(`${table} tfoot tr`)).toHaveCount(1);
    // n/a (no value) sorts last in both directions: the FPR (column 4) where no benign scenario was recorded.
    for (const direction of ['ascending', 'descending']) {
      await page.locator(`${table} thead th`).nth(4).getByRole('button').click();
      await expect(page.locator(`${table} thead th`).nth(4)).toHaveAttribute('aria-sort', direction);
      const keys = await columnKeys(page, table, 4);
      const firstNa = keys.indexOf('');
      expect(firstNa, keys.join(',')).toBeGreaterThan(0);
      expect(keys.slice(firstNa).every((k) => k === ''), keys.join(',')).toBe(true);
    }

    // Hostile text is shown as text.
    const codes = await page.locator('code').allTextContents();
    expect(codes.some((text) => text.includes('<script>window.__pwned=1</script>') && text.includes('\u241b[31mRED'))).toBe(true);
    expect(HOSTILE_COMMAND_LINE).toContain('<img src=x onerror=');
    await expect(page.locator('td', { hasText: 'hostile-"><svg onload=window.__pwned=5>' }).first()).toBeVisible();

    // ... and nothing ran.
    await expectNothingRan(page, watch, url);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

// Also the README screenshot: DTH_SCREENSHOT=<png> saves one; DTH_SCREENSHOT_REPORT=<report.json> renders
// that report (e.g. the QEMU pack's reports/out/report.json) instead of the synthetic run with a failed rule.
test('a report with a failed rule renders the error and the other rule\'s figures', async () => {
  const given = process.env.DTH_SCREENSHOT_REPORT;
  const report = given === undefined ? buildReport(syntheticRun({ ruleErrors: { [SPLUNK_RULE]: 'unsupported command <bin>' } })) : readReportFile(given);
  const browser = await launchChromium();
  const { page, watch, dir } = await openReport(browser, report);
  try {
    await expectPageShowsReport(page, report);
    for (const rule of report.rules.filter((r) => r.error !== null)) {
      await expect(page.locator(`article[data-rule="${rule.id}"] p.bad code`)).toHaveText(rule.error ?? '');
      await expect(page.locator(`svg[data-rule="${rule.id}"]`)).toHaveCount(0);
    }
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
    const screenshot = process.env.DTH_SCREENSHOT;
    if (screenshot !== undefined && screenshot !== '') await page.screenshot({ path: screenshot, fullPage: false });
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the parity section shows every group and difference, sorts, and runs none of the hostile text', async () => {
  const report = attachBackendSection(buildReport(syntheticRun()), { parity: syntheticParity(), timings: TIMINGS });
  const browser = await launchChromium();
  const { page, watch, dir, url } = await openReport(browser, report);
  try {
    await expectPageShowsReport(page, report);
    const parity = report.parity;
    if (parity === undefined) throw new Error('no parity section');
    await expect(page.locator('#parity-group-table tbody tr')).toHaveCount(parity.groups.length);
    for (const g of parity.groups) {
      const row = page.locator('#parity-group-table tbody tr', { has: page.locator(`td[data-rule="${g.ruleId}"][data-ds="${g.dataSourceId}"][data-backend="${g.backend}"]`) });
      await expect(row.locator('td.num')).toHaveText([g.events, g.agreeing, g.accepted, g.unexplained].map((n) => n.toLocaleString('en-US')));
    }
    await expect(page.locator('#parity-difference-table tbody tr')).toHaveCount(parity.differences.length);
    const hostileId = `${HOSTILE_SCENARIO}#05`;
    await expect(page.locator('#parity-difference-table td[data-event] code').filter({ hasText: hostileId })).toHaveText(hostileId);
    const hostileRow = page.locator('#parity-difference-table tbody tr').filter({ has: page.locator('code', { hasText: hostileId }) });
    await expect(hostileRow.locator('td.example code')).toContainText('<script>window.__pwned=1</script>');
    await expect(page.locator('#parity li')).toContainText('stale entry <script>window.__pwned=8</script>');
    // Sorting by status puts the accepted rows first (ascending text).
    await page.locator('#parity-difference-table thead th').nth(0).getByRole('button').click();
    expect(await columnKeys(page, '#parity-difference-table', 0)).toEqual(['accepted', 'accepted', 'accepted', 'unexplained', 'unexplained', 'unexplained', 'unexplained']);
    await expect(page.locator('#backend-timing-table tbody tr')).toHaveCount(TIMINGS.length);

    await expectNothingRan(page, watch, url);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Elements (sections, table wrappers, charts) whose content is wider than their box: overflowing horizontally. */
const OVERFLOWING = `[...document.querySelectorAll('main > *, section, .table-wrap, svg.chart, .rule-card, .charts, pre')]
  .filter((el) => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .map((el) => (el.id || el.className.baseVal || el.className || el.tagName) + (el.firstElementChild && el.firstElementChild.id ? '#' + el.firstElementChild.id : '') + ' ' + el.scrollWidth + '>' + el.clientWidth)`;

test('report.html fits the page at 1280 and 1920 px: no section, table or chart overflows horizontally', async () => {
  // The QEMU pack's committed report (regenerated with the schema): the widest real content there is.
  const report = readReportFile(join(process.cwd(), 'reports', 'baseline.json'));
  const browser = await launchChromium();
  const { page, dir } = await openReport(browser, report);
  try {
    for (const width of [1280, 1920]) {
      await page.setViewportSize({ width, height: 1000 });
      expect(await page.evaluate(OVERFLOWING), `at ${width} px`).toEqual([]);
      expect(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth'), `page at ${width} px`).toBe(true);
    }
    // Long command lines wrap; one past 1,000 characters is clipped with the whole text on hover (title).
    const clipped = (await page.evaluate("[...document.querySelectorAll('code.clipped')].map((c) => [c.textContent, c.getAttribute('title')])")) as [string, string][];
    expect(clipped.length).toBeGreaterThan(0);
    for (const [shownText, title] of clipped) {
      expect(shownText.endsWith('\u2026')).toBe(true);
      expect(title.length).toBeGreaterThan(1000);
      expect(title.startsWith(shownText.slice(0, -1))).toBe(true);
    }
    expect(clipped.some(([, title]) => Object.values(report.events).some((e) => e.commandLine === title))).toBe(true);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
