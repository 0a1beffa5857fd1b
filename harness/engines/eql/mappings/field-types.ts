// Field types resolved from an Elasticsearch mapping: what each dotted field name is, where its
// values live in `_source`, and the settings that decide what gets indexed (ignore_above,
// null_value, normalizer, constant_keyword value, multi-fields, aliases).
// https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/field-data-types
// https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/multi-fields
// https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/field-alias
import { InputError } from '../../../errors.js';
import type { EsFieldMapping, EsMapping } from './es-mapping.js';
import { limitsForStaticMapping, type FieldLimitSettings } from './field-limit.js';

/** How EQL treats a field type. */
export type FieldFamily =
  | 'keyword' // keyword, constant_keyword, wildcard
  | 'text' // text, match_only_text (EQL needs a keyword sub-field)
  | 'integer' // long, integer, short, byte, unsigned_long
  | 'float' // double, float, half_float, scaled_float
  | 'date' // date, date_nanos
  | 'boolean'
  | 'ip'
  | 'version'
  | 'object' // object, nested: not a value
  | 'unsupported'; // geo_point, flattened, binary, ...

export interface FieldType {
  /** Full dotted name, as a query names it. */
  name: string;
  /** Elasticsearch type; for an alias, the target's type. */
  type: string;
  family: FieldFamily;
  /** Dotted path in `_source` that holds the values (a multi-field reads its parent's; an alias its target's). */
  sourcePath: string;
  /** Values longer than this (UTF-16 code units) are not indexed. Undefined = no limit. */
  ignoreAbove?: number;
  /** Indexed in place of an explicit JSON null. */
  nullValue?: unknown;
  /** `constant_keyword`: the value every document of the index has. */
  constantValue?: string;
  /** `normalizer: lowercase` (other normalizers are custom analysis settings this engine cannot know). */
  normalizer?: string;
  /** For `text`: the keyword-family multi-field used for exact matching, if exactly one exists. */
  exactField?: string;
  /** For `text`: why no exact field can be used (none, or several candidates). */
  exactError?: string;
  /** For an alias: the field it reads. */
  aliasOf?: string;
  /** Multi-fields (`fields`), e.g. `text` -> `process.command_line.text`. */
  subFields: string[];
  /** `index: false` fields are not searchable. */
  indexed: boolean;
  /** Added by dynamic mapping from a document rather than the explicit mapping. */
  dynamic: boolean;
  /** `runtime` dynamic fields: computed from `_source`, no ignore_above. */
  runtime?: boolean;
  scalingFactor?: number;
  /** `date`: the mapping's `format`, split on `||`; undefined = strict_date_optional_time||epoch_millis. */
  dateFormats?: string[];
}

export type DynamicMode = 'true' | 'false' | 'strict' | 'runtime';

export interface DynamicTemplate {
  name: string;
  match?: string[];
  unmatch?: string[];
  pathMatch?: string[];
  pathUnmatch?: string[];
  matchMappingType?: string[];
  mapping: EsFieldMapping;
}

/** How documents add fields the mapping does not have. */
export interface DynamicSettings {
  /** Root `dynamic` setting (objects may override it: `objectDynamic`). */
  mode: DynamicMode;
  objectDynamic: Map<string, DynamicMode>;
  dateDetection: boolean;
  numericDetection: boolean;
  templates: DynamicTemplate[];
}

const KEYWORD_TYPES = new Set(['keyword', 'constant_keyword', 'wildcard']);
const TEXT_TYPES = new Set(['text', 'match_only_text', 'annotated_text', 'search_as_you_type']);
const INTEGER_TYPES = new Set(['long', 'integer', 'short', 'byte', 'unsigned_long']);
const FLOAT_TYPES = new Set(['double', 'float', 'half_float', 'scaled_float']);
const OTHER_KNOWN_TYPES = new Set([
  'binary',
  'geo_point',
  'geo_shape',
  'point',
  'shape',
  'flattened',
  'completion',
  'token_count',
  'dense_vector',
  'sparse_vector',
  'rank_feature',
  'rank_features',
  'histogram',
  'integer_range',
  'float_range',
  'long_range',
  'double_range',
  'date_range',
  'ip_range',
  'percolator',
  'join',
  'semantic_text',
  'murmur3',
  'aggregate_metric_double',
  'counted_keyword',
  'passthrough',
]);

