// A production rule as loaded from its native file. Loaders read the native formats;
// nothing is re-typed by hand.
import type { QueryOrigin } from './query-origin.js';

export interface AttackTechnique {
  id: string;
  name?: string;
  reference?: string;
  subtechniques?: AttackTechnique[];
}

export interface AttackTactic {
  id: string;
  name?: string;
  reference?: string;
}

export interface AttackMapping {
  framework: string;
  tactic?: AttackTactic;
  techniques: AttackTechnique[];
}

interface RuleBase {
  /** Stable id: detection-rules `rule_id`, Splunk catalog/security_content `id`, or the savedsearches stanza name. */
  id: string;
  name: string;
  description: string;
  /** The query exactly as written in the file (macros not expanded). */
  query: string;
  threat: AttackMapping[];
  references: string[];
  /** Path of the file the rule was read from, as given to the loader. */
  sourceFile: string;
  /** Where the query's characters sit in the file (errors in the query are shown at the file's line and column). */
  queryOrigin?: QueryOrigin;
}

export interface EqlRule extends RuleBase {
  siem: 'elastic';
  language: 'eql';
  /** detection-rules `type` (`eql`). */
  type: string;
  severity: string;
  riskScore: number;
  /** Index patterns the rule searches, in file order. */
  index: string[];
  /** Look-back, e.g. `now-9m` (Kibana's default `now-6m` when null). */
  from: string | null;
  /** How often the detection engine runs the rule, e.g. `5m` (Kibana's default when null). */
  interval?: string | null;
  /** Most alerts one execution writes (`max_signals`; Kibana's default 100 when null). */
  maxSignals?: number | null;
  timestampOverride: string | null;
}

export type SplRuleFormat = 'catalog-yaml' | 'security-content-yaml' | 'savedsearches-conf';

export interface SplRule extends RuleBase {
  siem: 'splunk';
  language: 'spl';
  format: SplRuleFormat;
}

export type Rule = EqlRule | SplRule;
