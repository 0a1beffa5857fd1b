// summary.md: the run as a pull-request comment (GitHub-flavoured Markdown). Every string from the
// input is escaped with escapeMarkdown; numbers and fixed words are ours.
import { sweepMarkdown } from './sweep-section.js';
import { escapeMarkdown as md } from '../escape.js';
import { count, duration, interval, plural, rateValue, windowText } from '../format.js';
import { READING_GUIDE } from '../reading-guide.js';
import { alertRows, alertsText, benignMatrix, firesSomewhere, matrixText, NEEDS_WEIGHTS } from './benign-matrix.js';
import type { BackendTiming, ParitySection, Rate, Report, ReportRule } from '../model.js';
import { anySourceTexts, anySourceWords, evasionSources, matchWord, outcomeText, recallRange, ReportView, variantName, type Tone } from './report-view.js';

const EXAMPLE_WIDTH = 120;

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function tableHead(headers: string[], align: ('l' | 'r')[]): string[] {
  return [row(headers), row(align.map((a) => (a === 'r' ? '--:' : ':--')))];
}

/** `87.5% (79.1–93.0)` or `n/a`. */
function rateCell(rate: Rate): string {
  return rate.value === null ? 'n/a' : `${rateValue(rate)} (${interval(rate).slice(1, -1)})`;
}

const TONE_MARK: Record<Tone, string> = { good: '\u2705', mixed: '\u26a0\ufe0f', bad: '\u274c', none: '' };

