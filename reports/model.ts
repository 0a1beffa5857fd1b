// The report: every count, rate and interval a run produced, as written to report.json.
// The shape is versioned; reports/report.schema.json is its JSON Schema and REPORT-SCHEMA.md its
// documentation. Bump REPORT_SCHEMA_VERSION on any change a reader of an older file would misread.
import type { DeploymentSection } from './deployment-section.js';
import type { Label, OsFamily } from '../generators/canonical-event.js';
import type { Siem } from '../harness/model/records.js';
import type { PinVerdict, RunMeta, ScenarioInput } from '../harness/runner/run-input.js';

export const REPORT_SCHEMA_VERSION = 2;

/**
 * A proportion k/n with its Wilson 95% score interval; value, low and high are null when n = 0.
 * Event-level (a scenario × data source cell): k and n count events. Behaviour-level (a rule × data
 * source aggregate, reports/behaviour-rate.ts): k and n count scenarios, or effective scenarios when weighted.
 */
export interface Rate {
  k: number;
  n: number;
  value: number | null;
  low: number | null;
  high: number | null;
}

export interface Metrics {
  tp: number;
  fn: number;
  fp: number;
  tn: number;
  /** tp / (tp + fn): malicious events the rule fired on. */
  recall: Rate;
  /** fp / (fp + tn): benign events the rule fired on. */
  falsePositiveRate: Rate;
  /** tp / (tp + fp): alerts that were malicious. */
  precision: Rate;
}

/** Ids of up to EXAMPLES_PER_KIND events of each outcome, first in input order. */
export interface Examples {
  tp: string[];
  fn: string[];
  fp: string[];
  tn: string[];
}

export interface Cell {
  metrics: Metrics;
  examples: Examples;
}

/** Scenarios of one label counted by outcome in one cell (for benign: caught = fires on every event). */
export interface ScenarioOutcomes {
  caught: number;
  partial: number;
  missed: number;
}

/**
 * One rule on one data source: the behaviour-level aggregate. `metrics.recall` is the mean over the
 * malicious scenarios the source recorded of each one's detection fraction, `metrics.falsePositiveRate`
 * the mean over the benign ones of each one's firing fraction (weighted when weights are given), with
 * Wilson intervals over scenarios. Only scenarios that count toward rates (purpose `detection`) enter.
 */
export interface RuleDataSourceCell {
  ruleId: string;
  dataSourceId: string;
  /** Whether the rule's index patterns (EQL) or macros and terms (SPL) select this data source. */
  searched: boolean;
  /** A blind spot: malicious events reached this data source and the rule fired on none. */
  blind: boolean;
  metrics: { recall: Rate; falsePositiveRate: Rate };
  /** Whether weights other than 1 entered the rates (then k and n are effective scenarios). */
  weighted: boolean;
  /** Counting scenarios by outcome here: malicious caught/partial/missed; benign caught = fires on every event. */
  scenarios: { malicious: ScenarioOutcomes; benign: ScenarioOutcomes };
  /** Event counts of the counting scenarios (not the basis of any rate; replicas of the behaviours). */
  events: { tp: number; fn: number; fp: number; tn: number };
  examples: Examples;
}

/**
 * How a rule fares on a scenario in one data source: caught = fired on every event of the scenario
 * there, missed = on none, partial = between. For a benign scenario "caught" means the rule fires on it.
 * The scenario-level verdict across data sources is the same words "in any source": caught in at least
 * one data source; missed in every data source that recorded the scenario; no-data = none recorded it.
 */
export type ScenarioVerdict = 'caught' | 'partial' | 'missed' | 'no-data';

/** A rule and a scenario across the data sources of the rule's SIEM; nothing is pooled. */
export interface RuleScenarioCell {
  ruleId: string;
  scenarioId: string;
  label: Label;
  /** The cross-source verdict, "in any source". */
  verdictInAnySource: ScenarioVerdict;
  /** Data sources (that recorded the scenario) by per-source verdict. */
  caughtIn: string[];
  partialIn: string[];
  missedIn: string[];
}

export interface RuleScenarioDataSourceCell extends Cell {
  ruleId: string;
  scenarioId: string;
  dataSourceId: string;
  label: Label;
  /** caught: fired on every event here; missed: on none; partial: between. */
  verdict: Exclude<ScenarioVerdict, 'no-data'>;
}

/** A rule, an evasion variant (or the unmodified populations) and one covered data source. */
export interface RuleVariantCell {
  ruleId: string;
  /** null: the population without any evasion applied. */
  variant: string | null;
  dataSourceId: string;
  /** Behaviour-level recall over the counting malicious scenarios with this variant recorded here. */
  recall: Rate;
  scenarioIds: string[];
  /** Up to 3 missed events. */
  examples: string[];
}

