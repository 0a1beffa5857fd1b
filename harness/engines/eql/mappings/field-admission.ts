// Elasticsearch's `index.mapping.total_fields.limit` applied to a document: a document whose dynamic
// fields would take the mapping past the limit is rejected, or, with `index.mapping.total_fields.ignore_dynamic_beyond_limit`,
// indexed with those fields left unmapped (kept in `_source`, listed in `_ignored`).
// https://www.elastic.co/docs/reference/elasticsearch/index-settings/mapping-limit
// Counting and wording: elastic/elasticsearch server/src/main/java/org/elasticsearch/index/mapper/MappingLookup.java
// (checkFieldLimit: "Limit of total fields [N] has been exceeded while adding new fields [k]", where k
// is every new mapper the document adds up to and including the one that does not fit) and
// DocumentParserContext.addDynamicMapper (ignore the mapper instead when ignore_dynamic_beyond_limit).
// The settings themselves are in field-limit.ts, apart from this file so that field-types.ts reads them
// without importing dynamic mapping (which imports field-types.ts: an import loop).
import { newMapperCount, type JsonMappingType } from './dynamic.js';
import type { DynamicSettings, FieldTypes } from './field-types.js';

const maxMultiFields = new WeakMap<DynamicSettings, number>();

/** The most mappers a new `path` can add: itself, the most multi-fields any dynamic mapping gives, an object per dot. */
function upperBound(path: string, settings: DynamicSettings): number {
  let most = maxMultiFields.get(settings);
  if (most === undefined) {
    // Default dynamic mapping of a string: text with one keyword multi-field.
    most = Math.max(1, ...settings.templates.map((t) => Object.keys(t.mapping.fields ?? {}).length));
    maxMultiFields.set(settings, most);
  }
  let dots = 0;
  for (let i = path.indexOf('.'); i >= 0; i = path.indexOf('.', i + 1)) dots++;
  return 1 + most + dots;
}

/** Thrown when a document's new fields do not fit; the message is Elasticsearch's reason. */
export class FieldLimitExceeded extends Error {}

/**
 * Whether dynamic mapping may add `path` (holding `kind` values) to `types`, given the mapper count the
 * document started at (`docStart`): true if it fits (or no limit is set), false if it is to be ignored
 * (ignore_dynamic_beyond_limit). Throws FieldLimitExceeded when the document is to be rejected.
 */
export function admitDynamicField(path: string, kind: JsonMappingType, types: FieldTypes, docStart: number): boolean {
  const limits = types.fieldLimits;
  if (limits === undefined) return true;
  const current = types.mapperCount;
  // Far below the limit (every document of a normal scan): no need to work out the exact count.
  if (current + upperBound(path, types.dynamicSettings) <= limits.totalFields) return true;
  const adding = newMapperCount(path, kind, types);
  if (adding === 0) return true;
  // MappingLookup.exceedsLimit: (limit - existing) < (new so far + this one); the harness has already
  // added this document's earlier new fields, so `current` is existing + new so far.
  if (current + adding <= limits.totalFields) return true;
  if (limits.ignoreDynamicBeyondLimit) return false;
  throw new FieldLimitExceeded(`Limit of total fields [${limits.totalFields}] has been exceeded while adding new fields [${current - docStart + adding}]`);
}
