import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { XMLValidator } from 'fast-xml-parser';
import { buildReport } from '../../reports/build-report.js';
import { reportSchemaErrors } from '../../reports/report-file.js';
import type { RunInput } from '../../harness/runner/run-input.js';
import { writeReports } from '../../reports/write-reports.js';
import { renderHtml } from '../../reports/writers/html.js';
import { renderJson } from '../../reports/writers/json.js';
import { renderJunit } from '../../reports/writers/junit.js';
import { renderMarkdown } from '../../reports/writers/markdown.js';
import { renderTerminal, useColor } from '../../reports/writers/terminal.js';
import { ELASTIC_RULE, eventId, HOSTILE_SCENARIO, SPLUNK_RULE, syntheticRun } from '../fixtures/reports/synthetic-run.js';
import { expectMarkdownTablesWellFormed, expectNoRawHtml, parseJunit, type JunitSuite } from './format-checks.js';

/** auditbeat keeps only its malicious events, so the Elastic rule's FPR there is over n = 0. */
function withoutBenignInAuditbeat(): RunInput {
  const input = syntheticRun();
  const benign = new Set(input.events.filter((e) => e.label === 'benign').map((e) => e.id));
  const auditbeat = input.dataSources.find((d) => d.id === 'auditbeat');
  if (auditbeat === undefined) throw new Error('fixture changed');
  auditbeat.storedEventIds = auditbeat.storedEventIds.filter((id) => !benign.has(id));
  input.observations = input.observations.filter((o) => o.dataSourceId !== 'auditbeat' || !benign.has(o.eventId));
  return input;
}

function squash(text: string): string {
  return text.replace(/[ \t]+/g, ' ');
}

