import { expect, test } from '@playwright/test';
import { buildReport } from '../../reports/build-report.js';
import { EXAMPLES_PER_KIND } from '../../reports/metrics.js';
import type { Report } from '../../reports/model.js';
import type { RunInput } from '../../harness/runner/run-input.js';
import { RunInputError } from '../../reports/validate-input.js';
import { wilsonInterval, wilsonIntervalOfProportion } from '../../reports/wilson.js';
import { ELASTIC_RULE, eventId, HOSTILE_SCENARIO, SPLUNK_RULE, syntheticRun } from '../fixtures/reports/synthetic-run.js';

function cell(report: Report, ruleId: string, dataSourceId: string) {
  const found = report.ruleDataSource.find((c) => c.ruleId === ruleId && c.dataSourceId === dataSourceId);
  if (found === undefined) throw new Error(`no cell ${ruleId} x ${dataSourceId}`);
  return found;
}

function scenarioCell(report: Report, ruleId: string, scenarioId: string) {
  const found = report.ruleScenario.find((c) => c.ruleId === ruleId && c.scenarioId === scenarioId);
  if (found === undefined) throw new Error(`no cell ${ruleId} x ${scenarioId}`);
  return found;
}

function scenarioDsCell(report: Report, ruleId: string, scenarioId: string, dataSourceId: string) {
  const found = report.ruleScenarioDataSource.find((c) => c.ruleId === ruleId && c.scenarioId === scenarioId && c.dataSourceId === dataSourceId);
  if (found === undefined) throw new Error(`no cell ${ruleId} x ${scenarioId} x ${dataSourceId}`);
  return found;
}

test('event counts per rule x data source match the verdict table worked out by hand', () => {
  const report = buildReport(syntheticRun());
  // elastic-defend stores all 140 events: 100 malicious (5 scenarios), 40 benign. The Elastic rule fires
  // on hostfwd 20 + socket 20 + renamed 20 + decimal 10 (even indexes) + hostile 0 = 70, and on 2 dev-vm events.
  expect(cell(report, ELASTIC_RULE, 'elastic-defend').events).toEqual({ tp: 70, fn: 30, fp: 2, tn: 38 });
  // windows-sysmon: Windows events only (hostfwd and ci are half Linux): 90 malicious, 30 benign.
  expect(cell(report, ELASTIC_RULE, 'windows-sysmon').events).toEqual({ tp: 60, fn: 30, fp: 2, tn: 28 });
  expect(cell(report, ELASTIC_RULE, 'auditbeat').events).toEqual({ tp: 0, fn: 10, fp: 0, tn: 10 });
  // Splunk: XmlWinEventLog fires on malicious Windows events except renamed-binary and hostile: 10 + 20 + 20.
  expect(cell(report, SPLUNK_RULE, 'splunk-xmlwineventlog-4688').events).toEqual({ tp: 50, fn: 40, fp: 0, tn: 30 });
  // A rule only gets cells for its own SIEM's data sources.
  expect(report.ruleDataSource.filter((c) => c.ruleId === SPLUNK_RULE).map((c) => c.dataSourceId)).toEqual(['splunk-xmlwineventlog-4688', 'splunk-sysmon-1']);
});

test('recall and FPR per rule x data source are means over scenarios, with the Wilson interval over scenarios', () => {
  const m = cell(buildReport(syntheticRun()), ELASTIC_RULE, 'elastic-defend').metrics;
  // Five malicious scenarios in elastic-defend: hostfwd 20/20, socket 20/20, renamed 20/20, decimal 10/20,
  // hostile 0/20 -> (1 + 1 + 1 + 0.5 + 0) / 5 = 0.7 over n = 5 behaviours (not 70 of 100 events).
  const recall = wilsonIntervalOfProportion(0.7, 5);
  expect(m.recall).toEqual({ k: 3.5, n: 5, value: 0.7, low: recall?.low, high: recall?.high });
  // Two benign scenarios: dev-vm fires on 2 of 20 (0.1), ci on none -> 0.05 over n = 2.
  const fpr = wilsonIntervalOfProportion(0.05, 2);
  expect(m.falsePositiveRate).toEqual({ k: 0.1, n: 2, value: 0.05, low: fpr?.low, high: fpr?.high });
  expect(cell(buildReport(syntheticRun()), ELASTIC_RULE, 'elastic-defend').scenarios).toEqual({ malicious: { caught: 3, partial: 1, missed: 1 }, benign: { caught: 0, partial: 1, missed: 1 } });
});

