// The report's parity section and backend timings: attachBackendSection(), the schema, and every writer's
// parity output. The parity results come from harness/runner/parity.ts over the synthetic run, with
// differences planted in the fixture (test/fixtures/reports/synthetic-run.ts).
import { expect, test } from '@playwright/test';
import { XMLValidator } from 'fast-xml-parser';
import type { CanonicalEvent } from '../../generators/canonical-event.js';
import { Redactor } from '../../harness/backends/credentials.js';
import { parseKnownDifferences } from '../../harness/runner/known-differences.js';
import { compareParity, type ParityReport } from '../../harness/runner/parity.js';
import { buildReport } from '../../reports/build-report.js';
import type { Report } from '../../reports/model.js';
import { attachBackendSection } from '../../reports/parity-section.js';
import { parseReport, reportSchemaErrors } from '../../reports/report-file.js';
import { renderHtml } from '../../reports/writers/html.js';
import { renderJson } from '../../reports/writers/json.js';
import { renderJunit } from '../../reports/writers/junit.js';
import { renderMarkdown } from '../../reports/writers/markdown.js';
import { renderTerminal } from '../../reports/writers/terminal.js';
import {
  ELASTIC_RULE,
  eventId,
  GHOST_EVENT,
  HOSTILE_SCENARIO,
  KNOWN_DIFFERENCES_FILE,
  SPLUNK_RULE,
  syntheticEvents,
  syntheticParity,
  syntheticRun,
  TIMINGS,
} from '../fixtures/reports/synthetic-run.js';
import { expectMarkdownTablesWellFormed, expectNoRawHtml, parseJunit } from './format-checks.js';

const HOSTILE_EVENT = eventId(HOSTILE_SCENARIO, 5);
const CI_EVENT = eventId('ci-headless-test', 7);

function withParity(parity: ParityReport = syntheticParity()): Report {
  return attachBackendSection(buildReport(syntheticRun()), { parity, timings: TIMINGS });
}

function squash(text: string): string {
  return text.replace(/[ \t]+/g, ' ');
}

