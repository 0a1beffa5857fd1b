// The terminal summary: the reading guide, then per rule a data source table with behaviour-level
// recall and false positive rate (value, Wilson 95% interval over scenarios, scenarios caught / firing)
// and the rule's "any searched source" row; then blind spots, evasions, cross-SIEM disagreements, expectation failures
// and errors; parity and backend timings when a real backend ran. Colour only when asked (useColor decides: a TTY and no NO_COLOR).
import { escapeTerminal } from '../escape.js';
import { count, duration, interval, plural, rateValue, windowText } from '../format.js';
import type { BackendTiming, ParitySection, Rate, Report, ReportRule } from '../model.js';
import { READING_GUIDE } from '../reading-guide.js';
import { alertRows, alertsText, benignMatrix, firesSomewhere, matrixText, NEEDS_WEIGHTS } from './benign-matrix.js';
import { anySourceTexts, evasionSources, outcomeText, parityVerdicts, recallRange, ReportView, variantName } from './report-view.js';
import { sweepTerminal } from './sweep-section.js';
import { layoutTable, type TextCell } from './text-table.js';

export interface TerminalOptions {
  color: boolean;
  /** Longest example command line shown, in characters. */
  exampleWidth?: number;
}

/** Colour when the stream is a terminal and NO_COLOR is unset or empty (https://no-color.org). */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  const noColor = env.NO_COLOR;
  return stream.isTTY === true && (noColor === undefined || noColor === '');
}

type Paint = (text: string) => string;

interface Palette {
  bold: Paint;
  dim: Paint;
  good: Paint;
  warn: Paint;
  bad: Paint;
}

function sgr(code: string): Paint {
  return (text) => `\u001b[${code}m${text}\u001b[0m`;
}

const IDENTITY: Paint = (text) => text;

function palette(color: boolean): Palette {
  if (!color) return { bold: IDENTITY, dim: IDENTITY, good: IDENTITY, warn: IDENTITY, bad: IDENTITY };
  return { bold: sgr('1'), dim: sgr('2'), good: sgr('32'), warn: sgr('33'), bad: sgr('31') };
}

/** Recall: all caught is good, none is bad; false positive rate: none is good, any is bad. */
function recallPaint(p: Palette, rate: Rate): Paint | undefined {
  if (rate.value === null) return p.dim;
  if (rate.k === rate.n) return p.good;
  return rate.k === 0 ? p.bad : p.warn;
}

function fprPaint(p: Palette, rate: Rate): Paint | undefined {
  if (rate.value === null) return p.dim;
  return rate.k === 0 ? p.good : p.bad;
}

export function renderTerminal(report: Report, options: TerminalOptions): string {
  const p = palette(options.color);
  const view = new ReportView(report);
  const width = options.exampleWidth ?? 100;
  const out: string[] = [];
  out.push(...header(report, p));
  out.push(...READING_GUIDE.flatMap((sentence) => wrap(sentence, 110)).map((line) => p.dim(line)));
  for (const rule of report.rules) out.push('', ...ruleTable(view, rule, p), ...benignTools(report, rule, p));
  out.push('', ...blindSpots(view, p));
  out.push('', ...evasions(view, p, width));
  out.push('', ...disagreements(view, p));
  out.push('', ...expectationFailures(view, p));
  out.push('', ...errors(view, p));
  if (report.parity !== undefined) out.push('', ...parity(view, report.parity, p, width));
  if (report.backendTimings !== undefined) out.push('', ...backendTimings(report.backendTimings, p));
  if (report.deployment !== undefined) out.push('', ...sweepTerminal(report, p.bold));
  return out.join('\n') + '\n';
}

