// The weights file (reports/weights.ts) and the alert volume it gives: expected false alerts per
// 1,000 endpoints per day = Σ over benign scenarios of launches per 1,000 endpoints per day × the share
// of the scenario's events the rule fires on in that data source. The benign-tool matrix shows the shares.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { fromRoot } from '../../harness/paths.js';
import { buildReport } from '../../reports/build-report.js';
import { reportSchemaErrors } from '../../reports/report-file.js';
import { checkWeights, parseWeights } from '../../reports/weights.js';
import { renderHtml } from '../../reports/writers/html.js';
import { renderMarkdown } from '../../reports/writers/markdown.js';
import { renderTerminal } from '../../reports/writers/terminal.js';
import { ELASTIC_RULE, syntheticRun } from '../fixtures/reports/synthetic-run.js';
import { inputErrorOf } from '../support/input-error.js';

const WEIGHTS = `unit: launches per 1000 endpoints per day
benign:
  dev-vm-port-forward: { launches: 30, basis: "test" }
malicious:
  socket-connect-tunnel: { weight: 3, basis: "test" }
`;

test('alert volume: launches × share fired on, per rule and data source, with the arithmetic in report.json', () => {
  const report = buildReport({ ...syntheticRun(), weights: parseWeights(WEIGHTS, 'w.yaml') });
  expect(reportSchemaErrors(JSON.parse(JSON.stringify(report)))).toEqual([]);
  const defend = report.alertVolume?.rows.find((r) => r.ruleId === ELASTIC_RULE && r.dataSourceId === 'elastic-defend');
  // dev-vm: the rule fires on 2 of its 20 events there: 30 × 0.1 = 3 alerts per 1,000 endpoints per day.
  expect(defend?.alertsPer1000EndpointsPerDay).toBeCloseTo(3, 12);
  expect(defend?.terms).toEqual([{ scenarioId: 'dev-vm-port-forward', launchesPer1000EndpointsPerDay: 30, firingFraction: 0.1, alertsPer1000EndpointsPerDay: 30 * 0.1 }]);
  expect(report.alertVolume?.weightsFile).toBe('w.yaml');
  // The malicious weight enters the recall: weights 1, 3, 1, 1, 1 (see build-report.test.ts).
  const cell = report.ruleDataSource.find((c) => c.ruleId === ELASTIC_RULE && c.dataSourceId === 'elastic-defend');
  expect(cell?.metrics.recall.value).toBeCloseTo(5.5 / 7, 12);
  expect(cell?.weighted).toBe(true);
});

test('a benign tool that fires without a launch rate is named, not silently counted as 0', () => {
  const weights = parseWeights('unit: launches per 1000 endpoints per day\nbenign:\n  ci-headless-test: { launches: 5, basis: "test" }\n', 'w.yaml');
  const report = buildReport({ ...syntheticRun(), weights });
  const defend = report.alertVolume?.rows.find((r) => r.ruleId === ELASTIC_RULE && r.dataSourceId === 'elastic-defend');
  expect(defend?.alertsPer1000EndpointsPerDay).toBe(0);
  expect(defend?.unweightedFiringScenarioIds).toEqual(['dev-vm-port-forward']);
  expect(renderTerminal(report, { color: false })).toContain('+ not counted: no launch rate for dev-vm-port-forward');
});

test('without weights every format says the figure needs them', () => {
  const report = buildReport(syntheticRun());
  expect(report.alertVolume).toBeNull();
  for (const text of [renderTerminal(report, { color: false }), renderMarkdown(report), renderHtml(report)]) expect(text).toContain('needs launch rates of the benign tools');
});

test('the benign-tool matrix: each benign scenario × data source, fires on k of n', () => {
  const report = buildReport(syntheticRun());
  const terminal = renderTerminal(report, { color: false });
  expect(terminal).toContain('Benign tools it fires on');
  expect(terminal).toMatch(/1 elastic-defend {2}2 windows-sysmon {2}3 system-security-4688 {2}4 auditbeat/);
  // dev-vm: Windows only, 2 of 20 fire in elastic-defend and 2 of 20 in windows-sysmon; auditbeat records none of it.
  expect(terminal).toMatch(/dev-vm-port-forward\s+2\/20\s+2\/20\s+·\s+—/);
  expect(terminal).toContain('quiet on the other 1 benign scenario');
  const md = renderMarkdown(report);
  expect(md).toContain('| **dev-vm-port-forward** | 2/20 | 2/20 | · | — |');
  expect(md).toContain('| ci-headless-test | · | · | · | · |');
  const html = renderHtml(report);
  expect(html).toContain('data-chart="benign-matrix"');
  expect(html).toMatch(/<g class="heat-cell" data-scenario="dev-vm-port-forward" data-ds="elastic-defend" data-value="0.1" data-k="2" data-n="20">/);
});

test('a weights file is checked: its unit, its shape, and its scenario ids, with the line of the problem', () => {
  expect(inputErrorOf(() => parseWeights('unit: alerts per day\nbenign: {}\n', 'w.yaml')).format()).toMatch(/^w\.yaml:1:7: unit: expected "launches per 1000 endpoints per day"/);
  expect(inputErrorOf(() => parseWeights('unit: launches per 1000 endpoints per day\nbenign:\n  a: { launches: -1, basis: x }\n', 'w.yaml')).format()).toMatch(/^w\.yaml:3:18: benign\.a\.launches: must be >= 0/);
  expect(inputErrorOf(() => parseWeights('unit: launches per 1000 endpoints per day\nbenign:\n  a: { launches: 1 }\n', 'w.yaml')).message).toContain("benign.a: must have required property 'basis'");
  const weights = parseWeights('unit: launches per 1000 endpoints per day\nbenign:\n  nope: { launches: 1, basis: x }\n', 'w.yaml');
  expect(inputErrorOf(() => checkWeights(weights, [{ id: 'a', label: 'benign' }])).message).toBe('benign.nope: no scenario of the pack has this id');
  const wrongLabel = parseWeights('unit: launches per 1000 endpoints per day\nbenign:\n  a: { launches: 1, basis: x }\n', 'w.yaml');
  expect(inputErrorOf(() => checkWeights(wrongLabel, [{ id: 'a', label: 'malicious' }])).message).toBe('benign.a: scenario a is malicious; expected a benign scenario');
});

test('the shipped example weights file is valid, names only benign scenarios of the QEMU pack, and states a basis for each value', () => {
  const weights = parseWeights(readFileSync(fromRoot('reports/weights.example.yaml'), 'utf8'), 'reports/weights.example.yaml');
  const report = JSON.parse(readFileSync(fromRoot('reports/baseline.json'), 'utf8')) as { scenarios: { id: string; label: 'malicious' | 'benign'; countsTowardRates: boolean }[] };
  checkWeights(weights, report.scenarios);
  const benign = report.scenarios.filter((s) => s.label === 'benign' && s.countsTowardRates).map((s) => s.id);
  expect(Object.keys(weights.benign).sort()).toEqual(benign.sort());
  for (const entry of Object.values(weights.benign)) expect(entry.basis).toMatch(/^example: /);
});
