// The shape of the report's deployment section (reports/sweep.ts builds it; reports/model.ts holds it
// in the Report): the run's profile and, per other shipped profile, the verdicts that change and why.
import type { Label } from '../generators/canonical-event.js';

export interface ProfileRef {
  id: string;
  title: string;
  file: string;
}

/** One rule × scenario × data source whose verdicts differ between the run's profile and another. */
export interface SweepCellChange {
  ruleId: string;
  dataSourceId: string;
  scenarioId: string;
  label: Label;
  events: number;
  firedBase: number;
  firedProfile: number;
}

/** One rule × data source under another profile, against the run's profile. */
export interface SweepSourceChange {
  ruleId: string;
  dataSourceId: string;
  /** What the profile sets differently for this source. */
  reasons: string[];
  maliciousScenarios: number;
  maliciousCaughtBase: number;
  maliciousCaughtProfile: number;
  benignScenarios: number;
  benignFiringBase: number;
  benignFiringProfile: number;
  /** The rule catches malicious scenarios here under the run's profile and none under this one. */
  blind: boolean;
  changedScenarios: number;
}

export interface SweepProfileSection {
  profile: ProfileRef;
  /** Data sources this profile sets something different for (re-rendered and re-searched). */
  sourcesRerun: string[];
  /** Rule × source pairs whose verdicts change, in report order. */
  changes: SweepSourceChange[];
  /** Re-run rule × source pairs whose verdicts did not change despite a different setting. */
  unchanged: Array<{ ruleId: string; dataSourceId: string; reasons: string[] }>;
  cells: SweepCellChange[];
  errors: string[];
}

export interface DeploymentSection {
  profile: ProfileRef;
  /** Null when the sweep was skipped (--no-sweep). */
  sweep: { backend: 'embedded'; profiles: SweepProfileSection[] } | null;
}
