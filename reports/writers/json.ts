// report.json: the Report as stable, indented JSON (key order as built, which is input order).
import type { Report } from '../model.js';

export function renderJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
