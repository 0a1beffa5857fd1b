import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { buildReport } from '../../reports/build-report.js';
import { formatGateResult, gateAgainstBaseline, gateFiles, gateReports } from '../../reports/gate.js';
import type { Report } from '../../reports/model.js';
import { parseReport, readReportFile } from '../../reports/report-file.js';
import { attachBackendSection } from '../../reports/parity-section.js';
import { renderJson } from '../../reports/writers/json.js';
import { dth } from '../support/cli.js';
import { baseVerdict, ELASTIC_RULE, SPLUNK_RULE, syntheticParity, syntheticRun, TIMINGS, type Verdict } from '../fixtures/reports/synthetic-run.js';
import { inputErrorOf } from '../support/input-error.js';

const baseline = buildReport(syntheticRun());

function current(verdict: Verdict): Report {
  return buildReport(syntheticRun({ verdict }));
}

/** The Elastic rule with its hostfwd branch dropped: it no longer fires on the hostfwd population. */
const withoutHostfwd: Verdict = (ruleId, ds, e, i) => (ruleId === ELASTIC_RULE && e.population === 'hostfwd' ? false : baseVerdict(ruleId, ds, e, i));

test('the same report passes, every cell compared', () => {
  const result = gateReports(baseline, current(baseVerdict));
  expect(result.passed).toBe(true);
  expect(result.regressions).toEqual([]);
  expect(result.compared).toBe(baseline.ruleScenarioDataSource.length);
  expect(formatGateResult(result, { baseline: 'b.json', current: 'c.json' })).toContain(`gate passed: no regression in ${result.compared} cells`);
});

test('a weakened rule fails the gate, naming every cell and scenario it lost', () => {
  const result = gateReports(baseline, current(withoutHostfwd));
  expect(result.passed).toBe(false);
  expect(result.regressions.map((r) => (r.kind === 'recall-drop' ? [r.scenarioId, r.dataSourceId, r.current.k, r.current.n] : r.kind))).toEqual([
    ['hostfwd-reverse-shell', 'elastic-defend', 0, 20],
    ['hostfwd-reverse-shell', 'windows-sysmon', 0, 10],
    ['renamed-binary', 'elastic-defend', 0, 20],
    ['renamed-binary', 'windows-sysmon', 0, 20],
  ]);
  const text = formatGateResult(result, { baseline: 'reports/baseline.json', current: 'reports/out/report.json' });
  expect(text).toContain('REGRESSION recall drop: Potential Traffic Tunneling using QEMU x hostfwd-reverse-shell @ elastic-defend');
  expect(text).toContain('recall 100% [83.9–100] n=20 -> 0% [0–16.1] n=20 (-100.0 points)');
  expect(text).toContain('missed hostfwd-reverse-shell#00 on WS-00: C:\\Program Files\\qemu\\qemu-system-x86_64.exe -netdev user,id=n0,hostfwd=tcp::2200-:22 -nographic');
  expect(text).toContain('gate FAILED: 4 regressions');
  expect(text).toContain('scenarios newly missed by Potential Traffic Tunneling using QEMU: hostfwd-reverse-shell, renamed-binary');
});

