// report.html: one self-contained page (no network, no external fonts or scripts). Charts are inline
// SVG, tables sort with the one inline script, and a strict Content-Security-Policy allows only that
// script and style sheet by hash. Every string from the run goes through escapeHtml.
import { sweepHtml } from './sweep-section.js';
import { createHash } from 'node:crypto';
import { escapeHtml as h } from '../escape.js';
import { count, duration, interval, plural, rateValue, windowText } from '../format.js';
import type { AnyDataSourceCoverage, BackendTiming, ParitySection, Rate, Report, ReportEvent, ReportRule } from '../model.js';
import { READING_GUIDE } from '../reading-guide.js';
import { attrs, axisMax, firingFill, heatmapSvg, intervalChartSvg, recallFill } from './html-charts.js';
import { alertRows, alertsText, benignMatrix, matrixText, NEEDS_WEIGHTS } from './benign-matrix.js';
import { REPORT_CSS, REPORT_SCRIPT } from './html-assets.js';
import { anySourceTexts, anySourceWords, evasionSources, matchWord, outcomeText, recallRange, ReportView, variantName } from './report-view.js';

// Long enough for any realistic command line: the page wraps it, and the engineer wants all of it.
const EXAMPLE_WIDTH = 1000;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The page's policy: nothing loads, only our own style sheet and script (by hash) apply. */
export function contentSecurityPolicy(css: string = REPORT_CSS, script: string = REPORT_SCRIPT): string {
  return [
    "default-src 'none'",
    `script-src ${sha256(script)}`,
    `style-src ${sha256(css)}`,
    "img-src 'none'",
    "font-src 'none'",
    "connect-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

interface Column {
  header: string;
  numeric?: boolean;
}

interface Td {
  html: string;
  /** Sort key; null or '' sorts last (n/a). */
  sort?: string | number | null;
  className?: string;
  data?: Record<string, string | number | null>;
}

function table(columns: Column[], rows: Td[][], options: { id?: string; sortable?: boolean; footer?: Td[][]; wide?: boolean } = {}): string {
  const sortable = options.sortable ?? true;
  const head = columns
    .map((c) => {
      const content = sortable ? `<button type="button"${attrs({ 'data-type': c.numeric ? 'number' : 'text' })}>${h(c.header)}</button>` : h(c.header);
      return `<th scope="col"${c.numeric ? ' class="num"' : ''}>${content}</th>`;
    })
    .join('');
  const rowHtml = (row: Td[]) => {
    const cells = row
      .map((td, i) => {
        const className = [columns[i]?.numeric ? 'num' : '', td.className ?? ''].filter(Boolean).join(' ');
        const sort = td.sort === undefined ? undefined : td.sort === null ? '' : String(td.sort);
        return `<td${attrs({ class: className || undefined, 'data-sort': sort, ...(td.data ?? {}) })}>${td.html}</td>`;
      })
      .join('');
      return `<tr>${cells}</tr>`;
  };
  const body = rows.map(rowHtml).join('\n');
  // Footer rows (totals) live in <tfoot>, outside the body the sort script reorders.
  const foot = options.footer === undefined ? '' : `<tfoot>${options.footer.map(rowHtml).join('\n')}</tfoot>`;
  const classes = [sortable ? 'sortable' : '', options.wide ? 'wide' : ''].filter(Boolean).join(' ');
  return `<div class="table-wrap"><table${attrs({ id: options.id, class: classes || undefined })}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody>${foot}</table></div>`;
}

/** Two cells: value and interval. The value cell carries the numbers for tests and sorting. */
function rateTds(rate: Rate, data: Record<string, string | number | null>): Td[] {
  return [
    { html: h(rateValue(rate)), sort: rate.value, data: { ...data, 'data-value': rate.value, 'data-k': rate.k, 'data-n': rate.n } },
    { html: rate.value === null ? '' : h(interval(rate)), sort: rate.low, className: 'ci' },
  ];
}

function text(value: string, className?: string): Td {
  return { html: h(value), className };
}

function example(view: ReportView, ids: string[]): Td {
  return { html: exampleHtml(view, ids), className: 'example' };
}

/** Wrapped by the style sheet; past `max` characters clipped, with the whole text on hover (title). */
function code(value: string, max = EXAMPLE_WIDTH): string {
  const points = Array.from(value);
  if (points.length <= max) return `<code>${h(value)}</code>`;
  return `<code${attrs({ title: value, class: 'clipped' })}>${h(points.slice(0, max).join('') + '\u2026')}</code>`;
}

function exampleHtml(view: ReportView, ids: string[]): string {
  const found = view.exampleCommandLine(ids);
  if (found === undefined) return '';
  return `${code(found.event.commandLine)}<br><span class="muted">${h(eventContext(found.event))}</span>`;
}

function eventContext(event: ReportEvent): string {
  return `${event.host} \u00b7 ${event.user} \u00b7 parent ${event.parentExecutable}`;
}

export function renderHtml(report: Report): string {
  const view = new ReportView(report);
  const body = [
    header(view),
    rulesSection(view),
    evasionSection(view),
    blindSpotSection(view),
    disagreementSection(view),
    scenarioSection(view),
    expectationSection(view),
    cellSection(view),
    errorSection(view),
    ...(report.parity === undefined ? [] : [paritySection(view, report.parity)]),
    ...(report.backendTimings === undefined ? [] : [timingSection(report.backendTimings)]),
    ...(report.deployment === undefined ? [] : [sweepHtml(report)]),
    runSection(view),
    `<footer>report.json schema version ${report.schemaVersion} \u00b7 rates per rule \u00d7 data source are means over scenarios with Wilson 95% score intervals over scenarios (Wilson 1927; Kish effective n when weighted) \u00b7 n/a where n = 0</footer>`,
  ].join('\n');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${h(contentSecurityPolicy())}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>detection-harness report \u00b7 seed ${report.run.seed}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    body,
    '</main>',
    `<script>${REPORT_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Section anchors and names for the table of contents (ours, not run data). */
const TOC: [string, string][] = [
  ['rules', 'Rules'],
  ['evasions', 'Evasions'],
  ['blind-spots', 'Blind spots'],
  ['disagreements', 'Disagreements'],
  ['scenarios', 'Scenarios'],
  ['expectations', 'Expectations'],
  ['cells', 'All cells'],
  ['errors', 'Errors'],
  ['run', 'Run'],
];

function header(view: ReportView): string {
  const { run, totals } = view.report;
  const elapsed = Date.parse(run.finishedAt) - Date.parse(run.startedAt);
  const held = view.report.expectations.filter((e) => e.status === 'held').length;
  const pills: string[] = [];
  pills.push(
    totals.expectationFailures > 0
      ? `<li class="bad">${plural(totals.expectationFailures, 'expectation')} failed</li>`
      : `<li class="good">${plural(held, 'expectation')} held</li>`,
  );
  if (totals.stalePins > 0) pills.push(`<li class="good">${plural(totals.stalePins, 'pin')} improved on (dth pins update)</li>`);
  pills.push(totals.errors > 0 ? `<li class="bad">${plural(totals.errors, 'error')}</li>` : '<li class="good">no errors</li>');
  pills.push(`<li${totals.blindSpots > 0 ? ' class="bad"' : ''}>${plural(totals.blindSpots, 'blind spot')}</li>`);
  pills.push(`<li${view.report.evasions.length > 0 ? ' class="bad"' : ''}>${plural(view.report.evasions.length, 'evasion')}</li>`);
  pills.push(`<li>${plural(view.report.disagreements.length, 'cross-SIEM disagreement')}</li>`);
  if (view.report.parity !== undefined) {
    const unexplained = view.unexplainedDifferences().length;
    pills.push(unexplained > 0 ? `<li class="bad">${plural(unexplained, 'unexplained parity difference')}</li>` : '<li class="good">no unexplained parity difference</li>');
  }
  const optional: [string, string][] = [
    ...(view.report.parity === undefined ? [] : [['parity', 'Parity'] as [string, string]]),
    ...(view.report.backendTimings === undefined ? [] : [['backend-timings', 'Backend timings'] as [string, string]]),
    ...(view.report.deployment === undefined ? [] : [['deployment', 'Deployment'] as [string, string]]),
  ];
  // Before the last entry (Run), which stays last.
  const toc = [...TOC.slice(0, -1), ...optional, ...TOC.slice(-1)];
  return [
    '<header>',
    '<h1>detection-harness report</h1>',
    `<p class="meta">seed ${run.seed} \u00b7 scale ${run.scale} \u00b7 pack ${code(run.packFile)} \u00b7 detection-harness ${h(run.harnessVersion)} \u00b7 node ${h(run.nodeVersion)} \u00b7 backends ${run.backends.map(h).join(', ')}</p>`,
    `<p class="meta">${plural(totals.events, 'event')} \u00b7 ${plural(totals.scenarios, 'scenario')} \u00b7 ${plural(totals.dataSources, 'data source')} \u00b7 ${plural(totals.rules, 'rule')} \u00b7 started ${h(run.startedAt)}${Number.isFinite(elapsed) ? ` \u00b7 ${duration(elapsed)}` : ''}</p>`,
    ...[windowText(run.window)].flatMap((text) => (text === null ? [] : [`<p class="meta" id="window">${h(text)}</p>`])),
    `<ul class="status">${pills.join('')}</ul>`,
    // Backticks in the guide mark option names: shown as code (the text is ours, escaped first).
    `<div class="reading-guide">${READING_GUIDE.map((sentence) => `<p>${h(sentence).replace(/`([^`]+)`/g, '<code>$1</code>')}</p>`).join('')}</div>`,
    `<nav class="toc">${toc.map(([id, name]) => `<a href="#${id}">${name}</a>`).join('')}</nav>`,
    '</header>',
  ].join('\n');
}

function rulesSection(view: ReportView): string {
  return ['<section id="rules">', '<h2>Rules by data source</h2>', ...view.report.rules.map((rule) => ruleCard(view, rule)), '</section>'].join('\n');
}

function ruleCard(view: ReportView, rule: ReportRule): string {
  const out = [
    `<article class="rule-card"${attrs({ 'data-rule': rule.id })}>`,
    `<h3>${h(rule.name)}</h3>`,
    `<p class="meta">${h(rule.siem)} ${h(rule.language.toUpperCase())} \u00b7 id ${code(rule.id)} \u00b7 ${code(rule.sourceFile)} \u00b7 backend ${h(rule.backend)}</p>`,
  ];
  if (rule.error !== null || rule.anyDataSource === null) {
    out.push(`<p class="bad"><strong>Rule failed to run:</strong> ${code(rule.error ?? 'no results', 2000)}</p>`);
  } else {
    const cells = view.dataSourceCells(rule.id);
    const recallRows = cells.map((c) => ({ label: c.dataSourceId, rate: c.metrics.recall, data: { 'data-ds': c.dataSourceId } }));
    const fprRows = cells.map((c) => ({ label: c.dataSourceId, rate: c.metrics.falsePositiveRate, data: { 'data-ds': c.dataSourceId } }));
    out.push(
      '<div class="charts">',
      intervalChartSvg({ title: 'Recall by data source (95% CI over scenarios)', metric: 'recall', ruleId: rule.id, rows: recallRows, max: 1 }),
      intervalChartSvg({ title: 'False positive rate by data source (95% CI over scenarios)', metric: 'fpr', ruleId: rule.id, rows: fprRows, max: axisMax(fprRows.map((r) => r.rate)) }),
      '</div>',
      dataSourceTable(view, rule, rule.anyDataSource),
    );
    out.push(benignToolsHtml(view.report, rule));
    if (rule.anyDataSource.missed.length > 0) {
      out.push(`<p>Attack scenarios no searched data source detects: ${rule.anyDataSource.missed.map((id) => code(id)).join(', ')}</p>`);
    }
  }
  out.push(queryDetails(rule), '</article>');
  return out.join('\n');
}

/** The benign-tool heatmap (fires on k of n events per data source) and the alert volume with its arithmetic. */
function benignToolsHtml(report: Report, rule: ReportRule): string {
  const matrix = benignMatrix(report, rule);
  const out = ['<h4>Benign tools it fires on</h4>'];
  if (matrix.rows.length === 0) out.push('<p class="muted">No benign scenario was recorded.</p>');
  else {
    out.push(
      heatmapSvg({
        title: `${rule.name}: benign scenario \u00d7 data source, events fired on of n`,
        chart: 'benign-matrix',
        data: { 'data-rule': rule.id },
        metric: 'fires on',
        rows: matrix.rows.map((r) => ({ key: r.scenarioId, label: r.scenarioId })),
        columns: matrix.dataSourceIds.map((id) => ({ key: id, label: id })),
        cells: matrix.rows.flatMap((r) =>
          r.cells.flatMap((c, i) => {
            const ds = matrix.dataSourceIds[i] ?? '';
            if (c === null) return [];
            const value = c.total === 0 ? null : c.fired / c.total;
            return [{ rowKey: r.scenarioId, columnKey: ds, rate: { k: c.fired, n: c.total, value, low: null, high: null }, data: { 'data-scenario': r.scenarioId, 'data-ds': ds }, text: matrixText(c), detail: value === null ? 'n=0' : rateValue({ k: c.fired, n: c.total, value, low: null, high: null }) }];
          }),
        ),
        fill: firingFill,
      }),
    );
  }
  if (report.alertVolume === null) {
    out.push(`<p class="muted">${h(NEEDS_WEIGHTS)}</p>`);
    return out.join('\n');
  }
  const rows = alertRows(report, rule.id).map((r) => [
    text(r.dataSourceId),
    { html: h(alertsText(r.alertsPer1000EndpointsPerDay)), sort: r.alertsPer1000EndpointsPerDay, data: { 'data-rule': rule.id, 'data-ds': r.dataSourceId, 'data-alerts': r.alertsPer1000EndpointsPerDay } },
    text(r.terms.filter((t) => t.alertsPer1000EndpointsPerDay > 0).map((t) => `${t.scenarioId}: ${t.launchesPer1000EndpointsPerDay} \u00d7 ${(t.firingFraction * 100).toFixed(1)}%`).join('; '), 'prose'),
    text(r.unweightedFiringScenarioIds.join(', ')),
  ]);
  out.push(
    `<p>Expected false alerts per 1,000 endpoints per day, launch rates from ${code(report.alertVolume.weightsFile)}:</p>`,
    table([{ header: 'data source' }, { header: 'alerts / 1,000 endpoints / day', numeric: true }, { header: 'launches \u00d7 share fired on' }, { header: 'firing, no launch rate' }], rows, { id: `alerts-${rule.id}` }),
  );
  return out.join('\n');
}

function dataSourceTable(view: ReportView, rule: ReportRule, any: AnyDataSourceCoverage): string {
  const columns: Column[] = [
    { header: 'data source' },
    { header: 'recall', numeric: true },
    { header: '95% CI' },
    { header: 'attack scenarios' },
    { header: 'FPR', numeric: true },
    { header: '95% CI' },
    { header: 'benign scenarios' },
    { header: 'events TP/FN/FP/TN' },
    { header: 'coverage' },
  ];
  const rows = view.dataSourceCells(rule.id).map((cell) => {
    const spot = view.report.blindSpots.find((b) => b.ruleId === rule.id && b.dataSourceId === cell.dataSourceId);
    const title = view.dataSource(cell.dataSourceId)?.title ?? '';
    const key = { 'data-rule': rule.id, 'data-ds': cell.dataSourceId };
    const { tp, fn, fp, tn } = cell.events;
    const coverage: Td =
      spot === undefined
        ? { html: cell.searched ? '' : '<span class="tag">not searched</span>', sort: cell.searched ? '' : 'not searched' }
        : { html: `<span class="tag bad">blind spot</span> ${h(spot.reason)}`, sort: spot.kind, className: 'prose' };
    return [
      { html: `${h(cell.dataSourceId)}<br><span class="muted">${h(title)}</span>`, sort: cell.dataSourceId },
      ...rateTds(cell.metrics.recall, { ...key, 'data-metric': 'recall' }),
      text(outcomeText('malicious', cell.scenarios.malicious)),
      ...rateTds(cell.metrics.falsePositiveRate, { ...key, 'data-metric': 'fpr' }),
      text(outcomeText('benign', cell.scenarios.benign)),
      text(`${count(tp)} / ${count(fn)} / ${count(fp)} / ${count(tn)}`),
      coverage,
    ];
  });
  const anyKey = { 'data-rule': rule.id, 'data-ds': 'any' };
  const anyRow: Td[] = [
    { html: '<strong>in any searched source</strong>' },
    ...rateTds(any.recall, { ...anyKey, 'data-metric': 'recall' }),
    text(anySourceTexts(any).attacks),
    ...rateTds(any.falsePositiveRate, { ...anyKey, 'data-metric': 'fpr' }),
    text(anySourceTexts(any).benign),
    text(''),
    text('each scenario judged by its best searched source'),
  ];
  return table(columns, rows, { id: `ds-${rule.id}`, footer: [anyRow] });
}

function queryDetails(rule: ReportRule): string {
  const selectors = rule.selectors
    .map((s) => `<li>${code(s.selector)} \u2192 ${s.dataSourceIds.length === 0 ? '<span class="bad">no data source in this run</span>' : s.dataSourceIds.map(h).join(', ')}</li>`)
    .join('');
  return [
    '<details><summary>Query, expanded query, selectors and notes</summary>',
    '<h4>Query as written</h4>',
    `<pre>${h(rule.query)}</pre>`,
    '<h4>Expanded query (as run)</h4>',
    `<pre>${rule.expandedQuery === null ? '<span class="muted">not expanded: the rule failed first</span>' : h(rule.expandedQuery)}</pre>`,
    selectors === '' ? '' : `<h4>Selectors</h4><ul>${selectors}</ul>`,
    rule.notes.length === 0 ? '' : `<h4>Notes</h4><ul>${rule.notes.map((n) => `<li>${h(n)}</li>`).join('')}</ul>`,
    '</details>',
  ].join('\n');
}

function evasionSection(view: ReportView): string {
  const rules = view.report.rules.filter((r) => r.error === null);
  const variants = view.variants();
  const heatmaps =
    rules.length === 0 || variants.length === 0
      ? ['<p class="muted">No rule ran.</p>']
      : rules.map((rule) => {
          const cells = view.report.ruleVariant.filter((c) => c.ruleId === rule.id);
          const sources = rule.coveredDataSourceIds.filter((id) => cells.some((c) => c.dataSourceId === id));
          const mine = variants.filter((v) => cells.some((c) => c.variant === v));
          return heatmapSvg({
            title: `${rule.name}: recall by evasion variant and covered data source (over scenarios)`,
            chart: 'heatmap',
            data: { 'data-rule': rule.id },
            metric: 'recall',
            rows: mine.map((v) => ({ key: v ?? '', label: variantName(v) })),
            columns: sources.map((id) => ({ key: id, label: id })),
            cells: cells.map((c) => ({ rowKey: c.variant ?? '', columnKey: c.dataSourceId, rate: c.recall, data: { 'data-variant': c.variant ?? '', 'data-ds': c.dataSourceId } })),
            fill: recallFill,
          });
        });
  const rows = view.report.evasions.map((e) => [
    text(view.ruleName(e.ruleId), 'name'),
    text(variantName(e.variant)),
    { html: `<span class="tag${e.beats === 'fully' ? ' bad' : ''}">${e.beats}</span>`, sort: e.beats },
    text(evasionSources(e)),
    { html: h(recallRange(e.dataSources.map((d) => d.recall))), data: { 'data-rule': e.ruleId, 'data-variant': e.variant, 'data-metric': 'recall' } },
    text(recallRange(e.dataSources.map((d) => d.unmodifiedRecall))),
    text(e.scenarioIds.join(', '), 'prose'),
    example(view, e.examples),
  ]);
  const evasionTable =
    rows.length === 0
      ? '<p>No evasion variant beats a rule where it can see.</p>'
      : table(
          [
            { header: 'rule' },
            { header: 'variant' },
            { header: 'beats' },
            { header: 'beats it in' },
            { header: 'recall' },
            { header: 'unmodified recall' },
            { header: 'scenarios' },
            { header: 'example missed' },
          ],
          rows,
          { id: 'evasion-table', wide: true },
        );
  return ['<section id="evasions">', '<h2>Evasions</h2>', ...heatmaps, '<h3>Evasions that beat each rule</h3>', evasionTable, '</section>'].join('\n');
}

function blindSpotSection(view: ReportView): string {
  const spots = view.report.blindSpots;
  const content =
    spots.length === 0
      ? '<p>None: every rule fired on some malicious event in every data source of its SIEM.</p>'
      : table(
          [{ header: 'rule' }, { header: 'data source' }, { header: 'kind' }, { header: 'malicious missed', numeric: true }, { header: 'why' }, { header: 'example missed' }],
          spots.map((s) => [
            text(view.ruleName(s.ruleId), 'name'),
            text(s.dataSourceId),
            { html: `<span class="tag bad">${h(s.kind)}</span>`, sort: s.kind },
            { html: count(s.recall.n), sort: s.recall.n },
            text(s.reason, 'prose'),
            example(view, s.examples),
          ]),
          { id: 'blind-spot-table', wide: true },
        );
  return ['<section id="blind-spots">', '<h2>Blind spots</h2>', '<p class="muted">A data source where the rule fired on none of the malicious events it holds.</p>', content, '</section>'].join('\n');
}

function disagreementSection(view: ReportView): string {
  const items = view.report.disagreements;
  const content =
    items.length === 0
      ? '<p>None.</p>'
      : table(
          [{ header: 'scenario' }, { header: 'label' }, { header: 'caught in any source by' }, { header: 'missed in every source by' }],
          items.map((d) => [text(d.scenarioId), text(d.label), text(d.caughtBy.map((id) => view.ruleName(id)).join(', ')), text(d.missedBy.map((id) => view.ruleName(id)).join(', '))]),
          { id: 'disagreement-table' },
        );
  return [
    '<section id="disagreements">',
    '<h2>Cross-SIEM disagreements</h2>',
    '<p class="muted">A rule catches a scenario in any source when, in at least one data source, it fires on every event of it; it misses it in every source when it fires on none in every data source that recorded it.</p>',
    content,
    '</section>',
  ].join('\n');
}

function scenarioSection(view: ReportView): string {
  const rules = view.report.rules.filter((r) => r.error === null);
  const columns: Column[] = [
    { header: 'scenario' },
    { header: 'label' },
    { header: 'variant' },
    { header: 'techniques' },
    { header: 'events', numeric: true },
    ...rules.flatMap((r) => [{ header: r.name }, { header: 'sources caught', numeric: true }]),
  ];
  const rows = view.report.scenarios.map((s) => [
    { html: `${h(s.id)}<br><span class="muted">${h(s.title)}</span>${s.countsTowardRates ? '' : `<br><span class="tag">${h(s.purpose)}: counts toward no rate</span>`}`, sort: s.id },
    text(s.label),
    text(variantName(s.variant)),
    text(s.techniques.join(', ')),
    { html: count(s.events), sort: s.events },
    ...rules.flatMap((r): Td[] => {
      const cell = view.ruleScenarioCell(r.id, s.id);
      if (cell === undefined) return [{ html: '', sort: null }, { html: '', sort: null }];
      const { words, tone } = anySourceWords(s.label, cell.verdictInAnySource);
      const recorded = cell.caughtIn.length + cell.partialIn.length + cell.missedIn.length;
      return [
        { html: `<span class="${tone}">${h(words)}</span>`, sort: words },
        {
          html: recorded === 0 ? 'n/a' : `${count(cell.caughtIn.length)} of ${count(recorded)}${cell.partialIn.length > 0 ? ` <span class="muted">(${count(cell.partialIn.length)} partial)</span>` : ''}`,
          sort: recorded === 0 ? null : cell.caughtIn.length / recorded,
          className: 'rate',
          data: { 'data-rule': r.id, 'data-scenario': s.id, 'data-caught': cell.caughtIn.length, 'data-recorded': recorded },
        },
      ];
    }),
  ]);
  return [
    '<section id="scenarios">',
    '<h2>Scenarios</h2>',
    '<p class="muted">Per rule: the verdict in any source, and the data sources where the rule fires on every event of the scenario (caught, or for a benign scenario fires) of those that recorded it. The all-cells table has each data source.</p>',
    table(columns, rows, { id: 'scenario-table', wide: true }),
    '</section>',
  ].join('\n');
}

function expectationSection(view: ReportView): string {
  const items = view.report.expectations;
  const content =
    items.length === 0
      ? '<p>The pack pins no expectations.</p>'
      : table(
          [
            { header: 'status' },
            { header: 'scenario' },
            { header: 'rule' },
            { header: 'data source' },
            { header: 'expected' },
            { header: 'observed' },
            { header: 'why pinned' },
            { header: 'pinned at' },
          ],
          items.map((e) => [
            { html: `<span class="${e.status === 'failed' ? 'bad' : e.status === 'held' || e.status === 'stale' ? 'good' : 'muted'}">${e.status === 'stale' ? `stale (improved: now ${e.observedVerdict ?? 'n/a'})` : e.status}</span>`, sort: e.status },
            text(e.scenarioId),
            text(view.ruleName(e.ruleId), 'name'),
            text(e.dataSourceId ?? 'all'),
            text(e.expected),
            text(e.observed, 'prose'),
            text(e.reason ?? '', 'prose'),
            text(e.pinnedAt ?? ''),
          ]),
          { id: 'expectation-table', wide: true },
        );
  return ['<section id="expectations">', '<h2>Pinned expectations</h2>', content, '</section>'].join('\n');
}

function cellSection(view: ReportView): string {
  const rows = view.report.ruleScenarioDataSource.map((c) => {
    const malicious = c.label === 'malicious';
    const rate = malicious ? c.metrics.recall : c.metrics.falsePositiveRate;
    const wrong = malicious ? c.examples.fn : c.examples.fp;
    const fired = c.metrics.tp + c.metrics.fp;
    const total = fired + c.metrics.fn + c.metrics.tn;
    const ok = malicious ? c.metrics.fn === 0 : c.metrics.fp === 0;
    return [
      text(view.ruleName(c.ruleId), 'name'),
      text(c.scenarioId),
      text(c.dataSourceId),
      text(c.label),
      { html: `<span class="${ok ? 'good' : 'bad'}">${count(fired)} / ${count(total)}</span>`, sort: total === 0 ? null : fired / total },
      ...rateTds(rate, { 'data-rule': c.ruleId, 'data-scenario': c.scenarioId, 'data-ds': c.dataSourceId, 'data-metric': malicious ? 'recall' : 'fpr' }),
      { html: count(rate.n), sort: rate.n },
      ok ? { html: '' } : example(view, wrong),
    ];
  });
  return [
    '<section id="cells">',
    '<h2>Every rule \u00d7 scenario \u00d7 data source</h2>',
    '<details><summary>' + plural(rows.length, 'cell') + ' (recall for malicious scenarios, false positive rate for benign ones)</summary>',
    table(
      [
        { header: 'rule' },
        { header: 'scenario' },
        { header: 'data source' },
        { header: 'label' },
        { header: 'fired / events', numeric: true },
        { header: 'rate', numeric: true },
        { header: '95% CI' },
        { header: 'n', numeric: true },
        { header: 'example wrong verdict' },
      ],
      rows,
      { id: 'cell-table', wide: true },
    ),
    '</details>',
    '</section>',
  ].join('\n');
}

function errorSection(view: ReportView): string {
  const items = view.report.errors;
  const list = items.map((e) =>
    e.kind === 'rule-error'
      ? `<li class="bad">rule <strong>${h(view.ruleName(e.ruleId))}</strong> failed on ${h(e.backend)}: ${code(e.message, 2000)}</li>`
      : `<li class="bad">${h(e.dataSourceId)}: ${plural(e.count, 'record')} not stored${e.examples.map((x) => `<br>${code(x.eventId)} ${h(x.reason)}`).join('')}</li>`,
  );
  return ['<section id="errors">', '<h2>Errors</h2>', items.length === 0 ? '<p>None.</p>' : `<ul>${list.join('')}</ul>`, '</section>'].join('\n');
}

function runSection(view: ReportView): string {
  const { run } = view.report;
  const stages = table(
    [{ header: 'stage' }, { header: 'time', numeric: true }, { header: 'items', numeric: true }],
    run.stages.map((s) => [text(s.name), { html: h(duration(s.elapsedMs)), sort: s.elapsedMs }, { html: s.items === undefined ? '' : count(s.items), sort: s.items ?? null }]),
    { sortable: false },
  );
  const sources = table(
    [{ header: 'data source' }, { header: 'SIEM' }, { header: 'title' }, { header: 'events', numeric: true }, { header: 'malicious', numeric: true }, { header: 'benign', numeric: true }, { header: 'not stored', numeric: true }],
    view.report.dataSources.map((d) => [
      text(d.id),
      text(d.siem),
      text(d.title),
      { html: count(d.events.total), sort: d.events.total },
      { html: count(d.events.malicious), sort: d.events.malicious },
      { html: count(d.events.benign), sort: d.events.benign },
      { html: count(d.rejected.length), sort: d.rejected.length },
    ]),
    { id: 'data-source-table' },
  );
  return [
    '<section id="run">',
    '<h2>Run</h2>',
    `<p class="meta">started ${h(run.startedAt)} \u00b7 finished ${h(run.finishedAt)} \u00b7 node ${h(run.nodeVersion)}</p>`,
    '<h3>Data sources</h3>',
    sources,
    '<h3>Stages</h3>',
    stages,
    '</section>',
  ].join('\n');
}

/** A page with tens of thousands of rows is no use; report.json lists every difference. */
const PARITY_ROWS = 2000;

function paritySection(view: ReportView, section: ParitySection): string {
  const unexplained = view.unexplainedDifferences();
  const accepted = section.differences.length - unexplained.length;
  const against = section.backends.length === 0 ? 'no real backend' : section.backends.map(h).join(', ');
  const verdict =
    unexplained.length > 0
      ? `<p class="bad"><strong>${plural(unexplained.length, 'unexplained difference')}</strong>: the run fails until each is fixed or accepted in the known-differences file with its reason.</p>`
      : `<p class="good"><strong>No unexplained difference.</strong></p>`;
  const groups = table(
    [
      { header: 'rule' },
      { header: 'data source' },
      { header: 'backend' },
      { header: 'events', numeric: true },
      { header: 'agreeing', numeric: true },
      { header: 'accepted', numeric: true },
      { header: 'unexplained', numeric: true },
    ],
    section.groups.map((g) => [
      { ...text(view.ruleName(g.ruleId), 'name'), data: { 'data-rule': g.ruleId, 'data-ds': g.dataSourceId, 'data-backend': g.backend } },
      text(g.dataSourceId),
      text(g.backend),
      { html: count(g.events), sort: g.events },
      { html: count(g.agreeing), sort: g.agreeing },
      { html: count(g.accepted), sort: g.accepted },
      { html: g.unexplained > 0 ? `<span class="bad">${count(g.unexplained)}</span>` : '0', sort: g.unexplained },
    ]),
    { id: 'parity-group-table' },
  );
  // Unexplained first: they are what fails the run.
  const ordered = [...unexplained, ...section.differences.filter((d) => d.status === 'accepted')];
  const shown = ordered.slice(0, PARITY_ROWS);
  const differences =
    shown.length === 0
      ? '<p>None: both engines gave the same verdict on every event.</p>'
      : table(
          [
            { header: 'status' },
            { header: 'rule' },
            { header: 'data source' },
            { header: 'backend' },
            { header: 'event' },
            { header: 'embedded' },
            { header: 'real' },
            { header: 'command line' },
            { header: 'accepted by' },
          ],
          shown.map((d) => {
            const event = view.event(d.eventId);
            const scenario = event === undefined ? '' : `<br><span class="muted">${h(event.scenarioId)} \u00b7 ${h(event.label)}</span>`;
            return [
              { html: `<span class="${d.status === 'unexplained' ? 'bad' : 'muted'}">${d.status}</span>`, sort: d.status, data: { 'data-status': d.status } },
              text(view.ruleName(d.ruleId), 'name'),
              text(d.dataSourceId),
              text(d.backend),
              { html: `${code(d.eventId)}${d.loaded ? '' : ' <span class="tag bad">not loaded here</span>'}${scenario}`, sort: d.eventId, data: { 'data-event': d.eventId } },
              text(matchWord(d.embedded)),
              text(matchWord(d.real)),
              example(view, [d.eventId]),
              d.acceptedBy === null ? { html: '' } : { html: `${h(d.acceptedBy.reason)}<br>${code(d.acceptedBy.where)}`, className: 'prose' },
            ];
          }),
          { id: 'parity-difference-table', wide: true },
        );
  const more = ordered.length > shown.length ? `<p class="muted">${count(ordered.length - shown.length)} more: report.json lists every difference.</p>` : '';
  const unused =
    section.unusedKnownDifferences.length === 0
      ? ''
      : [
          `<h3>Known-difference entries that matched nothing (${section.unusedKnownDifferences.length})</h3>`,
          '<p class="muted">Candidates for removal (not a failure).</p>',
          `<ul>${section.unusedKnownDifferences.map((u) => `<li>${code(u.where)} ${h(view.ruleName(u.rule))} / ${h(u.dataSource)} / ${h(u.event ?? u.scenario ?? '')}: ${h(u.reason)}</li>`).join('')}</ul>`,
        ].join('\n');
  return [
    '<section id="parity">',
    `<h2>Parity: embedded engines vs ${against}</h2>`,
    "<p class=\"muted\">The report's figures are the real engines'. Each row compares the embedded engine's verdict with the real one on every event loaded for the data source.</p>",
    verdict,
    groups,
    `<h3>Differences (${count(section.differences.length)}; ${count(accepted)} accepted)</h3>`,
    differences,
    more,
    unused,
    '</section>',
  ].filter((part) => part !== '').join('\n');
}

function timingSection(timings: BackendTiming[]): string {
  const rows = timings.map((b) => [
    { ...text(b.backend), data: { 'data-backend': b.backend } },
    text(b.mode),
    { html: h(duration(b.readyMs)), sort: b.readyMs },
    { html: h(duration(b.loadMs)), sort: b.loadMs },
    { html: h(duration(b.searchMs)), sort: b.searchMs },
    { html: count(b.searches), sort: b.searches },
  ]);
  return [
    '<section id="backend-timings">',
    '<h2>Backend timings</h2>',
    '<p class="muted">Wall clock per real backend: ready (container start and readiness wait, or the first request to a URL), every load, every search with all its pages.</p>',
    table(
      [{ header: 'backend' }, { header: 'mode' }, { header: 'ready', numeric: true }, { header: 'load', numeric: true }, { header: 'search', numeric: true }, { header: 'searches', numeric: true }],
      rows,
      { id: 'backend-timing-table', sortable: false },
    ),
    '</section>',
  ].join('\n');
}
