// junit.xml: one test suite per rule, one test case per (scenario, data source) the rule was run
// over. A missed malicious event or a fired benign event is a <failure> whose message shows an example
// command line; a rule that could not run is an <error> on each of its cases. Pinned expectations get
// a suite of their own. The format follows the JUnit XML that Jenkins, GitLab and GitHub reporters
// read (https://github.com/testmoapp/junitxml).
import { escapeXml as x } from '../escape.js';
import { rateText } from '../format.js';
import type { Report, ReportRule, RuleScenarioDataSourceCell } from '../model.js';
import { ReportView } from './report-view.js';

const EXAMPLE_WIDTH = 300;

interface Case {
  name: string;
  classname: string;
  failure?: { type: string; message: string; body: string[] };
  error?: { type: string; message: string };
}

export function renderJunit(report: Report): string {
  const view = new ReportView(report);
  const suites = report.rules.map((rule) => ({ name: `${rule.name} (${rule.id})`, rule, cases: ruleCases(view, rule) }));
  const expectationCases: Case[] = report.expectations
    .filter((e) => e.status !== 'not-evaluated')
    .map((e) => ({
      name: `${e.scenarioId} expects ${e.expected} by ${view.ruleName(e.ruleId)}${e.dataSourceId === null ? '' : ` in ${e.dataSourceId}`}`,
      classname: 'pinned expectations',
      ...(e.status === 'failed'
        ? {
            failure: {
              type: 'expectation-failed',
              message: `expected ${e.expected}; ${e.observed}`,
              body: [e.reason, e.pinnedAt === null ? null : `pinned at ${e.pinnedAt}`].filter((line): line is string => line !== null),
            },
          }
        : {}),
    }));
  const all = [...suites.map((s) => s.cases), expectationCases];
  const total = (pick: (c: Case) => boolean) => all.reduce((sum, cases) => sum + cases.filter(pick).length, 0);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="detection-harness" tests="${total(() => true)}" failures="${total((c) => c.failure !== undefined)}" errors="${total((c) => c.error !== undefined)}">`,
  ];
  for (const suite of suites) out.push(...suiteXml(suite.name, suite.cases, ruleProperties(report, suite.rule)));
  if (expectationCases.length > 0) out.push(...suiteXml('pinned expectations', expectationCases, []));
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

function ruleProperties(report: Report, rule: ReportRule): [string, string][] {
  return [
    ['rule.id', rule.id],
    ['rule.siem', rule.siem],
    ['rule.language', rule.language],
    ['rule.file', rule.sourceFile],
    ['backend', rule.backend],
    ['seed', String(report.run.seed)],
    ['scale', String(report.run.scale)],
  ];
}

function suiteXml(name: string, cases: Case[], properties: [string, string][]): string[] {
  const failures = cases.filter((c) => c.failure !== undefined).length;
  const errors = cases.filter((c) => c.error !== undefined).length;
  const lines = [`  <testsuite name="${x(name)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="0">`];
  if (properties.length > 0) {
    lines.push('    <properties>');
    for (const [key, value] of properties) lines.push(`      <property name="${x(key)}" value="${x(value)}"/>`);
    lines.push('    </properties>');
  }
  for (const c of cases) {
    const open = `    <testcase classname="${x(c.classname)}" name="${x(c.name)}"`;
    if (c.failure !== undefined) {
      lines.push(`${open}>`, `      <failure type="${x(c.failure.type)}" message="${x(c.failure.message)}">${c.failure.body.map(x).join('\n')}</failure>`, '    </testcase>');
    } else if (c.error !== undefined) {
      lines.push(`${open}>`, `      <error type="${x(c.error.type)}" message="${x(c.error.message)}"/>`, '    </testcase>');
    } else {
      lines.push(`${open}/>`);
    }
  }
  lines.push('  </testsuite>');
  return lines;
}

function ruleCases(view: ReportView, rule: ReportRule): Case[] {
  if (rule.error !== null) return erroredCases(view, rule, rule.error);
  return view.scenarioDataSourceCells(rule.id).map((cell) => cellCase(view, rule, cell));
}

/** Every (scenario, data source) the rule would have been run over, each an <error>. */
function erroredCases(view: ReportView, rule: ReportRule, message: string): Case[] {
  const cases: Case[] = [];
  for (const scenario of view.report.scenarios) {
    for (const dataSourceId of rule.dataSourceIds) {
      const stored = view.dataSource(dataSourceId)?.scenarioEvents ?? {};
      if (!Object.hasOwn(stored, scenario.id)) continue;
      cases.push({ name: `${scenario.id} @ ${dataSourceId}`, classname: rule.name, error: { type: 'rule-error', message: `rule failed to run on ${rule.backend}: ${message}` } });
    }
  }
  return cases;
}

function cellCase(view: ReportView, rule: ReportRule, cell: RuleScenarioDataSourceCell): Case {
  const base = { name: `${cell.scenarioId} @ ${cell.dataSourceId}`, classname: rule.name };
  const m = cell.metrics;
  const malicious = cell.label === 'malicious';
  const wrong = malicious ? m.fn : m.fp;
  if (wrong === 0) return base;
  const examples = malicious ? cell.examples.fn : cell.examples.fp;
  const total = malicious ? m.tp + m.fn : m.fp + m.tn;
  const what = malicious ? `missed ${wrong} of ${total} malicious events` : `fired on ${wrong} of ${total} benign events`;
  const rate = malicious ? `recall ${rateText(m.recall)}` : `false positive rate ${rateText(m.falsePositiveRate)}`;
  const first = view.exampleCommandLine(examples);
  const example = first === undefined ? '' : `; e.g. ${first.event.host}: ${clip(first.event.commandLine)}`;
  const body = examples.flatMap((id) => {
    const event = view.event(id);
    if (event === undefined) return [`event ${id}`];
    return [
      `event ${id} on ${event.host} as ${event.user} at ${event.timestamp}`,
      `  command line: ${event.commandLine}`,
      `  parent: ${event.parentCommandLine}`,
    ];
  });
  return { ...base, failure: { type: malicious ? 'missed-malicious' : 'fired-benign', message: `${what} (${rate})${example}`, body } };
}

function clip(text: string): string {
  return Array.from(text).length > EXAMPLE_WIDTH ? Array.from(text).slice(0, EXAMPLE_WIDTH).join('') + '\u2026' : text;
}
