// Composable index templates: the mapping decides what EQL can match (keyword `ignore_above`, `wildcard`
// command lines), so every index the run writes to gets the same ECS mapping the embedded engine uses
// (`ecsMapping()`), never Elasticsearch's dynamic defaults.
//
// - One template per index pattern the rules read, plus `winlogbeat-*`, `auditbeat-*` and `endgame-*`,
//   which have no built-in template on a plain cluster (their documents would get `text` + `.keyword(256)`).
// - One exact-name template for every record `_index` no pattern covers, so no document is ever
//   dynamically mapped.
// - Every template is a data stream template (`data_stream: {}`): the pinned `_index` names are data
//   streams (Fleet and Beats 8+ write to data streams), and a data stream needs `@timestamp`, which ECS maps.
// - Priorities are all distinct and above the built-in `logs` template (priority 100, pattern `logs-*-*`):
//   Elasticsearch rejects two templates with overlapping patterns and the same priority, and the highest
//   priority wins. https://www.elastic.co/docs/manage-data/data-store/templates#avoid-index-pattern-collisions
//   https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-indices-put-index-template
import type { EsMapping } from '../../engines/eql/mappings/es-mapping.js';
import { simpleMatch } from '../../engines/eql/mappings/dynamic.js';
import { limitsForStaticMapping } from '../../engines/eql/mappings/field-limit.js';
import { fieldTypesFromMapping } from '../../engines/eql/mappings/field-types.js';
import { fieldLimitsFor, LOGS_DATA_STREAM, resolveIndexMapping } from '../../engines/eql/mappings/index-mapping.js';
import type { DeploymentProfile } from '../../model/profile.js';
import { matchesIndexPattern, type ElasticRunNames } from './run-names.js';

/** Beats and retired-product patterns with no built-in template on a bare cluster. */
export const TEMPLATELESS_PATTERNS = ['winlogbeat-*', 'auditbeat-*', 'endgame-*'] as const;

/** Above the built-in `logs` (100) and Fleet integration templates (200). */
export const BASE_PRIORITY = 500;

export interface IndexTemplate {
  name: string;
  index_patterns: string[];
  data_stream: Record<string, never>;
  priority: number;
  template: {
    settings: Record<string, string | number | boolean>;
    mappings: EsMapping;
  };
  _meta: { managed_by: 'detection-harness'; run?: string; source_pattern: string };
}

/**
 * The templates for a load: `rulePatterns` (the rules' index patterns, as written in the rules), the
 * template-less Beats patterns, and exact names for record indices no pattern covers. Names are mapped
 * through `names` (run-specific on an existing cluster).
 */
export function buildIndexTemplates(
  rulePatterns: readonly string[],
  pinnedIndices: readonly string[],
  names: ElasticRunNames,
  mapping: EsMapping,
  profile?: DeploymentProfile,
): IndexTemplate[] {
  const patterns: string[] = [];
  for (const pattern of [...rulePatterns, ...TEMPLATELESS_PATTERNS]) {
    if (!patterns.includes(pattern)) patterns.push(pattern);
  }
  // Under a deployment profile every record index gets its exact template: its mapping limits (Fleet's
  // per-field ignore_above, logsdb's index default) are those the embedded engine resolves for that name.
  const uncovered = [...new Set(pinnedIndices)].filter((index) => profile !== undefined || !patterns.some((pattern) => matchesIndexPattern(index, pattern)));
  // Exact names last: the highest priorities, so an exact template always wins over a pattern.
  const sources: { pattern: string; target: string }[] = [
    ...patterns.map((pattern) => ({ pattern, target: names.pattern(pattern) })),
    ...uncovered.sort().map((index) => ({ pattern: index, target: names.index(index) })),
  ];
  // The total-fields limit the embedded engine gives the index (harness/engines/eql/mappings/field-limit.ts): the ECS
  // mapping (3,000+ fields) needs Fleet's raised limit, or Elasticsearch refuses the template's mapping;
  // profiles change ignore_above only, so every template's mapping has the same number of mappers.
  const staticMappers = fieldTypesFromMapping(mapping).mapperCount;
  return sources.map(({ pattern, target }, n) => {
    const resolved = profile === undefined ? null : resolveIndexMapping(pattern, profile, mapping);
    // One node in a container; on a cluster the run's data is temporary and needs no replica.
    const settings: Record<string, string | number | boolean> = { 'index.number_of_replicas': 0 };
    if (resolved?.indexIgnoreAbove !== undefined) settings['index.mapping.ignore_above'] = resolved.indexIgnoreAbove;
    // A `logs-…` rule pattern (logs-crowdstrike.fdr*) covers data streams named logs-<dataset>-<namespace>.
    const logs = pattern.startsWith('logs-') || simpleMatch(LOGS_DATA_STREAM, pattern);
    const limits = limitsForStaticMapping(fieldLimitsFor(logs, false), staticMappers);
    settings['index.mapping.total_fields.limit'] = limits.totalFields;
    if (limits.ignoreDynamicBeyondLimit) settings['index.mapping.total_fields.ignore_dynamic_beyond_limit'] = true;
    return {
      name: names.templateName(n, pattern),
      index_patterns: [target],
      data_stream: {},
      priority: BASE_PRIORITY + n,
      template: {
        settings,
        mappings: resolved?.mapping ?? structuredClone(mapping),
      },
      _meta: { managed_by: 'detection-harness', ...(names.token !== undefined ? { run: names.token } : {}), source_pattern: pattern },
    };
  });
}
