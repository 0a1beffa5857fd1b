// The backend seam: embedded emulators and real engines answer the same interface and the same tests.
import type { ScheduleOutcome, SchedulePlan } from './schedule.js';
import type { ElasticRecord, ResultRow, Siem, SplunkRecord } from '../model/records.js';
import type { EqlRule, SplRule } from '../rules/rule.js';

export interface LoadReport {
  /** Records handed to load(). */
  received: number;
  /** Records the engine confirmed it stored and can search. */
  stored: number;
  /** Every record not stored, with the reason. received = stored + rejected.length. */
  rejected: { id: string; reason: string }[];
  elapsedMs: number;
}


export interface RuleResult {
  ruleId: string;
  backend: string;
  /** The query the engine actually ran (macros expanded, category filter explicit, ...). */
  expandedQuery: string;
  /** EQL: ids (= canonical event ids) of every matching document, all pages read; for a sequence or sample, every member event. */
  eventIds?: string[];
  /** EQL sequences and samples: each answer with its join keys and member ids in stage order (null: a missing-event stage). */
  sequences?: { joinKeys: (string | null)[]; eventIds: (string | null)[] }[];
  /** EQL with a schedule plan: what the detection engine's executions did (alerts, max_signals losses, unsearched events). */
  schedule?: ScheduleOutcome;
  /** SPL: every result row; rows map back to events by host and `_time` bucket. */
  rows?: ResultRow[];
  /** Behaviour choices and caveats the report must show (e.g. how `bin` without a field was treated). */
  notes: string[];
  elapsedMs: number;
}

export interface ElasticBackend {
  readonly name: string;
  readonly siem: 'elastic';
  load(records: ElasticRecord[]): Promise<LoadReport>;
  /** Throws RuleRunError when the engine rejects or cannot run the rule; never returns an empty result instead. */
  /** With a plan, runs the rule as the detection engine's executions would (harness/backends/schedule.ts). */
  run(rule: EqlRule, plan?: SchedulePlan): Promise<RuleResult>;
  close(): Promise<void>;
}

export interface SplunkBackend {
  readonly name: string;
  readonly siem: 'splunk';
  load(records: SplunkRecord[]): Promise<LoadReport>;
  run(rule: SplRule): Promise<RuleResult>;
  close(): Promise<void>;
}

export type { Siem };

/** A rule the engine could not run: reported as an error with its message, never as a miss. */
export class RuleRunError extends Error {
  constructor(
    readonly ruleId: string,
    readonly backend: string,
    message: string,
  ) {
    super(message);
    this.name = 'RuleRunError';
  }
}
