// Why an EQL rule can or cannot see a data source: whether its index patterns select the source's
// index (resolved as Elasticsearch resolves them), and which fields it reads that the source's
// records never carry. Blind spots in the report cite these facts.
import type { ElasticDataSource } from '../../generators/data-sources.js';
import type { ElasticRecord } from '../model/records.js';
import type { CoverageFact, RuleSelector } from './run-input.js';
import { indexMatches } from '../backends/index-patterns.js';
import { referencedFields } from '../engines/eql/ast.js';
import { parseEql } from '../engines/eql/parser.js';
import type { EqlRule } from '../rules/rule.js';
import { fieldsAbsentFromAll } from './document-paths.js';

const EVENT_CATEGORY_FIELD = 'event.category';

/** Fields the rule reads, the implicit `event.category` of `<category> where` included. */
export function eqlRuleFields(rule: EqlRule): string[] {
  const query = parseEql(rule.query, rule.sourceFile);
  const fields = referencedFields(query).map((f) => f.name);
  const filters = query.kind === 'EventQuery' ? [query.filter] : query.stages.map((s) => s.filter);
  if (filters.some((f) => f.category !== null) && !fields.includes(EVENT_CATEGORY_FIELD)) fields.unshift(EVENT_CATEGORY_FIELD);
  return fields;
}

/** The record keys that are metadata, not part of the document's `_source`. */
const RECORD_METADATA = new Set(['_index', '_id']);

/**
 * Fields from `fields` that no record's document (`_source`: the record without `_index` and `_id`)
 * carries. The records are read in place: a field other than those two keys is found in a record
 * exactly where it is found in its document.
 */
export function fieldsAbsentFromSources(records: readonly ElasticRecord[], fields: readonly string[]): string[] {
  return fields.filter((field) => RECORD_METADATA.has(field) || fieldsAbsentFromAll(records, [field]).length > 0);
}

export function eqlCoverage(rule: EqlRule, source: ElasticDataSource, records: readonly ElasticRecord[]): CoverageFact {
  const matching = rule.index.filter((pattern) => indexMatches(pattern, source.index));
  const selected = matching.length > 0;
  const selection = selected
    ? `index pattern ${matching.join(', ')} matches ${source.index}`
    : `no index pattern of the rule (${rule.index.join(', ')}) matches ${source.index}`;
  const missingFields = records.length === 0 ? [] : fieldsAbsentFromSources(records, eqlRuleFields(rule));
  return { ruleId: rule.id, dataSourceId: source.id, selected, selection, missingFields, notes: [] };
}

/** Each index pattern of the rule and the data sources of the run it selects (empty: a pattern with no data). */
export function eqlSelectors(rule: EqlRule, sources: readonly ElasticDataSource[]): RuleSelector[] {
  return rule.index.map((pattern) => ({
    selector: pattern,
    dataSourceIds: sources.filter((s) => indexMatches(pattern, s.index)).map((s) => s.id),
  }));
}
