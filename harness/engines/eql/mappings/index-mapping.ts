// Field types for an index from a mapping plus the dynamic behaviour its index would have.
import type { DeploymentProfile } from '../../../model/profile.js';
import { ECS_DYNAMIC_TEMPLATES, simpleMatch } from './dynamic.js';
import { ecsMapping } from './ecs.js';
import type { EsFieldMapping, EsMapping } from './es-mapping.js';
import { ES_DEFAULT_FIELD_LIMITS, FLEET_MAX_FIELD_LIMIT, type FieldLimitSettings } from './field-limit.js';
import { fieldTypesFromMapping, type FieldTypes } from './field-types.js';

/**
 * `ecs`: a `logs-*-*` data stream (ECS dynamic templates, no date detection);
 * `default`: a plain index created with the mapping (Elasticsearch's default dynamic mapping).
 * See dynamic.ts for the sources.
 */
export type DynamicProfile = 'ecs' | 'default';

export interface IndexMappingOptions {
  dynamicProfile?: DynamicProfile;
  /** Index-level ignore_above for keyword/wildcard fields without one (logsdb indices: 8191). */
  indexIgnoreAbove?: number;
  /** `index.mapping.total_fields.*`; undefined: not checked. */
  fieldLimits?: FieldLimitSettings;
  source?: string;
}

export function fieldTypesFor(mapping: EsMapping, options: IndexMappingOptions = {}): FieldTypes {
  const ecs = options.dynamicProfile === 'ecs';
  return fieldTypesFromMapping(mapping, {
    source: options.source,
    extraDynamicTemplates: ecs ? ECS_DYNAMIC_TEMPLATES : [],
    dateDetection: ecs ? false : undefined,
    indexIgnoreAbove: options.indexIgnoreAbove,
    fieldLimits: options.fieldLimits,
  });
}

let cachedEcs: FieldTypes | undefined;

/** The default field types: ECS 9.5.0 with the `logs-*-*` ECS dynamic templates. A fresh copy each call. */
export function ecsFieldTypes(): FieldTypes {
  cachedEcs ??= fieldTypesFor(ecsMapping(), { dynamicProfile: 'ecs', fieldLimits: fieldLimitsFor(false, true), source: 'ECS 9.5.0' });
  return cachedEcs.clone();
}

/** `logs-*-*`: the built-in `logs` template's pattern, whose data streams are logsdb in Elasticsearch 9 and use the ECS dynamic templates. */
export const LOGS_DATA_STREAM = 'logs-*-*';

/** `index.mapping.ignore_above` of logsdb indices (Elasticsearch 9 creates `logs-*-*` data streams in logsdb mode). */
export const LOGSDB_IGNORE_ABOVE = 8191;

export interface ResolvedIndexMapping {
  mapping: EsMapping;
  dynamicProfile: DynamicProfile;
  /** Index-level ignore_above, undefined for none. */
  indexIgnoreAbove?: number;
  /** `index.mapping.total_fields.*` the index's templates give it. */
  fieldLimits: FieldLimitSettings;
  /** Why the profile changed this index's mapping (one line each). */
  reasons: string[];
}

/**
 * The total-fields settings of an index: the limit Fleet's package template sets for the ECS base
 * mapping, which stands for an ECS-based integration package of more than 500 fields (getFieldsLimit in
 * elastic/kibana x-pack/platform/plugins/shared/fleet/server/services/epm/elasticsearch/template/install.ts:
 * DEFAULT_FIELD_LIMIT 1000, MAX_FIELD_LIMIT 10000 above FIELD_LIMIT_THRESHOLD 500); Elasticsearch's
 * default (1000) for a mapping given by the user (field-limit.ts raises it for a larger mapping); and
 * ignore_dynamic_beyond_limit true for `logs-*-*`, whose `logs@settings` component template (composed
 * by the built-in `logs` template and Fleet's logs templates) sets it (elastic/elasticsearch
 * x-pack/plugin/core/template-resources/src/main/resources/logs@settings.json), false elsewhere.
 */
export function fieldLimitsFor(logs: boolean, ecsBase: boolean): FieldLimitSettings {
  return { totalFields: ecsBase ? FLEET_MAX_FIELD_LIMIT : ES_DEFAULT_FIELD_LIMITS.totalFields, ignoreDynamicBeyondLimit: logs || ES_DEFAULT_FIELD_LIMITS.ignoreDynamicBeyondLimit };
}