test('an improved rule passes the gate and the improvements are listed: rates, cells and scenarios newly caught', () => {
  // The weakened rule is the baseline; the full rule is the fix.
  const result = gateReports(current(withoutHostfwd), baseline);
  expect(result.passed).toBe(true);
  expect(result.regressions).toEqual([]);
  const aggregates = result.improvements.filter((i) => i.kind === 'rate-up').map((i) => (i.kind === 'rate-up' ? [i.dataSourceId, i.baseline.value, i.current.value] : null));
  // elastic-defend: (0 + 1 + 0 + 0.5 + 0) / 5 -> (1 + 1 + 1 + 0.5 + 0) / 5 over scenarios.
  expect(aggregates).toEqual([
    ['elastic-defend', 0.3, 0.7],
    ['windows-sysmon', 0.3, 0.7],
  ]);
  expect(result.improvements.filter((i) => i.kind === 'recall-up')).toHaveLength(4);
  expect([...result.newlyCaught]).toEqual([
    ['Potential Traffic Tunneling using QEMU', ['hostfwd-reverse-shell @ elastic-defend', 'hostfwd-reverse-shell @ windows-sysmon', 'renamed-binary @ elastic-defend', 'renamed-binary @ windows-sysmon']],
  ]);
  const text = formatGateResult(result, { baseline: 'b', current: 'c' });
  expect(text).toContain('improvements (6; never a failure):');
  expect(text).toContain('IMPROVEMENT recall up: Potential Traffic Tunneling using QEMU @ elastic-defend: 30.0% [');
  expect(text).toContain('IMPROVEMENT recall up: Potential Traffic Tunneling using QEMU x hostfwd-reverse-shell @ elastic-defend: 0% [0–16.1] n=20 -> 100% [83.9–100] n=20');
  expect(text).toContain('newly caught by Potential Traffic Tunneling using QEMU: hostfwd-reverse-shell @ elastic-defend,');
  expect(text).toContain('gate passed: no regression in');
  expect(text).toContain('; 6 improvements');
  // A fall in false positives is an improvement as well.
  const noisy = current((ruleId, ds, e, i) => (e.scenarioId === 'ci-headless-test' && ds === 'splunk-xmlwineventlog-4688' && i < 4 ? true : baseVerdict(ruleId, ds, e, i)));
  expect(gateReports(noisy, baseline).improvements.map((i) => i.kind)).toEqual(['fpr-down', 'rate-down']);
});

test('fixtures (purpose report-safety) are not gated', () => {
  const noisy = buildReport(syntheticRun({ purposes: { 'ci-headless-test': 'report-safety' }, verdict: (ruleId, ds, e, i) => (e.scenarioId === 'ci-headless-test' ? true : baseVerdict(ruleId, ds, e, i)) }));
  const quiet = buildReport(syntheticRun({ purposes: { 'ci-headless-test': 'report-safety' } }));
  expect(gateReports(quiet, noisy).passed).toBe(true);
});

test('--max-recall-drop allows a drop up to the threshold and no further', () => {
  // decimal-ip: the Elastic rule goes from 10 of 20 to 0 of 20 in each data source: a drop of 0.5.
  const worse = current((ruleId, ds, e, i) => (ruleId === ELASTIC_RULE && e.variant === 'ip-as-decimal' ? false : baseVerdict(ruleId, ds, e, i)));
  expect(gateReports(baseline, worse, { maxRecallDrop: 0.5, maxFprRise: 0 }).passed).toBe(true);
  const failed = gateReports(baseline, worse, { maxRecallDrop: 0.49, maxFprRise: 0 });
  expect(failed.regressions.map((r) => r.kind)).toEqual(['recall-drop', 'recall-drop']);
});

test('a false positive rate rise beyond --max-fpr-rise is a regression', () => {
  const noisy = current((ruleId, ds, e, i) => (e.scenarioId === 'ci-headless-test' && ds === 'splunk-xmlwineventlog-4688' && i < 4 ? true : baseVerdict(ruleId, ds, e, i)));
  const result = gateReports(baseline, noisy);
  expect(result.regressions).toHaveLength(1);
  const regression = result.regressions[0];
  expect(regression).toMatchObject({ kind: 'fpr-rise', ruleId: SPLUNK_RULE, scenarioId: 'ci-headless-test', dataSourceId: 'splunk-xmlwineventlog-4688' });
  // Even indexes are Windows: events 0 and 2 of 10 stored there fire.
  expect(regression?.kind === 'fpr-rise' ? [regression.current.k, regression.current.n] : null).toEqual([2, 10]);
  expect(formatGateResult(result, { baseline: 'b', current: 'c' })).toContain('false positive rate 0% [0–27.8] n=10 -> 20.0% [5.7–51.0] n=10 (+20.0 points)');
  expect(gateReports(baseline, noisy, { maxRecallDrop: 0, maxFprRise: 0.2 }).passed).toBe(true);
  // A fall in false positives is never a regression.
  expect(gateReports(noisy, baseline).passed).toBe(true);
});