test.describe('attachBackendSection', () => {
  test('an embedded-only run keeps its report and every rendering byte for byte', () => {
    for (const input of [syntheticRun(), syntheticRun({ ruleErrors: { [SPLUNK_RULE]: 'boom <x>' } })]) {
      const report = buildReport(input);
      const same = attachBackendSection(report, { parity: null, timings: [] });
      expect(Object.keys(same)).toEqual(Object.keys(report));
      expect('parity' in same || 'backendTimings' in same).toBe(false);
      expect(renderJson(same)).toBe(renderJson(report));
      expect(renderJunit(same)).toBe(renderJunit(report));
      expect(renderMarkdown(same)).toBe(renderMarkdown(report));
      expect(renderHtml(same)).toBe(renderHtml(report));
      for (const color of [false, true]) expect(renderTerminal(same, { color })).toBe(renderTerminal(report, { color }));
    }
  });

  test('pure: the report it is given is not modified', () => {
    const report = buildReport(syntheticRun());
    const before = renderJson(report);
    const attached = attachBackendSection(report, { parity: syntheticParity(), timings: TIMINGS });
    expect(renderJson(report)).toBe(before);
    expect(Object.hasOwn(report.events, CI_EVENT)).toBe(false);
    expect(Object.hasOwn(attached.events, CI_EVENT)).toBe(true);
  });

  test('a real backend without parity adds only the timings, sorted by backend', () => {
    const report = buildReport(syntheticRun());
    const attached = attachBackendSection(report, { parity: null, timings: TIMINGS });
    expect('parity' in attached).toBe(false);
    expect(attached.events).toBe(report.events);
    expect(attached.backendTimings).toEqual([
      { backend: 'elasticsearch', mode: 'container', readyMs: 18234.5, loadMs: 1520.25, searchMs: 88.5, searches: 8 },
      { backend: 'splunk', mode: 'url', readyMs: 412.5, loadMs: 2375.25, searchMs: 640.5, searches: 12 },
    ]);
  });

  test('groups in report order with counts worked out by hand', () => {
    const parity = withParity().parity;
    expect(parity?.ok).toBe(false);
    expect(parity?.backends).toEqual(['elasticsearch', 'splunk']);
    // The fixture lists the Splunk case first and windows-sysmon before elastic-defend: the report's order wins.
    // elastic-defend holds 140 events: 4 loaded ones differ, plus the ghost id; windows-sysmon (120) agrees;
    // splunk-xmlwineventlog-4688 (120 Windows events) differs on 2.
    expect(parity?.groups).toEqual([
      { ruleId: ELASTIC_RULE, dataSourceId: 'elastic-defend', backend: 'elasticsearch', events: 140, agreeing: 136, differences: 5, accepted: 2, unexplained: 3 },
      { ruleId: ELASTIC_RULE, dataSourceId: 'windows-sysmon', backend: 'elasticsearch', events: 120, agreeing: 120, differences: 0, accepted: 0, unexplained: 0 },
      { ruleId: SPLUNK_RULE, dataSourceId: 'splunk-xmlwineventlog-4688', backend: 'splunk', events: 120, agreeing: 118, differences: 2, accepted: 1, unexplained: 1 },
    ]);
  });

  test('every difference: accepted with its reason and file:line:column, or unexplained', () => {
    const rows = withParity().parity?.differences.map((d) => [d.dataSourceId, d.eventId, d.embedded, d.real, d.loaded, d.status, d.acceptedBy?.where ?? null]);
    expect(rows).toEqual([
      ['elastic-defend', CI_EVENT, false, true, true, 'unexplained', null],
      ['elastic-defend', eventId('decimal-ip', 1), false, true, true, 'accepted', `${KNOWN_DIFFERENCES_FILE}:2:3`],
      ['elastic-defend', eventId('decimal-ip', 3), false, true, true, 'accepted', `${KNOWN_DIFFERENCES_FILE}:2:3`],
      ['elastic-defend', GHOST_EVENT, false, true, false, 'unexplained', null],
      ['elastic-defend', HOSTILE_EVENT, false, true, true, 'unexplained', null],
      ['splunk-xmlwineventlog-4688', eventId('hostfwd-reverse-shell', 0), true, false, true, 'accepted', `${KNOWN_DIFFERENCES_FILE}:8:3`],
      ['splunk-xmlwineventlog-4688', eventId('socket-connect-tunnel', 4), true, false, true, 'unexplained', null],
    ]);
    const accepted = withParity().parity?.differences.find((d) => d.eventId === eventId('decimal-ip', 1));
    expect(accepted?.acceptedBy?.reason).toBe('Elasticsearch parses the decimal address <b>as an IP</b>');
  });

  test('every event a difference cites has its material in events, in the shape the report uses', () => {
    const base = buildReport(syntheticRun());
    const report = withParity();
    const canonical = new Map(syntheticEvents().map((e) => [e.id, e]));
    // Not cited by anything else in the report: the parity section brought them in.
    for (const id of [CI_EVENT, HOSTILE_EVENT, eventId('socket-connect-tunnel', 4)]) expect(Object.hasOwn(base.events, id), id).toBe(false);
    for (const d of report.parity?.differences ?? []) {
      if (!d.loaded) continue;
      const e = canonical.get(d.eventId) as CanonicalEvent;
      expect(report.events[d.eventId], d.eventId).toEqual(base.events[d.eventId] ?? report.events[d.eventId]);
      expect(report.events[d.eventId]).toMatchObject({
        scenarioId: e.scenarioId,
        label: e.label,
        host: e.host.name,
        user: e.user.domain === '' ? e.user.name : `${e.user.domain}\\${e.user.name}`,
        commandLine: e.process.commandLine,
        parentCommandLine: e.parent.commandLine,
      });
    }
    expect(report.events[HOSTILE_EVENT]?.user).toBe('CORP\\<i>mallory</i>');
    // An id that was never loaded has no event of its own.
    expect(Object.hasOwn(report.events, GHOST_EVENT)).toBe(false);
    // The events the report already had keep their place; the new ones follow, by id.
    const keys = Object.keys(report.events);
    expect(keys.slice(0, Object.keys(base.events).length)).toEqual(Object.keys(base.events));
    expect(keys.slice(Object.keys(base.events).length)).toEqual([CI_EVENT, HOSTILE_EVENT, eventId('socket-connect-tunnel', 4)]);
  });

  test('an id matched where it was not loaded borrows the material the run has for it', () => {
    const input = syntheticRun();
    const byId = new Map(input.events.map((e) => [e.id, e as CanonicalEvent]));
    const splunk = input.dataSources.find((d) => d.id === 'splunk-xmlwineventlog-4688');
    const events = new Map((splunk?.storedEventIds ?? []).map((id) => [id, byId.get(id) as CanonicalEvent]));
    // ci-headless-test#01 is a Linux event: never loaded into the Windows-only Splunk source, but cited by the report.
    const linux = eventId('ci-headless-test', 1);
    const parity = compareParity([{ ruleId: SPLUNK_RULE, dataSource: 'splunk-xmlwineventlog-4688', backend: 'splunk', events, embeddedMatches: new Set(), realMatches: new Set([linux]) }], []);
    const report = attachBackendSection(buildReport(input), { parity, timings: [] });
    expect(report.parity?.differences).toEqual([
      { ruleId: SPLUNK_RULE, dataSourceId: 'splunk-xmlwineventlog-4688', backend: 'splunk', eventId: linux, embedded: false, real: true, loaded: false, status: 'unexplained', acceptedBy: null },
    ]);
    expect(report.events[linux]?.os).toBe('linux');
    expect(renderTerminal(report, { color: false })).toContain(`${linux} (an id not loaded for this data source: benign event of scenario ci-headless-test)`);
    // No timings, no backends from them: only the one in the groups.
    expect(report.parity?.backends).toEqual(['splunk']);
    expect('backendTimings' in report).toBe(false);
  });

  test('unused known-difference entries, as written, in file order', () => {
    expect(withParity().parity?.unusedKnownDifferences).toEqual([
      {
        rule: ELASTIC_RULE,
        dataSource: 'auditbeat',
        backend: null,
        event: null,
        scenario: 'renamed-binary',
        embedded: null,
        real: null,
        reason: 'stale entry <script>window.__pwned=8</script>',
        where: `${KNOWN_DIFFERENCES_FILE}:13:3`,
      },
    ]);
  });

  test('deterministic: the order the parity check lists groups and differences in does not matter', () => {
    const parity = syntheticParity();
    const shuffled: ParityReport = {
      ...parity,
      groups: [...parity.groups].reverse().map((g) => ({ ...g, differences: [...g.differences].reverse() })),
      unusedKnownDifferences: [...parity.unusedKnownDifferences].reverse(),
    };
    expect(renderJson(withParity(shuffled))).toBe(renderJson(withParity(parity)));
  });

  test('ok when every difference is accepted', () => {
    const known = parseKnownDifferences(`- rule: ${ELASTIC_RULE}\n  dataSource: "*"\n  scenario: ci-headless-test\n  reason: benign\n`, 'k.yaml');
    const input = syntheticRun();
    const byId = new Map(input.events.map((e) => [e.id, e as CanonicalEvent]));
    const parity = compareParity([{ ruleId: ELASTIC_RULE, dataSource: 'elastic-defend', backend: 'elasticsearch', events: new Map([[CI_EVENT, byId.get(CI_EVENT) as CanonicalEvent]]), embeddedMatches: new Set(), realMatches: new Set([CI_EVENT]) }], known);
    const section = attachBackendSection(buildReport(input), { parity, timings: [] }).parity;
    expect(section?.ok).toBe(true);
    expect(section?.differences.map((d) => [d.status, d.acceptedBy])).toEqual([['accepted', { reason: 'benign', where: 'k.yaml:1:3' }]]);
  });

  test('the run report is redacted as a whole: it stays a valid report', () => {
    // reports/run-report.ts passes the report through the real backends' Redactor before it is written.
    const redacted = new Redactor(['decimal address']).redactValue(withParity());
    expect(reportSchemaErrors(JSON.parse(renderJson(redacted)))).toEqual([]);
    expect(redacted.parity?.differences[1]?.acceptedBy?.reason).toBe('Elasticsearch parses the [REDACTED] <b>as an IP</b>');
  });
});