/** "Any data source" coverage of one rule: the best searched data source per scenario. */
export interface AnyDataSourceCoverage {
  /** Mean over the counting malicious scenarios of the rule's SIEM of each one's best detection fraction over the searched data sources. */
  recall: Rate;
  /** Mean over the counting benign scenarios of each one's highest firing fraction over the searched data sources. */
  falsePositiveRate: Rate;
  /** Malicious scenario ids caught (every event) in at least one searched data source. */
  caught: string[];
  /** Malicious scenario ids detected on some but never all events in any searched data source. */
  partial: string[];
  /** Malicious scenario ids no searched data source detected at all. */
  missed: string[];
  /** Benign scenario ids firing on at least one event in at least one searched data source. */
  firing: string[];
}

export interface ReportRule {
  id: string;
  name: string;
  siem: Siem;
  language: 'eql' | 'spl';
  sourceFile: string;
  backend: string;
  query: string;
  expandedQuery: string | null;
  notes: string[];
  error: string | null;
  selectors: { selector: string; dataSourceIds: string[] }[];
  /** Selectors that match no data source of the run (e.g. `endgame-*`). */
  selectorsWithoutData: string[];
  /** Data sources of the rule's SIEM, all evaluated. */
  dataSourceIds: string[];
  /** Data sources the rule's index patterns or macros select. */
  searchedDataSourceIds: string[];
  /** Evaluated data sources that are not blind spots: where evasions are judged. */
  coveredDataSourceIds: string[];
  /** "Any data source" coverage; null when the rule errored. */
  anyDataSource: AnyDataSourceCoverage | null;
}

export interface ReportDataSource {
  id: string;
  siem: Siem;
  title: string;
  events: { total: number; malicious: number; benign: number };
  /** Stored events per scenario id. */
  scenarioEvents: Record<string, number>;
  rejected: { eventId: string; reason: string }[];
}

/** The scenario as the pack describes it (expectations are judged in `expectations`). */
export interface ReportScenario extends Omit<ScenarioInput, 'expectations'> {
  /** Canonical events generated for the scenario. */
  events: number;
  /** False for a fixture (purpose other than `detection`): it runs and its pins are checked, but it enters no rate. */
  countsTowardRates: boolean;
}

export interface CoverageReason {
  selected: boolean;
  selection: string;
  missingFields: string[];
  notes: string[];
}

export type BlindSpotKind = 'not-selected' | 'fields-absent' | 'no-match';

export interface BlindSpot {
  ruleId: string;
  dataSourceId: string;
  kind: BlindSpotKind;
  /** One sentence: why the rule cannot fire here. */
  reason: string;
  coverage: CoverageReason | null;
  /** Behaviour-level recall here: 0 of the malicious scenarios this data source recorded. */
  recall: Rate;
  examples: string[];
}

export interface Evasion {
  ruleId: string;
  variant: string;
  /** fully: recall 0 on the variant in every covered data source that recorded it; partially: recall below 1 in at least one. */
  beats: 'fully' | 'partially';
  /** Per covered data source: behaviour-level recall on the variant, and on the unmodified (variant null) scenarios of the same populations there. */
  dataSources: { dataSourceId: string; recall: Rate; unmodifiedRecall: Rate }[];
  populations: string[];
  scenarioIds: string[];
  examples: string[];
}

export interface Disagreement {
  scenarioId: string;
  label: Label;
  caughtBy: string[];
  missedBy: string[];
}

export interface ExpectationResult {
  scenarioId: string;
  ruleId: string;
  /** The data source judged; null when the result is about the rule or scenario as a whole (errored, absent, recorded nowhere). */
  dataSourceId: string | null;
  expected: PinVerdict;
  /**
   * held: observed as pinned. failed: worse than pinned (an attack missed where a detection was pinned,
   * a benign tool firing where quiet was pinned). stale: better than pinned (an improvement: the run does
   * not fail; `dth pins update` rewrites the pin). not-evaluated: the rule or data source is not part of
   * the run, or the rule failed to run (reported once under errors).
   */
  status: 'held' | 'failed' | 'stale' | 'not-evaluated';
  /** The verdict seen in the data source; null when nothing was judged. */
  observedVerdict: PinVerdict | null;
  /** What was seen, e.g. `fired on 0 of 40 events`. */
  observed: string;
  reason: string | null;
  /** `file:line:column` of the pin in the pack, when known. */
  pinnedAt: string | null;
}

export type ReportError =
  | { kind: 'rule-error'; ruleId: string; backend: string; message: string }
  | { kind: 'records-rejected'; dataSourceId: string; count: number; examples: { eventId: string; reason: string }[] };

export interface ReportEvent {
  scenarioId: string;
  label: Label;
  population: string;
  variant: string | null;
  os: OsFamily;
  timestamp: string;
  host: string;
  user: string;
  executable: string;
  commandLine: string;
  parentExecutable: string;
  parentCommandLine: string;
}

