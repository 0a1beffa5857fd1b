// The scan report: a plain object, what the scan found. Counts always add up per rule:
// read = matched + not matched + malformed. Its writers (terminal, --json) are in reports/writers/scan.ts.
import type { BoundedCounts, InputTotals, ListedMalformed, ListedMatch } from './aggregate.js';
import { formatCnf } from './prefilter/formula.js';
import type { BuiltPlan } from './plan.js';
import { DEFAULT_MAX_MALFORMED_SHARE } from './types.js';
import type { ScanOutcome } from './scan.js';

export const SCAN_REPORT_SCHEMA = 'dth-scan/1';

export interface RuleReport {
  id: string;
  name: string;
  file: string;
  siem: 'elastic' | 'splunk';
  language: 'eql' | 'spl';
  /** The literal prefilter (CNF), or null when the rule is evaluated on every line. */
  prefilter: string | null;
  read: number;
  matched: number;
  notMatched: number;
  malformed: number;
  firstMatches: { items: ListedMatch[]; capped: boolean };
  byHost: { items: { host: string; count: number }[]; other: number; capped: boolean };
  byDay: { items: { day: string; count: number }[]; other: number; capped: boolean };
  notes: string[];
}

export interface ScanReport {
  schema: typeof SCAN_REPORT_SCHEMA;
  format: string;
  source: string | null;
  prefilter: boolean;
  threads: number;
  elapsedMs: number;
  totals: {
    /** Events read: non-blank lines (CSV: records after the header). */
    read: number;
    lines: number;
    blankLines: number;
    bytes: number;
    /** Events examined: parsed and evaluated, or rejected (malformed, longer than --max-line-bytes). */
    parsed: number;
    /** Events the prefilter ruled out for every rule: checked to be one JSON object per line, not parsed. */
    prefiltered: number;
    malformed: number;
  };
  malformed: { items: ListedMalformed[]; capped: boolean };
  inputs: InputTotals[];
  rules: RuleReport[];
  notes: string[];
  /**
   * Why the figures cannot be trusted (the scan exits 2 when there is any): an input with more than
   * --max-malformed-share of its events malformed, or in which no record carries any field a rule reads.
   */
  warnings: string[];
}

function percent(x: number): string {
  return `${(x * 100).toFixed(x < 0.1 ? 1 : 0)}%`;
}

/** The warnings of a scan (see ScanReport.warnings). */
function scanWarnings(built: BuiltPlan, inputs: readonly InputTotals[], maxMalformedShare: number): string[] {
  const warnings: string[] = [];
  for (const input of inputs) {
    if (input.records > 0 && input.malformed > maxMalformedShare * input.records) {
      warnings.push(
        `${input.file}: ${input.malformed} of ${input.records} events are malformed (${percent(input.malformed / input.records)}, more than --max-malformed-share ${percent(maxMalformedShare)}): is this the format the scan reads (${built.plan.format})? The figures leave these events out`,
      );
    }
    const readable = input.records - input.malformed;
    if (readable <= 0) continue;
    let at = 0;
    built.plan.rules.forEach((planned, r) => {
      for (const group of built.ruleFieldGroups[r] ?? []) {
        const seen = input.fieldsSeen[at++] === true;
        if (seen) continue;
        const what = group.length === 1 ? `field ${group[0] as string}` : `any of the fields ${group.join(', ')}`;
        warnings.push(
          `${input.file}: rule ${planned.rule.id} needs ${what}, which no record carries: it cannot match here. Raw vendor records need mapping to ECS first (--source <id> --raw)`,
        );
      }
    });
  }
  return warnings;
}

function hosts(c: BoundedCounts): RuleReport['byHost'] {
  return { items: [...c.items].sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1)).map((e) => ({ host: e.key, count: e.count })), other: c.other, capped: c.capped };
}

function days(c: BoundedCounts): RuleReport['byDay'] {
  return { items: [...c.items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((e) => ({ day: e.key, count: e.count })), other: c.other, capped: c.capped };
}

export function buildScanReport(built: BuiltPlan, outcome: ScanOutcome, maxMalformedShare = DEFAULT_MAX_MALFORMED_SHARE): ScanReport {
  const { plan } = built;
  const agg = outcome.aggregate;
  const inputs = agg.inputs;
  const read = inputs.reduce((n, i) => n + i.records, 0);
  const malformed = agg.malformedCount;
  const rules = agg.ruleTotals().map((t, i): RuleReport => {
    const planned = plan.rules[i] as (typeof plan.rules)[number];
    return {
      id: planned.rule.id,
      name: planned.rule.name,
      file: planned.rule.sourceFile,
      siem: planned.rule.siem,
      language: planned.rule.language,
      prefilter: plan.prefilter && planned.cnf !== null ? formatCnf(planned.cnf) : null,
      read,
      matched: t.matched,
      notMatched: read - t.matched - malformed,
      malformed,
      firstMatches: { items: t.firstMatches, capped: t.firstMatchesCapped },
      byHost: hosts(t.hosts),
      byDay: days(t.days),
      notes: built.ruleNotes[i] ?? [],
    };
  });
  return {
    schema: SCAN_REPORT_SCHEMA,
    format: plan.format,
    source: built.dataSource?.id ?? null,
    prefilter: plan.prefilter,
    threads: outcome.threads,
    elapsedMs: Math.round(outcome.elapsedMs),
    totals: {
      read,
      lines: inputs.reduce((n, i) => n + i.lines, 0),
      blankLines: inputs.reduce((n, i) => n + i.blank, 0),
      bytes: inputs.reduce((n, i) => n + i.bytes, 0),
      parsed: agg.parsed,
      prefiltered: agg.prefiltered,
      malformed,
    },
    malformed: { items: agg.malformed, capped: malformed > agg.malformed.length },
    inputs,
    rules,
    notes: agg.notes,
    warnings: scanWarnings(built, inputs, maxMalformedShare),
  };
}