test('a rule that errors now, a rule gone, and a cell no longer tested are regressions', () => {
  const errored = buildReport(syntheticRun({ ruleErrors: { [SPLUNK_RULE]: 'unsupported command: bin' } }));
  const result = gateReports(baseline, errored);
  expect(result.regressions).toEqual([{ kind: 'rule-error', ruleId: SPLUNK_RULE, ruleName: 'QEMU Network Tunneling - Windows', message: 'unsupported command: bin' }]);

  const gone = structuredClone(baseline);
  gone.rules = gone.rules.filter((r) => r.id !== SPLUNK_RULE);
  gone.ruleScenarioDataSource = gone.ruleScenarioDataSource.filter((c) => c.ruleId !== SPLUNK_RULE);
  expect(gateReports(baseline, gone).regressions.map((r) => r.kind)).toEqual(['rule-missing']);

  const fewer = structuredClone(baseline);
  fewer.ruleScenarioDataSource = fewer.ruleScenarioDataSource.filter((c) => !(c.scenarioId === 'decimal-ip' && c.dataSourceId === 'elastic-defend'));
  expect(gateReports(baseline, fewer).regressions).toEqual([
    { kind: 'no-longer-tested', ruleId: ELASTIC_RULE, ruleName: 'Potential Traffic Tunneling using QEMU', scenarioId: 'decimal-ip', dataSourceId: 'elastic-defend', label: 'malicious' },
  ]);
  // The reverse (a cell the baseline lacks) only warns.
  const reverse = gateReports(fewer, baseline);
  expect(reverse.passed).toBe(true);
  expect(reverse.warnings).toEqual(['1 cell not in the baseline (new scenarios, data sources or rules): not gated until the baseline is updated']);
});

test('a different seed is a warning, not a regression', () => {
  const result = gateReports(baseline, buildReport(syntheticRun({ seed: 7 })));
  expect(result.passed).toBe(true);
  expect(result.warnings).toEqual(['seed differs: baseline 42, current 7; rates may move by sampling alone']);
});