/** Words of `text` on lines of at most `width` characters (a longer word keeps its own line). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

function header(report: Report, p: Palette): string[] {
  const { run, totals } = report;
  const elapsed = Date.parse(run.finishedAt) - Date.parse(run.startedAt);
  const first = [
    `detection-harness ${escapeTerminal(run.harnessVersion)}`,
    `seed ${run.seed}`,
    `scale ${run.scale}`,
    `pack ${escapeTerminal(run.packFile)}`,
    `backends ${run.backends.map((b) => escapeTerminal(b)).join(', ')}`,
  ].join(' \u00b7 ');
  const second = [
    plural(totals.events, 'event'),
    plural(totals.scenarios, 'scenario'),
    plural(totals.dataSources, 'data source'),
    plural(totals.rules, 'rule'),
    ...(Number.isFinite(elapsed) ? [duration(elapsed)] : []),
  ].join(' \u00b7 ');
  const window = windowText(run.window);
  if (window !== null) return [p.bold(first), p.dim(second), p.dim(escapeTerminal(window))];
  return [p.bold(first), p.dim(second)];
}

function rateCells(rate: Rate, paint: Paint | undefined): TextCell[] {
  return [
    { text: rateValue(rate), style: paint },
    { text: rate.value === null ? '' : interval(rate), style: paint },
  ];
}

function ruleTable(view: ReportView, rule: ReportRule, p: Palette): string[] {
  const title = `${p.bold(escapeTerminal(rule.name))} ${p.dim(`\u00b7 ${rule.siem} ${rule.language} \u00b7 ${escapeTerminal(rule.id)} \u00b7 ${escapeTerminal(rule.backend)}`)}`;
  if (rule.error !== null || rule.anyDataSource === null) {
    // The first line only: the whole message (with its caret excerpt) is under Errors, said once.
    return [title, `  ${p.bad('ERROR')} ${escapeTerminal((rule.error ?? 'no results').split('\n')[0] ?? '', 300)}`];
  }
  const head: TextCell[] = ['data source', 'recall', '95% CI', 'attack scenarios', 'FPR', '95% CI', 'benign scenarios', ''].map((text) => ({ text, style: p.dim }));
  const rows: TextCell[][] = [head];
  for (const cell of view.dataSourceCells(rule.id)) {
    const flag: TextCell = cell.blind ? { text: cell.searched ? 'blind spot' : 'blind spot (not searched)', style: p.bad } : { text: cell.searched ? '' : 'not searched', style: p.dim };
    const { recall, falsePositiveRate } = cell.metrics;
    rows.push([
      { text: escapeTerminal(cell.dataSourceId) },
      ...rateCells(recall, recallPaint(p, recall)),
      { text: outcomeText('malicious', cell.scenarios.malicious) },
      ...rateCells(falsePositiveRate, fprPaint(p, falsePositiveRate)),
      { text: outcomeText('benign', cell.scenarios.benign) },
      flag,
    ]);
  }
  const any = rule.anyDataSource;
  const anyRow: TextCell[] = [
    { text: 'in any searched source', style: p.bold },
    ...rateCells(any.recall, recallPaint(p, any.recall)),
    { text: anySourceTexts(any).attacks },
    ...rateCells(any.falsePositiveRate, fprPaint(p, any.falsePositiveRate)),
    { text: anySourceTexts(any).benign },
    { text: '' },
  ];
  rows.push(anyRow);
  const lines = layoutTable(rows, ['left', 'right', 'left', 'left', 'right', 'left', 'left', 'left'], '  ');
  const noData = rule.selectorsWithoutData.map((s) => `  ${p.dim(`selector with no data source: ${escapeTerminal(s)}`)}`);
  const weighted = view.dataSourceCells(rule.id).some((c) => c.weighted) ? [`  ${p.dim('weighted scenarios: n is the effective number of scenarios (Kish)')}`] : [];
  return [title, ...lines, ...noData, ...weighted];
}

/** The benign-tool matrix (only the tools it fires on, columns numbered with a legend) and the alert volume line. */
function benignTools(report: Report, rule: ReportRule, p: Palette): string[] {
  if (rule.error !== null) return [];
  const matrix = benignMatrix(report, rule);
  const firing = matrix.rows.filter(firesSomewhere);
  const lines = ['', `  ${p.bold('Benign tools it fires on')} ${p.dim('(events fired on of n, per data source; \u00b7 none, \u2014 not recorded)')}`];
  if (firing.length === 0) lines.push(`    none of the ${plural(matrix.rows.length, 'benign scenario')}`);
  else {
    lines.push(`    ${p.dim(matrix.dataSourceIds.map((id, i) => `${i + 1} ${escapeTerminal(id)}`).join('  '))}`);
    const head: TextCell[] = [{ text: 'benign scenario', style: p.dim }, ...matrix.dataSourceIds.map((_, i) => ({ text: String(i + 1), style: p.dim }))];
    const rows: TextCell[][] = firing.map((row) => [{ text: escapeTerminal(row.scenarioId) }, ...row.cells.map((c) => ({ text: matrixText(c), style: c !== null && c.fired > 0 ? p.bad : p.dim }))]);
    lines.push(...layoutTable([head, ...rows], ['left', ...matrix.dataSourceIds.map(() => 'right' as const)], '    '));
    const quiet = matrix.rows.length - firing.length;
    if (quiet > 0) lines.push(`    ${p.dim(`quiet on the other ${plural(quiet, 'benign scenario')}`)}`);
  }
  const volume = alertRows(report, rule.id);
  if (report.alertVolume === null) lines.push(`  ${p.dim(NEEDS_WEIGHTS)}`);
  else {
    lines.push(`  ${p.bold('Expected false alerts per 1,000 endpoints per day')} ${p.dim(`(launch rates from ${escapeTerminal(report.alertVolume.weightsFile)})`)}`);
    lines.push(`    ${volume.map((r) => `${escapeTerminal(r.dataSourceId)} ${alertsText(r.alertsPer1000EndpointsPerDay)}${r.unweightedFiringScenarioIds.length > 0 ? '+' : ''}`).join(' \u00b7 ')}`);
    const unweighted = [...new Set(volume.flatMap((r) => r.unweightedFiringScenarioIds))];
    if (unweighted.length > 0) lines.push(`    ${p.warn(`+ not counted: no launch rate for ${unweighted.map((id) => escapeTerminal(id)).join(', ')}`)}`);
  }
  return lines;
}

