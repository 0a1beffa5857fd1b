// Opening a written report.html in Chromium and checking it against its report.json: every chart and
// table figure, and that hostile event text executed nothing. Shared by the report tests and the
// end-to-end test of the QEMU pack.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, type Browser, type Page } from '@playwright/test';
import type { Rate, Report } from '../../reports/model.js';
import { writeReports } from '../../reports/write-reports.js';

// Written independently of reports/format.ts, from the documented display: one decimal, exact 0 and
// 100 without decimals, interval bounds in brackets, n/a when n = 0.
export function pct(value: number): string {
  return value === 0 ? '0%' : value === 1 ? '100%' : `${(value * 100).toFixed(1)}%`;
}

export function shown(rate: Rate): string {
  if (rate.value === null || rate.low === null || rate.high === null) return 'n/a (n=0)';
  return `${pct(rate.value)} [${pct(rate.low).slice(0, -1)}\u2013${pct(rate.high).slice(0, -1)}] n=${rate.n.toLocaleString('en-US')}`;
}

export interface Watch {
  dialogs: string[];
  consoleErrors: string[];
  pageErrors: string[];
  requests: string[];
}

export async function openReport(browser: Browser, report: Report): Promise<{ page: Page; watch: Watch; dir: string; url: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'dth-html-'));
  const written = writeReports(report, dir);
  const url = pathToFileURL(written.html).href;
  const page = await browser.newPage({ viewport: { width: 1280, height: 1500 } });
  const watch: Watch = { dialogs: [], consoleErrors: [], pageErrors: [], requests: [] };
  page.on('dialog', (dialog) => {
    watch.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') watch.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => watch.pageErrors.push(error.message));
  page.on('request', (request) => watch.requests.push(request.url()));
  // Record CSP violations: a blocked payload is still a payload that tried to run.
  await page.addInitScript({
    content: `(() => {
      const violations = [];
      Object.defineProperty(window, '__cspViolations', { value: violations });
      document.addEventListener('securitypolicyviolation', (event) => violations.push(event.violatedDirective + ': ' + event.sample));
    })();`,
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, watch, dir, url };
}

/** Every chart and table figure in the page equals the one in report.json. */
export async function expectPageShowsReport(page: Page, report: Report): Promise<void> {
  for (const rule of report.rules.filter((r) => r.error === null)) {
    for (const metric of ['recall', 'fpr'] as const) {
      const chart = page.locator(`svg[data-chart="${metric}"][data-rule="${rule.id}"]`);
      await expect(chart).toHaveCount(1);
      const x0 = Number(await chart.getAttribute('data-x0'));
      const x1 = Number(await chart.getAttribute('data-x1'));
      const max = Number(await chart.getAttribute('data-max'));
      for (const cell of report.ruleDataSource.filter((c) => c.ruleId === rule.id)) {
        const rate = metric === 'recall' ? cell.metrics.recall : cell.metrics.falsePositiveRate;
        const row = chart.locator(`g.row[data-ds="${cell.dataSourceId}"]`);
        await expect(row.locator('text.value')).toHaveText(shown(rate));
        const point = row.locator('circle.point');
        if (rate.value === null || rate.low === null || rate.high === null) {
          await expect(point).toHaveCount(0);
        } else {
          // The point and the whisker sit where the axis puts value, low and high.
          const at = (v: number) => x0 + (v / max) * (x1 - x0);
          expect(Number(await point.getAttribute('cx'))).toBeCloseTo(at(rate.value), 1);
          expect(Number(await point.getAttribute('data-value'))).toBe(rate.value);
          expect(Number(await point.getAttribute('data-n'))).toBe(rate.n);
          const whisker = row.locator('line.whisker');
          expect(Number(await whisker.getAttribute('x1'))).toBeCloseTo(at(rate.low), 1);
          expect(Number(await whisker.getAttribute('x2'))).toBeCloseTo(at(rate.high), 1);
        }
        const td = page.locator(`#ds-${rule.id.replace(/\./g, '\\.')} td[data-ds="${cell.dataSourceId}"][data-metric="${metric}"]`);
        await expect(td).toHaveText(rate.value === null ? 'n/a' : pct(rate.value));
        expect(Number(await td.getAttribute('data-k'))).toBe(rate.k);
        expect(Number(await td.getAttribute('data-n'))).toBe(rate.n);
      }
    }
    const any = rule.anyDataSource;
    if (any === null) throw new Error('a rule that ran has "any data source" coverage');
    for (const metric of ['recall', 'fpr'] as const) {
      const rate = metric === 'recall' ? any.recall : any.falsePositiveRate;
      const td = page.locator(`#ds-${rule.id.replace(/\./g, '\\.')} td[data-ds="any"][data-metric="${metric}"]`);
      await expect(td).toHaveText(rate.value === null ? 'n/a' : pct(rate.value));
    }
  }
  // No format pools data sources.
  await expect(page.getByText('all data sources')).toHaveCount(0);
  const heatCells = page.locator('svg[data-chart="heatmap"] g.heat-cell');
  await expect(heatCells).toHaveCount(report.ruleVariant.length);
  for (const cell of report.ruleVariant) {
    const match = await page
      .locator(`svg[data-chart="heatmap"][data-rule="${cell.ruleId.replace(/"/g, '\\"')}"] g.heat-cell`)
      .evaluateAll(
        (nodes, key) => nodes.filter((n) => n.getAttribute('data-variant') === key.variant && n.getAttribute('data-ds') === key.ds).map((n) => n.querySelector('.heat-value')?.textContent ?? ''),
        { variant: cell.variant ?? '', ds: cell.dataSourceId },
      );
    expect(match).toEqual([cell.recall.value === null ? 'n/a' : pct(cell.recall.value)]);
  }
}

/** Hostile text executed nothing: no global, element, handler, CSP violation, dialog, error or request. */
export async function expectNothingRan(page: Page, watch: Watch, url: string): Promise<void> {
  // Evaluated as strings: the test project is typed without the DOM library.
  expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
  expect(await page.evaluate("document.querySelectorAll('img, iframe, object, embed, frame').length")).toBe(0);
  expect(await page.evaluate("document.querySelectorAll('script').length")).toBe(1);
  expect(await page.evaluate("[...document.querySelectorAll('svg')].filter((svg) => !svg.classList.contains('chart')).length")).toBe(0);
  expect(await page.evaluate("[...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => a.name)).filter((name) => name.startsWith('on'))")).toEqual([]);
  expect(await page.evaluate('window.__cspViolations')).toEqual([]);
  expect(watch.dialogs).toEqual([]);
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.pageErrors).toEqual([]);
  expect(watch.requests).toEqual([url]);
}