/** One rule on one data source, embedded engine against one real backend, event for event. */
export interface ParityGroupRow {
  ruleId: string;
  dataSourceId: string;
  /** The real backend (`elasticsearch`, `splunk`). */
  backend: string;
  /** Events loaded for the data source and compared. */
  events: number;
  /** Events both engines gave the same verdict. */
  agreeing: number;
  /** Events where the verdicts differ: accepted + unexplained. */
  differences: number;
  accepted: number;
  unexplained: number;
}

export interface ParityDifferenceRow {
  ruleId: string;
  dataSourceId: string;
  backend: string;
  eventId: string;
  /** Whether the embedded engine matched the event. */
  embedded: boolean;
  /** Whether the real backend matched it. */
  real: boolean;
  /** False when an engine matched an id that was not loaded for this data source (never accepted). */
  loaded: boolean;
  status: 'accepted' | 'unexplained';
  /** The known-differences entry that accepts it; null when unexplained. */
  acceptedBy: { reason: string; where: string } | null;
}

/** A known-differences entry that matched no difference in this run: a candidate for removal. */
export interface UnusedKnownDifference {
  rule: string;
  dataSource: string;
  backend: string | null;
  event: string | null;
  scenario: string | null;
  embedded: boolean | null;
  real: boolean | null;
  reason: string;
  /** `file:line:column` of the entry. */
  where: string;
}

/** `dth run --backend all`: the embedded engines' verdicts against the real backends', event for event. */
export interface ParitySection {
  /** The real backends compared with the embedded engines. */
  backends: string[];
  /** True when every difference is accepted by a known-differences entry. */
  ok: boolean;
  groups: ParityGroupRow[];
  differences: ParityDifferenceRow[];
  unusedKnownDifferences: UnusedKnownDifference[];
}

/** Cost of a real backend: wall-clock milliseconds, not deterministic. */
export interface BackendTiming {
  backend: string;
  mode: 'container' | 'url';
  readyMs: number;
  loadMs: number;
  searchMs: number;
  searches: number;
  /** How the backend's TLS certificate was checked (optional; `insecure`: the user passed --insecure). */
  tls?: 'verified' | 'private-ca' | 'insecure' | 'own-container';
}

/** One benign scenario's share of a rule × data source's expected false alerts. */
export interface AlertVolumeTerm {
  scenarioId: string;
  /** From the weights file. */
  launchesPer1000EndpointsPerDay: number;
  /** Share of the scenario's events the rule fired on in this data source (this run). */
  firingFraction: number;
  /** launches × firingFraction. */
  alertsPer1000EndpointsPerDay: number;
}

export interface AlertVolumeRow {
  ruleId: string;
  dataSourceId: string;
  /** Σ terms: the expected false alerts per 1,000 endpoints per day. */
  alertsPer1000EndpointsPerDay: number;
  terms: AlertVolumeTerm[];
  /** Benign scenarios that fire here but have no launch rate in the weights file: the sum leaves them out. */
  unweightedFiringScenarioIds: string[];
}

/** Expected false alerts from the weights file's launch rates; null in report.json when the run had no --weights. */
export interface AlertVolume {
  weightsFile: string;
  unit: string;
  rows: AlertVolumeRow[];
}

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  run: RunMeta;
  totals: {
    rules: number;
    dataSources: number;
    scenarios: number;
    events: number;
    observations: number;
    blindSpots: number;
    expectationFailures: number;
    /** Pins the run did better than (status stale): not failures, but the pack needs `dth pins update`. */
    stalePins: number;
    errors: number;
  };
  rules: ReportRule[];
  dataSources: ReportDataSource[];
  scenarios: ReportScenario[];
  ruleDataSource: RuleDataSourceCell[];
  ruleScenario: RuleScenarioCell[];
  ruleScenarioDataSource: RuleScenarioDataSourceCell[];
  ruleVariant: RuleVariantCell[];
  blindSpots: BlindSpot[];
  evasions: Evasion[];
  disagreements: Disagreement[];
  expectations: ExpectationResult[];
  errors: ReportError[];
  /** Example material for every event id the report cites. */
  events: Record<string, ReportEvent>;
  /** Expected false alerts per 1,000 endpoints per day; null without a --weights file (the figure needs one). */
  alertVolume: AlertVolume | null;
  /** Only when embedded and real engines ran side by side (optional: absent from embedded-only runs). */
  parity?: ParitySection;
  /** Only when a real backend ran (optional). */
  backendTimings?: BackendTiming[];
  /** The deployment profile the run used and the deployment-sensitivity sweep (reports/sweep.ts). */
  deployment?: DeploymentSection;
}