/** Sets `ignore_above` on a keyword/wildcard leaf (or one of its multi-fields' parent) given by dotted name. */
function setIgnoreAbove(mapping: EsMapping, field: string, limit: number): void {
  const parts = field.split('.');
  let properties: Record<string, EsFieldMapping> | undefined = mapping.properties;
  for (let i = 0; i < parts.length; i++) {
    const def: EsFieldMapping | undefined = properties?.[parts[i] as string];
    if (def === undefined) return;
    if (i === parts.length - 1) {
      if (def.type === 'keyword' || def.type === 'wildcard') def.ignore_above = limit;
      return;
    }
    properties = def.properties;
  }
}

/**
 * The mapping an index is created with, under a deployment profile: `base` (ECS 9.5.0 when null), the
 * profile's per-field limits for the index (Fleet package templates), its index-level limit (logsdb),
 * and the dynamic behaviour of its name (`logs-*-*`: ECS templates). The one code path for the embedded
 * Elasticsearch, `dth eql`, `dth scan` and the real-backend index templates.
 */
export function resolveIndexMapping(indexName: string, profile: DeploymentProfile | undefined, base: EsMapping | null = null): ResolvedIndexMapping {
  const logs = indexName !== '' && simpleMatch(LOGS_DATA_STREAM, indexName);
  const settings = indexSettingsFor(profile, indexName);
  const mapping = base === null ? ecsMapping() : structuredClone(base);
  for (const [field, limit] of Object.entries(settings.fieldIgnoreAbove)) setIgnoreAbove(mapping, field, limit);
  const indexIgnoreAbove = indexIgnoreAboveFor(indexName, profile);
  return {
    mapping,
    dynamicProfile: base === null || logs ? 'ecs' : 'default',
    ...(indexIgnoreAbove !== undefined ? { indexIgnoreAbove } : {}),
    fieldLimits: fieldLimitsFor(logs, base === null),
    reasons: settings.reasons,
  };
}

/**
 * The index-level ignore_above an index gets under a profile (resolveIndexMapping's `indexIgnoreAbove`)
 * without building its mapping: the profile's setting, else logsdb's for `logs-*-*`; undefined for none.
 */
export function indexIgnoreAboveFor(indexName: string, profile: DeploymentProfile | undefined): number | undefined {
  const logs = indexName !== '' && simpleMatch(LOGS_DATA_STREAM, indexName);
  const setting = indexSettingsFor(profile, indexName).indexIgnoreAbove;
  return setting === undefined ? (logs ? LOGSDB_IGNORE_ABOVE : undefined) : (setting ?? undefined);
}

const resolvedCache = new Map<string, FieldTypes>();

/** Field types of an index under a profile (ECS base), cached per profile and index; a fresh copy each call. */
export function profileFieldTypes(indexName: string, profile: DeploymentProfile | undefined): FieldTypes {
  // Indices with the same settings (most of a file's, and `''`) share one build of the mapping: building
  // the ECS field types takes tens of milliseconds.
  const logs = indexName !== '' && simpleMatch(LOGS_DATA_STREAM, indexName);
  const key = `${profile?.id ?? ''}\u0000${profile?.file ?? ''}\u0000${JSON.stringify([logs, indexSettingsFor(profile, indexName)])}`;
  let types = resolvedCache.get(key);
  if (types === undefined) {
    const resolved = resolveIndexMapping(indexName, profile);
    types = fieldTypesFor(resolved.mapping, { dynamicProfile: resolved.dynamicProfile, indexIgnoreAbove: resolved.indexIgnoreAbove, fieldLimits: resolved.fieldLimits, source: `mapping for ${indexName || 'documents'}` });
    resolvedCache.set(key, types);
  }
  return types.clone();
}

/** The mapping settings an index gets: per-field limits of every matching rule (first wins), the first index-level limit set. */
export function indexSettingsFor(profile: DeploymentProfile | undefined, indexName: string): { indexIgnoreAbove?: number | null; fieldIgnoreAbove: Record<string, number>; reasons: string[] } {
  const fieldIgnoreAbove: Record<string, number> = {};
  const reasons: string[] = [];
  let indexIgnoreAbove: number | null | undefined;
  for (const rule of profile?.elasticsearch.indices ?? []) {
    if (!simpleMatch(rule.pattern, indexName)) continue;
    for (const [field, limit] of Object.entries(rule.fieldIgnoreAbove)) if (!(field in fieldIgnoreAbove)) fieldIgnoreAbove[field] = limit;
    if (indexIgnoreAbove === undefined && rule.indexIgnoreAbove !== undefined) indexIgnoreAbove = rule.indexIgnoreAbove;
    if (rule.reason !== undefined) reasons.push(rule.reason);
  }
  return { ...(indexIgnoreAbove !== undefined ? { indexIgnoreAbove } : {}), fieldIgnoreAbove, reasons };
}