function sectionTitle(p: Palette, title: string, n: number): string {
  return p.bold(`${title} (${n})`);
}

function blindSpots(view: ReportView, p: Palette): string[] {
  const spots = view.report.blindSpots;
  if (spots.length === 0) return [`${p.bold('Blind spots')}: none`];
  const rows: TextCell[][] = spots.map((spot) => [
    { text: escapeTerminal(view.ruleName(spot.ruleId), 48) },
    { text: escapeTerminal(spot.dataSourceId) },
    { text: spot.kind, style: p.bad },
    { text: escapeTerminal(spot.reason, 200) },
  ]);
  return [sectionTitle(p, 'Blind spots', spots.length), ...layoutTable(rows, ['left', 'left', 'left', 'left'], '  ')];
}

function evasions(view: ReportView, p: Palette, width: number): string[] {
  const lines = [sectionTitle(p, 'Evasions that beat each rule', view.report.evasions.length)];
  const ran = view.report.rules.filter((r) => r.error === null);
  for (const rule of ran) {
    const mine = view.report.evasions.filter((e) => e.ruleId === rule.id);
    lines.push(`  ${escapeTerminal(rule.name)}${mine.length === 0 ? ': none' : ''}`);
    if (mine.length === 0) continue;
    const rows: TextCell[][] = mine.map((e) => [
      { text: escapeTerminal(variantName(e.variant)) },
      { text: e.beats, style: e.beats === 'fully' ? p.bad : p.warn },
      { text: `beats it in ${evasionSources(e)}` },
      { text: `recall ${recallRange(e.dataSources.map((d) => d.recall))}` },
      { text: `unmodified ${recallRange(e.dataSources.map((d) => d.unmodifiedRecall))}`, style: p.dim },
    ]);
    const table = layoutTable(rows, ['left', 'left', 'left', 'left'], '    ');
    mine.forEach((e, i) => {
      lines.push(table[i] as string);
      const example = view.exampleCommandLine(e.examples);
      if (example !== undefined) lines.push(`      ${p.dim('e.g.')} ${escapeTerminal(example.event.commandLine, width)}`);
    });
  }
  return lines;
}