test.describe('schema', () => {
  test('a report with parity and timings validates and reads back; so does one without', () => {
    for (const report of [withParity(), attachBackendSection(buildReport(syntheticRun()), { parity: null, timings: TIMINGS }), buildReport(syntheticRun())]) {
      const text = renderJson(report);
      expect(reportSchemaErrors(JSON.parse(text))).toEqual([]);
      expect(parseReport(text, 'report.json')).toEqual(JSON.parse(text));
    }
  });

  test('the schema rejects a malformed parity section or timing', () => {
    type Loose = { parity: { groups: Record<string, unknown>[]; differences: Record<string, unknown>[] }; backendTimings: Record<string, unknown>[] };
    const report = JSON.parse(renderJson(withParity())) as Loose;
    const accepted = report.parity.differences[1] as Record<string, unknown>;
    accepted.acceptedBy = null;
    (report.parity.groups[0] as Record<string, unknown>).extra = 1;
    (report.backendTimings[0] as Record<string, unknown>).mode = 'docker';
    (report.backendTimings[1] as Record<string, unknown>).readyMs = -1;
    const errors = reportSchemaErrors(report).join('\n');
    expect(errors).toContain('/parity/differences/1/acceptedBy must be object');
    expect(errors).toContain('/parity/groups/0 must NOT have additional properties ("extra")');
    expect(errors).toContain('/backendTimings/0/mode must be equal to one of the allowed values');
    expect(errors).toContain('/backendTimings/1/readyMs must be >= 0');
    const unexplained = JSON.parse(renderJson(withParity())) as Loose;
    (unexplained.parity.differences[0] as Record<string, unknown>).acceptedBy = { reason: 'r', where: 'w' };
    expect(reportSchemaErrors(unexplained).join('\n')).toContain('/parity/differences/0/acceptedBy must be null');
  });
});