export function familyOf(type: string): FieldFamily {
  if (KEYWORD_TYPES.has(type)) return 'keyword';
  if (TEXT_TYPES.has(type)) return 'text';
  if (INTEGER_TYPES.has(type)) return 'integer';
  if (FLOAT_TYPES.has(type)) return 'float';
  if (type === 'date' || type === 'date_nanos') return 'date';
  if (type === 'boolean') return 'boolean';
  if (type === 'ip') return 'ip';
  if (type === 'version') return 'version';
  if (type === 'object' || type === 'nested') return 'object';
  return 'unsupported';
}

export function isKnownType(type: string): boolean {
  return familyOf(type) !== 'unsupported' || OTHER_KNOWN_TYPES.has(type) || type === 'alias';
}

/** The resolved fields of one index: explicit mapping plus what dynamic mapping added. */
export class FieldTypes {
  private readonly fields = new Map<string, FieldType>();
  /** Object paths (`process`, `process.parent`), to tell objects from unmapped names. */
  private readonly objects = new Set<string>();
  /**
   * Changes whenever what get() or isObject() answers may have changed: caches of lookups
   * (document.ts's path cache) are valid while it stays the same.
   */
  version = 0;
  /**
   * Mappers the mapping holds, as Elasticsearch counts them against `index.mapping.total_fields.limit`:
   * every field (multi-fields, aliases and runtime fields included) and every object, each once.
   */
  private mappers = 0;

  constructor(
    readonly dynamicSettings: DynamicSettings,
    /** Index-level `index.mapping.ignore_above` (logsdb: 8191) for keyword/wildcard fields without their own. */
    readonly indexIgnoreAbove?: number,
    /** The index's total-fields settings; undefined: not checked. See field-limit.ts. */
    public fieldLimits?: FieldLimitSettings,
  ) {}

  /** Number of mappers (fields and objects, each name once) in the mapping. */
  get mapperCount(): number {
    return this.mappers;
  }

  private countNew(name: string): void {
    if (!this.fields.has(name) && !this.objects.has(name)) this.mappers++;
  }

  get(name: string): FieldType | undefined {
    return this.fields.get(name);
  }

  has(name: string): boolean {
    return this.fields.has(name);
  }

  isObject(name: string): boolean {
    return this.objects.has(name);
  }

  names(): string[] {
    return [...this.fields.keys()];
  }

  all(): FieldType[] {
    return [...this.fields.values()];
  }

  /** Adds (or, for dynamic fields, keeps the first) definition of a field. */
  add(field: FieldType): void {
    if (this.fields.has(field.name) && field.dynamic) return;
    this.version++;
    this.countNew(field.name);
    const withDefault =
      field.ignoreAbove === undefined && this.indexIgnoreAbove !== undefined && (field.type === 'keyword' || field.type === 'wildcard') && !field.runtime
        ? { ...field, ignoreAbove: this.indexIgnoreAbove }
        : field;
    this.fields.set(field.name, withDefault);
    const parts = field.name.split('.');
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join('.');
      if (!this.fields.has(prefix) || this.fields.get(prefix)?.family === 'object') {
        this.countNew(prefix);
        this.objects.add(prefix);
      }
    }
  }

  addObject(name: string): void {
    this.version++;
    this.countNew(name);
    this.objects.add(name);
  }

  /** A copy that can take further dynamic fields without changing this one. */
  clone(): FieldTypes {
    const copy = new FieldTypes(this.dynamicSettings, this.indexIgnoreAbove, this.fieldLimits);
    for (const f of this.fields.values()) copy.fields.set(f.name, f);
    for (const o of this.objects) copy.objects.add(o);
    copy.mappers = this.mappers;
    return copy;
  }
}

export interface FieldTypesOptions {
  /** Label for error messages (a file path). */
  source?: string;
  /** Dynamic templates to use in addition to the mapping's own (e.g. the ECS ones of `logs-*-*`). */
  extraDynamicTemplates?: DynamicTemplate[];
  /** Overrides the mapping's `date_detection`. */
  dateDetection?: boolean;
  indexIgnoreAbove?: number;
  /** `index.mapping.total_fields.*` of the index; undefined: the limit is not checked. */
  fieldLimits?: FieldLimitSettings;
}