test('a per-scenario cell keeps its own event-level fraction and Wilson interval', () => {
  const decimal = scenarioDsCell(buildReport(syntheticRun()), ELASTIC_RULE, 'decimal-ip', 'elastic-defend');
  const interval = wilsonInterval(10, 20);
  expect(decimal.metrics.recall).toEqual({ k: 10, n: 20, value: 0.5, low: interval?.low, high: interval?.high });
  expect(decimal.verdict).toBe('partial');
});

test('more replicas of the same behaviours do not narrow the aggregate interval', () => {
  // Every event observed four times over (as --scale 4 would give): the scenario fractions are the same,
  // so the rule x data source rates and intervals must be identical.
  const input = syntheticRun();
  const copies = [0, 1, 2, 3];
  const scaled = {
    ...input,
    events: copies.flatMap((c) => input.events.map((e) => ({ ...e, id: `${e.id}~${c}` }))),
    dataSources: input.dataSources.map((ds) => ({ ...ds, storedEventIds: copies.flatMap((c) => ds.storedEventIds.map((id) => `${id}~${c}`)) })),
    observations: copies.flatMap((c) => input.observations.map((o) => ({ ...o, eventId: `${o.eventId}~${c}` }))),
  };
  const one = buildReport(input).ruleDataSource.map((c) => c.metrics);
  const four = buildReport(scaled).ruleDataSource.map((c) => c.metrics);
  expect(four).toEqual(one);
});

test('weights: a weighted mean with Kish effective n', () => {
  const report = buildReport(syntheticRun({ weights: { 'socket-connect-tunnel': 3 } }));
  const defend = cell(report, ELASTIC_RULE, 'elastic-defend');
  // Weights 1, 3, 1, 1, 1 on fractions 1, 1, 1, 0.5, 0: mean (1 + 3 + 1 + 0.5 + 0) / 7; n_eff = 7^2 / (1 + 9 + 1 + 1 + 1) = 49 / 13.
  expect(defend.metrics.recall.value).toBeCloseTo(5.5 / 7, 12);
  expect(defend.metrics.recall.n).toBeCloseTo(49 / 13, 5);
  expect(defend.weighted).toBe(true);
  expect(cell(report, SPLUNK_RULE, 'splunk-sysmon-1').weighted).toBe(true);
});

test('a fixture scenario (purpose report-safety) runs and keeps its cells but counts toward no rate', () => {
  const report = buildReport(syntheticRun({ purposes: { 'dev-vm-port-forward': 'report-safety' } }));
  const scenario = report.scenarios.find((s) => s.id === 'dev-vm-port-forward');
  expect(scenario).toMatchObject({ purpose: 'report-safety', countsTowardRates: false });
  expect(report.scenarios.find((s) => s.id === 'ci-headless-test')?.countsTowardRates).toBe(true);
  const defend = cell(report, ELASTIC_RULE, 'elastic-defend');
  // Only ci-headless-test is left among the benign scenarios: the 2 dev-vm false positives are gone.
  expect(defend.metrics.falsePositiveRate).toMatchObject({ k: 0, n: 1, value: 0 });
  expect(defend.events.fp).toBe(0);
  expect(defend.examples.fp).toEqual([]);
  expect(report.rules.find((r) => r.id === ELASTIC_RULE)?.anyDataSource?.firing).toEqual([]);
  // Its own cell is still there (its pins are still judged on it).
  expect(scenarioDsCell(report, ELASTIC_RULE, 'dev-vm-port-forward', 'elastic-defend').metrics.fp).toBe(2);
});

test('a rate over n = 0 is null, not 0', () => {
  const report = buildReport(syntheticRun());
  // A benign scenario has no malicious events: recall is undefined; no alert: precision is undefined.
  const benign = scenarioDsCell(report, SPLUNK_RULE, 'ci-headless-test', 'splunk-xmlwineventlog-4688').metrics;
  expect(benign.recall).toEqual({ k: 0, n: 0, value: null, low: null, high: null });
  expect(benign.precision).toEqual({ k: 0, n: 0, value: null, low: null, high: null });
  expect(benign.falsePositiveRate.value).toBe(0);
});