test.describe('terminal', () => {
  test('a compact parity block: per backend agreeing of compared, one line per unexplained difference, timings', () => {
    const out = renderTerminal(withParity(), { color: false, exampleWidth: 400 });
    const lines = squash(out).split('\n');
    expect(lines).toContain('Parity, embedded vs elasticsearch, splunk: 4 unexplained differences (3 accepted differences)');
    expect(lines).toContain(' elasticsearch 256 of 260 events agree 2 accepted 3 unexplained');
    expect(lines).toContain(' splunk 118 of 120 events agree 1 accepted 1 unexplained');
    const unexplained = lines.filter((l) => l.startsWith(' UNEXPLAINED '));
    expect(unexplained).toHaveLength(4);
    expect(unexplained[0]).toBe(
      ` UNEXPLAINED Potential Traffic Tunneling using QEMU / elastic-defend / elasticsearch: ${CI_EVENT} (benign event of scenario ci-headless-test): embedded does not match, elasticsearch matches · /usr/bin/qemu-system-x86_64 -netdev user,id=n7,hostfwd=tcp::2207-:22 -nographic`,
    );
    expect(unexplained[1]).toBe(` UNEXPLAINED Potential Traffic Tunneling using QEMU / elastic-defend / elasticsearch: ${GHOST_EVENT} (an id not loaded for this data source): embedded does not match, elasticsearch matches`);
    expect(unexplained[3]).toContain('socket-connect-tunnel#04 (malicious event of scenario socket-connect-tunnel): embedded matches, splunk does not match');
    expect(lines).toContain(` 1 known-difference entry matched nothing (candidates for removal): ${KNOWN_DIFFERENCES_FILE}:13:3`);
    expect(lines).toContain('Backend timings');
    expect(lines).toContain(' elasticsearch container ready 18.2 s load 1.5 s search 89 ms over 8 searches');
    expect(lines).toContain(' splunk url ready 413 ms load 2.4 s search 641 ms over 12 searches');
    // Hostile text stays inert; no escape byte without colour.
    expect(unexplained[2]).toContain('\u241b[31mRED');
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u); // eslint-disable-line no-control-regex
    const coloured = renderTerminal(withParity(), { color: true, exampleWidth: 400 }).replace(/\u001b\[[0-9;]*m/g, ''); // eslint-disable-line no-control-regex
    expect(coloured).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/u); // eslint-disable-line no-control-regex
  });

  test('a flood of differences is cut after 50 lines, with the count of the rest', () => {
    const input = syntheticRun();
    const source = input.dataSources.find((d) => d.id === 'elastic-defend');
    const byId = new Map(input.events.map((e) => [e.id, e as CanonicalEvent]));
    const ids = source?.storedEventIds ?? [];
    const parity = compareParity([{ ruleId: ELASTIC_RULE, dataSource: 'elastic-defend', backend: 'elasticsearch', events: new Map(ids.map((id) => [id, byId.get(id) as CanonicalEvent])), embeddedMatches: new Set(), realMatches: new Set(ids) }], []);
    const out = renderTerminal(attachBackendSection(buildReport(input), { parity, timings: [] }), { color: false });
    expect(out.split('\n').filter((l) => l.startsWith('  UNEXPLAINED '))).toHaveLength(50);
    expect(out).toContain(`... and ${ids.length - 50} more unexplained (report.json lists every one)`);
    expect(out).toContain('0 of 140 events agree');
  });

  test('no unexplained difference reads so', () => {
    const known = parseKnownDifferences(`- rule: ${ELASTIC_RULE}\n  dataSource: "*"\n  event: ${CI_EVENT}\n  reason: r\n`, 'k.yaml');
    const input = syntheticRun();
    const byId = new Map(input.events.map((e) => [e.id, e as CanonicalEvent]));
    const parity = compareParity([{ ruleId: ELASTIC_RULE, dataSource: 'elastic-defend', backend: 'elasticsearch', events: new Map([[CI_EVENT, byId.get(CI_EVENT) as CanonicalEvent]]), embeddedMatches: new Set(), realMatches: new Set([CI_EVENT]) }], known);
    const out = renderTerminal(attachBackendSection(buildReport(input), { parity, timings: [] }), { color: false });
    expect(out).toContain('Parity, embedded vs elasticsearch: no unexplained difference (1 accepted difference)');
    expect(out).not.toContain('UNEXPLAINED');
    expect(out).not.toContain('Backend timings');
  });
});