test.describe('terminal', () => {
  test('per rule and data source: recall and FPR over scenarios with interval and scenario counts; none recorded reads n/a', () => {
    const out = renderTerminal(buildReport(withoutBenignInAuditbeat()), { color: false });
    const lines = squash(out).split('\n');
    // Worked out in build-report.test.ts: (1 + 1 + 1 + 0.5 + 0) / 5 scenarios; FPR (0.1 + 0) / 2.
    expect(lines).toContain(' elastic-defend 70.0% [29.9–92.7] 3 caught, 1 partial of 5 5.0% [0.1–69.1] 0 fire, 1 sometimes of 2');
    expect(lines).toContain(' auditbeat 0% [0–79.3] 0 caught of 1 n/a none recorded blind spot (not searched)');
    expect(lines).toContain(' splunk-sysmon-1 0% [0–43.4] 0 caught of 5 0% [0–65.8] 0 fire of 2 blind spot');
    expect(lines).toContain(' in any searched source 70.0% [29.9–92.7] 3 caught, 1 partial of 5 5.0% [0.1–69.1] 1 fire of 2');
    expect(out).not.toContain('all data sources');
    // The reading guide opens the output.
    expect(squash(out)).toContain("Recall is the share of this pack's attack behaviours");
    expect(out).toMatch(/Blind spots \(3\)/);
    expect(out).toMatch(/renamed-binary\s+fully\s+beats it in 1 of 1 covered source\s+recall 0%\s+unmodified 100%/);
    expect(out).toMatch(/renamed-binary\s+malicious\s+caught in any source by Potential Traffic Tunneling using QEMU\s+missed in every source by QEMU Network Tunneling - Windows/);
    expect(out).toContain(`FAIL ${HOSTILE_SCENARIO} × Potential Traffic Tunneling using QEMU in windows-sysmon: expected detect; fired on 0 of 20 events`);
    expect(out).toContain('pinned wrongly on purpose: a detection the rule does not make · pinned at scenarios/qemu-tunneling.yaml:96:7');
    // A pin the run did better than: one line per pin, with where it is pinned; not a failure.
    expect(out).toContain('Pins the run did better than (2)');
    expect(out).toContain('IMPROVED scenarios/qemu-tunneling.yaml:88:7: renamed-binary × Potential Traffic Tunneling using QEMU: pinned miss, now detect in elastic-defend, windows-sysmon');
    expect(out).toContain('Errors: none');
  });

  test('without colour no escape byte is written at all, whatever the events contain', () => {
    const out = renderTerminal(buildReport(syntheticRun()), { color: false, exampleWidth: 400 });
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u); // eslint-disable-line no-control-regex
    expect(out).toContain('\u241b[31mRED');
  });

  test('with colour the only escape sequences are our SGR colours', () => {
    const out = renderTerminal(buildReport(syntheticRun()), { color: true });
    expect(out).toContain('\u001b[32m');
    const withoutSgr = out.replace(/\u001b\[[0-9;]*m/g, ''); // eslint-disable-line no-control-regex
    expect(withoutSgr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/u); // eslint-disable-line no-control-regex
  });

  test('a rule that errored shows its error', () => {
    const out = renderTerminal(buildReport(syntheticRun({ ruleErrors: { [SPLUNK_RULE]: 'unknown macro `x`\u001b[2J' } })), { color: false });
    expect(out).toContain('ERROR unknown macro `x`\u241b[2J');
    // Said once, with what it affected.
    expect(out).toContain('ERROR rule QEMU Network Tunneling - Windows on embedded-spl (affects 2 data sources and 2 pins):');
    expect(out.split('unknown macro `x`').length - 1).toBe(2);
  });

  test('colour only on a TTY, and never when NO_COLOR is set (https://no-color.org)', () => {
    expect(useColor({ isTTY: true }, {})).toBe(true);
    expect(useColor({ isTTY: false }, {})).toBe(false);
    expect(useColor({}, {})).toBe(false);
    expect(useColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    // "when present and not an empty string"
    expect(useColor({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
  });
});

test.describe('summary.md', () => {
  const md = renderMarkdown(buildReport(withoutBenignInAuditbeat()));

  test('rule tables: one row per data source with rate (interval) over scenarios and the scenario counts; none recorded reads n/a', () => {
    expect(md).toContain('| elastic-defend | 70.0% (29.9–92.7) | 3 caught, 1 partial of 5 | 5.0% (0.1–69.1) | 0 fire, 1 sometimes of 2 | 70 / 30 / 2 / 38 |  |');
    expect(md).toContain('| auditbeat | 0% (0–79.3) | 0 caught of 1 | n/a | none recorded | 0 / 10 / 0 / 0 | blind spot, not searched |');
    expect(md).toContain('| **in any searched source** | 70.0% (29.9–92.7) | 3 caught, 1 partial of 5 | 5.0% (0.1–69.1) | 1 fire of 2 |  |  |');
    expect(md).not.toContain('all data sources');
    expect(md).toContain("> Recall is the share of this pack's attack behaviours");
    expect(md).toContain('### Blind spots (3)');
    expect(md).toContain('### Evasions that beat each rule (4)');
    expect(md).toContain('### Cross-SIEM disagreements (1)');
    expect(md).toContain('### Expectation failures (3)');
    expect(md).toContain('| windows-sysmon | detect | fired on 0 of 20 events | pinned wrongly on purpose\\: a detection the rule does not make | scenarios/qemu-tunneling.yaml\\:96\\:7 |');
    expect(md).toContain('### Pins the run did better than (2)');
    expect(md).toContain('| scenarios/qemu-tunneling.yaml\\:88\\:7 | renamed-binary | Potential Traffic Tunneling using QEMU | windows-sysmon | miss | detect | fired on 20 of 20 events |');
  });

  test('every table row has as many cells as its header, hostile text included', () => {
    expectMarkdownTablesWellFormed(md);
    expect(md).toContain('| hostile-"\\>\\<svg onload=window.\\_\\_pwned=5\\> | malicious |');
  });

  test('no raw HTML from event text: every < is escaped or one of our details/summary tags', () => {
    expectNoRawHtml(md);
    expect(md).toContain('\\<script\\>window.\\_\\_pwned=1\\</script\\>');
  });
});

test.describe('junit.xml', () => {
  /** Every suite of these reports has test cases. */
  function parse(xml: string): (JunitSuite & { testcase: NonNullable<JunitSuite['testcase']> })[] {
    return parseJunit(xml).suites.map((suite) => ({ ...suite, testcase: suite.testcase ?? [] }));
  }

  test('valid XML: one test case per rule x scenario x data source, counts consistent', () => {
    const report = buildReport(syntheticRun());
    const suites = parse(renderJunit(report));
    expect(suites.map((s) => s['@name'])).toEqual([`Potential Traffic Tunneling using QEMU (${ELASTIC_RULE})`, `QEMU Network Tunneling - Windows (${SPLUNK_RULE})`, 'pinned expectations']);
    const ruleCases = suites.slice(0, 2).reduce((sum, s) => sum + s.testcase.length, 0);
    expect(ruleCases).toBe(report.ruleScenarioDataSource.length);
    for (const suite of suites) {
      expect(Number(suite['@tests'])).toBe(suite.testcase.length);
      expect(Number(suite['@failures'])).toBe(suite.testcase.filter((c) => c.failure !== undefined).length);
      expect(Number(suite['@errors'])).toBe(suite.testcase.filter((c) => c.error !== undefined).length);
    }
    // One case per judged (scenario, rule, data source); the not-evaluated pin is left out.
    expect(suites[2]?.testcase.length).toBe(18);
    expect(suites[2]?.testcase.filter((c) => c.failure !== undefined).map((c) => c['@name'])).toEqual(
      ['elastic-defend', 'windows-sysmon', 'system-security-4688'].map((ds) => `${HOSTILE_SCENARIO} expects detect by Potential Traffic Tunneling using QEMU in ${ds}`),
    );
  });

  test('a missed malicious case fails with an example command line; a fired benign case fails; a clean one passes', () => {
    const suites = parse(renderJunit(buildReport(syntheticRun())));
    const elastic = suites[0]?.testcase ?? [];
    const decimal = elastic.find((c) => c['@name'] === 'decimal-ip @ elastic-defend');
    expect(decimal?.failure?.['@type']).toBe('missed-malicious');
    expect(decimal?.failure?.['@message']).toContain('missed 10 of 20 malicious events (not pinned: unexpected) (recall 50.0% [29.9–70.1] n=20); e.g. WS-01: C:\\Program Files\\qemu\\qemu-system-x86_64.exe -netdev user,id=n1,hostfwd=tcp::2201-:22 -nographic');
    expect(decimal?.failure?.['#text']).toContain(`event ${eventId('decimal-ip', 1)} on WS-01 as CORP\\alice`);
    const devVm = elastic.find((c) => c['@name'] === 'dev-vm-port-forward @ elastic-defend');
    expect(devVm?.failure?.['@type']).toBe('fired-benign');
    expect(devVm?.failure?.['@message']).toContain('fired on 2 of 20 benign events');
    const clean = elastic.find((c) => c['@name'] === 'hostfwd-reverse-shell @ elastic-defend');
    expect(clean?.failure).toBeUndefined();
    expect(clean?.error).toBeUndefined();
  });

  test('hostile text survives as inert text', () => {
    const suites = parse(renderJunit(buildReport(syntheticRun())));
    const hostile = suites[0]?.testcase.find((c) => c['@name'] === `${HOSTILE_SCENARIO} @ elastic-defend`);
    expect(hostile?.failure?.['@message']).toContain('<script>window.__pwned=1</script>');
    expect(hostile?.failure?.['@message']).toContain('\u241b[31mRED');
    expect(hostile?.failure?.['@message']).not.toContain('\u001b');
  });

  test('an errored rule is one <error>, naming the data sources and pins it affected', () => {
    const report = buildReport(syntheticRun({ ruleErrors: { [SPLUNK_RULE]: 'search failed <&>' } }));
    const splunk = parse(renderJunit(report))[1];
    expect(splunk?.testcase.length).toBe(1);
    expect(splunk?.testcase[0]?.error?.['@message']).toBe('rule failed to run on embedded-spl; affects 2 data sources (splunk-xmlwineventlog-4688, splunk-sysmon-1) and 2 pins: search failed <&>');
  });

  test('a known gap or false positive pinned in the pack is <skipped> with where it is pinned; only unexpected ones fail', () => {
    const xml = renderJunit(buildReport(syntheticRun()));
    const suites = parse(xml);
    const elastic = suites[0]?.testcase ?? [];
    const gap = elastic.find((c) => c['@name'] === 'hostfwd-reverse-shell @ system-security-4688');
    expect(gap?.failure).toBeUndefined();
    expect(gap?.skipped?.['@message']).toBe('known gap, pinned at scenarios/qemu-tunneling.yaml:42:7: missed 10 of 10 malicious events');
    const splunkGap = suites[1]?.testcase.find((c) => c['@name'] === 'renamed-binary @ splunk-xmlwineventlog-4688');
    expect(splunkGap?.skipped?.['@message']).toBe('known gap, pinned in the pack: missed 20 of 20 malicious events');
    // A gap against a pin (pinned detect, missed) and a gap with no pin both fail.
    expect(elastic.find((c) => c['@name'] === `${HOSTILE_SCENARIO} @ elastic-defend`)?.failure?.['@message']).toContain('(pinned detect at scenarios/qemu-tunneling.yaml:96:7)');
    expect(elastic.find((c) => c['@name'] === 'decimal-ip @ elastic-defend')?.failure).toBeDefined();
    for (const suite of suites) expect(Number(suite['@skipped'])).toBe(suite.testcase.filter((c) => c.skipped !== undefined).length);
    const top = /<testsuites [^>]*failures="(\d+)"[^>]*skipped="(\d+)"/.exec(xml);
    expect(Number(top?.[2])).toBe(suites.reduce((sum, s) => sum + s.testcase.filter((c) => c.skipped !== undefined).length, 0));
  });
});

test.describe('report.json', () => {
  test('validates against reports/report.schema.json and reads back equal', () => {
    // The runner may hand over objects with more fields than the report keeps (CanonicalEvent, its own meta).
    const extra = syntheticRun();
    Object.assign(extra.meta, { packName: 'qemu-tunneling' });
    Object.assign(extra.meta.stages[0] ?? {}, { unit: 'events' });
    for (const input of [extra, syntheticRun({ ruleErrors: { [ELASTIC_RULE]: 'x' } }), withoutBenignInAuditbeat()]) {
      const report = buildReport(input);
      const parsed: unknown = JSON.parse(renderJson(report));
      expect(reportSchemaErrors(parsed)).toEqual([]);
      expect(parsed).toEqual(JSON.parse(JSON.stringify(report)));
    }
  });

  test('the schema rejects what the documented shape forbids', () => {
    const report = JSON.parse(renderJson(buildReport(syntheticRun()))) as Record<string, unknown> & { ruleDataSource: { metrics: { recall: Record<string, unknown> } }[] };
    const first = report.ruleDataSource[0];
    if (first === undefined) throw new Error('no cell');
    first.metrics.recall.value = 1.5;
    expect(reportSchemaErrors(report).join('\n')).toContain('/ruleDataSource/0/metrics/recall/value must be <= 1');
    first.metrics.recall = { k: 0, n: 0, value: 0, low: null, high: null };
    expect(reportSchemaErrors(report).join('\n')).toContain('/ruleDataSource/0/metrics/recall/value must be null');
    delete (report as Record<string, unknown>).blindSpots;
    expect(reportSchemaErrors(report).join('\n')).toContain("must have required property 'blindSpots'");
  });
});

test.describe('report.html (static checks; the browser test is html.test.ts)', () => {
  const html = renderHtml(buildReport(syntheticRun()));

  test('a strict CSP that allows exactly our inline style and script by hash', () => {
    const csp = (/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '').replace(/&#39;/g, "'");
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
    expect(csp.split('; ')).toEqual([
      "default-src 'none'",
      `script-src ${hash(script)}`,
      `style-src ${hash(style)}`,
      "img-src 'none'",
      "font-src 'none'",
      "connect-src 'none'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
    ]);
  });

  test('one script element, no event-handler attribute, no external reference', () => {
    expect(html.match(/<script/g)?.length).toBe(1);
    // Attribute names of every tag (values are double-quoted and escaped, so they cannot hide a quote).
    const names = [...html.matchAll(/<[a-zA-Z][\w-]*((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*\/?>/g)].flatMap((tag) =>
      [...(tag[1] ?? '').matchAll(/\s([\w:-]+)(?:="[^"]*")?/g)].map((attr) => (attr[1] ?? '').toLowerCase()),
    );
    expect(names.length).toBeGreaterThan(1000);
    expect(names.filter((name) => name.startsWith('on'))).toEqual([]);
    expect(names).not.toContain('src');
    expect(html).not.toMatch(/\shref="(?!#)/);
    expect(html).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
  });
});

test('writeReports writes the four files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dth-reports-'));
  try {
    const report = buildReport(syntheticRun());
    const written = writeReports(report, join(dir, 'nested', 'out'));
    expect(Object.keys(written).sort()).toEqual(['html', 'json', 'junit', 'markdown']);
    expect(JSON.parse(readFileSync(written.json, 'utf8'))).toEqual(JSON.parse(JSON.stringify(report)));
    expect(readFileSync(written.junit, 'utf8')).toBe(renderJunit(report));
    expect(readFileSync(written.markdown, 'utf8')).toBe(renderMarkdown(report));
    expect(readFileSync(written.html, 'utf8')).toBe(renderHtml(report));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an empty run (no rule, no event) renders in every format, with n/a instead of numbers', () => {
  const base = syntheticRun();
  const empty: RunInput = { ...base, rules: [], dataSources: [], scenarios: [], events: [], observations: [], coverage: [] };
  const report = buildReport(empty);
  expect(reportSchemaErrors(JSON.parse(renderJson(report)))).toEqual([]);
  expect(renderTerminal(report, { color: false })).toContain('Blind spots: none');
  expect(XMLValidator.validate(renderJunit(report))).toBe(true);
  expect(renderMarkdown(report)).toContain('### Errors');
  expect(renderHtml(report)).toContain('No rule ran.');

  const ruleOnly = buildReport({ ...empty, rules: base.rules.map((rule) => ({ ...rule, selectors: [] })) });
  const terminal = squash(renderTerminal(ruleOnly, { color: false }));
  expect(terminal).toContain(' in any searched source n/a none recorded n/a none recorded');
  expect(renderMarkdown(ruleOnly)).toContain('| **in any searched source** | n/a | none recorded | n/a | none recorded |  |  |');
});

test('every format states the generation window, and a report written before it was recorded still renders', () => {
  const report = buildReport(syntheticRun());
  const line = 'events 2026-03-02T00:00:00Z – 2026-03-09T00:00:00Z (UTC)';
  expect(report.run.window).toEqual({ start: '2026-03-02T00:00:00.000Z', end: '2026-03-09T00:00:00.000Z' });
  expect(renderTerminal(report, { color: false }).split('\n').slice(0, 3)).toContain(line);
  expect(renderMarkdown(report).split('\n').slice(0, 8)).toContain(line);
  expect(renderHtml(report)).toContain(`<p class="meta" id="window">${line}</p>`);
  const junit = renderJunit(report);
  expect(junit).toContain('<property name="window.start" value="2026-03-02T00:00:00.000Z"/>');
  expect(junit).toContain('<property name="window.end" value="2026-03-09T00:00:00.000Z"/>');

  const older = syntheticRun();
  delete older.meta.window;
  const before = buildReport(older);
  expect(reportSchemaErrors(JSON.parse(renderJson(before)))).toEqual([]);
  expect(renderTerminal(before, { color: false })).not.toContain('(UTC)');
  expect(renderMarkdown(before)).not.toContain('(UTC)');
  expect(renderHtml(before)).not.toContain('id="window"');
});