test('blind spots name the data source and why: not selected, field absent, or no match', () => {
  const report = buildReport(syntheticRun());
  const spots = report.blindSpots.map((s) => [s.ruleId, s.dataSourceId, s.kind]);
  expect(spots).toEqual([
    [ELASTIC_RULE, 'system-security-4688', 'fields-absent'],
    [ELASTIC_RULE, 'auditbeat', 'not-selected'],
    [SPLUNK_RULE, 'splunk-sysmon-1', 'no-match'],
  ]);
  expect(report.blindSpots[0]?.reason).toContain('process.args');
  expect(report.blindSpots[1]?.reason).toContain('no index pattern matches auditbeat-9.1.0');
  expect(report.blindSpots[2]?.reason).toContain('requires EventCode=4688');
  // Five malicious scenarios reach splunk-sysmon-1 (Windows events): 0 of 5 behaviours.
  expect(report.blindSpots[2]?.recall).toMatchObject({ k: 0, n: 5 });
  expect(cell(report, ELASTIC_RULE, 'auditbeat').blind).toBe(true);
  expect(cell(report, ELASTIC_RULE, 'auditbeat').searched).toBe(false);
  expect(cell(report, ELASTIC_RULE, 'elastic-defend').blind).toBe(false);
  expect(report.rules.find((r) => r.id === ELASTIC_RULE)?.coveredDataSourceIds).toEqual(['elastic-defend', 'windows-sysmon']);
  expect(report.rules.find((r) => r.id === ELASTIC_RULE)?.searchedDataSourceIds).toEqual(['elastic-defend', 'windows-sysmon', 'system-security-4688']);
  expect(report.rules.find((r) => r.id === ELASTIC_RULE)?.selectorsWithoutData).toEqual(['endgame-*']);
});

test('per-variant figures are per covered data source, never pooled', () => {
  const report = buildReport(syntheticRun());
  const decimal = report.ruleVariant.filter((c) => c.ruleId === ELASTIC_RULE && c.variant === 'ip-as-decimal');
  expect(decimal.map((c) => [c.dataSourceId, c.recall.k, c.recall.n, c.scenarioIds])).toEqual([
    ['elastic-defend', 0.5, 1, ['decimal-ip']],
    ['windows-sysmon', 0.5, 1, ['decimal-ip']],
  ]);
});

test('"any data source" coverage judges each scenario by its best searched source', () => {
  const report = buildReport(syntheticRun());
  const elastic = report.rules.find((r) => r.id === ELASTIC_RULE)?.anyDataSource;
  // Best searched fractions: hostfwd 1, socket 1, renamed 1, decimal 0.5, hostile 0.
  expect(elastic).toMatchObject({ caught: ['hostfwd-reverse-shell', 'socket-connect-tunnel', 'renamed-binary'], partial: ['decimal-ip'], missed: [HOSTILE_SCENARIO], firing: ['dev-vm-port-forward'] });
  expect(elastic?.recall).toMatchObject({ k: 3.5, n: 5, value: 0.7 });
  const splunk = report.rules.find((r) => r.id === SPLUNK_RULE)?.anyDataSource;
  expect(splunk?.missed).toEqual(['renamed-binary', HOSTILE_SCENARIO]);
});

test('scenario verdicts are per data source; the cross-source verdict is "in any source"', () => {
  const report = buildReport(syntheticRun());
  expect(scenarioCell(report, ELASTIC_RULE, 'renamed-binary')).toMatchObject({
    verdictInAnySource: 'caught',
    caughtIn: ['elastic-defend', 'windows-sysmon'],
    partialIn: [],
    missedIn: ['system-security-4688'],
  });
  expect(scenarioCell(report, SPLUNK_RULE, 'renamed-binary').verdictInAnySource).toBe('missed');
  expect(scenarioCell(report, ELASTIC_RULE, 'decimal-ip').verdictInAnySource).toBe('partial');
  // 2 of 20 dev-vm events fire: a benign scenario the rule fires on sometimes.
  expect(scenarioCell(report, ELASTIC_RULE, 'dev-vm-port-forward').verdictInAnySource).toBe('partial');
  expect(scenarioCell(report, SPLUNK_RULE, 'ci-headless-test').verdictInAnySource).toBe('missed');
  expect(scenarioDsCell(report, ELASTIC_RULE, 'renamed-binary', 'system-security-4688').verdict).toBe('missed');
});