test.describe('summary.md', () => {
  const md = renderMarkdown(withParity());

  test('a Parity section: status, a table of groups, every difference, unused entries; and timings', () => {
    expect(md).toContain('❌ 4 unexplained parity differences');
    expect(md).toContain('### Parity: embedded engines vs elasticsearch, splunk');
    expect(md).toContain('**❌ 4 unexplained differences · 3 accepted differences · 1 unused known-difference entry**');
    expect(md).toContain('| Potential Traffic Tunneling using QEMU | elastic-defend | elasticsearch | 140 | 136 | 2 | ❌ 3 |');
    expect(md).toContain('| QEMU Network Tunneling - Windows | splunk-xmlwineventlog-4688 | splunk | 120 | 118 | 1 | ❌ 1 |');
    expect(md).toContain('#### Differences (7)');
    expect(md).toContain('| ❌ unexplained | Potential Traffic Tunneling using QEMU | elastic-defend | elasticsearch | ghost\\#99 | not loaded | does not match | matches |  |  |');
    expect(md).toContain(
      '| accepted | QEMU Network Tunneling - Windows | splunk-xmlwineventlog-4688 | splunk | hostfwd-reverse-shell\\#00 | hostfwd-reverse-shell (malicious) | matches | does not match |',
    );
    expect(md).toContain('Splunk \\| truncates \\_raw \\[at 10000 bytes\\]\\(javascript\\:alert\\(1\\)\\) (reports/known-differences.yaml\\:8\\:3) |');
    expect(md).toContain('- at reports/known-differences.yaml\\:13\\:3: Potential Traffic Tunneling using QEMU / auditbeat / renamed-binary: stale entry \\<script\\>window.\\_\\_pwned=8\\</script\\>');
    expect(md).toContain('| elasticsearch | container | 18.2 s | 1.5 s | 89 ms | 8 |');
    // Unexplained rows come first.
    const statuses = md.split('\n').filter((l) => /^\| (❌ unexplained|accepted) \|/.test(l)).map((l) => l.split(' | ')[0]);
    expect(statuses).toEqual(['| ❌ unexplained', '| ❌ unexplained', '| ❌ unexplained', '| ❌ unexplained', '| accepted', '| accepted', '| accepted']);
  });

  test('table rows keep their cell count and no raw HTML gets through, hostile text included', () => {
    expectMarkdownTablesWellFormed(md);
    expectNoRawHtml(md);
    expect(md).toContain('hostile-"\\>\\<svg onload=window.\\_\\_pwned=5\\>\\#05');
  });
});

