// How Kibana's detection engine runs an EQL rule, so a run sees what production would alert on:
// - the rule executes every `interval` (default 5m) and each execution searches the window
//   [now - look-back, now], look-back from `from` (default now-6m; the QEMU rule: now-9m);
// - the window is a range filter on `timestamp_override` when set, falling back to @timestamp for a
//   document that lacks it (buildTimeRangeFilter with the secondary timestamp), applied before EQL,
//   so a sequence is found only when every one of its events lies inside one execution's window;
// - the EQL request asks for `size: max_signals` (default 100) with no result_position, i.e.
//   Elasticsearch's default `tail`: an execution with more matches keeps the latest max_signals and
//   the rest are never alerted on (Kibana only warns that max_signals was reached);
// - alert ids are derived from the event (or, for a sequence, its events) and the rule, so an event
//   found again by the next, overlapping execution is not alerted twice.
// Sources (read, not copied): elastic/kibana
// x-pack/solutions/security/plugins/security_solution/server/lib/detection_engine/rule_types/eql/eql.ts
// (size: ruleParams.maxSignals, the max_signals warning), .../eql/build_eql_search_request.ts (range
// filter on primary/secondary timestamp, no result_position), and the rule defaults in
// https://www.elastic.co/docs/api/doc/kibana/operation/operation-createrule (interval 5m, from now-6m,
// max_signals 100); result_position default `tail`:
// https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-eql-search
import { InputError } from '../errors.js';
import type { EqlRule } from '../rules/rule.js';

export const DEFAULT_INTERVAL = '5m';
export const DEFAULT_FROM = 'now-6m';
export const DEFAULT_MAX_SIGNALS = 100;

export interface RuleSchedule {
  intervalMs: number;
  lookbackMs: number;
  maxSignals: number;
  /** Field the window filters on: timestamp_override, else @timestamp. */
  rangeField: string;
  /** @timestamp when timestamp_override is set (a document without the override falls back to it). */
  fallbackField: string | null;
  /** As written, for notes. */
  text: { interval: string; from: string };
}

export interface Execution {
  fromMs: number;
  toMs: number;
}