test('cross-SIEM disagreements: caught by one rule, missed by the other; missed by both is no disagreement', () => {
  const report = buildReport(syntheticRun());
  expect(report.disagreements).toEqual([{ scenarioId: 'renamed-binary', label: 'malicious', caughtBy: [ELASTIC_RULE], missedBy: [SPLUNK_RULE] }]);
  // A fixture is no evidence: it disagrees with nothing.
  expect(buildReport(syntheticRun({ purposes: { 'renamed-binary': 'report-safety' } })).disagreements).toEqual([]);
});

test('evasions list the variants that beat each rule per covered data source, next to recall on the same populations unmodified', () => {
  const report = buildReport(syntheticRun());
  const summary = report.evasions.map((e) => [e.ruleId, e.variant, e.beats, e.dataSources.map((d) => [d.dataSourceId, d.recall.k, d.recall.n, d.unmodifiedRecall.k, d.unmodifiedRecall.n])]);
  expect(summary).toEqual([
    [ELASTIC_RULE, 'ip-as-decimal', 'partially', [['elastic-defend', 0.5, 1, 1, 1], ['windows-sysmon', 0.5, 1, 1, 1]]],
    [ELASTIC_RULE, 'hostile-text', 'fully', [['elastic-defend', 0, 1, 0, 0], ['windows-sysmon', 0, 1, 0, 0]]],
    [SPLUNK_RULE, 'renamed-binary', 'fully', [['splunk-xmlwineventlog-4688', 0, 1, 1, 1]]],
    [SPLUNK_RULE, 'hostile-text', 'fully', [['splunk-xmlwineventlog-4688', 0, 1, 0, 0]]],
  ]);
  expect(report.evasions[0]?.scenarioIds).toEqual(['decimal-ip']);
  expect(report.evasions[0]?.examples).toEqual([eventId('decimal-ip', 1), eventId('decimal-ip', 3), eventId('decimal-ip', 5)]);
});

test('pinned expectations are judged in each data source that recorded the scenario, with per-source overrides', () => {
  const report = buildReport(syntheticRun());
  const statuses = report.expectations.map((e) => [e.scenarioId, e.ruleId, e.dataSourceId, e.expected, e.status, e.observedVerdict, e.observed]);
  expect(statuses).toEqual([
    ['hostfwd-reverse-shell', ELASTIC_RULE, 'elastic-defend', 'detect', 'held', 'detect', 'fired on 20 of 20 events'],
    ['hostfwd-reverse-shell', ELASTIC_RULE, 'windows-sysmon', 'detect', 'held', 'detect', 'fired on 10 of 10 events'],
    ['hostfwd-reverse-shell', ELASTIC_RULE, 'system-security-4688', 'miss', 'held', 'miss', 'fired on 0 of 10 events'],
    ['hostfwd-reverse-shell', ELASTIC_RULE, 'auditbeat', 'miss', 'held', 'miss', 'fired on 0 of 10 events'],
    ['hostfwd-reverse-shell', SPLUNK_RULE, 'splunk-xmlwineventlog-4688', 'detect', 'held', 'detect', 'fired on 10 of 10 events'],
    ['hostfwd-reverse-shell', SPLUNK_RULE, 'splunk-sysmon-1', 'miss', 'held', 'miss', 'fired on 0 of 10 events'],
    ['renamed-binary', SPLUNK_RULE, 'splunk-xmlwineventlog-4688', 'miss', 'held', 'miss', 'fired on 0 of 20 events'],
    ['renamed-binary', SPLUNK_RULE, 'splunk-sysmon-1', 'miss', 'held', 'miss', 'fired on 0 of 20 events'],
    // An attack pinned as a gap that the rule now catches: an improvement, not a failure.
    ['renamed-binary', ELASTIC_RULE, 'elastic-defend', 'miss', 'stale', 'detect', 'fired on 20 of 20 events'],
    ['renamed-binary', ELASTIC_RULE, 'windows-sysmon', 'miss', 'stale', 'detect', 'fired on 20 of 20 events'],
    ['renamed-binary', ELASTIC_RULE, 'system-security-4688', 'miss', 'held', 'miss', 'fired on 0 of 20 events'],
    // A pinned detection the rule does not make: a failure.
    [HOSTILE_SCENARIO, ELASTIC_RULE, 'elastic-defend', 'detect', 'failed', 'miss', 'fired on 0 of 20 events'],
    [HOSTILE_SCENARIO, ELASTIC_RULE, 'windows-sysmon', 'detect', 'failed', 'miss', 'fired on 0 of 20 events'],
    [HOSTILE_SCENARIO, ELASTIC_RULE, 'system-security-4688', 'detect', 'failed', 'miss', 'fired on 0 of 20 events'],
    ['dev-vm-port-forward', 'no-such-rule', null, 'miss', 'not-evaluated', null, 'rule not part of this run'],
    ['ci-headless-test', ELASTIC_RULE, 'elastic-defend', 'miss', 'held', 'miss', 'fired on 0 of 20 events'],
    ['ci-headless-test', ELASTIC_RULE, 'windows-sysmon', 'miss', 'held', 'miss', 'fired on 0 of 10 events'],
    ['ci-headless-test', ELASTIC_RULE, 'system-security-4688', 'miss', 'held', 'miss', 'fired on 0 of 10 events'],
    ['ci-headless-test', ELASTIC_RULE, 'auditbeat', 'miss', 'held', 'miss', 'fired on 0 of 10 events'],
  ]);
  expect(report.expectations.filter((e) => e.status === 'stale').map((e) => e.pinnedAt)).toEqual(['scenarios/qemu-tunneling.yaml:88:7', 'scenarios/qemu-tunneling.yaml:88:7']);
  expect(report.expectations.filter((e) => e.status === 'failed').map((e) => e.pinnedAt)).toEqual(Array(3).fill('scenarios/qemu-tunneling.yaml:96:7'));
  expect(report.totals.expectationFailures).toBe(3);
  expect(report.totals.stalePins).toBe(2);
});

