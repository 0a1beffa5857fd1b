// Inline SVG charts for report.html: rates with their Wilson interval as whiskers, the evasion
// heatmap (variant x rule). Every label goes through escapeHtml; every element
// that shows a number carries it in data-* attributes so the browser test can check what is drawn.
import { escapeHtml as h } from '../escape.js';
import { count, interval, rateValue } from '../format.js';
import type { Rate } from '../model.js';

/** Attribute string from name/value pairs; values are escaped. */
export function attrs(pairs: Record<string, string | number | null | undefined>): string {
  return Object.entries(pairs)
    .filter((entry): entry is [string, string | number] => entry[1] !== null && entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${h(String(value))}"`)
    .join('');
}

function num(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/** Label text that fits `max` characters, with the full text as a tooltip. */
function label(text: string, max: number): { text: string; title: string } {
  const points = Array.from(text);
  return { text: points.length > max ? points.slice(0, max - 1).join('') + '\u2026' : text, title: text };
}

const AXIS_STEPS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1];

/** The smallest axis maximum from AXIS_STEPS that holds every upper bound (false positive rates are small). */
export function axisMax(rates: Rate[]): number {
  const highest = Math.max(0, ...rates.map((r) => r.high ?? 0));
  return AXIS_STEPS.find((step) => step >= highest - 1e-12) ?? 1;
}

export interface IntervalRow {
  label: string;
  rate: Rate;
  /** data-* attributes identifying the row, e.g. { 'data-ds': id }. */
  data: Record<string, string>;
}

export interface IntervalChart {
  title: string;
  metric: 'recall' | 'fpr';
  ruleId: string;
  rows: IntervalRow[];
  /** Axis maximum (1 = 100%). */
  max: number;
}

const CHART = { width: 560, labelWidth: 170, valueWidth: 150, rowHeight: 24, top: 46, bottom: 10 };

export function intervalChartSvg(chart: IntervalChart): string {
  const { width, labelWidth, valueWidth, rowHeight, top, bottom } = CHART;
  const x0 = labelWidth;
  const x1 = width - valueWidth;
  const height = top + rowHeight * chart.rows.length + bottom;
  const scale = (value: number) => x0 + (Math.min(value, chart.max) / chart.max) * (x1 - x0);
  const out: string[] = [];
  out.push(
    `<svg class="chart" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"` +
      attrs({ 'data-chart': chart.metric, 'data-rule': chart.ruleId, 'data-x0': x0, 'data-x1': x1, 'data-max': chart.max }) +
      '>',
    `<title>${h(chart.title)}</title>`,
    `<text class="chart-title" x="0" y="14">${h(chart.title)}</text>`,
  );
  for (let i = 0; i <= 4; i++) {
    const value = (chart.max * i) / 4;
    const x = num(scale(value));
    out.push(`<line class="grid" x1="${x}" y1="${top - 8}" x2="${x}" y2="${height - bottom}"/>`);
    out.push(`<text class="tick" x="${x}" y="${top - 12}" text-anchor="middle">${h(tickLabel(value))}</text>`);
  }
  chart.rows.forEach((row, index) => {
    const y = top + rowHeight * index + rowHeight / 2;
    const name = label(row.label, 26);
    out.push(`<g class="row"${attrs(row.data)}>`);
    out.push(`<text class="row-label" x="${x0 - 8}" y="${num(y + 4)}" text-anchor="end"><title>${h(name.title)}</title>${h(name.text)}</text>`);
    out.push(`<line class="track" x1="${x0}" y1="${num(y)}" x2="${x1}" y2="${num(y)}"/>`);
    const r = row.rate;
    if (r.value !== null && r.low !== null && r.high !== null) {
      const lo = num(scale(r.low));
      const hi = num(scale(r.high));
      out.push(`<line class="whisker" x1="${lo}" y1="${num(y)}" x2="${hi}" y2="${num(y)}"/>`);
      out.push(`<line class="cap" x1="${lo}" y1="${num(y - 5)}" x2="${lo}" y2="${num(y + 5)}"/>`);
      out.push(`<line class="cap" x1="${hi}" y1="${num(y - 5)}" x2="${hi}" y2="${num(y + 5)}"/>`);
      out.push(
        `<circle class="point ${chart.metric} ${pointTone(chart.metric, r)}" cx="${num(scale(r.value))}" cy="${num(y)}" r="5"` +
          attrs({ ...row.data, 'data-metric': chart.metric, 'data-value': r.value, 'data-low': r.low, 'data-high': r.high, 'data-k': r.k, 'data-n': r.n }) +
          `><title>${h(`${row.label}: ${rateValue(r)} ${interval(r)} n=${r.n}`)}</title></circle>`,
      );
    }
    out.push(
      `<text class="value" x="${x1 + 10}" y="${num(y + 4)}"${attrs({ 'data-metric': chart.metric, 'data-n': r.n })}>` +
        `${h(r.value === null ? 'n/a (n=0)' : `${rateValue(r)} ${interval(r)} n=${count(r.n)}`)}</text>`,
    );
    out.push('</g>');
  });
  out.push('</svg>');
  return out.join('');
}

/** Recall: all caught good, none bad; false positive rate: none good, any bad. */
function pointTone(metric: 'recall' | 'fpr', rate: Rate): 'good' | 'mixed' | 'bad' {
  if (metric === 'fpr') return rate.k === 0 ? 'good' : 'bad';
  if (rate.k === rate.n) return 'good';
  return rate.k === 0 ? 'bad' : 'mixed';
}

function tickLabel(value: number): string {
  const pct = value * 100;
  return `${Number.isInteger(pct) ? pct : pct.toFixed(1)}%`;
}

export interface HeatmapCell {
  rowKey: string;
  columnKey: string;
  rate: Rate;
  /** data-* attributes identifying the cell, e.g. { 'data-variant': id, 'data-ds': id }. */
  data: Record<string, string>;
  /** The main figure shown (default: the rate's value). */
  text?: string;
  /** The line under it (default: the interval and n). */
  detail?: string;
}

export interface Heatmap {
  title: string;
  /** The svg's data-chart value (`heatmap`, `benign-matrix`). */
  chart: string;
  /** data-* attributes of the svg, e.g. { 'data-rule': id }. */
  data: Record<string, string>;
  rows: { key: string; label: string }[];
  columns: { key: string; label: string }[];
  cells: HeatmapCell[];
  /** Cell colour for a value in 0..1 (null: no data). */
  fill: (value: number | null) => string;
  /** What the value is, for the tooltip: `recall`, `fires on`. */
  metric: string;
}

/** Red (0) through amber to green (1) for a recall; grey for n/a. Light fills keep dark text readable. */
export function recallFill(value: number | null): string {
  if (value === null) return '#e5e7eb';
  return `hsl(${Math.round(value * 120)}, 70%, 80%)`;
}

/**
 * A compact grid: column labels slanted so that many data sources fit, cells sized for a short figure.
 * The svg scales down with the page (CSS max-width), so it never overflows its section.
 */
/** Green (0) to red (1) for a firing fraction: a benign tool the rule is quiet on is good. */
export function firingFill(value: number | null): string {
  return recallFill(value === null ? null : 1 - value);
}

export function heatmapSvg(map: Heatmap): string {
  const labelWidth = 210;
  const cellWidth = 92;
  const cellHeight = 40;
  const longestColumn = Math.max(0, ...map.columns.map((c) => Math.min(26, Array.from(c.label).length)));
  const top = 34 + Math.ceil(longestColumn * 5.2);
  const width = labelWidth + cellWidth * map.columns.length + 60;
  const height = top + cellHeight * map.rows.length + 4;
  const byKey = new Map(map.cells.map((c) => [`${c.rowKey}\u0000${c.columnKey}`, c]));
  const out = [
    `<svg class="chart heatmap" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"${attrs({ 'data-chart': map.chart, ...map.data })}>`,
    `<title>${h(map.title)}</title>`,
    `<text class="chart-title" x="0" y="14">${h(map.title)}</text>`,
  ];
  map.columns.forEach((column, c) => {
    const name = label(column.label, 26);
    const x = labelWidth + c * cellWidth + cellWidth / 2;
    out.push(`<text class="column-label" x="${x}" y="${top - 8}" transform="rotate(-35 ${x} ${top - 8})"><title>${h(name.title)}</title>${h(name.text)}</text>`);
  });
  map.rows.forEach((row, r) => {
    const y = top + r * cellHeight;
    const name = label(row.label, 30);
    out.push(`<text class="row-label" x="${labelWidth - 10}" y="${y + cellHeight / 2 + 4}" text-anchor="end"><title>${h(name.title)}</title>${h(name.text)}</text>`);
    map.columns.forEach((column, c) => {
      const cell = byKey.get(`${row.key}\u0000${column.key}`);
      if (cell === undefined) return;
      const rate = cell.rate;
      const x = labelWidth + c * cellWidth;
      out.push(
        `<g class="heat-cell"${attrs({ ...cell.data, 'data-value': rate.value, 'data-k': rate.k, 'data-n': rate.n })}>`,
        `<rect x="${x + 2}" y="${y + 2}" width="${cellWidth - 4}" height="${cellHeight - 4}" rx="4" fill="${map.fill(rate.value)}"/>`,
        `<text class="heat-value" x="${x + cellWidth / 2}" y="${y + 18}" text-anchor="middle">${h(cell.text ?? rateValue(rate))}</text>`,
        `<text class="heat-detail" x="${x + cellWidth / 2}" y="${y + 32}" text-anchor="middle">${h(cell.detail ?? (rate.value === null ? 'n=0' : `n=${count(rate.n)}`))}</text>`,
        `<title>${h(`${row.label} \u00d7 ${column.label}: ${map.metric} ${cell.text ?? rateValue(rate)} ${interval(rate)} n=${rate.n}`)}</title>`,
        '</g>',
      );
    });
  });
  out.push('</svg>');
  return out.join('');
}