test.describe('reading a report file', () => {
  test('malformed JSON names the file, line and column', () => {
    const error = inputErrorOf(() => parseReport('{\n  "schemaVersion": 1,\n}', 'baseline.json'));
    expect(error.location).toEqual({ file: 'baseline.json', line: 3, column: 1 });
    expect(error.format()).toMatch(/^baseline\.json:3:1: not valid JSON: /);
  });

  test('another schema version is bad input with the reason', () => {
    const text = renderJson(baseline).replace('"schemaVersion": 2', '"schemaVersion": 1');
    expect(inputErrorOf(() => parseReport(text, 'old.json')).format()).toBe(
      'old.json: report schema version 1 is not the version this dth reads (2); regenerate the report with this version of dth (what changed: reports/REPORT-SCHEMA.md, "Migrating from version 1")',
    );
    const newer = renderJson(baseline).replace('"schemaVersion": 2', '"schemaVersion": 3');
    expect(inputErrorOf(() => parseReport(newer, 'new.json')).format()).toBe('new.json: report schema version 3 is not the version this dth reads (2); regenerate the report with this version of dth');
    expect(inputErrorOf(() => parseReport('[]', 'a.json')).message).toBe('not a detection-harness report: expected a JSON object');
    expect(inputErrorOf(() => parseReport('{}', 'a.json')).message).toBe('not a detection-harness report: no schemaVersion');
  });

  test('a report that does not match the schema lists where', () => {
    const broken = JSON.parse(renderJson(baseline)) as { ruleScenarioDataSource: { metrics: { tp: unknown } }[] };
    const first = broken.ruleScenarioDataSource[0];
    if (first !== undefined) first.metrics.tp = -1;
    const error = inputErrorOf(() => parseReport(JSON.stringify(broken), 'x.json'));
    expect(error.message).toContain('does not match the report schema (reports/report.schema.json):');
    expect(error.message).toContain('/ruleScenarioDataSource/0/metrics/tp must be >= 0');
  });

  test('a missing file is bad input', () => {
    expect(inputErrorOf(() => readReportFile('/nonexistent/report.json')).format()).toBe('/nonexistent/report.json: no such file');
  });

  test('gateAgainstBaseline reads the baseline and gates an in-memory report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dth-gate-'));
    try {
      const file = join(dir, 'baseline.json');
      writeFileSync(file, renderJson(baseline));
      expect(gateAgainstBaseline(file, current(withoutHostfwd)).regressions).toHaveLength(4);
      expect(gateAgainstBaseline(file, baseline).passed).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A `dth run --backend all` report: unexplained parity differences included (they fail the run, not the gate). */
function withParity(report: Report): Report {
  return attachBackendSection(report, { parity: syntheticParity(), timings: TIMINGS });
}

test('the gate reads reports with or without a parity section and timings, and ignores both', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dth-gate-parity-'));
  try {
    const files = {
      plain: join(dir, 'plain.json'),
      parity: join(dir, 'parity.json'),
      weakenedParity: join(dir, 'weakened-parity.json'),
    };
    writeFileSync(files.plain, renderJson(baseline));
    writeFileSync(files.parity, renderJson(withParity(baseline)));
    writeFileSync(files.weakenedParity, renderJson(withParity(current(withoutHostfwd))));
    expect(withParity(baseline).parity?.ok).toBe(false);
    for (const [before, after] of [
      [files.plain, files.parity],
      [files.parity, files.plain],
      [files.parity, files.parity],
    ] as const) {
      const result = gateFiles({ baseline: before, current: after });
      expect(result.passed).toBe(true);
      expect(result.warnings).toEqual([]);
      expect(result.compared).toBe(baseline.ruleScenarioDataSource.length);
    }
    // Regressions are found exactly as without the section.
    expect(gateFiles({ baseline: files.parity, current: files.weakenedParity }).regressions).toEqual(gateReports(baseline, current(withoutHostfwd)).regressions);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.describe('dth gate (built CLI)', () => {
  let dir = '';
  test.beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dth-gate-cli-'));
    writeFileSync(join(dir, 'baseline.json'), renderJson(baseline));
    writeFileSync(join(dir, 'parity.json'), renderJson(withParity(baseline)));
    writeFileSync(join(dir, 'weakened.json'), renderJson(current(withoutHostfwd)));
    writeFileSync(join(dir, 'broken.json'), '{"schemaVersion": 1,');
  });
  test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('exit 0 when nothing regressed', () => {
    const result = dth(['gate', '--baseline', join(dir, 'baseline.json'), '--report', join(dir, 'baseline.json')]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('gate passed');
    const parity = dth(['gate', '--baseline', join(dir, 'baseline.json'), '--report', join(dir, 'parity.json')]);
    expect(parity.stderr).toBe('');
    expect(parity.status).toBe(0);
  });

  test('exit 1 listing every regression', () => {
    const result = dth(['gate', '--baseline', join(dir, 'baseline.json'), '--report', join(dir, 'weakened.json')]);
    expect(result.status).toBe(1);
    expect(result.stdout.match(/^REGRESSION recall drop/gm)).toHaveLength(4);
    expect(result.stdout).toContain('scenarios newly missed by Potential Traffic Tunneling using QEMU: hostfwd-reverse-shell, renamed-binary');
    expect(result.stderr).toContain('gate failed: 4 regressions');
  });

  test('thresholds accept a proportion or a percentage', () => {
    const args = ['gate', '--baseline', join(dir, 'baseline.json'), '--report', join(dir, 'weakened.json')];
    expect(dth([...args, '--max-recall-drop', '100%']).status).toBe(0);
    expect(dth([...args, '--max-recall-drop', '1']).status).toBe(0);
    expect(dth([...args, '--max-recall-drop', '0.99']).status).toBe(1);
  });

  test('exit 2 on a malformed baseline, a missing file or a bad threshold, naming what is wrong', () => {
    const broken = dth(['gate', '--baseline', join(dir, 'broken.json'), '--report', join(dir, 'baseline.json')]);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain(`${join(dir, 'broken.json')}:1:21: not valid JSON`);
    const missing = dth(['gate', '--baseline', join(dir, 'baseline.json'), '--report', join(dir, 'nope.json')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(`${join(dir, 'nope.json')}: no such file`);
    const threshold = dth(['gate', '--baseline', join(dir, 'baseline.json'), '--report', join(dir, 'baseline.json'), '--max-fpr-rise', 'lots']);
    expect(threshold.status).toBe(2);
    expect(threshold.stderr).toContain('--max-fpr-rise: expected a proportion such as 0.05 or 5%, got "lots"');
    expect(dth(['gate']).status).toBe(2);
  });
});
