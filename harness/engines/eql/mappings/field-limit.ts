// Elasticsearch's `index.mapping.total_fields.limit` settings: the limit an index has and whether
// dynamic fields beyond it are ignored instead of rejecting the document (field-admission.ts applies them).
// https://www.elastic.co/docs/reference/elasticsearch/index-settings/mapping-limit
export interface FieldLimitSettings {
  /** `index.mapping.total_fields.limit`. */
  totalFields: number;
  /** `index.mapping.total_fields.ignore_dynamic_beyond_limit`. */
  ignoreDynamicBeyondLimit: boolean;
}

/** Elasticsearch's default for an index whose templates set nothing (INDEX_MAPPING_TOTAL_FIELDS_LIMIT_SETTING: 1000, ignore false). */
export const ES_DEFAULT_FIELD_LIMITS: FieldLimitSettings = { totalFields: 1000, ignoreDynamicBeyondLimit: false };

/**
 * Fleet's limit for a package with more than 500 fields (getFieldsLimit in elastic/kibana
 * x-pack/platform/plugins/shared/fleet/server/services/epm/elasticsearch/template/install.ts).
 */
export const FLEET_MAX_FIELD_LIMIT = 10000;

/**
 * The settings an index with a static mapping of `staticCount` mappers can really have: Elasticsearch
 * refuses to create an index whose mapping is already past its limit (MappingLookup.checkLimits), so a
 * mapping given as the user's own that is larger than the default must come with a template that raised
 * the limit; the harness assumes Fleet's raised value (or the mapping's own size, if larger).
 */
export function limitsForStaticMapping(settings: FieldLimitSettings, staticCount: number): FieldLimitSettings {
  if (staticCount <= settings.totalFields) return settings;
  return { ...settings, totalFields: Math.max(FLEET_MAX_FIELD_LIMIT, staticCount) };
}
