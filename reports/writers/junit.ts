// junit.xml: one test suite per rule, one test case per (scenario, data source) the rule was run
// over. A missed malicious event or a fired benign event is a <failure> whose message shows an example
// command line, unless the pack pins it as a known gap or false positive: then it is <skipped> with
// where it is pinned. A rule that could not run is one <error> naming what it affected. Pinned expectations get
// a suite of their own, and so does parity (one case per rule x data source x real backend; an
// unexplained difference is a <failure>, accepted ones are noted in <system-out>). The format follows
// the JUnit XML that Jenkins, GitLab and GitHub reporters read (https://github.com/testmoapp/junitxml).
import { escapeXml as x } from '../escape.js';
import { rateText } from '../format.js';
import type { ParityDifferenceRow, ParityGroupRow, ParitySection, Report, ReportRule, RuleScenarioDataSourceCell } from '../model.js';
import { parityVerdicts, ReportView } from './report-view.js';
import { sweepJunit } from './sweep-section.js';

const EXAMPLE_WIDTH = 300;

interface Case {
  name: string;
  classname: string;
  failure?: { type: string; message: string; body: string[] };
  error?: { type: string; message: string };
  /** A known, pinned gap or false positive: reported, never a failure. */
  skipped?: { message: string };
  systemOut?: string[];
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
        : e.status === 'stale'
          ? { systemOut: [`stale pin (an improvement): expected ${e.expected}, now ${e.observedVerdict ?? 'n/a'}; ${e.observed}${e.pinnedAt === null ? '' : `; pinned at ${e.pinnedAt}`}; dth pins update rewrites it`] }
          : {}),
    }));
  const parity = report.parity === undefined ? undefined : { section: report.parity, cases: parityCases(view, report.parity) };
  const sweep = sweepJunit(report);
  const all = [...suites.map((s) => s.cases), expectationCases, parity?.cases ?? [], sweep?.cases ?? []];
  const total = (pick: (c: Case) => boolean) => all.reduce((sum, cases) => sum + cases.filter(pick).length, 0);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="detection-harness" tests="${total(() => true)}" failures="${total((c) => c.failure !== undefined)}" errors="${total((c) => c.error !== undefined)}" skipped="${total((c) => c.skipped !== undefined)}">`,
  ];
  for (const suite of suites) out.push(...suiteXml(suite.name, suite.cases, ruleProperties(report, suite.rule)));
  if (expectationCases.length > 0) out.push(...suiteXml('pinned expectations', expectationCases, []));
  if (parity !== undefined) out.push(...suiteXml('parity', parity.cases, parityProperties(parity.section), unusedEntries(view, parity.section)));
  if (sweep !== null) out.push(...suiteXml('deployment sweep', sweep.cases, sweep.properties));
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
    ...(report.run.window === undefined ? [] : ([['window.start', report.run.window.start], ['window.end', report.run.window.end]] as [string, string][])),
  ];
}

function suiteXml(name: string, cases: Case[], properties: [string, string][], systemOut: string[] = []): string[] {
  const failures = cases.filter((c) => c.failure !== undefined).length;
  const errors = cases.filter((c) => c.error !== undefined).length;
  const skipped = cases.filter((c) => c.skipped !== undefined).length;
  const lines = [`  <testsuite name="${x(name)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}">`];
  if (properties.length > 0) {
    lines.push('    <properties>');
    for (const [key, value] of properties) lines.push(`      <property name="${x(key)}" value="${x(value)}"/>`);
    lines.push('    </properties>');
  }
  for (const c of cases) {
    const open = `    <testcase classname="${x(c.classname)}" name="${x(c.name)}"`;
    const out = c.systemOut === undefined || c.systemOut.length === 0 ? [] : [`      ${systemOutXml(c.systemOut)}`];
    if (c.failure !== undefined) {
      lines.push(`${open}>`, `      <failure type="${x(c.failure.type)}" message="${x(c.failure.message)}">${c.failure.body.map(x).join('\n')}</failure>`, ...out, '    </testcase>');
    } else if (c.skipped !== undefined) {
      lines.push(`${open}>`, `      <skipped message="${x(c.skipped.message)}"/>`, ...out, '    </testcase>');
    } else if (c.error !== undefined) {
      lines.push(`${open}>`, `      <error type="${x(c.error.type)}" message="${x(c.error.message)}"/>`, ...out, '    </testcase>');
    } else if (out.length > 0) {
      lines.push(`${open}>`, ...out, '    </testcase>');
    } else {
      lines.push(`${open}/>`);
    }
  }
  if (systemOut.length > 0) lines.push(`    ${systemOutXml(systemOut)}`);
  lines.push('  </testsuite>');
  return lines;
}

function systemOutXml(lines: string[]): string {
  return `<system-out>${lines.map(x).join('\n')}</system-out>`;
}

function ruleCases(view: ReportView, rule: ReportRule): Case[] {
  if (rule.error !== null) return [erroredCase(view, rule, rule.error)];
  return view.scenarioDataSourceCells(rule.id).map((cell) => cellCase(view, rule, cell));
}

/** A rule that could not run is one <error>, naming the data sources and pins it affected (said once). */
function erroredCase(view: ReportView, rule: ReportRule, message: string): Case {
  const pins = view.report.expectations.filter((e) => e.ruleId === rule.id).length;
  const affects = `affects ${rule.dataSourceIds.length} data source${rule.dataSourceIds.length === 1 ? '' : 's'} (${rule.dataSourceIds.join(', ')}) and ${pins} pin${pins === 1 ? '' : 's'}`;
  return { name: 'rule failed to run', classname: rule.name, error: { type: 'rule-error', message: `rule failed to run on ${rule.backend}; ${affects}: ${message}` } };
}

/** The pinned expectation judged on this cell, if the pack pins one. */
function pinOf(view: ReportView, cell: RuleScenarioDataSourceCell) {
  return view.report.expectations.find((e) => e.ruleId === cell.ruleId && e.scenarioId === cell.scenarioId && e.dataSourceId === cell.dataSourceId);
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
  // A gap (or false positive) the pack pins on purpose, held or since improved on, is known: skipped.
  const pin = pinOf(view, cell);
  if (pin !== undefined && (pin.status === 'held' || pin.status === 'stale')) {
    const kind = malicious ? 'known gap' : 'known false positive';
    const where = pin.pinnedAt === null ? 'pinned in the pack' : `pinned at ${pin.pinnedAt}`;
    const stale = pin.status === 'stale' ? ` (pin is stale: expected ${pin.expected}, now ${pin.observedVerdict ?? 'n/a'})` : '';
    return { ...base, skipped: { message: `${kind}, ${where}${stale}: ${what}` } };
  }
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
  const unpinned = pin === undefined ? ' (not pinned: unexpected)' : ` (pinned ${pin.expected}${pin.pinnedAt === null ? '' : ` at ${pin.pinnedAt}`})`;
  return { ...base, failure: { type: malicious ? 'missed-malicious' : 'fired-benign', message: `${what}${unpinned} (${rate})${example}`, body } };
}

function clip(text: string): string {
  return Array.from(text).length > EXAMPLE_WIDTH ? Array.from(text).slice(0, EXAMPLE_WIDTH).join('') + '\u2026' : text;
}

/** Differences listed per test case; the failure message gives the full count and report.json lists all. */
const PARITY_LISTED = 100;

const ACCEPT_HINT = 'a difference is accepted only by an entry in the known-differences file (dth run --known-differences) that gives its reason';

function parityProperties(section: ParitySection): [string, string][] {
  return [
    ['parity.backends', section.backends.join(', ')],
    ['parity.ok', String(section.ok)],
  ];
}

function unusedEntries(view: ReportView, section: ParitySection): string[] {
  return section.unusedKnownDifferences.map(
    (u) => `known-difference entry at ${u.where} matched nothing (candidate for removal): ${view.ruleName(u.rule)} / ${u.dataSource} / ${u.event ?? u.scenario ?? ''}: ${u.reason}`,
  );
}

/** One case per rule x data source x real backend compared. */
function parityCases(view: ReportView, section: ParitySection): Case[] {
  return section.groups.map((group) => {
    const mine = section.differences.filter((d) => d.ruleId === group.ruleId && d.dataSourceId === group.dataSourceId && d.backend === group.backend);
    const unexplained = mine.filter((d) => d.status === 'unexplained');
    const accepted = mine.filter((d) => d.status === 'accepted');
    const base: Case = { name: `${group.dataSourceId}: embedded vs ${group.backend}`, classname: view.ruleName(group.ruleId) };
    if (accepted.length > 0) {
      base.systemOut = listed(accepted, (d) => [`accepted: event ${d.eventId} (${view.differenceSubject(d)}): ${parityVerdicts(d)}: ${d.acceptedBy?.reason ?? ''} (${d.acceptedBy?.where ?? ''})`]);
    }
    if (unexplained.length === 0) return base;
    const body = [...listed(unexplained, (d) => differenceLines(view, d)), ACCEPT_HINT];
    return { ...base, failure: { type: 'parity-difference', message: parityMessage(view, group, unexplained), body } };
  });
}

function listed(differences: ParityDifferenceRow[], lines: (d: ParityDifferenceRow) => string[]): string[] {
  const out = differences.slice(0, PARITY_LISTED).flatMap(lines);
  if (differences.length > PARITY_LISTED) out.push(`... and ${differences.length - PARITY_LISTED} more (report.json lists every difference)`);
  return out;
}

function parityMessage(view: ReportView, group: ParityGroupRow, unexplained: ParityDifferenceRow[]): string {
  const first = view.exampleCommandLine(unexplained.map((d) => d.eventId));
  const example = first === undefined ? '' : `; e.g. ${first.event.host}: ${clip(first.event.commandLine)}`;
  return `${unexplained.length} of ${group.events} events ${unexplained.length === 1 ? 'differs' : 'differ'} between the embedded engine and ${group.backend} without a known reason (${group.agreeing} agree, ${group.accepted} accepted)${example}`;
}

function differenceLines(view: ReportView, d: ParityDifferenceRow): string[] {
  const event = view.event(d.eventId);
  const head = `event ${d.eventId} (${view.differenceSubject(d)})`;
  if (event === undefined) return [`${head}: ${parityVerdicts(d)}`];
  return [
    `${head} on ${event.host} as ${event.user} at ${event.timestamp}: ${parityVerdicts(d)}`,
    `  command line: ${event.commandLine}`,
    `  parent: ${event.parentCommandLine}`,
  ];
}