test('a partial outcome fails a detect pin on an attack, improves on a miss pin, and holds a partial pin', () => {
  const input = syntheticRun();
  const decimal = input.scenarios.find((s) => s.id === 'decimal-ip');
  decimal?.expectations.push({ ruleId: ELASTIC_RULE, verdict: 'detect', sources: { 'windows-sysmon': 'miss', 'system-security-4688': 'partial' } });
  const devVm = input.scenarios.find((s) => s.id === 'dev-vm-port-forward');
  // A benign tool: firing on some events is worse than a pinned quiet (miss), better than a pinned detect.
  devVm?.expectations.push({ ruleId: ELASTIC_RULE, verdict: 'miss', sources: { 'windows-sysmon': 'detect', 'system-security-4688': 'partial' } });
  const results = buildReport(input).expectations.filter((e) => e.ruleId === ELASTIC_RULE && (e.scenarioId === 'decimal-ip' || e.scenarioId === 'dev-vm-port-forward'));
  expect(results.map((e) => [e.scenarioId, e.dataSourceId, e.expected, e.status, e.observed])).toEqual([
    ['decimal-ip', 'elastic-defend', 'detect', 'failed', 'fired on 10 of 20 events'],
    ['decimal-ip', 'windows-sysmon', 'miss', 'stale', 'fired on 10 of 20 events'],
    ['decimal-ip', 'system-security-4688', 'partial', 'failed', 'fired on 0 of 20 events'],
    ['dev-vm-port-forward', 'elastic-defend', 'miss', 'failed', 'fired on 2 of 20 events'],
    ['dev-vm-port-forward', 'windows-sysmon', 'detect', 'stale', 'fired on 2 of 20 events'],
    ['dev-vm-port-forward', 'system-security-4688', 'partial', 'stale', 'fired on 0 of 20 events'],
  ]);
});

test('a pin about a data source that recorded nothing never holds; one the run left out (--source) is not evaluated', () => {
  const input = syntheticRun();
  const scenario = input.scenarios.find((s) => s.id === 'socket-connect-tunnel');
  scenario?.expectations.push({ ruleId: ELASTIC_RULE, verdict: 'detect', sources: { auditbeat: 'miss', 'crowdstrike-fdr': 'detect', 'splunk-sysmon-1': 'miss' } });
  const all = buildReport(input).expectations.filter((e) => e.scenarioId === 'socket-connect-tunnel');
  expect(all.filter((e) => e.status === 'failed').map((e) => [e.dataSourceId, e.observed])).toEqual([
    // The rule's own verdict (detect) applies where the scenario landed and no override says otherwise.
    ['system-security-4688', 'fired on 0 of 20 events'],
    ['auditbeat', 'recorded no event of the scenario'],
    ['splunk-sysmon-1', 'a splunk data source; the rule runs on elastic'],
  ]);
  // Before: a --source subset failed every pin on the sources it left out.
  expect(all.filter((e) => e.status === 'not-evaluated').map((e) => [e.dataSourceId, e.observed])).toEqual([['crowdstrike-fdr', 'data source not part of this run']]);
});

