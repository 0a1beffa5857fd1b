// Parity of embedded and real verdicts, the known-differences file, and SPL rows back to events.
import { expect, test } from '@playwright/test';
import type { CanonicalEvent } from '../../generators/canonical-event.js';
import type { SplunkRecord } from '../../harness/model/records.js';
import { correlateRows, rowEpochSeconds } from '../../harness/runner/correlate.js';
import { loadKnownDifferences, parseKnownDifferences } from '../../harness/runner/known-differences.js';
import { compareParity, describeUnexplained, type ParityCase } from '../../harness/runner/parity.js';
import { InputError } from '../../harness/errors.js';
import { fromRoot } from '../../harness/paths.js';

function event(id: string, scenarioId: string, label: 'malicious' | 'benign' = 'malicious'): CanonicalEvent {
  const process = { executable: 'C:\\qemu\\qemu-system-x86_64.exe', name: 'qemu-system-x86_64.exe', args: [], commandLine: '', pid: 1 };
  return {
    id,
    scenarioId,
    label,
    techniques: [],
    population: 'p',
    variant: null,
    os: 'windows',
    host: { name: 'WS-1', domain: '', ip: '10.0.0.1', id: 'h' },
    user: { name: 'u', domain: 'D', id: 'S-1' },
    timestamp: '2025-03-01T10:00:00.000Z',
    process,
    parent: process,
  };
}

const RULE = 'b29b7652-219f-468b-aa1f-5da7bcc24b03';
const events = new Map([
  ['e1', event('e1', 'hostfwd-basic')],
  ['e2', event('e2', 'double-dash-netdev')],
  ['e3', event('e3', 'benign-lab', 'benign')],
]);

function parityCase(embedded: string[], real: string[]): ParityCase {
  return { ruleId: RULE, dataSource: 'elastic-defend', backend: 'elasticsearch', events, embeddedMatches: new Set(embedded), realMatches: new Set(real) };
}

test('identical verdicts: no difference, every event counted as agreeing', () => {
  const report = compareParity([parityCase(['e1'], ['e1'])], []);
  expect(report.ok).toBe(true);
  expect(report.groups).toEqual([{ ruleId: RULE, dataSource: 'elastic-defend', backend: 'elasticsearch', events: 3, agreeing: 3, differences: [] }]);
});

test('an unlisted difference fails and carries the event', () => {
  const report = compareParity([parityCase(['e1'], ['e1', 'e2'])], []);
  expect(report.ok).toBe(false);
  expect(report.unexplained).toHaveLength(1);
  expect(report.unexplained[0]).toMatchObject({ eventId: 'e2', embedded: false, real: true, event: { scenarioId: 'double-dash-netdev' } });
  expect(describeUnexplained(report)).toEqual([
    `${RULE} / elastic-defend / elasticsearch: event e2 (malicious event of scenario double-dash-netdev): embedded does not match, elasticsearch matches`,
  ]);
});

test('listed differences are accepted with their reason; verdict-constrained entries must match the verdicts', () => {
  const known = parseKnownDifferences(
    [
      `- rule: ${RULE}`,
      '  dataSource: "*"',
      '  scenario: double-dash-netdev',
      '  embedded: false',
      '  real: true',
      '  reason: Elasticsearch matches --netdev through the keyword normalizer (example reason)',
      `- rule: ${RULE}`,
      '  dataSource: elastic-defend',
      '  backend: elasticsearch',
      '  event: e3',
      '  real: false',
      '  reason: only when the real engine does not match',
      `- rule: ${RULE}`,
      '  dataSource: windows-sysmon',
      '  event: e1',
      '  reason: never observed in this run',
    ].join('\n'),
    'known-differences.yaml',
  );
  // e2 differs as the first entry says; e3 differs the other way round than the second entry accepts.
  const report = compareParity([parityCase(['e1'], ['e1', 'e2', 'e3'])], known);
  expect(report.ok).toBe(false);
  expect(report.accepted.map((d) => [d.eventId, d.acceptedBy?.reason, d.acceptedBy?.where])).toEqual([
    ['e2', 'Elasticsearch matches --netdev through the keyword normalizer (example reason)', 'known-differences.yaml:1:3'],
  ]);
  expect(report.unexplained.map((d) => d.eventId)).toEqual(['e3']);
  expect(report.unusedKnownDifferences.map((k) => k.event ?? k.scenario)).toEqual(['e3', 'e1']);
  // With e3 agreeing, the run passes.
  expect(compareParity([parityCase(['e1'], ['e1', 'e2'])], known).ok).toBe(true);
});

test('a hit on an id that was not loaded is always unexplained', () => {
  const known = parseKnownDifferences(`- {rule: ${RULE}, dataSource: "*", event: ghost, reason: any}`, 'k.yaml');
  const report = compareParity([parityCase([], ['ghost'])], known);
  expect(report.ok).toBe(false);
  expect(report.unexplained[0]).toMatchObject({ eventId: 'ghost', real: true });
  expect(report.unexplained[0]?.event).toBeUndefined();
  expect(describeUnexplained(report)[0]).toContain('an id that was not loaded for this data source');
});