/** Accepts `{"properties": ...}` or `{"mappings": {"properties": ...}}` (as GET _mapping or a template carries it). */
export function unwrapMapping(json: unknown, source = '<mapping>'): EsMapping {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InputError('a mapping must be a JSON object with "properties" (or "mappings": {"properties": ...})', { file: source });
  }
  const record = json as Record<string, unknown>;
  const inner = 'mappings' in record ? record['mappings'] : record;
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) {
    throw new InputError('"mappings" must be an object', { file: source });
  }
  const mapping = inner as Record<string, unknown>;
  if (typeof mapping['properties'] !== 'object' || mapping['properties'] === null || Array.isArray(mapping['properties'])) {
    throw new InputError('a mapping needs a "properties" object (or "mappings": {"properties": ...})', { file: source });
  }
  return mapping as unknown as EsMapping;
}

/** Parses mapping JSON text (a file given with --mapping) into the mapping object. */
export function parseMappingText(text: string, file: string): EsMapping {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`mapping is not valid JSON: ${(error as Error).message}`, { file });
  }
  return unwrapMapping(json, file);
}

/** Parses mapping JSON text (a file given with --mapping). */
export function parseMappingJson(text: string, file: string, options: FieldTypesOptions = {}): FieldTypes {
  return fieldTypesFromMapping(parseMappingText(text, file), { source: file, ...options });
}

/** Resolves a mapping into per-field types. Throws InputError naming the field for an invalid mapping. */
export function fieldTypesFromMapping(mapping: EsMapping, options: FieldTypesOptions = {}): FieldTypes {
  const source = options.source ?? '<mapping>';
  const fail = (field: string, reason: string): never => {
    throw new InputError(`mapping field [${field}]: ${reason}`, { file: source });
  };
  const dynamic: DynamicSettings = {
    mode: parseDynamic(mapping.dynamic, '', fail) ?? 'true',
    objectDynamic: new Map(),
    dateDetection: options.dateDetection ?? (mapping as { date_detection?: boolean }).date_detection ?? true,
    numericDetection: (mapping as { numeric_detection?: boolean }).numeric_detection ?? false,
    templates: [...parseDynamicTemplates(mapping.dynamic_templates, fail), ...(options.extraDynamicTemplates ?? [])],
  };
  const types = new FieldTypes(dynamic, options.indexIgnoreAbove, options.fieldLimits);
  const aliases: { name: string; path: string }[] = [];

  const visit = (properties: Record<string, EsFieldMapping>, prefix: string): void => {
    for (const [rawKey, def] of Object.entries(properties)) {
      if (typeof def !== 'object' || def === null || Array.isArray(def)) fail(prefix + rawKey, 'definition must be an object');
      // A dotted property name is shorthand for nested objects.
      const name = prefix + rawKey;
      const type = def.type ?? (def.properties ? 'object' : undefined);
      if (type === undefined) fail(name, 'no type specified');
      if (!isKnownType(type as string)) fail(name, `no handler for type [${type}] declared on field [${rawKey}]`);
      if (type === 'object' || type === 'nested') {
        types.addObject(name);
        if (type === 'nested') types.add(baseField(name, 'nested', name));
        const mode = parseDynamic(def['dynamic'], name, fail);
        if (mode !== undefined) dynamic.objectDynamic.set(name, mode);
        if (def.properties) visit(def.properties, name + '.');
        continue;
      }
      if (type === 'alias') {
        if (typeof def.path !== 'string') fail(name, 'an alias needs a "path"');
        aliases.push({ name, path: def.path as string });
        continue;
      }
      const field = leafField(name, type as string, def, name, fail);
      if (def.fields) {
        for (const [sub, subDef] of Object.entries(def.fields)) {
          const subType = subDef.type;
          if (subType === undefined || !isKnownType(subType) || subType === 'object' || subType === 'alias') {
            fail(`${name}.${sub}`, `invalid multi-field type [${String(subType)}]`);
          }
          types.add(leafField(`${name}.${sub}`, subType as string, subDef, name, fail));
          field.subFields.push(`${name}.${sub}`);
        }
      }
      if (field.family === 'text') resolveExact(field, types);
      types.add(field);
    }
  };
  visit(mapping.properties, '');

  // Runtime fields (`"runtime": {"name": {"type": ...}}`) are searchable; their painless scripts
  // cannot run here, so a runtime field reads the `_source` value of the same name.
  const runtime = (mapping as { runtime?: Record<string, EsFieldMapping> }).runtime;
  for (const [name, def] of Object.entries(runtime ?? {})) {
    const type = def?.type;
    if (typeof type !== 'string' || !isKnownType(type)) fail(name, `runtime field needs a supported type, found [${String(type)}]`);
    const field = leafField(name, type as string, {}, name, fail);
    field.runtime = true;
    types.add(field);
  }

  for (const alias of aliases) {
    const target = types.get(alias.path);
    if (!target) fail(alias.name, `invalid [path] value [${alias.path}] for field alias [${alias.name}]: an alias must refer to an existing field in the mappings`);
    const t = target as FieldType;
    if (t.aliasOf) fail(alias.name, `invalid [path] value [${alias.path}]: an alias cannot refer to another alias`);
    if (t.family === 'object') fail(alias.name, `invalid [path] value [${alias.path}]: an alias must refer to a field, not an object`);
    types.add({ ...t, name: alias.name, aliasOf: alias.path, subFields: [] });
  }
  if (types.fieldLimits !== undefined) types.fieldLimits = limitsForStaticMapping(types.fieldLimits, types.mapperCount);
  return types;
}

