// One data source through one backend: load its records, run every rule of its SIEM, and turn each
// rule's result into the set of events it fired on (EQL by `_id`; SPL rows by host, or a data model's
// dest, and second or firstTime..lastTime window: correlate.ts).
import type { ElasticRecord, SplunkRecord } from '../model/records.js';
import { RuleRunError, type ElasticBackend, type LoadReport, type RuleResult, type SplunkBackend } from '../backends/backend.js';
import { correlateRows } from './correlate.js';
import { InputError } from '../errors.js';
import type { EqlRule, SplRule } from '../rules/rule.js';
import type { BackendProvider } from './backend-provider.js';
import type { RenderedSource } from './render.js';
import type { TimeWindow } from '../../generators/context/time-window.js';
import { planExecutions, ruleSchedule, type SchedulePlan } from '../backends/schedule.js';

export type RuleOutcome =
  | { ok: true; result: RuleResult; fired: Set<string>; notes: string[] }
  | { ok: false; error: string };

export interface SourceRun {
  sourceId: string;
  backend: string;
  load: LoadReport;
  /** Ids of the events the backend stored (rendered minus rejected). */
  storedIds: string[];
  outcomes: Map<string, RuleOutcome>;
  loadMs: number;
  searchMs: number;
}

function errorMessage(error: unknown): string {
  if (error instanceof InputError) return error.format();
  if (error instanceof Error) return error.message;
  return String(error);
}

async function runRule<R extends EqlRule | SplRule>(run: (rule: R) => Promise<RuleResult>, rule: R): Promise<{ result: RuleResult } | { error: string }> {
  try {
    return { result: await run(rule) };
  } catch (error) {
    // A rule that fails is an error with its message, never a miss. Anything else is a harness bug.
    if (error instanceof RuleRunError || error instanceof InputError) return { error: errorMessage(error) };
    throw error;
  }
}

function storedIdsOf(records: readonly { _id: string }[], load: LoadReport): string[] {
  const rejected = new Set(load.rejected.map((r) => r.id));
  return records.map((r) => r._id).filter((id) => !rejected.has(id));
}

/**
 * The result without the engine's answer (rows, event ids, sequences): once the fired events are known
 * it is not needed, and a run keeps every source's outcomes until its report is built.
 */
function withoutAnswers(result: RuleResult): RuleResult {
  const { rows: _rows, eventIds: _eventIds, sequences: _sequences, eventLevelIds: _eventLevelIds, ...rest } = result as RuleResult & { eventLevelIds?: string[] };
  return rest;
}

type Matcher<R> = (result: RuleResult, stored: readonly R[]) => { fired: Set<string>; notes: string[] };

/** Load the source's records into a fresh (or cleared) backend, run every rule, map results to events. */
async function runSource<R extends ElasticRecord | SplunkRecord, Q extends EqlRule | SplRule, B extends ElasticBackend | SplunkBackend>(
  rendered: RenderedSource,
  rules: readonly Q[],
  provider: BackendProvider<B>,
  engine: { load: (backend: B, records: R[]) => Promise<LoadReport>; run: (backend: B, rule: Q) => Promise<RuleResult> },
  match: Matcher<R>,
): Promise<SourceRun> {
  const records = rendered.records as R[];
  const backend = await provider.acquire();
  try {
    const loadStarted = performance.now();
    const load = await engine.load(backend, records);
    const loadMs = performance.now() - loadStarted;
    const storedIds = storedIdsOf(records, load);
    const stored = new Set(storedIds);
    const storedRecords = records.filter((r) => stored.has(r._id));
    const outcomes = new Map<string, RuleOutcome>();
    const searchStarted = performance.now();
    for (const rule of rules) {
      const ran = await runRule((r: Q) => engine.run(backend, r), rule);
      if ('error' in ran) outcomes.set(rule.id, { ok: false, error: ran.error });
      else outcomes.set(rule.id, { ok: true, ...match(ran.result, storedRecords), result: withoutAnswers(ran.result) });
    }
    return { sourceId: rendered.source.id, backend: provider.name, load, storedIds, outcomes, loadMs, searchMs: performance.now() - searchStarted };
  } finally {
    await provider.release(backend);
  }
}

/**
 * With a schedule window, each EQL rule runs as Kibana's detection engine runs it over that window
 * (harness/backends/schedule.ts); a rule whose interval or look-back cannot be read is a rule error.
 */
export function runElasticSource(rendered: RenderedSource, rules: readonly EqlRule[], provider: BackendProvider<ElasticBackend>, scheduleWindow: TimeWindow | null = null): Promise<SourceRun> {
  const planFor = (rule: EqlRule): SchedulePlan | undefined => {
    if (scheduleWindow === null) return undefined;
    const schedule = ruleSchedule(rule);
    return { schedule, executions: planExecutions(schedule, { startMs: Date.parse(scheduleWindow.start), endMs: Date.parse(scheduleWindow.end) }) };
  };
  const engine = { load: (b: ElasticBackend, records: ElasticRecord[]) => b.load(records), run: (b: ElasticBackend, rule: EqlRule) => b.run(rule, planFor(rule)) };
  return runSource(rendered, rules, provider, engine, (result) => ({
    fired: new Set(result.eventIds ?? []),
    notes: [],
  }));
}

export function runSplunkSource(rendered: RenderedSource, rules: readonly SplRule[], provider: BackendProvider<SplunkBackend>): Promise<SourceRun> {
  const sourceId = rendered.source.id;
  const engine = { load: (b: SplunkBackend, records: SplunkRecord[]) => b.load(records), run: (b: SplunkBackend, rule: SplRule) => b.run(rule) };
  return runSource(rendered, rules, provider, engine, (result, stored: readonly SplunkRecord[]) => {
    const correlation = correlateRows(result.rows ?? [], stored);
    const notes: string[] = [];
    if (correlation.unmatchedRows.length > 0) notes.push(`${correlation.unmatchedRows.length} result row(s) on ${sourceId} matched no loaded event by host (or dest) and time`);
    if (correlation.ambiguousRows.length > 0) notes.push(`${correlation.ambiguousRows.length} result row(s) on ${sourceId} matched several events by host (or dest) and time`);
    return { fired: new Set(correlation.eventIds), notes };
  });
}