test.describe('junit.xml', () => {
  test('a parity suite: one case per rule x data source x real backend; unexplained fails, accepted is noted', () => {
    const { tests, failures, suites } = parseJunit(renderJunit(withParity()));
    const parity = suites.find((s) => s['@name'] === 'parity');
    const cases = parity?.testcase ?? [];
    expect(cases.map((c) => [c['@classname'], c['@name']])).toEqual([
      ['Potential Traffic Tunneling using QEMU', 'elastic-defend: embedded vs elasticsearch'],
      ['Potential Traffic Tunneling using QEMU', 'windows-sysmon: embedded vs elasticsearch'],
      ['QEMU Network Tunneling - Windows', 'splunk-xmlwineventlog-4688: embedded vs splunk'],
    ]);
    expect([parity?.['@tests'], parity?.['@failures']]).toEqual(['3', '2']);
    expect(tests).toBe(suites.reduce((sum, s) => sum + (s.testcase?.length ?? 0), 0));
    expect(failures).toBe(suites.reduce((sum, s) => sum + (s.testcase ?? []).filter((c) => c.failure !== undefined).length, 0));
    expect(parity?.properties?.property.map((p) => [p['@name'], p['@value']])).toEqual([
      ['parity.backends', 'elasticsearch, splunk'],
      ['parity.ok', 'false'],
    ]);

    const [defend, sysmon, splunk] = cases;
    expect(defend?.failure?.['@type']).toBe('parity-difference');
    expect(defend?.failure?.['@message']).toBe(
      '3 of 140 events differ between the embedded engine and elasticsearch without a known reason (136 agree, 2 accepted); e.g. WS-07: /usr/bin/qemu-system-x86_64 -netdev user,id=n7,hostfwd=tcp::2207-:22 -nographic',
    );
    const body = defend?.failure?.['#text'] ?? '';
    expect(body).toContain(`event ${CI_EVENT} (benign event of scenario ci-headless-test) on WS-07 as alice at 2025-01-01T00:00:07.000Z: embedded does not match, elasticsearch matches`);
    expect(body).toContain('  command line: /usr/bin/qemu-system-x86_64 -netdev user,id=n7,hostfwd=tcp::2207-:22 -nographic');
    expect(body).toContain(`event ${GHOST_EVENT} (an id not loaded for this data source): embedded does not match, elasticsearch matches`);
    expect(body).not.toContain('decimal-ip');
    expect(defend?.['system-out']).toContain(`accepted: event ${eventId('decimal-ip', 1)} (malicious event of scenario decimal-ip): embedded does not match, elasticsearch matches: Elasticsearch parses the decimal address <b>as an IP</b> (reports/known-differences.yaml:2:3)`);
    expect(sysmon?.failure).toBeUndefined();
    expect(sysmon?.['system-out']).toBeUndefined();
    expect(splunk?.failure?.['@message']).toMatch(/^1 of 120 events differs between the embedded engine and splunk/);
    expect(parity?.['system-out']).toBe(
      `known-difference entry at ${KNOWN_DIFFERENCES_FILE}:13:3 matched nothing (candidate for removal): Potential Traffic Tunneling using QEMU / auditbeat / renamed-binary: stale entry <script>window.__pwned=8</script>`,
    );
  });

  test('hostile event text survives as inert text', () => {
    const parity = parseJunit(renderJunit(withParity())).suites.find((s) => s['@name'] === 'parity');
    const body = parity?.testcase?.[0]?.failure?.['#text'] ?? '';
    expect(body).toContain(`event ${HOSTILE_EVENT} (malicious event of scenario ${HOSTILE_SCENARIO}) on WS-<b>01</b> as CORP\\<i>mallory</i>`);
    expect(body).toContain('<script>window.__pwned=1</script>');
    expect(body).toContain('\u241b[31mRED');
    expect(body).not.toContain('\u001b');
  });
});