function disagreements(view: ReportView, p: Palette): string[] {
  const items = view.report.disagreements;
  if (items.length === 0) return [`${p.bold('Cross-SIEM disagreements')}: none`];
  const rows: TextCell[][] = items.map((d) => [
    { text: escapeTerminal(d.scenarioId) },
    { text: d.label, style: p.dim },
    { text: `caught in any source by ${d.caughtBy.map((id) => escapeTerminal(view.ruleName(id))).join(', ')}` },
    { text: `missed in every source by ${d.missedBy.map((id) => escapeTerminal(view.ruleName(id))).join(', ')}` },
  ]);
  return [`${sectionTitle(p, 'Cross-SIEM disagreements', items.length)} ${p.dim('(caught or missed in any source)')}`, ...layoutTable(rows, ['left', 'left', 'left', 'left'], '  ')];
}

function expectationFailures(view: ReportView, p: Palette): string[] {
  const failed = view.failedExpectations();
  const held = view.report.expectations.filter((e) => e.status === 'held').length;
  const lines = failed.length === 0 ? [`${p.bold('Expectation failures')}: none ${p.dim(`(${held} held)`)}`] : [`${sectionTitle(p, 'Expectation failures', failed.length)} ${p.dim(`(${held} held)`)}`];
  for (const e of failed) {
    const where = e.dataSourceId === null ? '' : ` in ${escapeTerminal(e.dataSourceId)}`;
    lines.push(`  ${p.bad('FAIL')} ${escapeTerminal(e.scenarioId)} \u00d7 ${escapeTerminal(view.ruleName(e.ruleId))}${where}: expected ${e.expected}; ${escapeTerminal(e.observed, 300)}`);
    const why = [e.reason === null ? '' : escapeTerminal(e.reason, 200), e.pinnedAt === null ? '' : `pinned at ${escapeTerminal(e.pinnedAt)}`].filter(Boolean).join(' \u00b7 ');
    if (why !== '') lines.push(`       ${p.dim(why)}`);
  }
  const stale = view.report.expectations.filter((e) => e.status === 'stale');
  if (stale.length > 0) {
    lines.push('', `${sectionTitle(p, 'Pins the run did better than', stale.length)} ${p.dim('(improvements, not failures: `dth pins update` rewrites them)')}`);
    // One line per pin and change, naming the data sources it applies to.
    const groups = new Map<string, { e: (typeof stale)[number]; sources: string[] }>();
    for (const e of stale) {
      const key = [e.pinnedAt, e.scenarioId, e.ruleId, e.expected, e.observedVerdict].join('\u0000');
      const group = groups.get(key) ?? { e, sources: [] };
      if (e.dataSourceId !== null) group.sources.push(e.dataSourceId);
      groups.set(key, group);
    }
    for (const { e, sources } of groups.values()) {
      const at = e.pinnedAt === null ? '' : `${escapeTerminal(e.pinnedAt)}: `;
      const where = sources.length === 0 ? '' : ` in ${sources.map((id) => escapeTerminal(id)).join(', ')}`;
      lines.push(`  ${p.good('IMPROVED')} ${at}${escapeTerminal(e.scenarioId)} \u00d7 ${escapeTerminal(view.ruleName(e.ruleId))}: pinned ${e.expected}, now ${e.observedVerdict ?? 'n/a'}${where}`);
    }
  }
  return lines;
}

function errors(view: ReportView, p: Palette): string[] {
  const items = view.report.errors;
  if (items.length === 0) return [`${p.bold('Errors')}: none`];
  const lines = [sectionTitle(p, 'Errors', items.length)];
  for (const error of items) {
    if (error.kind === 'rule-error') {
      // Said once, with what it affected; the message keeps its lines (the caret excerpt).
      lines.push(`  ${p.bad('ERROR')} rule ${escapeTerminal(view.ruleName(error.ruleId))} on ${escapeTerminal(error.backend)} (${view.ruleErrorReach(error.ruleId)}):`);
      for (const line of error.message.split('\n').slice(0, 40)) lines.push(`    ${escapeTerminal(line, 300)}`);
    } else {
      const first = error.examples[0];
      const example = first === undefined ? '' : `; e.g. ${escapeTerminal(first.eventId)}: ${escapeTerminal(first.reason, 200)}`;
      lines.push(`  ${p.bad('ERROR')} ${escapeTerminal(error.dataSourceId)}: ${plural(error.count, 'record')} not stored${example}`);
    }
  }
  return lines;
}