test('examples: at most three ids per outcome, the first in input order, each with its command line in events', () => {
  const report = buildReport(syntheticRun());
  const defend = cell(report, ELASTIC_RULE, 'elastic-defend');
  expect(defend.examples.tp).toEqual([0, 1, 2].map((i) => eventId('hostfwd-reverse-shell', i)));
  expect(defend.examples.fn).toEqual([1, 3, 5].map((i) => eventId('decimal-ip', i)));
  expect(defend.examples.fp).toEqual([0, 1].map((i) => eventId('dev-vm-port-forward', i)));
  for (const c of [...report.ruleDataSource, ...report.ruleScenarioDataSource]) {
    for (const ids of Object.values(c.examples)) {
      expect(ids.length).toBeLessThanOrEqual(EXAMPLES_PER_KIND);
      for (const id of ids) expect(Object.hasOwn(report.events, id), id).toBe(true);
    }
  }
  expect(report.events[eventId('decimal-ip', 1)]?.commandLine).toContain('hostfwd=tcp::2201-:22');
  expect(report.events[eventId('decimal-ip', 1)]?.user).toBe('CORP\\alice');
});

test('a rule that failed to run is an error with its message, never a miss', () => {
  const report = buildReport(syntheticRun({ ruleErrors: { [SPLUNK_RULE]: 'unsupported command: bin' } }));
  expect(report.errors).toEqual([{ kind: 'rule-error', ruleId: SPLUNK_RULE, backend: 'embedded-spl', message: 'unsupported command: bin' }]);
  const rule = report.rules.find((r) => r.id === SPLUNK_RULE);
  expect(rule?.anyDataSource).toBeNull();
  expect(rule?.error).toBe('unsupported command: bin');
  expect(report.ruleDataSource.some((c) => c.ruleId === SPLUNK_RULE)).toBe(false);
  expect(report.blindSpots.some((b) => b.ruleId === SPLUNK_RULE)).toBe(false);
  expect(report.disagreements).toEqual([]);
  // Said once: the error is in errors; its pins are not evaluated (not one failure per pin).
  const splunkExpectations = report.expectations.filter((e) => e.ruleId === SPLUNK_RULE);
  expect(splunkExpectations.map((e) => [e.scenarioId, e.dataSourceId, e.status, e.observed])).toEqual([
    ['hostfwd-reverse-shell', null, 'not-evaluated', 'rule failed to run (reported once under errors)'],
    ['renamed-binary', null, 'not-evaluated', 'rule failed to run (reported once under errors)'],
  ]);
});

test('rejected records are reported as errors: counts in = counts out', () => {
  const input = syntheticRun();
  const defend = input.dataSources[0];
  if (defend === undefined) throw new Error('fixture changed');
  const lost = defend.storedEventIds.splice(0, 1);
  defend.rejected.push({ eventId: lost[0] as string, reason: 'mapper_parsing_exception: process.pid' });
  input.observations = input.observations.filter((o) => !(o.dataSourceId === defend.id && o.eventId === lost[0]));
  const report = buildReport(input);
  expect(report.errors).toEqual([
    { kind: 'records-rejected', dataSourceId: 'elastic-defend', count: 1, examples: [{ eventId: lost[0], reason: 'mapper_parsing_exception: process.pid' }] },
  ]);
  expect(report.dataSources[0]?.events.total).toBe(139);
});

