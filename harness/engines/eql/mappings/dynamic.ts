// Dynamic mapping: what Elasticsearch does with a document field the mapping does not have.
//
// Two profiles:
// - `default`: an index created with the given mapping and Elasticsearch's default dynamic rules
//   (https://www.elastic.co/docs/manage-data/data-store/mapping/dynamic-field-mapping): a JSON
//   string becomes `text` with a `keyword` multi-field (ignore_above 256), or `date` when date
//   detection recognises it; an integer `long`, a fraction `float`, true/false `boolean`.
// - `ecs`: a `logs-*-*` data stream on Elasticsearch 8.x/9.x, whose built-in `logs` template
//   composes `logs@mappings` (date_detection off) and `ecs@mappings` (ECS dynamic templates:
//   `*command_line` -> wildcard, `*.ip` -> ip, `*.timestamp` -> date, every other string ->
//   keyword with ignore_above 1024).
//   https://www.elastic.co/docs/manage-data/data-store/data-streams/logs-data-stream
//   https://www.elastic.co/docs/reference/ecs/ecs-getting-started (ecs@mappings component template)
// The templates below are our own transcription of that behaviour (names, patterns, types).
import type { EsFieldMapping } from './es-mapping.js';
import { familyOf, leafField, resolveTextExact, type DynamicMode, type DynamicTemplate, type FieldType, type FieldTypes } from './field-types.js';
import { parseDateValue } from '../values.js';

const wildcardWithText: EsFieldMapping = { type: 'wildcard', fields: { text: { type: 'match_only_text' } } };
const keywordWithText: EsFieldMapping = { type: 'keyword', fields: { text: { type: 'match_only_text' } } };

/** The ECS dynamic templates of `ecs@mappings`, in their order (the first that matches wins). */
export const ECS_DYNAMIC_TEMPLATES: DynamicTemplate[] = [
  { name: 'ecs_timestamp', match: ['@timestamp'], mapping: { type: 'date' } },
  { name: 'ecs_message_match_only_text', pathMatch: ['message', '*.message'], mapping: { type: 'match_only_text' } },
  { name: 'ecs_ip', pathMatch: ['ip', '*.ip', '*_ip'], matchMappingType: ['string'], mapping: { type: 'ip' } },
  { name: 'ecs_wildcard', pathMatch: ['*.io.text', '*.message_id', '*registry.data.strings', '*url.path'], mapping: { type: 'wildcard' } },
  { name: 'ecs_path_match_wildcard_and_match_only_text', pathMatch: ['*.body.content', '*url.full', '*url.original'], mapping: wildcardWithText },
  { name: 'ecs_match_wildcard_and_match_only_text', match: ['*command_line', '*stack_trace'], mapping: wildcardWithText },
  {
    name: 'ecs_path_match_keyword_and_match_only_text',
    pathMatch: ['*.title', '*.executable', '*.name', '*.working_directory', '*.full_name', '*file.path', '*file.target_path', '*os.full', 'email.subject', 'vulnerability.description', 'user_agent.original'],
    mapping: keywordWithText,
  },
  {
    name: 'ecs_date',
    pathMatch: ['*.timestamp', '*_timestamp', '*.not_after', '*.not_before', '*.accessed', 'created', '*.created', '*.installed', '*.creation_date', '*.ctime', '*.mtime', 'ingested', '*.ingested', '*.start', '*.end'],
    mapping: { type: 'date' },
  },
  { name: 'ecs_path_match_float', pathMatch: ['*.score.*', '*_score*'], pathUnmatch: ['*.version'], mapping: { type: 'float' } },
  { name: 'ecs_usage_double_scaled_float', pathMatch: ['*.usage'], matchMappingType: ['double'], mapping: { type: 'scaled_float', scaling_factor: 1000 } },
  { name: 'ecs_usage_long_scaled_float', pathMatch: ['*.usage'], matchMappingType: ['long'], mapping: { type: 'scaled_float', scaling_factor: 1000 } },
  { name: 'ecs_geo_point', pathMatch: ['location', '*.location'], mapping: { type: 'geo_point' } },
  { name: 'ecs_flattened', pathMatch: ['*structured_data', '*exports', '*imports'], mapping: { type: 'flattened' } },
  { name: 'all_strings_to_keywords', matchMappingType: ['string'], mapping: { type: 'keyword', ignore_above: 1024 } },
];

/** JSON value kinds as dynamic mapping sees them (`match_mapping_type`). */
export type JsonMappingType = 'string' | 'long' | 'double' | 'boolean' | 'object' | 'date';

/** Elasticsearch's Regex.simpleMatch: `*` matches any run of characters (dynamic templates, index patterns). */
export function simpleMatch(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value;
  const parts = pattern.split('*');
  let pos = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (i === 0) {
      if (!value.startsWith(part)) return false;
      pos = part.length;
    } else if (i === parts.length - 1) {
      return value.length - part.length >= pos && value.endsWith(part);
    } else {
      const at = value.indexOf(part, pos);
      if (at < 0) return false;
      pos = at + part.length;
    }
  }
  return true;
}

function templateMatches(template: DynamicTemplate, path: string, leaf: string, kind: JsonMappingType): boolean {
  if (template.matchMappingType && !template.matchMappingType.some((mappingType) => mappingType === '*' || mappingType === kind)) return false;
  if (template.match && !template.match.some((pattern) => simpleMatch(pattern, leaf))) return false;
  if (template.unmatch && template.unmatch.some((pattern) => simpleMatch(pattern, leaf))) return false;
  if (template.pathMatch && !template.pathMatch.some((pattern) => simpleMatch(pattern, path))) return false;
  if (template.pathUnmatch && template.pathUnmatch.some((pattern) => simpleMatch(pattern, path))) return false;
  return true;
}