/** An execution plan: the executions covering [start, end) of the run window. */
export interface SchedulePlan {
  schedule: RuleSchedule;
  executions: Execution[];
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function durationMs(text: string, what: string, rule: EqlRule): number {
  const m = /^(\d{1,9})([smhd])$/.exec(text.trim());
  if (!m) throw new InputError(`rule ${rule.id}: ${what} [${text}] is not a duration such as 5m, 1h (units s, m, h, d)`, { file: rule.sourceFile });
  return Number(m[1]) * (UNIT_MS[m[2] as string] as number);
}

export function ruleSchedule(rule: EqlRule): RuleSchedule {
  const interval = rule.interval ?? DEFAULT_INTERVAL;
  const from = rule.from ?? DEFAULT_FROM;
  const intervalMs = durationMs(interval, 'interval', rule);
  if (intervalMs <= 0) throw new InputError(`rule ${rule.id}: interval must be positive, found [${interval}]`, { file: rule.sourceFile });
  const look = /^now-(.+)$/.exec(from.trim());
  if (!look) throw new InputError(`rule ${rule.id}: from [${from}] is not a look-back such as now-9m`, { file: rule.sourceFile });
  const maxSignals = rule.maxSignals ?? DEFAULT_MAX_SIGNALS;
  return {
    intervalMs,
    lookbackMs: durationMs(look[1] as string, 'from', rule),
    maxSignals,
    rangeField: rule.timestampOverride ?? '@timestamp',
    fallbackField: rule.timestampOverride ? '@timestamp' : null,
    text: { interval, from },
  };
}

/**
 * Executions at start + k·interval (k = 1, 2, ...) until one runs at or after the end, each searching
 * [t - look-back, t]: the rule is enabled when the run window opens and keeps running past its end.
 */
export function planExecutions(schedule: RuleSchedule, window: { startMs: number; endMs: number }): Execution[] {
  const out: Execution[] = [];
  for (let t = window.startMs + schedule.intervalMs; ; t += schedule.intervalMs) {
    out.push({ fromMs: t - schedule.lookbackMs, toMs: t });
    if (t >= window.endMs) break;
  }
  return out;
}

/** What the schedule did with a rule's matches on one data source. */
export interface ScheduleOutcome {
  executions: number;
  /** Alerts written (an event, or a sequence, once). */
  alerts: number;
  /** Matches found by some execution but never kept: every execution that saw them had more than max_signals. */
  lostToMaxSignals: number;
  /** The largest number of matches one execution saw. */
  busiestExecution: number;
  /** Loaded events whose window time lies in no execution's window (never searched). */
  outsideWindows: number;
}

/** A match as the schedule sees it: its identity (alert id), its window time and its search order. */
export interface ScheduledMatch {
  key: string;
  /** Epoch ms of every event of the match on the range field; all must lie in a window. */
  timesMs: number[];
}

/**
 * Runs the executions over matches that do not depend on the window (event queries: one event per
 * match, already in search order). Each execution keeps the last max_signals matches inside it.
 */
export function scheduleMatches(matches: ScheduledMatch[], executions: Execution[], maxSignals: number): { alerted: Set<string>; seen: Set<string>; busiest: number } {
  const alerted = new Set<string>();
  const seen = new Set<string>();
  let busiest = 0;
  // Matches sorted by time once; each execution takes a contiguous slice (two pointers).
  const order = matches.map((m, i) => ({ m, i, t: Math.min(...m.timesMs), last: Math.max(...m.timesMs) })).sort((a, b) => a.t - b.t || a.i - b.i);
  let lo = 0;
  for (const ex of executions) {
    while (lo < order.length && (order[lo] as { t: number }).t < ex.fromMs) lo++;
    const inside: { m: ScheduledMatch; i: number }[] = [];
    for (let k = lo; k < order.length && (order[k] as { t: number }).t <= ex.toMs; k++) {
      const o = order[k] as { m: ScheduledMatch; i: number; last: number };
      if (o.last <= ex.toMs) inside.push(o);
    }
    if (inside.length === 0) continue;
    inside.sort((a, b) => a.i - b.i); // search order
    busiest = Math.max(busiest, inside.length);
    for (const o of inside) seen.add(o.m.key);
    for (const o of inside.slice(Math.max(0, inside.length - maxSignals))) alerted.add(o.m.key);
  }
  return { alerted, seen, busiest };
}

/** Events (by their window time) that no execution searches. */
export function countOutside(timesMs: number[], executions: Execution[]): number {
  // The union of the windows as disjoint intervals, then a binary search per event.
  const merged: Execution[] = [];
  for (const e of [...executions].sort((a, b) => a.fromMs - b.fromMs)) {
    const last = merged[merged.length - 1];
    if (last && e.fromMs <= last.toMs) last.toMs = Math.max(last.toMs, e.toMs);
    else merged.push({ ...e });
  }
  let outside = 0;
  for (const t of timesMs) {
    let lo = 0;
    let hi = merged.length - 1;
    let inside = false;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const w = merged[mid] as Execution;
      if (t < w.fromMs) hi = mid - 1;
      else if (t > w.toMs) lo = mid + 1;
      else {
        inside = true;
        break;
      }
    }
    if (!inside) outside++;
  }
  return outside;
}

/**
 * The schedule's one-line note. `outside` names what `outsideWindows` counted: loaded events (the
 * embedded engine holds them all), matching events (a real backend sees only its hits), or nothing
 * (a real backend's sequence searches see neither).
 */
export function scheduleNote(sourceLabel: string, schedule: RuleSchedule, outcome: ScheduleOutcome, outside: 'events' | 'matching events' | null = 'events'): string {
  const parts = [
    `schedule on ${sourceLabel}: ${outcome.executions} executions every ${schedule.text.interval} over ${schedule.text.from}${schedule.rangeField !== '@timestamp' ? ` on ${schedule.rangeField}` : ''}`,
    `${outcome.alerts} alerts`,
    `${outcome.lostToMaxSignals} lost to max_signals (${schedule.maxSignals} per execution; busiest execution ${outcome.busiestExecution})`,
  ];
  if (outside !== null) parts.push(`${outcome.outsideWindows} ${outside} outside every execution window`);
  return parts.join('; ');
}