/** Unexplained differences listed one per line; the rest are counted (report.json lists all). */
const PARITY_LINES = 50;

/** Only non-empty text is styled, so blank cells carry no escape codes. */
function styled(text: string, style: Paint): TextCell {
  return text === '' ? { text } : { text, style };
}

function parity(view: ReportView, section: ParitySection, p: Palette, width: number): string[] {
  const unexplained = view.unexplainedDifferences();
  const accepted = section.differences.length - unexplained.length;
  const against = section.backends.length === 0 ? 'no real backend' : section.backends.map((b) => escapeTerminal(b)).join(', ');
  const verdict = unexplained.length > 0 ? p.bad(plural(unexplained.length, 'unexplained difference')) : p.good('no unexplained difference');
  const lines = [`${p.bold(`Parity, embedded vs ${against}`)}: ${verdict}${accepted > 0 ? p.dim(` (${plural(accepted, 'accepted difference')})`) : ''}`];
  const rows: TextCell[][] = view.parityByBackend().map((b) => [
    { text: escapeTerminal(b.backend) },
    styled(`${count(b.agreeing)} of ${count(b.events)} events agree`, b.unexplained > 0 ? p.bad : p.good),
    styled(b.accepted > 0 ? `${count(b.accepted)} accepted` : '', p.dim),
    styled(b.unexplained > 0 ? `${count(b.unexplained)} unexplained` : '', p.bad),
  ]);
  lines.push(...layoutTable(rows, ['left', 'right', 'left', 'left'], '  '));
  for (const d of unexplained.slice(0, PARITY_LINES)) {
    const event = view.event(d.eventId);
    const where = `${escapeTerminal(view.ruleName(d.ruleId))} / ${escapeTerminal(d.dataSourceId)} / ${escapeTerminal(d.backend)}`;
    const example = event === undefined ? '' : ` ${p.dim('\u00b7')} ${escapeTerminal(event.commandLine, width)}`;
    lines.push(`  ${p.bad('UNEXPLAINED')} ${where}: ${escapeTerminal(d.eventId)} (${escapeTerminal(view.differenceSubject(d))}): ${escapeTerminal(parityVerdicts(d))}${example}`);
  }
  if (unexplained.length > PARITY_LINES) lines.push(`  ${p.dim(`... and ${count(unexplained.length - PARITY_LINES)} more unexplained (report.json lists every one)`)}`);
  const unused = section.unusedKnownDifferences;
  if (unused.length > 0) {
    const entries = plural(unused.length, 'known-difference entry', 'known-difference entries');
    lines.push(`  ${p.warn(`${entries} matched nothing`)} ${p.dim('(candidates for removal)')}: ${unused.map((u) => escapeTerminal(u.where)).join(', ')}`);
  }
  return lines;
}

function backendTimings(timings: BackendTiming[], p: Palette): string[] {
  const rows: TextCell[][] = timings.map((b) => [
    { text: escapeTerminal(b.backend) },
    { text: b.mode, style: p.dim },
    { text: `ready ${duration(b.readyMs)}` },
    { text: `load ${duration(b.loadMs)}` },
    { text: `search ${duration(b.searchMs)}` },
    { text: `over ${plural(b.searches, 'search', 'searches')}`, style: p.dim },
  ]);
  const insecure = timings.filter((b) => b.tls === 'insecure').map((b) => `  ${p.warn(`${escapeTerminal(b.backend)}: TLS certificate not verified (--insecure)`)}`);
  return [p.bold('Backend timings'), ...layoutTable(rows, ['left', 'left', 'right', 'right', 'right', 'left'], '  '), ...insecure];
}