/** The JSON kind of a dynamic value, with date and numeric detection applied to strings. */
export function jsonMappingType(value: unknown, types: FieldTypes): JsonMappingType | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) {
    for (const v of value) {
      const k = jsonMappingType(v, types);
      if (k !== null) return k;
    }
    return null;
  }
  switch (typeof value) {
    case 'string':
      if (types.dynamicSettings.dateDetection && looksLikeDate(value)) return 'date';
      if (types.dynamicSettings.numericDetection && value.trim() !== '' && Number.isFinite(Number(value))) {
        return Number.isInteger(Number(value)) ? 'long' : 'double';
      }
      return 'string';
    case 'number':
      return Number.isInteger(value) ? 'long' : 'double';
    case 'boolean':
      return 'boolean';
    case 'object':
      return 'object';
    default:
      return 'string';
  }
}

// Default dynamic_date_formats: strict_date_optional_time and yyyy/MM/dd HH:mm:ss Z||yyyy/MM/dd Z.
function looksLikeDate(value: string): boolean {
  if (/^\d{4}\/\d{2}\/\d{2}( \d{2}:\d{2}:\d{2})?( [+-]\d{4}|Z)?$/.test(value)) return true;
  return /^\d{4}-\d{2}-\d{2}/.test(value) && parseDateValue(value) !== null;
}

/** The dynamic mode in force for a new field at `path` (the nearest object's setting, else the root's). */
export function dynamicModeFor(path: string, types: FieldTypes): DynamicMode {
  const parts = path.split('.');
  for (let i = parts.length - 1; i > 0; i--) {
    const mode = types.dynamicSettings.objectDynamic.get(parts.slice(0, i).join('.'));
    if (mode !== undefined) return mode;
  }
  return types.dynamicSettings.mode;
}

/** The mapping dynamic mapping gives a new `path` holding `kind` values (first matching template, else the default rules); null: an object. */
function dynamicMappingFor(path: string, leaf: string, kind: JsonMappingType, types: FieldTypes): EsFieldMapping | null {
  const template = types.dynamicSettings.templates.find((t) => templateMatches(t, path, leaf, kind));
  if (template) return template.mapping;
  switch (kind) {
    case 'string':
      return { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } };
    case 'long':
      return { type: 'long' };
    case 'double':
      return { type: 'float' };
    case 'boolean':
      return { type: 'boolean' };
    case 'date':
      return { type: 'date' };
    case 'object':
      return null;
  }
}

/**
 * How many mappers mapping a new `path` holding `kind` values would add (Elasticsearch's
 * Mapper.getTotalFieldsCount: the field plus its multi-fields; an object or runtime field counts one),
 * plus the objects its dotted name needs that the mapping lacks. 0 when dynamic mapping adds nothing
 * (dynamic: false; strict rejects the field before any count).
 */
export function newMapperCount(path: string, kind: JsonMappingType, types: FieldTypes): number {
  const mode = dynamicModeFor(path, types);
  if (mode === 'false' || mode === 'strict') return 0;
  let count = 1;
  if (mode !== 'runtime') {
    const mapping = dynamicMappingFor(path, path.slice(path.lastIndexOf('.') + 1), kind, types);
    count += Object.keys(mapping?.fields ?? {}).length;
  }
  for (let dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', dot + 1)) {
    const prefix = path.slice(0, dot);
    if (!types.isObject(prefix) && !types.has(prefix)) count++;
  }
  return count;
}

/**
 * Adds the field(s) dynamic mapping creates for a new leaf `path` holding `kind` values.
 * Returns the new field, or null when dynamic mapping adds nothing (dynamic: false).
 * Throws with Elasticsearch's reason when the index is strict.
 */
export function addDynamicField(path: string, kind: JsonMappingType, types: FieldTypes): FieldType | null {
  const mode = dynamicModeFor(path, types);
  if (mode === 'false') return null;
  if (mode === 'strict') {
    const dot = path.lastIndexOf('.');
    throw new Error(`mapping set to strict, dynamic introduction of [${path.slice(dot + 1)}] within [${dot < 0 ? '_doc' : path.slice(0, dot)}] is not allowed`);
  }
  const leaf = path.slice(path.lastIndexOf('.') + 1);
  const fail = (field: string, reason: string): never => {
    throw new Error(`dynamic mapping of [${field}]: ${reason}`);
  };
  if (mode === 'runtime') {
    const type = kind === 'string' ? 'keyword' : kind === 'double' ? 'double' : kind === 'object' ? 'object' : kind;
    const field = leafField(path, type, {}, path, fail);
    field.dynamic = true;
    field.runtime = true;
    types.add(field);
    return field;
  }
  const mapping = dynamicMappingFor(path, leaf, kind, types);
  if (mapping === null) {
    types.addObject(path);
    return null;
  }
  const type = mapping.type ?? (kind === 'string' ? 'keyword' : kind === 'double' ? 'float' : kind);
  if (type === 'object' || familyOf(type) === 'object') {
    types.addObject(path);
    return null;
  }
  const field = leafField(path, type, mapping, path, fail);
  field.dynamic = true;
  for (const [sub, subDef] of Object.entries(mapping.fields ?? {})) {
    const subField = leafField(`${path}.${sub}`, subDef.type ?? 'keyword', subDef, path, fail);
    subField.dynamic = true;
    types.add(subField);
    field.subFields.push(subField.name);
  }
  if (field.family === 'text') resolveTextExact(field, types);
  types.add(field);
  return field;
}