test('inconsistent input is refused with every problem listed', () => {
  const missing = syntheticRun();
  missing.observations.splice(5, 2);
  expect(() => buildReport(missing)).toThrow(/rule b29b7652-219f-468b-aa1f-5da7bcc24b03 x data source elastic-defend: 138 observations for 140 stored events/);

  const errored = syntheticRun({ ruleErrors: { [ELASTIC_RULE]: 'boom' } });
  errored.observations.push({ ruleId: ELASTIC_RULE, dataSourceId: 'elastic-defend', eventId: eventId('decimal-ip', 0), fired: false });
  expect(() => buildReport(errored)).toThrow(/errored, so it has no observations/);

  const crossed = syntheticRun();
  crossed.observations.push({ ruleId: SPLUNK_RULE, dataSourceId: 'elastic-defend', eventId: eventId('decimal-ip', 0), fired: true });
  expect(() => buildReport(crossed)).toThrow(/a splunk rule cannot observe a elastic data source/);

  const mislabelled = syntheticRun();
  const first = mislabelled.events[0];
  if (first !== undefined) first.label = 'benign';
  try {
    buildReport(mislabelled);
    throw new Error('expected a RunInputError');
  } catch (error) {
    expect(error).toBeInstanceOf(RunInputError);
    expect((error as RunInputError).problems).toContain(`event ${eventId('hostfwd-reverse-shell', 0)}: label benign differs from its scenario hostfwd-reverse-shell (malicious)`);
  }
});

test('the same input gives the same report, and the input is not modified', () => {
  const input = syntheticRun();
  const before = JSON.stringify(input);
  const first = JSON.stringify(buildReport(input));
  expect(JSON.stringify(buildReport(syntheticRun()))).toBe(first);
  expect(JSON.stringify(input)).toBe(before);
});

test('ids such as __proto__ are plain keys', () => {
  const input: RunInput = {
    meta: syntheticRun().meta,
    rules: [{ ...syntheticRun().rules[0], id: 'r', selectors: [] } as RunInput['rules'][number]],
    dataSources: [{ id: 'ds', siem: 'elastic', title: 'ds', storedEventIds: ['__proto__', 'constructor'], rejected: [] }],
    scenarios: [{ id: '__proto__', title: 't', label: 'malicious', techniques: [], population: 'p', variant: null, references: [], purpose: 'detection', weight: 1, expectations: [] }],
    events: ['__proto__', 'constructor'].map((id) => ({ ...syntheticRun().events[0], id, scenarioId: '__proto__' }) as RunInput['events'][number]),
    observations: [
      { ruleId: 'r', dataSourceId: 'ds', eventId: '__proto__', fired: true },
      { ruleId: 'r', dataSourceId: 'ds', eventId: 'constructor', fired: false },
    ],
    coverage: [],
  };
  const report = buildReport(input);
  expect(report.dataSources[0]?.scenarioEvents['__proto__']).toBe(2);
  expect(Object.keys(report.events)).toEqual(['__proto__', 'constructor']);
  const parsed = JSON.parse(JSON.stringify(report)) as Report;
  expect(Object.hasOwn(parsed.events, '__proto__')).toBe(true);
  expect(report.ruleDataSource[0]?.events).toMatchObject({ tp: 1, fn: 1 });
});

test('the order of observations across rule × data source cells changes nothing in the report or its checks', () => {
  // build-report.ts tally() and validate-input.ts look a cell up once per run of observations of the same
  // rule and source; interleaving the cells (each cell's own order kept, so its examples stay the same)
  // must give the same report, and a duplicate far from its first observation is still found.
  const input = syntheticRun();
  const expected = buildReport(input);
  const byCell = new Map<string, RunInput['observations']>();
  for (const o of input.observations) {
    const key = `${o.ruleId} ${o.dataSourceId}`;
    byCell.set(key, [...(byCell.get(key) ?? []), o]);
  }
  expect(byCell.size).toBeGreaterThan(2);
  const interleaved: RunInput['observations'] = [];
  const queues = [...byCell.values()];
  while (queues.some((q) => q.length > 0)) for (const q of queues) if (q.length > 0) interleaved.push(q.shift() as RunInput['observations'][number]);
  expect(interleaved.length).toBe(input.observations.length);
  const report = buildReport({ ...input, observations: interleaved });
  expect(report.ruleDataSource).toEqual(expected.ruleDataSource);
  expect(report.ruleScenarioDataSource).toEqual(expected.ruleScenarioDataSource);
  expect(report).toEqual(expected);

  const first = interleaved[0] as RunInput['observations'][number];
  expect(() => buildReport({ ...input, observations: [...interleaved, first] })).toThrow(/observed twice/);
});
