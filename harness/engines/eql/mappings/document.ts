// Indexing one document into an index's mapping, as Elasticsearch does: new fields are mapped
// dynamically (see dynamic.ts), and a value the mapped type cannot take rejects the whole document
// (`document_parsing_exception`), unless the field ignores malformed values.
// https://www.elastic.co/docs/manage-data/data-store/mapping/dynamic-mapping
// https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/coerce
// Fields Elasticsearch ignores are listed in the document's `_ignored` metadata field, which
// indexDocument returns: "the names of every field in a document that has been ignored when the
// document was indexed ... when a keyword field's value exceeds its optional ignore_above setting, or
// when index.mapping.total_fields.limit has been reached and
// index.mapping.total_fields.ignore_dynamic_beyond_limit is set to true"
// (https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/mapping-ignored-field).
// ignore_malformed is not modelled (no mapping here sets it), so it never adds a name.
import { DocumentMappingError } from '../errors.js';
import { isDateValue, isIpValue, parseDateWithFormats } from '../values.js';
import { addDynamicField, jsonMappingType } from './dynamic.js';
import { admitDynamicField } from './field-admission.js';
import type { FieldType, FieldTypes } from './field-types.js';

/** Metadata fields that are not part of `_source`. */
export const METADATA_FIELDS = new Set(['_id', '_index', '_routing', '_source', '_version', '_seq_no', '_primary_term']);

function preview(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return s.length > 40 ? `${s.slice(0, 40)}...` : s;
}

/** Elasticsearch's document_parsing_exception for a value its field type cannot take. */
function badValue(field: FieldType, value: unknown): never {
  throw new DocumentMappingError(field.name, `failed to parse field [${field.name}] of type [${field.type}]. Preview of field's value: '${preview(value)}'`);
}

