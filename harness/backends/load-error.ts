// A load that lost records. Counts in must equal counts out: a real backend that stored fewer records
// than it was given stops the run and says how many were lost and why (CLI exit 1, as for any expectation).
import { ExpectationFailure } from '../errors.js';
import type { LoadReport } from './backend.js';

export class LoadIncompleteError extends ExpectationFailure {
  constructor(
    readonly backend: string,
    readonly report: LoadReport,
    /** Extra findings beyond per-record rejections, e.g. a final count that disagrees. */
    readonly problems: string[] = [],
  ) {
    super(describeLoss(backend, report, problems));
    this.name = 'LoadIncompleteError';
  }
}

const MAX_LISTED = 10;

export function describeLoss(backend: string, report: LoadReport, problems: string[]): string {
  const lost = report.received - report.stored;
  const lines = [`${backend}: stored ${report.stored} of ${report.received} records; ${lost} lost`];
  // Group the reasons so a thousand identical mapping errors read as one line with a count.
  const byReason = new Map<string, string[]>();
  for (const { id, reason } of report.rejected) {
    const ids = byReason.get(reason) ?? [];
    ids.push(id);
    byReason.set(reason, ids);
  }
  for (const [reason, ids] of byReason) {
    const shown = ids.slice(0, MAX_LISTED).join(', ');
    const more = ids.length > MAX_LISTED ? ` and ${ids.length - MAX_LISTED} more` : '';
    lines.push(`  ${ids.length} × ${reason} (ids: ${shown}${more})`);
  }
  for (const problem of problems) lines.push(`  ${problem}`);
  return lines.join('\n');
}