test('the committed known-differences file is an empty list', () => {
  expect(loadKnownDifferences(fromRoot('reports/known-differences.yaml'))).toEqual([]);
});

test('known-differences mistakes name the file, line and what was expected', () => {
  const cases: [string, RegExp][] = [
    ['rule: x', /^k\.yaml:1:1: expected a list of known differences/],
    ['- rule: x\n  dataSource: y\n  event: e\n', /^k\.yaml:1:3: known difference has no "reason"/],
    ['- rule: x\n  dataSource: y\n  event: e\n  scenario: s\n  reason: r\n', /exactly one of "event"/],
    ['- rule: x\n  dataSource: y\n  event: e\n  reason: r\n  colour: red\n', /^k\.yaml:5:3: unknown key "colour"/],
    ['- rule: x\n  dataSource: y\n  event: e\n  reason: r\n  backend: opensearch\n', /"backend" must be elasticsearch or splunk/],
    ['- rule: x\n  dataSource: y\n  event: e\n  reason: r\n  real: "yes"\n', /"real" must be true or false/],
    ['- [unclosed', /^k\.yaml:\d+:\d+: not valid YAML/],
  ];
  for (const [text, expected] of cases) {
    let error: unknown;
    try {
      parseKnownDifferences(text, 'k.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).format()).toMatch(expected);
  }
});

// The Splunk rule ends in `bin span=1s | stats ... by _time, host`: rows map back by host and whole second (pins).
test('SPL rows map back to events by host and second, in epoch or ISO form', () => {
  const records: SplunkRecord[] = [
    { _id: 'a', _raw: 'x', _time: 1740823200.123, host: 'WS-1', source: 's', sourcetype: 't', index: 'wineventlog' },
    { _id: 'b', _raw: 'x', _time: 1740823201.999, host: 'WS-1', source: 's', sourcetype: 't', index: 'wineventlog' },
    { _id: 'c', _raw: 'x', _time: 1740823201.5, host: 'WS-2', source: 's', sourcetype: 't', index: 'wineventlog' },
    { _id: 'd', _raw: 'x', _time: 1740823201.7, host: 'WS-2', source: 's', sourcetype: 't', index: 'wineventlog' },
  ];
  expect(rowEpochSeconds('1740823200.000')).toBe(1740823200);
  expect(rowEpochSeconds('2025-03-01T10:00:01.000+00:00')).toBe(1740823201);
  expect(rowEpochSeconds(undefined)).toBeUndefined();
  const result = correlateRows(
    [
      { _time: '1740823200.000', host: 'WS-1' },
      { _time: '2025-03-01T10:00:01.000+00:00', host: 'WS-1' },
      { _time: '1740823201.000', host: 'WS-2' },
      { _time: '1740823300.000', host: 'WS-9' },
    ],
    records,
  );
  expect(result.eventIds).toEqual(['a', 'b', 'c', 'd']);
  expect(result.ambiguousRows.map((r) => r.eventIds)).toEqual([['c', 'd']]);
  expect(result.unmatchedRows).toEqual([{ _time: '1740823300.000', host: 'WS-9' }]);
});

// tstats rows carry no host: the data model's dest (the event's computer name, an FQDN) stands in, and
// security_content's firstTime/lastTime (security_content_ctime: "%Y-%m-%dT%H:%M:%S", UTC) give the window.
test('tstats rows map back by dest (FQDN or short name) and the firstTime..lastTime window', () => {
  const rec = (id: string, host: string, t: number): SplunkRecord => ({ _id: id, _raw: 'x', _time: t, host, source: 's', sourcetype: 't', index: 'wineventlog' });
  const records = [rec('a', 'WS-1', 1740823200.4), rec('b', 'WS-1', 1740823260.2), rec('c', 'WS-1', 1740823400), rec('d', 'WS-2', 1740823200)];
  const result = correlateRows(
    [
      { 'Processes.dest': 'WS-1.corp.example', firstTime: '2025-03-01T10:00:00', lastTime: '2025-03-01T10:01:00', count: '2' },
      { dest: 'ws-2', firstTime: '1740823200', lastTime: '1740823200' },
      { dest: 'WS-9.corp.example', firstTime: '2025-03-01T10:00:00', lastTime: '2025-03-01T10:00:00' },
      { dest: 'WS-1', count: '3' },
    ],
    records,
  );
  expect(result.eventIds).toEqual(['a', 'b', 'd', 'a', 'b', 'c']);
  expect(result.unmatchedRows).toEqual([{ dest: 'WS-9.corp.example', firstTime: '2025-03-01T10:00:00', lastTime: '2025-03-01T10:00:00' }]);
  expect(result.ambiguousRows.map((r) => r.eventIds)).toEqual([['a', 'b'], ['a', 'b', 'c']]);
  expect(rowEpochSeconds('03/01/2025 10:00:01')).toBe(1740823201);
});