function checkValue(field: FieldType, value: unknown): void {
  if (value === null) return;
  if (typeof value === 'object') {
    if (field.family === 'unsupported') return; // geo_point, flattened, ... take objects
    badValue(field, value);
  }
  switch (field.family) {
    case 'keyword':
    case 'text':
    case 'version':
      return;
    case 'integer':
    case 'float': {
      if (typeof value === 'boolean') badValue(field, value);
      const n = typeof value === 'number' ? value : Number(String(value).trim());
      if (String(value).trim() === '' || !Number.isFinite(n)) badValue(field, value);
      return;
    }
    case 'date':
      if (typeof value === 'boolean' || !(field.dateFormats === undefined || field.dateFormats.length === 0 ? isDateValue(value) : parseDateWithFormats(value, field.dateFormats) !== null)) badValue(field, value);
      return;
    case 'ip':
      if (typeof value !== 'string' || !isIpValue(value)) badValue(field, value);
      return;
    case 'boolean':
      if (!(value === true || value === false || value === 'true' || value === 'false' || value === '')) badValue(field, value);
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

/** Whether an array holds no array: then its elements are its flat values, in order, with no copy. */
function isFlat(values: readonly unknown[]): boolean {
  for (let i = 0; i < values.length; i++) if (Array.isArray(values[i])) return false;
  return true;
}

/** The flat values of an array (flatValues), without a copy for the usual array that nests none. */
function flatElements(values: unknown[]): readonly unknown[] {
  return isFlat(values) ? values : flatValues(values);
}

function checkLeaf(field: FieldType, value: unknown): void {
  if (field.aliasOf) throw new DocumentMappingError(field.name, `cannot write to a field alias [${field.name}]`);
  if (!Array.isArray(value)) checkValue(field, value);
  else {
    // Indexed loops here and below: a for-of over an array allocates iterator results until the code is optimized.
    const values = flatElements(value);
    for (let i = 0; i < values.length; i++) checkValue(field, values[i]);
  }
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
 * One field path of the documents indexed into a FieldTypes, with what the mapping says about it: the
 * work per path (joining the dotted name, checking it, looking it up) is done once per path and mapping
 * version, not once per document. Children are keyed by the JSON keys themselves.
 */
interface PathNode {
  path: string;
  /** The key is a metadata field at the top (`_id`, `_index`): not part of the document. */
  metadata: boolean;
  /** Why the key cannot be a field name, or null. */
  badName: string | null;
  /** FieldTypes.version these were read at (-1: never). */
  version: number;
  field: FieldType | undefined;
  /** The field and its multi-fields that have an ignore_above to check (read with `field`). */
  limited: readonly FieldType[];
  isObject: boolean;
  children: Map<string, PathNode> | null;
}

/**
 * Children kept per path: documents with ever new keys (a dynamic: false index, hostile input) get
 * uncached nodes beyond this, so the cache stays bounded.
 */
const MAX_CACHED_CHILDREN = 4096;

const paths = new WeakMap<FieldTypes, PathNode>();

function newNode(path: string, key: string, top: boolean): PathNode {
  const badName = key === '' || key.startsWith('.') || key.endsWith('.') || key.includes('..') ? `field name cannot be empty or contain empty path segments: [${path}]` : null;
  return { path, metadata: top && METADATA_FIELDS.has(key), badName, version: -1, field: undefined, limited: NO_FIELDS, isObject: false, children: null };
}

function child(parent: PathNode, key: string, top: boolean): PathNode {
  let children = parent.children;
  if (children === null) {
    children = new Map();
    parent.children = children;
  }
  let node = children.get(key);
  if (node === undefined) {
    node = newNode(top ? key : parent.path + '.' + key, key, top);
    if (children.size < MAX_CACHED_CHILDREN) children.set(key, node);
  }
  return node;
}

const NO_FIELDS: readonly FieldType[] = Object.freeze([]);

/** The node's field, its ignore_above checks and object flag as the mapping has them now. */
function refresh(node: PathNode, types: FieldTypes): void {
  if (node.version === types.version) return;
  node.field = types.get(node.path);
  node.limited = node.field === undefined ? NO_FIELDS : limitedFields(node.field, types);
  node.isObject = types.isObject(node.path);
  node.version = types.version;
}

/**
 * Maps new fields of `doc` into `types` and checks every value against its field type.
 * Throws DocumentMappingError with Elasticsearch's reason when the document would be rejected.
 * Top-level metadata fields (`_id`, `_index`) are skipped.
 */
export function indexDocument(doc: Record<string, unknown>, types: FieldTypes): readonly string[] {
  let root = paths.get(types);
  if (root === undefined) {
    root = { path: '', metadata: false, badName: null, version: -1, field: undefined, limited: NO_FIELDS, isObject: true, children: null };
    paths.set(types, root);
  }
  ignored = null;
  walkObject(doc, root, types, true, types.mapperCount);
  const out = ignored ?? NONE_IGNORED;
  ignored = null;
  return out;
}

const NONE_IGNORED: readonly string[] = Object.freeze([]);

/** The `_ignored` names of the document being indexed (null: none yet). */
let ignored: string[] | null = null;

function noteIgnored(name: string): void {
  if (ignored === null) ignored = [name];
  else if (!ignored.includes(name)) ignored.push(name);
}

/** The text a keyword-family field would index for one raw value (as doc-values.ts keywordConverter reads it). */
function keywordText(field: FieldType, raw: unknown): string | null {
  const v = raw === null ? field.nullValue : raw;
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;
}

/** The field and those of its multi-fields with an ignore_above (runtime fields index nothing). */
function limitedFields(field: FieldType, types: FieldTypes): readonly FieldType[] {
  const out: FieldType[] = [];
  if (field.ignoreAbove !== undefined && !field.runtime) out.push(field);
  for (const sub of field.subFields) {
    const f = types.get(sub);
    if (f !== undefined && f.ignoreAbove !== undefined && !f.runtime) out.push(f);
  }
  return out.length === 0 ? NO_FIELDS : out;
}

/** A value longer than ignore_above is not indexed, and the field (or multi-field) is listed in `_ignored`. */
function checkIgnoreAbove(limited: readonly FieldType[], value: unknown): void {
  for (let i = 0; i < limited.length; i++) {
    const f = limited[i] as FieldType;
    if (overLimit(f, f.ignoreAbove as number, value)) noteIgnored(f.name);
  }
}

function overLimit(field: FieldType, limit: number, value: unknown): boolean {
  if (!Array.isArray(value)) return longerThan(field, limit, value);
  const values = flatElements(value);
  for (let i = 0; i < values.length; i++) if (longerThan(field, limit, values[i])) return true;
  return false;
}

function longerThan(field: FieldType, limit: number, raw: unknown): boolean {
  const text = keywordText(field, raw);
  return text !== null && text.length > limit;
}

/**
 * Whether dynamic mapping may add `path` under the index's total-fields limit (field-admission.ts): false
 * to leave it unmapped (ignore_dynamic_beyond_limit); rejects the document with Elasticsearch's reason.
 */
function admit(path: string, kind: Parameters<typeof admitDynamicField>[1], types: FieldTypes, docStart: number): boolean {
  try {
    return admitDynamicField(path, kind, types, docStart);
  } catch (error) {
    throw new DocumentMappingError(path, (error as Error).message);
  }
}

function walkObject(obj: Record<string, unknown>, parent: PathNode, types: FieldTypes, top: boolean, docStart: number): void {
  // for-in reads the object's own keys in Object.keys order without building their array; documents
  // are plain JSON objects (nothing enumerable is inherited from Object.prototype).
  for (const key in obj) {
    const node = child(parent, key, top);
    if (node.metadata) continue;
    if (node.badName !== null) throw new DocumentMappingError(node.path, node.badName);
    walkValue(obj[key], node, types, docStart);
  }
}

/** `docStart`: the mapping's mapper count before this document (for the total-fields limit's reason). */
function walkValue(value: unknown, node: PathNode, types: FieldTypes, docStart: number): void {
  refresh(node, types);
  const field = node.field;
  if (field && field.family !== 'object') {
    checkLeaf(field, value);
    checkIgnoreAbove(node.limited, value);
    return;
  }
  if (Array.isArray(value)) {
    const values = flatElements(value);
    for (let i = 0; i < values.length; i++) walkValue(values[i], node, types, docStart);
    return;
  }
  const path = node.path;
  if (value !== null && typeof value === 'object') {
    if (!node.isObject && !field) {
      checkObjectDepth(path);
      // Beyond the limit with ignore_dynamic_beyond_limit the object and all it holds stay unmapped
      // (DocumentParser.parseObjectDynamic skips its children).
      if (!admit(path, 'object', types, docStart)) {
        noteIgnored(path);
        return;
      }
      try {
        addDynamicField(path, 'object', types);
      } catch (error) {
        throw new DocumentMappingError(path, (error as Error).message);
      }
    }
    walkObject(value as Record<string, unknown>, node, types, false, docStart);
    return;
  }
  if (node.isObject && value !== null) {
    throw new DocumentMappingError(path, `object mapping for [${path}] tried to parse field [${path}] as object, but found a concrete value`);
  }
  const kind = jsonMappingType(value, types);
  if (kind === null) return; // null or [] maps nothing
  // A dotted name maps an object per segment: `a.b.c` needs objects a and a.b.
  if (!field && path.includes('.')) checkObjectDepth(path.slice(0, path.lastIndexOf('.')));
  if (!field && !admit(path, kind, types, docStart)) {
    noteIgnored(path);
    return;
  }
  let added: FieldType | null;
  try {
    added = addDynamicField(path, kind, types);
  } catch (error) {
    throw new DocumentMappingError(path, (error as Error).message);
  }
  if (added) {
    checkLeaf(added, value);
    checkIgnoreAbove(limitedFields(added, types), value);
  }
}
