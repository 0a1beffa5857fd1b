// The deployment section in every writer: the run's profile and the sweep's changed rule × source rows,
// escaped like event text (profile titles and reasons come from user files), and valid against the schema.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { fromRoot } from '../../harness/paths.js';
import type { Report } from '../../reports/model.js';
import { renderHtml } from '../../reports/writers/html.js';
import { renderJunit } from '../../reports/writers/junit.js';
import { renderMarkdown } from '../../reports/writers/markdown.js';
import { renderTerminal } from '../../reports/writers/terminal.js';

const baseline = JSON.parse(readFileSync(fromRoot('reports', 'baseline.json'), 'utf8')) as Report;
const HOSTILE = '<img src=x onerror=alert(1)> | `x` &';

function withHostileReason(): Report {
  const report = structuredClone(baseline);
  const first = report.deployment?.sweep?.profiles[0]?.changes[0];
  if (first === undefined) throw new Error('the baseline has no sweep change');
  first.reasons = [HOSTILE];
  return report;
}

test('the committed baseline carries the profile and a sweep that finds the 4688 sources blind under vendor-defaults', () => {
  expect(baseline.deployment?.profile.id).toBe('recommended');
  const vendor = baseline.deployment?.sweep?.profiles.find((p) => p.profile.id === 'vendor-defaults');
  expect(vendor?.changes.filter((c) => c.blind).map((c) => c.dataSourceId).sort()).toEqual(['splunk-wineventlog-4688', 'splunk-xmlwineventlog-4688', 'system-security-4688', 'winlogbeat-security-4688']);
  for (const c of vendor?.changes ?? []) expect(c.reasons).toEqual(['command line not captured']);
});

test('report.json with a deployment section validates against report.schema.json', () => {
  const schema = JSON.parse(readFileSync(fromRoot('reports', 'report.schema.json'), 'utf8')) as Record<string, unknown>;
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
  expect(validate(baseline), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  const skipped = { ...baseline, deployment: { profile: baseline.deployment?.profile, sweep: null } };
  expect(validate(skipped)).toBe(true);
});

test('terminal, Markdown, HTML and JUnit show the sweep and escape what profile files contribute', () => {
  const report = withHostileReason();
  const terminal = renderTerminal(report, { color: false });
  expect(terminal).toContain('Deployment profile recommended');
  expect(terminal).toMatch(/vendor-defaults\s+QEMU Network Tunneling - Windows\s+splunk-xmlwineventlog-4688\s+\d+→0\/\d+ BLIND/);
  const markdown = renderMarkdown(report);
  expect(markdown).toContain('### Deployment sensitivity');
  expect(markdown).not.toContain(HOSTILE);
  const html = renderHtml(report);
  expect(html).toContain('<section id="deployment">');
  expect(html).not.toContain('<img src=x');
  expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  const junit = renderJunit(report);
  expect(junit).toContain('<testsuite name="deployment sweep"');
  expect(junit).toContain('<property name="deployment.profile" value="recommended"/>');
  expect(junit).not.toContain('<img');
});