export function renderMarkdown(report: Report): string {
  const view = new ReportView(report);
  const out: string[] = [];
  out.push(...heading(report), '');
  for (const rule of report.rules) out.push(...ruleSection(view, rule), '', ...benignToolsSection(report, rule), '');
  out.push(...blindSpots(view), '');
  out.push(...evasions(view), '');
  out.push(...disagreements(view), '');
  out.push(...expectationFailures(view), '');
  out.push(...errors(view), '');
  if (report.parity !== undefined) out.push(...paritySection(view, report.parity), '');
  if (report.backendTimings !== undefined) out.push(...timingSection(report.backendTimings), '');
  if (report.deployment !== undefined) out.push(...sweepMarkdown(report), '');
  out.push(...scenarioMatrix(view));
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

function heading(report: Report): string[] {
  const { run, totals } = report;
  const status: string[] = [];
  if (totals.expectationFailures > 0) status.push(`\u274c ${plural(totals.expectationFailures, 'expectation')} failed`);
  if (totals.errors > 0) status.push(`\u274c ${plural(totals.errors, 'error')}`);
  const unexplained = report.parity?.differences.filter((d) => d.status === 'unexplained').length ?? 0;
  if (unexplained > 0) status.push(`\u274c ${plural(unexplained, 'unexplained parity difference')}`);
  status.push(`${plural(totals.blindSpots, 'blind spot')}`);
  status.push(`${plural(report.evasions.length, 'evasion')}`);
  const held = report.expectations.filter((e) => e.status === 'held').length;
  if (totals.expectationFailures === 0 && totals.errors === 0) status.unshift(`\u2705 all ${plural(held, 'expectation')} held`);
  return [
    '## detection-harness report',
    '',
    `seed ${run.seed} \u00b7 scale ${run.scale} \u00b7 pack ${md(run.packFile)} \u00b7 ${plural(totals.rules, 'rule')} \u00b7 ` +
      `${plural(totals.dataSources, 'data source')} \u00b7 ${plural(totals.events, 'event')} \u00b7 detection-harness ${md(run.harnessVersion)}`,
    ...optionalLine(windowText(run.window)),
    '',
    `**${status.join(' \u00b7 ')}**`,
    '',
    ...READING_GUIDE.map((sentence) => `> ${sentence}`).flatMap((line, i) => (i === 0 ? [line] : ['>', line])),
    '',
    'Rates are shown with their Wilson 95% interval over scenarios; n/a means the data source recorded no such scenario.',
  ];
}

/**
 * A blank line and the text, or nothing when there is no text. Text of only letters, digits, spaces
 * and date punctuation cannot start any Markdown construct, so it is kept readable; anything else
 * (a hand-edited report.json) is escaped.
 */
function optionalLine(text: string | null): string[] {
  if (text === null) return [];
  return ['', /^[\w :.+\-\u2013()]+$/.test(text) ? text : md(text)];
}

function ruleSection(view: ReportView, rule: ReportRule): string[] {
  const title = `### ${md(rule.name)} (${rule.siem} ${rule.language.toUpperCase()}, ${md(rule.id)})`;
  if (rule.error !== null || rule.anyDataSource === null) return [title, '', `\u274c **rule failed to run**: ${md(rule.error ?? 'no results', 400)}`];
  const lines = [
    title,
    '',
    ...tableHead(['data source', 'recall (95% CI)', 'attack scenarios', 'FPR (95% CI)', 'benign scenarios', 'events TP / FN / FP / TN', ''], ['l', 'r', 'l', 'r', 'l', 'r', 'l']),
  ];
  for (const cell of view.dataSourceCells(rule.id)) {
    const { tp, fn, fp, tn } = cell.events;
    const flag = [cell.blind ? 'blind spot' : '', cell.searched ? '' : 'not searched'].filter(Boolean).join(', ');
    lines.push(
      row([
        md(cell.dataSourceId),
        rateCell(cell.metrics.recall),
        outcomeText('malicious', cell.scenarios.malicious),
        rateCell(cell.metrics.falsePositiveRate),
        outcomeText('benign', cell.scenarios.benign),
        `${count(tp)} / ${count(fn)} / ${count(fp)} / ${count(tn)}`,
        flag,
      ]),
    );
  }
  const any = rule.anyDataSource;
  lines.push(
    row([
      '**in any searched source**',
      rateCell(any.recall),
      anySourceTexts(any).attacks,
      rateCell(any.falsePositiveRate),
      anySourceTexts(any).benign,
      '',
      '',
    ]),
  );
  if (any.missed.length > 0) lines.push('', `Attack scenarios no searched source detects: ${any.missed.map((id) => md(id)).join(', ')}`);
  if (rule.selectorsWithoutData.length > 0) {
    lines.push('', `Selectors with no data source in this run: ${rule.selectorsWithoutData.map((s) => md(s)).join(', ')}`);
  }
  // Engine behaviour choices the figures depend on (e.g. how the Splunk rule's `bin` without a field runs).
  if (rule.notes.length > 0) lines.push('', ...rule.notes.map((note) => `- Note: ${md(note)}`));
  return lines;
}

/** The benign-tool matrix (every counting benign scenario the rule's sources recorded) and the alert volume. */
function benignToolsSection(report: Report, rule: ReportRule): string[] {
  if (rule.error !== null) return [];
  const matrix = benignMatrix(report, rule);
  const lines = [
    `#### Benign tools: ${md(rule.name)}`,
    '',
    'Events the rule fires on, of the benign scenario\'s events in each data source (\u00b7 none, \u2014 not recorded).',
    '',
    ...tableHead(['benign scenario', ...matrix.dataSourceIds.map((id) => md(id))], ['l', ...matrix.dataSourceIds.map(() => 'r' as const)]),
    ...matrix.rows.map((r) => row([firesSomewhere(r) ? `**${md(r.scenarioId)}**` : md(r.scenarioId), ...r.cells.map(matrixText)])),
  ];
  if (report.alertVolume === null) return [...lines, '', `_${md(NEEDS_WEIGHTS)}_`];
  const volume = alertRows(report, rule.id);
  return [
    ...lines,
    '',
    `Expected false alerts per 1,000 endpoints per day (launch rates from ${md(report.alertVolume.weightsFile)}; report.json \`alertVolume\` has the arithmetic):`,
    '',
    ...tableHead(['data source', 'alerts / 1,000 endpoints / day', 'not counted (no launch rate)'], ['l', 'r', 'l']),
    ...volume.map((r) => row([md(r.dataSourceId), alertsText(r.alertsPer1000EndpointsPerDay), r.unweightedFiringScenarioIds.map((id) => md(id)).join(', ')])),
  ];
}

function blindSpots(view: ReportView): string[] {
  const spots = view.report.blindSpots;
  if (spots.length === 0) return ['### Blind spots', '', 'None.'];
  return [
    `### Blind spots (${spots.length})`,
    '',
    ...tableHead(['rule', 'data source', 'kind', 'malicious missed', 'why'], ['l', 'l', 'l', 'r', 'l']),
    ...spots.map((s) => row([md(view.ruleName(s.ruleId)), md(s.dataSourceId), s.kind, count(s.recall.n), md(s.reason, 300)])),
  ];
}

function evasions(view: ReportView): string[] {
  const items = view.report.evasions;
  if (items.length === 0) return ['### Evasions that beat each rule', '', 'None.'];
  return [
    `### Evasions that beat each rule (${items.length})`,
    '',
    'Per covered data source (the rule is not blind there), recall over the scenarios with the variant, next to the same populations unmodified in the same source.',
    '',
    ...tableHead(['rule', 'variant', 'beats', 'beats it in', 'recall', 'unmodified recall', 'example missed command line'], ['l', 'l', 'l', 'l', 'r', 'r', 'l']),
    ...items.map((e) => {
      const example = view.exampleCommandLine(e.examples);
      return row([
        md(view.ruleName(e.ruleId)),
        md(variantName(e.variant)),
        e.beats,
        evasionSources(e),
        recallRange(e.dataSources.map((d) => d.recall)),
        recallRange(e.dataSources.map((d) => d.unmodifiedRecall)),
        example === undefined ? '' : md(example.event.commandLine, EXAMPLE_WIDTH),
      ]);
    }),
  ];
}

function disagreements(view: ReportView): string[] {
  const items = view.report.disagreements;
  if (items.length === 0) return ['### Cross-SIEM disagreements', '', 'None.'];
  return [
    `### Cross-SIEM disagreements (${items.length})`,
    '',
    'A rule catches a scenario in any source when, in at least one data source, it fires on every event of it; it misses it in every source when it fires on none anywhere.',
    '',
    ...tableHead(['scenario', 'label', 'caught in any source by', 'missed in every source by'], ['l', 'l', 'l', 'l']),
    ...items.map((d) =>
      row([md(d.scenarioId), d.label, d.caughtBy.map((id) => md(view.ruleName(id))).join(', '), d.missedBy.map((id) => md(view.ruleName(id))).join(', ')]),
    ),
  ];
}

function expectationFailures(view: ReportView): string[] {
  const failed = view.failedExpectations();
  const stale = view.report.expectations.filter((e) => e.status === 'stale');
  const staleLines =
    stale.length === 0
      ? []
      : [
          '',
          `### Pins the run did better than (${stale.length})`,
          '',
          'Improvements, not failures: `dth pins update` rewrites them to what the run observed.',
          '',
          ...tableHead(['pinned at', 'scenario', 'rule', 'data source', 'pinned', 'now', 'observed'], ['l', 'l', 'l', 'l', 'l', 'l', 'l']),
          ...stale.map((e) => row([md(e.pinnedAt ?? ''), md(e.scenarioId), md(view.ruleName(e.ruleId)), e.dataSourceId === null ? 'all' : md(e.dataSourceId), e.expected, e.observedVerdict ?? 'n/a', md(e.observed, 200)])),
        ];
  if (failed.length === 0) return ['### Expectation failures', '', `None (${plural(view.report.expectations.length, 'pinned expectation')}).`, ...staleLines];
  return [
    `### Expectation failures (${failed.length})`,
    '',
    ...tableHead(['scenario', 'rule', 'data source', 'expected', 'observed', 'why pinned', 'pinned at'], ['l', 'l', 'l', 'l', 'l', 'l', 'l']),
    ...failed.map((e) =>
      row([
        md(e.scenarioId),
        md(view.ruleName(e.ruleId)),
        e.dataSourceId === null ? 'all' : md(e.dataSourceId),
        e.expected,
        md(e.observed, 300),
        md(e.reason ?? '', 200),
        md(e.pinnedAt ?? ''),
      ]),
    ),
    ...staleLines,
  ];
}

function errors(view: ReportView): string[] {
  const items = view.report.errors;
  if (items.length === 0) return ['### Errors', '', 'None.'];
  return [
    `### Errors (${items.length})`,
    '',
    ...items.map((e) =>
      e.kind === 'rule-error'
        ? `- rule **${md(view.ruleName(e.ruleId))}** failed on ${md(e.backend)} (${view.ruleErrorReach(e.ruleId)}): ${md(e.message, 400)}`
        : `- ${md(e.dataSourceId)}: ${plural(e.count, 'record')} not stored${e.examples[0] === undefined ? '' : ` (e.g. ${md(e.examples[0].eventId)}: ${md(e.examples[0].reason, 200)})`}`,
    ),
  ];
}

function scenarioMatrix(view: ReportView): string[] {
  const rules = view.report.rules.filter((r) => r.error === null);
  if (rules.length === 0 || view.report.scenarios.length === 0) return [];
  return [
    '<details><summary>Scenarios \u00d7 rules (verdict in any source; sources caught of recorded)</summary>',
    '',
    ...tableHead(['scenario', 'label', 'variant', ...rules.map((r) => md(r.name))], ['l', 'l', 'l', ...rules.map(() => 'l' as const)]),
    ...view.report.scenarios.map((s) =>
      row([
        s.countsTowardRates ? md(s.id) : `${md(s.id)} (${md(s.purpose)}, counts toward no rate)`,
        s.label,
        md(variantName(s.variant)),
        ...rules.map((r) => {
          const cell = view.ruleScenarioCell(r.id, s.id);
          if (cell === undefined) return '\u2014';
          const { words, tone } = anySourceWords(s.label, cell.verdictInAnySource);
          const recorded = cell.caughtIn.length + cell.partialIn.length + cell.missedIn.length;
          const verdict = `${TONE_MARK[tone]} ${words}`.trim();
          return recorded === 0 ? verdict : `${verdict} (${cell.caughtIn.length}/${recorded} sources)`;
        }),
      ]),
    ),
    '',
    '</details>',
  ];
}

/** A pull-request comment has a size limit; report.json and report.html list every difference. */
const PARITY_ROWS = 100;

function paritySection(view: ReportView, section: ParitySection): string[] {
  const unexplained = view.unexplainedDifferences();
  const accepted = section.differences.length - unexplained.length;
  const against = section.backends.length === 0 ? 'no real backend' : section.backends.map((b) => md(b)).join(', ');
  const status = [
    unexplained.length > 0 ? `\u274c ${plural(unexplained.length, 'unexplained difference')}` : '\u2705 no unexplained difference',
    plural(accepted, 'accepted difference'),
    plural(section.unusedKnownDifferences.length, 'unused known-difference entry', 'unused known-difference entries'),
  ];
  const lines = [
    `### Parity: embedded engines vs ${against}`,
    '',
    `**${status.join(' \u00b7 ')}**`,
    '',
    "The report's figures are the real engines'. Each row compares the embedded engine's verdict with the real one on every event loaded for the data source; a difference fails the run unless the known-differences file accepts it, with its reason.",
    '',
    ...tableHead(['rule', 'data source', 'backend', 'events', 'agreeing', 'accepted', 'unexplained'], ['l', 'l', 'l', 'r', 'r', 'r', 'r']),
    ...section.groups.map((g) =>
      row([md(view.ruleName(g.ruleId)), md(g.dataSourceId), md(g.backend), count(g.events), count(g.agreeing), count(g.accepted), g.unexplained > 0 ? `\u274c ${count(g.unexplained)}` : '0']),
    ),
  ];
  if (section.differences.length > 0) {
    // Unexplained first: they are what fails the run.
    const listed = [...unexplained, ...section.differences.filter((d) => d.status === 'accepted')].slice(0, PARITY_ROWS);
    lines.push(
      '',
      `#### Differences (${count(section.differences.length)})`,
      '',
      ...tableHead(['status', 'rule', 'data source', 'backend', 'event', 'scenario', 'embedded', 'real', 'command line', 'accepted by'], ['l', 'l', 'l', 'l', 'l', 'l', 'l', 'l', 'l', 'l']),
      ...listed.map((d) => {
        const event = view.event(d.eventId);
        return row([
          d.status === 'unexplained' ? '\u274c unexplained' : 'accepted',
          md(view.ruleName(d.ruleId)),
          md(d.dataSourceId),
          md(d.backend),
          md(d.eventId),
          event === undefined ? (d.loaded ? '' : 'not loaded') : `${md(event.scenarioId)} (${event.label})${d.loaded ? '' : ', not loaded here'}`,
          matchWord(d.embedded),
          matchWord(d.real),
          event === undefined ? '' : md(event.commandLine, EXAMPLE_WIDTH),
          d.acceptedBy === null ? '' : `${md(d.acceptedBy.reason, 300)} (${md(d.acceptedBy.where)})`,
        ]);
      }),
    );
    if (section.differences.length > listed.length) lines.push('', `${count(section.differences.length - listed.length)} more: report.json and report.html list every difference.`);
  }
  if (section.unusedKnownDifferences.length > 0) {
    lines.push(
      '',
      `#### Known-difference entries that matched nothing (${section.unusedKnownDifferences.length})`,
      '',
      'Candidates for removal (not a failure).',
      '',
      ...section.unusedKnownDifferences.map((u) => `- at ${md(u.where)}: ${md(view.ruleName(u.rule))} / ${md(u.dataSource)} / ${md(u.event ?? u.scenario ?? '')}: ${md(u.reason, 300)}`),
    );
  }
  return lines;
}

function timingSection(timings: BackendTiming[]): string[] {
  return [
    '### Backend timings',
    '',
    ...tableHead(['backend', 'mode', 'ready', 'load', 'search', 'searches'], ['l', 'l', 'r', 'r', 'r', 'r']),
    ...timings.map((b) => row([md(b.backend), b.mode, duration(b.readyMs), duration(b.loadMs), duration(b.searchMs), count(b.searches)])),
    ...timings.filter((b) => b.tls === 'insecure').map((b) => `\n\u26a0\ufe0f ${md(b.backend)}: TLS certificate not verified (--insecure)`),
  ];
}
