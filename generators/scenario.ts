// Scenario packs as the rest of the harness sees them (loaded and validated by scenario-pack.ts).
import type { Label, OsFamily } from './canonical-event.js';
import type { SourceLocation } from '../harness/errors.js';
import type { DeclarativePopulation, ProgramSpec } from './declarative/model.js';

/** detect: fires on every event of the scenario in a data source; miss: on none; partial: on some, not all. */
export type Verdict = 'detect' | 'miss' | 'partial';

/** Why a scenario is in the pack: evidence about a rule, or a self-test of the harness's reports. */
export type ScenarioPurpose = 'detection' | 'report-safety';

/**
 * A verdict recorded on purpose for one rule (`detect`, or `miss` to document a known gap), with
 * optional per-data-source overrides where the verdict differs by source (e.g. the Splunk rule
 * never sees Sysmon). The runner fails the run when a pinned expectation does not hold.
 */
export interface PinnedExpectation {
  ruleId: string;
  verdict: Verdict;
  /** Data source id → verdict, overriding `verdict` for that source. */
  sources: Record<string, Verdict>;
  reason?: string;
  location: SourceLocation;
}

/** One variant operator applied to the scenario's population, with its parameters. */
export interface VariantUse {
  id: string;
  params: Record<string, unknown>;
}

/** One step of an ordered event chain: a child of the previous process, `afterSeconds` later. */
export interface ChainStep {
  afterSeconds: number;
  executable: string;
  args: string[];
}

export interface Scenario {
  id: string;
  title: string;
  description: string;
  label: Label;
  /** ATT&CK technique ids, e.g. T1572. */
  techniques: string[];
  /** URLs or citations the scenario is built from. */
  references: string[];
  population: string;
  parameters: Record<string, unknown>;
  os: OsFamily[];
  /** Applied in order; empty for the population as published. */
  variants: VariantUse[];
  /** Events generated for each OS in `os`. */
  count: number;
  /** `detection`: a behaviour the rates count; `report-safety`: a harness self-test that counts toward no rate. */
  purpose: ScenarioPurpose;
  /** Weight in the behaviour-level rates (default 1). */
  weight: number;
  /** Child processes started after each generated event, in order (empty: single events). */
  chain?: ChainStep[];
  expectations: PinnedExpectation[];
  location: SourceLocation;
}

export interface ScenarioPack {
  name: string;
  description: string;
  /** Path the pack was loaded from (as given). */
  file: string;
  scenarios: Scenario[];
  /** Programs the pack's declarative populations start, with their parser traits. */
  programs?: Record<string, ProgramSpec>;
  /** Populations written in the pack (YAML), beside the built-in TypeScript ones. */
  populations?: DeclarativePopulation[];
  /** Rule files or directories the pack names (absolute paths); empty: the default rule set. */
  rules?: string[];
  /** macros.conf the pack names (absolute path), if any. */
  macros?: string;
}

/** The variant label recorded on events: variant ids joined with `+`, or null. */
export function variantLabel(scenario: Pick<Scenario, 'variants'>): string | null {
  return scenario.variants.length === 0 ? null : scenario.variants.map((v) => v.id).join('+');
}

/** The verdict pinned for `ruleId` on `sourceId`, if any. */
export function pinnedVerdict(scenario: Scenario, ruleId: string, sourceId: string): Verdict | undefined {
  const pinned = scenario.expectations.find((e) => e.ruleId === ruleId);
  if (pinned === undefined) return undefined;
  return pinned.sources[sourceId] ?? pinned.verdict;
}
