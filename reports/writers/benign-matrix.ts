// The benign-tool matrix: per rule, each benign scenario (a look-alike tool) × data source -> the rule
// fires on k of n of its events. It is the false-positive answer a team reads first, next to the
// expected false alerts per 1,000 endpoints per day when a weights file gives launch rates.
import type { AlertVolumeRow, Report, ReportRule } from '../model.js';
import { count } from '../format.js';

export interface MatrixCell {
  fired: number;
  total: number;
}

export interface BenignMatrix {
  dataSourceIds: string[];
  rows: { scenarioId: string; title: string; cells: (MatrixCell | null)[] }[];
}

/** Counting benign scenarios that some data source of the rule recorded, in report order. */
export function benignMatrix(report: Report, rule: ReportRule): BenignMatrix {
  const dataSourceIds = rule.dataSourceIds;
  const cells = new Map(report.ruleScenarioDataSource.filter((c) => c.ruleId === rule.id && c.label === 'benign').map((c) => [`${c.scenarioId}\u0000${c.dataSourceId}`, c]));
  const rows = report.scenarios
    .filter((s) => s.label === 'benign' && s.countsTowardRates)
    .map((s) => ({
      scenarioId: s.id,
      title: s.title,
      cells: dataSourceIds.map((ds) => {
        const c = cells.get(`${s.id}\u0000${ds}`);
        if (c === undefined) return null;
        const { fp, tn, tp, fn } = c.metrics;
        return { fired: fp + tp, total: fp + tn + tp + fn };
      }),
    }))
    .filter((row) => row.cells.some((c) => c !== null));
  return { dataSourceIds, rows };
}

/** `40/40`, `·` when it fires on none, `—` when the data source did not record the scenario. */
export function matrixText(cell: MatrixCell | null): string {
  if (cell === null) return '\u2014';
  return cell.fired === 0 ? '\u00b7' : `${count(cell.fired)}/${count(cell.total)}`;
}

export function firesSomewhere(row: BenignMatrix['rows'][number]): boolean {
  return row.cells.some((c) => c !== null && c.fired > 0);
}

/** `0.42`, `12.5`, `0` — alerts per 1,000 endpoints per day, to two significant decimals where small. */
export function alertsText(value: number): string {
  if (value === 0) return '0';
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function alertRows(report: Report, ruleId: string): AlertVolumeRow[] {
  return report.alertVolume?.rows.filter((r) => r.ruleId === ruleId) ?? [];
}

export const NEEDS_WEIGHTS =
  'expected false alerts per 1,000 endpoints per day: needs launch rates of the benign tools (--weights <yaml>; example: reports/weights.example.yaml)';
