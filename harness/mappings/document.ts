// Indexing one document into an index's mapping, as Elasticsearch does: new fields are mapped
// dynamically (see dynamic.ts), and a value the mapped type cannot take rejects the whole document
// (`document_parsing_exception`), unless the field ignores malformed values.
// https://www.elastic.co/docs/manage-data/data-store/mapping/dynamic-mapping
// https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/coerce
import { DocumentMappingError } from '../engines/eql/errors.js';
import { parseDateWithFormats, parseIp } from '../engines/eql/values.js';
import { addDynamicField, jsonMappingType } from './dynamic.js';
import type { FieldType, FieldTypes } from './field-types.js';

/** Metadata fields that are not part of `_source`. */
export const METADATA_FIELDS = new Set(['_id', '_index', '_routing', '_source', '_version', '_seq_no', '_primary_term']);

function preview(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return s.length > 40 ? `${s.slice(0, 40)}...` : s;
}

function checkValue(field: FieldType, value: unknown): void {
  if (value === null) return;
  const bad = (): never => {
    throw new DocumentMappingError(field.name, `failed to parse field [${field.name}] of type [${field.type}]. Preview of field's value: '${preview(value)}'`);
  };
  if (typeof value === 'object') {
    if (field.family === 'unsupported') return; // geo_point, flattened, ... take objects
    bad();
  }
  switch (field.family) {
    case 'keyword':
    case 'text':
    case 'version':
      return;
    case 'integer':
    case 'float': {
      if (typeof value === 'boolean') bad();
      const n = typeof value === 'number' ? value : Number(String(value).trim());
      if (String(value).trim() === '' || !Number.isFinite(n)) bad();
      return;
    }
    case 'date':
      if (typeof value === 'boolean' || parseDateWithFormats(value, field.dateFormats) === null) bad();
      return;
    case 'ip':
      if (typeof value !== 'string' || parseIp(value) === null) bad();
      return;
    case 'boolean':
      if (!(value === true || value === false || value === 'true' || value === 'false' || value === '')) bad();
      return;
    default:
      return;
  }
}

/**
 * The non-array values of `value`, arrays of arrays flattened as Elasticsearch flattens them; a loop,
 * not recursion, so a document nested thousands of arrays deep cannot exhaust the stack.
 */
function flatValues(value: unknown): unknown[] {
  if (!Array.isArray(value)) return [value];
  const out: unknown[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const next = stack.pop();
    if (Array.isArray(next)) for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]);
    else out.push(next);
  }
  return out;
}

function checkLeaf(field: FieldType, value: unknown): void {
  if (field.aliasOf) throw new DocumentMappingError(field.name, `cannot write to a field alias [${field.name}]`);
  for (const v of flatValues(value)) checkValue(field, v);
}

/**
 * Elasticsearch's `index.mapping.depth.limit` (default 20): an object field's depth is its number of
 * path segments plus one, and a document that would map a deeper object is rejected
 * (https://www.elastic.co/docs/reference/elasticsearch/index-settings/mapping-limit). It also bounds
 * the recursion below for hostile documents nested thousands of objects deep.
 */
export const MAPPING_DEPTH_LIMIT = 20;

function checkObjectDepth(path: string): void {
  const depth = path.split('.').length + 1;
  if (depth > MAPPING_DEPTH_LIMIT) {
    const shown = path.length > 120 ? `${path.slice(0, 120)}...` : path;
    throw new DocumentMappingError(shown, `Limit of mapping depth [${MAPPING_DEPTH_LIMIT}] has been exceeded due to object field [${shown}]`);
  }
}

/**
 * Maps new fields of `doc` into `types` and checks every value against its field type.
 * Throws DocumentMappingError with Elasticsearch's reason when the document would be rejected.
 * Top-level metadata fields (`_id`, `_index`) are skipped.
 */
export function indexDocument(doc: Record<string, unknown>, types: FieldTypes): void {
  walkObject(doc, '', types, true);
}

function walkObject(obj: Record<string, unknown>, prefix: string, types: FieldTypes, top: boolean): void {
  for (const key of Object.keys(obj)) {
    if (top && METADATA_FIELDS.has(key)) continue;
    if (key === '' || key.startsWith('.') || key.endsWith('.') || key.includes('..')) {
      throw new DocumentMappingError(prefix + key, `field name cannot be empty or contain empty path segments: [${prefix + key}]`);
    }
    walkValue(obj[key], prefix + key, types);
  }
}

function walkValue(value: unknown, path: string, types: FieldTypes): void {
  const field = types.get(path);
  if (field && field.family !== 'object') {
    checkLeaf(field, value);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of flatValues(value)) walkValue(v, path, types);
    return;
  }
  if (value !== null && typeof value === 'object') {
    if (!types.isObject(path) && !field) {
      checkObjectDepth(path);
      try {
        addDynamicField(path, 'object', types);
      } catch (error) {
        throw new DocumentMappingError(path, (error as Error).message);
      }
    }
    walkObject(value as Record<string, unknown>, path + '.', types, false);
    return;
  }
  if (types.isObject(path) && value !== null) {
    throw new DocumentMappingError(path, `object mapping for [${path}] tried to parse field [${path}] as object, but found a concrete value`);
  }
  const kind = jsonMappingType(value, types);
  if (kind === null) return; // null or [] maps nothing
  // A dotted name maps an object per segment: `a.b.c` needs objects a and a.b.
  if (!field && path.includes('.')) checkObjectDepth(path.slice(0, path.lastIndexOf('.')));
  let added: FieldType | null;
  try {
    added = addDynamicField(path, kind, types);
  } catch (error) {
    throw new DocumentMappingError(path, (error as Error).message);
  }
  if (added) checkLeaf(added, value);
}
