// Blind spots: a data source where a rule fired on none of the malicious events it holds, with the
// reason taken from the coverage facts (not selected, fields absent, or selected yet never matching).
import type { BlindSpot, BlindSpotKind, CoverageReason, Rate } from './model.js';
import type { CoverageFact } from '../harness/runner/run-input.js';

export function blindSpotOf(
  ruleId: string,
  dataSourceId: string,
  fact: CoverageFact | undefined,
  recall: Rate,
  examples: string[],
): BlindSpot {
  const coverage: CoverageReason | null =
    fact === undefined
      ? null
      : { selected: fact.selected, selection: fact.selection, missingFields: [...fact.missingFields], notes: [...fact.notes] };
  const { kind, reason } = explain(coverage, recall.n);
  return { ruleId, dataSourceId, kind, reason, coverage, recall, examples };
}

function explain(coverage: CoverageReason | null, malicious: number): { kind: BlindSpotKind; reason: string } {
  const missed = `fired on no event of the ${malicious} malicious scenario${malicious === 1 ? '' : 's'} it recorded`;
  if (coverage === null) return { kind: 'no-match', reason: `${missed} (no coverage facts were given)` };
  const notes = coverage.notes.length > 0 ? `; ${coverage.notes.join('; ')}` : '';
  if (!coverage.selected) {
    return { kind: 'not-selected', reason: `not searched by the rule: ${coverage.selection}${notes}` };
  }
  if (coverage.missingFields.length > 0) {
    const fields = coverage.missingFields.join(', ');
    return { kind: 'fields-absent', reason: `reads field${coverage.missingFields.length === 1 ? '' : 's'} this source never records: ${fields}${notes}` };
  }
  return { kind: 'no-match', reason: `searched and fields present, but ${missed}${notes}` };
}
