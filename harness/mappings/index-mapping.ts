// Field types for an index from a mapping plus the dynamic behaviour its index would have.
import { ECS_DYNAMIC_TEMPLATES } from './dynamic.js';
import { ecsMapping } from './ecs.js';
import type { EsMapping } from './es-mapping.js';
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
  source?: string;
}

export function fieldTypesFor(mapping: EsMapping, options: IndexMappingOptions = {}): FieldTypes {
  const ecs = options.dynamicProfile === 'ecs';
  return fieldTypesFromMapping(mapping, {
    source: options.source,
    extraDynamicTemplates: ecs ? ECS_DYNAMIC_TEMPLATES : [],
    dateDetection: ecs ? false : undefined,
    indexIgnoreAbove: options.indexIgnoreAbove,
  });
}

let cachedEcs: FieldTypes | undefined;

/** The default field types: ECS 9.5.0 with the `logs-*-*` ECS dynamic templates. A fresh copy each call. */
export function ecsFieldTypes(): FieldTypes {
  cachedEcs ??= fieldTypesFor(ecsMapping(), { dynamicProfile: 'ecs', source: 'ECS 9.5.0' });
  return cachedEcs.clone();
}