test.describe('report.html (static; html.test.ts opens it in Chromium)', () => {
  const html = renderHtml(withParity());

  test('a Parity section with a table of groups and of differences, and backend timings', () => {
    expect(html).toContain('<nav class="toc"><a href="#rules">Rules</a>');
    expect(html).toContain('<a href="#errors">Errors</a><a href="#parity">Parity</a><a href="#backend-timings">Backend timings</a><a href="#run">Run</a></nav>');
    expect(html).toContain('<li class="bad">4 unexplained parity differences</li>');
    const parity = /<section id="parity">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
    const groupRows = /<table id="parity-group-table"[\s\S]*?<\/table>/.exec(parity)?.[0].match(/<tr><td/g) ?? [];
    expect(groupRows).toHaveLength(3);
    expect(parity).toContain(`<td class="name" data-rule="${ELASTIC_RULE}" data-ds="elastic-defend" data-backend="elasticsearch">Potential Traffic Tunneling using QEMU</td>`);
    const differenceTable = /<table id="parity-difference-table"[\s\S]*?<\/table>/.exec(parity)?.[0] ?? '';
    expect([...differenceTable.matchAll(/data-status="(\w+)"/g)].map((m) => m[1])).toEqual(['unexplained', 'unexplained', 'unexplained', 'unexplained', 'accepted', 'accepted', 'accepted']);
    expect(differenceTable).toContain('<code>ghost#99</code> <span class="tag bad">not loaded here</span>');
    expect(parity).toContain('<h3>Known-difference entries that matched nothing (1)</h3>');
    const timings = /<section id="backend-timings">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
    expect(timings).toContain('<td data-backend="elasticsearch">elasticsearch</td><td>container</td><td class="num" data-sort="18234.5">18.2 s</td><td class="num" data-sort="1520.25">1.5 s</td><td class="num" data-sort="88.5">89 ms</td><td class="num" data-sort="8">8</td>');
  });

  test('every event string, reason and id is escaped; still one script and no event handler', () => {
    expect(html).toContain(`data-event="hostile-&quot;&gt;&lt;svg onload=window.__pwned=5&gt;#05"`);
    expect(html).toContain('<code>hostile-&quot;&gt;&lt;svg onload=window.__pwned=5&gt;#05</code>');
    expect(html).toContain('Elasticsearch parses the decimal address &lt;b&gt;as an IP&lt;/b&gt;');
    expect(html).toContain('stale entry &lt;script&gt;window.__pwned=8&lt;/script&gt;');
    expect(html).toContain('WS-&lt;b&gt;01&lt;/b&gt; \u00b7 CORP\\&lt;i&gt;mallory&lt;/i&gt;');
    for (const raw of ['<script>window', '<img src=x', '<svg onload', '<iframe srcdoc', '<b>', '<i>']) expect(html).not.toContain(raw);
    expect(html.match(/<script/g)?.length).toBe(1);
    expect(html).not.toMatch(/\son\w+="/);
    expect(html).not.toContain('\u001b');
  });
});

test('a parity section that compared nothing renders in every format', () => {
  const report = attachBackendSection(buildReport(syntheticRun()), { parity: compareParity([], []), timings: TIMINGS });
  expect(report.parity).toEqual({ backends: ['elasticsearch', 'splunk'], ok: true, groups: [], differences: [], unusedKnownDifferences: [] });
  expect(reportSchemaErrors(JSON.parse(renderJson(report)))).toEqual([]);
  expect(renderTerminal(report, { color: false })).toContain('Parity, embedded vs elasticsearch, splunk: no unexplained difference');
  const xml = renderJunit(report);
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(xml).toContain('<testsuite name="parity" tests="0" failures="0" errors="0" skipped="0">');
  expect(renderMarkdown(report)).toContain('**✅ no unexplained difference · 0 accepted differences · 0 unused known-difference entries**');
  expect(renderHtml(report)).toContain('<p>None: both engines gave the same verdict on every event.</p>');
});