function baseField(name: string, type: string, sourcePath: string): FieldType {
  return { name, type, family: familyOf(type), sourcePath, subFields: [], indexed: true, dynamic: false };
}

export function leafField(name: string, type: string, def: EsFieldMapping, sourcePath: string, fail: (field: string, reason: string) => never): FieldType {
  const field = baseField(name, type, sourcePath);
  if (def.ignore_above !== undefined) {
    if (typeof def.ignore_above !== 'number' || def.ignore_above < 0) fail(name, '[ignore_above] must be a non-negative number');
    field.ignoreAbove = def.ignore_above;
  }
  if (def.null_value !== undefined && def.null_value !== null) field.nullValue = def.null_value;
  if (type === 'constant_keyword' && def.value !== undefined) field.constantValue = String(def.value);
  if (typeof def.normalizer === 'string') field.normalizer = def.normalizer;
  if (def.index === false) field.indexed = def.doc_values !== false;
  if (typeof def.scaling_factor === 'number') field.scalingFactor = def.scaling_factor;
  if (field.family === 'date' && typeof def.format === 'string') field.dateFormats = def.format.split('||');
  return field;
}

/** A text field is matched exactly through its single keyword-family multi-field (as EQL's exactAttribute). */
function resolveExact(field: FieldType, types: FieldTypes): void {
  const candidates = field.subFields.filter((s) => types.get(s)?.family === 'keyword');
  if (candidates.length === 1) field.exactField = candidates[0];
  else if (candidates.length === 0) field.exactError = `No keyword/multi-field defined exact matches for [${field.name}]; define one or use MATCH/QUERY instead`;
  else field.exactError = `Multiple exact keyword candidates available for [${field.name}]; specify which one to use`;
}

export function resolveTextExact(field: FieldType, types: FieldTypes): void {
  resolveExact(field, types);
}

function parseDynamic(value: unknown, at: string, fail: (f: string, r: string) => never): DynamicMode | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  if (text === 'true' || text === 'false' || text === 'strict' || text === 'runtime') return text;
  return fail(at || '<root>', `[dynamic] must be true, false, strict or runtime, found [${text}]`);
}

function asList(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

function parseDynamicTemplates(value: unknown, fail: (f: string, r: string) => never): DynamicTemplate[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return fail('dynamic_templates', 'must be an array of {name: {...}} objects');
  return value.map((entry) => {
    const [name, body] = Object.entries(entry as Record<string, unknown>)[0] ?? [];
    if (name === undefined || typeof body !== 'object' || body === null) return fail('dynamic_templates', 'each entry must be {"name": {...}}');
    const b = body as Record<string, unknown>;
    if (typeof b['mapping'] !== 'object' || b['mapping'] === null) return fail(`dynamic_templates.${name}`, 'needs a "mapping"');
    return {
      name,
      match: asList(b['match']),
      unmatch: asList(b['unmatch']),
      pathMatch: asList(b['path_match']),
      pathUnmatch: asList(b['path_unmatch']),
      matchMappingType: asList(b['match_mapping_type']),
      mapping: b['mapping'] as EsFieldMapping,
    };
  });
}
