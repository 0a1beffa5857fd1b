// What the runner hands to the report builder: everything a run observed, before any metric is
// computed. The runner fills it directly from what it already holds (canonical events, data sources,
// loaded rules, backend results); reports/build-report.ts turns it (with a --weights file, if any)
// into the versioned report. It lives with the runner, below reports/, so the runner never imports reports.
import type { Label, OsFamily } from '../../generators/canonical-event.js';
import type { Siem } from '../model/records.js';
import type { SourceLocation } from '../errors.js';

export interface StageTiming {
  /** e.g. `generate`, `render`, `load elastic`, `run b29b7652-...`. */
  name: string;
  elapsedMs: number;
  /** Items the stage handled (events, records, rows), when meaningful. */
  items?: number;
}

export interface RunMeta {
  seed: number;
  scale: number;
  /**
   * Where on the clock the generated events fall, [start, end) in ISO 8601 UTC: a live SIEM's rules
   * only see them if their look-back covers it. Absent in reports written before it was recorded.
   */
  window?: { start: string; end: string };
  /** The scenario pack as the user named it (path). */
  packFile: string;
  harnessVersion: string;
  /** `process.version`, e.g. `v20.20.2`. */
  nodeVersion: string;
  /** Names of the backends the rules ran on, e.g. `embedded-eql`, `embedded-spl`. */
  backends: string[];
  /** ISO 8601 UTC. */
  startedAt: string;
  finishedAt: string;
  stages: StageTiming[];
}

/** An index pattern (EQL) or a macro / index / sourcetype term (SPL), and the data sources it selects. */
export interface RuleSelector {
  selector: string;
  /** Empty when the selector matches no data source of the run (e.g. `endgame-*`): a pattern with no data. */
  dataSourceIds: string[];
}

export interface RuleInput {
  id: string;
  name: string;
  siem: Siem;
  language: 'eql' | 'spl';
  sourceFile: string;
  /** The query exactly as written in the rule file. */
  query: string;
  /** The query the engine ran (macros expanded); null when the rule failed before expansion. */
  expandedQuery: string | null;
  /** Backend name the rule ran on. */
  backend: string;
  /** Behaviour choices and caveats from loading or running the rule (RuleResult.notes). */
  notes: string[];
  /** The error message when the rule failed to run (RuleRunError, InputError). An errored rule has no observations: it is an error, never a miss. */
  error: string | null;
  selectors: RuleSelector[];
}

export interface DataSourceInput {
  /** Pinned id, e.g. `elastic-defend`, `splunk-sysmon-1`. */
  id: string;
  siem: Siem;
  title: string;
  /** Ids of the canonical events whose record this data source holds and its backend stored. */
  storedEventIds: string[];
  /** Events rendered for this data source that the backend did not store (LoadReport.rejected). */
  rejected: { eventId: string; reason: string }[];
}

/**
 * A pinned expectation from the scenario pack: the rule must fire on every event of the scenario
 * (`detect`) or on none (`miss`), judged in each data source of the rule's SIEM that recorded the
 * scenario, with per-source overrides. `PinnedExpectation` (generators/scenario.ts) has this shape.
 */
/** detect: fires on every event of the scenario in a data source; miss: on none; partial: on some, not all. */
export type PinVerdict = 'detect' | 'miss' | 'partial';

export interface ExpectationInput {
  ruleId: string;
  verdict: PinVerdict;
  /** Data source id -> verdict for that data source, overriding `verdict`. */
  sources: Record<string, PinVerdict>;
  /** Why the pack pins it, shown next to a failure. */
  reason?: string;
  /** Where it is pinned in the pack, shown next to a failure. */
  location?: SourceLocation;
}

export interface ScenarioInput {
  id: string;
  title: string;
  label: Label;
  techniques: string[];
  population: string;
  variant: string | null;
  references: string[];
  /** `detection`: a behaviour the rates count; `report-safety`: a self-test that counts toward no rate. */
  purpose: 'detection' | 'report-safety';
  /** The scenario's weight in the behaviour-level rates (the pack's, or a weights file's); 1 by default. */
  weight: number;
  expectations: ExpectationInput[];
}

/**
 * One canonical event: its ground truth and the material reports show as an example.
 * `CanonicalEvent` (generators/canonical-event.ts) satisfies this shape, so the runner passes its events as they are.
 */
export interface EventInput {
  id: string;
  scenarioId: string;
  label: Label;
  population: string;
  variant: string | null;
  os: OsFamily;
  timestamp: string;
  host: { name: string };
  user: { name: string; domain: string };
  process: { executable: string; commandLine: string };
  parent: { executable: string; commandLine: string };
}

/** Whether one rule fired on one event's record in one data source. */
export interface Observation {
  ruleId: string;
  dataSourceId: string;
  eventId: string;
  fired: boolean;
}

/** Why a rule can or cannot see a data source: what blind spots cite as their reason. */
export interface CoverageFact {
  ruleId: string;
  dataSourceId: string;
  /** Whether the rule's index patterns (EQL) or macros and index/sourcetype terms (SPL) select this data source. */
  selected: boolean;
  /** How it is selected or why not, e.g. `index pattern logs-endpoint.events.process-* matches logs-endpoint.events.process-default`. */
  selection: string;
  /** Fields the rule reads that this data source's records never carry. */
  missingFields: string[];
  /** Anything else that stops the rule here, e.g. `requires EventCode=4688; Sysmon process creation is EventCode=1`. */
  notes: string[];
}

export interface RunInput {
  meta: RunMeta;
  rules: RuleInput[];
  dataSources: DataSourceInput[];
  scenarios: ScenarioInput[];
  events: EventInput[];
  /**
   * For every rule that ran (error === null) and every data source of the rule's SIEM: one observation
   * per stored event of that data source. buildReport() checks this (counts in = counts out).
   */
  observations: Observation[];
  /** One fact per rule x data source of the same SIEM. */
  coverage: CoverageFact[];
}
