// Elastic records in a scan: one ECS document per line, evaluated as the embedded Elasticsearch would
// (harness/backends/embedded-elasticsearch.ts): the document's `_index` (or the --source default) picks
// the index's field types (ECS 9.5.0 with the `logs-*-*` dynamic templates, logsdb ignore_above 8191
// for `logs-*-*`), the document is indexed into them (new fields mapped dynamically for this document
// alone, see document-types.ts; a value the mapping cannot take rejects the document, as
// Elasticsearch's document_parsing_exception does: reported as malformed), and each rule whose index
// patterns select the index runs its compiled predicate.
import { readFileSync } from 'node:fs';
import { dataStreamOfBackingIndex, indexMatches, patternsSearch } from '../backends/index-patterns.js';
import type { EqlQuery } from '../engines/eql/ast.js';
import { compileEql, type EqlPredicate } from '../engines/eql/compile.js';
import { compilePathVisitor, type LeafVisitor } from '../engines/eql/doc-values.js';
import { DocumentMappingError } from '../engines/eql/errors.js';
import { parseEql } from '../engines/eql/parser.js';
import { referencedFields } from '../engines/eql/ast.js';
import { parseDateValue } from '../engines/eql/values.js';
import { InputError } from '../errors.js';
import { indexDocument } from '../engines/eql/mappings/document.js';
import { addDynamicField } from '../engines/eql/mappings/dynamic.js';
import { DocumentFieldTypes } from './document-types.js';
import { requiredFieldGroups } from './required-fields.js';
import { mapRawRecord } from './raw-vendor.js';
import type { EsMapping } from '../engines/eql/mappings/es-mapping.js';
import { unwrapMapping, type FieldTypes } from '../engines/eql/mappings/field-types.js';
import { fieldTypesFor, LOGS_DATA_STREAM, indexSettingsFor, resolveIndexMapping } from '../engines/eql/mappings/index-mapping.js';
import type { DeploymentProfile } from '../model/profile.js';
import type { EqlRule } from '../rules/rule.js';
import { excerpt, isoTimeOfMillis, jsonErrorColumn, jsonErrorReason, type ChunkSink, type Malformed, type RecordEvaluator } from './evaluator.js';
import type { ElasticSettings, MatchInfo } from './types.js';

/** Distinct `_index` values whose field types are kept; beyond, the cache starts over. */
const MAX_INDEX_STATES = 256;

/** Where a document without `_index` lands when no --source names one. */
const NO_INDEX = '';

/** Reads an Elasticsearch mapping file ({"properties"} or {"mappings": {"properties"}}); InputError naming the file. */
export function readMappingFile(path: string): EsMapping {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read mapping: ${(error as Error).message}`, { file: path });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`mapping is not valid JSON: ${(error as Error).message}`, { file: path });
  }
  return unwrapMapping(json, path);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The field types an index starts with, as the embedded Elasticsearch creates it under the profile. A
 * backing index (`.ds-<stream>-<date>-<generation>`) has its data stream's mapping.
 */
export function baseFieldTypes(indexName: string, mapping: EsMapping | null, profile: DeploymentProfile | null = null): FieldTypes {
  const resolved = resolveIndexMapping(dataStreamOfBackingIndex(indexName) ?? indexName, profile ?? undefined, mapping);
  return fieldTypesFor(resolved.mapping, {
    dynamicProfile: resolved.dynamicProfile,
    indexIgnoreAbove: resolved.indexIgnoreAbove,
    fieldLimits: resolved.fieldLimits,
    source: mapping === null ? 'ECS 9.5.0' : 'mapping file',
  });
}

interface RuleState {
  rule: EqlRule;
  query: EqlQuery;
  /** Its required field groups (required-fields.ts), to tell whether records carry them. */
  groups: LeafVisitor[][];
  /** Index of its first group in the flat fieldsSeen() list. */
  firstGroup: number;
}

interface IndexState {
  /** Per rule: null when its index patterns do not select this index. */
  predicates: (EqlPredicate | null)[];
  /** The index's field types with a layer for the document being indexed. */
  document: DocumentFieldTypes;
}

/**
 * The field types a scan uses for an index: its base types, plus every field the rules name that the
 * mapping lacks, mapped as dynamic mapping maps a string value (ECS templates: keyword; default
 * profile: text with a keyword sub-field). Mapping them up front makes every document read them alike.
 */
export function scanFieldTypes(indexName: string, mapping: EsMapping | null, referenced: readonly string[], profile: DeploymentProfile | null = null): FieldTypes {
  const types = baseFieldTypes(indexName, mapping, profile);
  for (const name of referenced) {
    if (types.get(name) !== undefined || types.isObject(name)) continue;
    try {
      addDynamicField(name, 'string', types);
    } catch {
      // A strict index (or an impossible path): the field stays unmapped and reads as null.
    }
  }
  return types;
}

function firstString(visit: LeafVisitor, doc: object): string | null {
  let found: string | null = null;
  visit(doc, (raw) => {
    if (typeof raw === 'string' && raw !== '') {
      found = raw;
      return true;
    }
    return false;
  });
  return found;
}

function allStrings(visit: LeafVisitor, doc: object): string[] {
  const out: string[] = [];
  visit(doc, (raw) => {
    if (typeof raw === 'string') out.push(raw);
    return false;
  });
  return out;
}

export class ElasticEvaluator implements RecordEvaluator {
  private readonly rules: RuleState[];
  private readonly mapping: EsMapping | null;
  private readonly referenced: string[];
  private readonly indices = new Map<string, IndexState>();
  /** Field types by the settings an index gets (logs-*-* or not, the profile's limits): building them takes tens of milliseconds. */
  private readonly bases = new Map<string, FieldTypes>();
  private readonly hostName = compilePathVisitor('host.name');
  private readonly hostHostname = compilePathVisitor('host.hostname');
  private readonly timestamp = compilePathVisitor('@timestamp');
  private readonly commandLine = compilePathVisitor('process.command_line');
  private readonly args = compilePathVisitor('process.args');

  constructor(
    rules: EqlRule[],
    private readonly settings: ElasticSettings,
  ) {
    this.mapping = settings.mappingFile === null ? null : readMappingFile(settings.mappingFile);
    let groupCount = 0;
    this.rules = rules.map((rule) => {
      const query = parseEql(rule.query, rule.sourceFile);
      const groups = requiredFieldGroups(query).map((group) => group.map((name) => compilePathVisitor(name)));
      const state = { rule, query, groups, firstGroup: groupCount };
      groupCount += groups.length;
      return state;
    });
    this.groupCount = groupCount;
    this.referenced = [...new Set(this.rules.flatMap((r) => referencedFields(r.query).map((f) => f.name)))];
    this.seen = new Array<boolean>(groupCount).fill(false);
  }

  private readonly groupCount: number;
  /** Per required field group of every rule, in rule order: whether a record of the current chunk carried one of its fields. */
  private seen: boolean[];

  begin(): void {
    this.seen = new Array<boolean>(this.groupCount).fill(false);
  }

  fieldsSeen(): readonly boolean[] {
    return this.seen;
  }

  observe(text: string): void {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      return;
    }
    if (isObject(doc)) this.noteFields(this.settings.raw !== null ? mapRawRecord(this.settings.raw, doc) : isObject(doc['_source']) ? doc['_source'] : doc);
  }

  /** Marks the required field groups the document carries a field of (any non-null value). */
  private noteFields(doc: Record<string, unknown>): void {
    for (const state of this.rules) {
      state.groups.forEach((group, g) => {
        const at = state.firstGroup + g;
        if (this.seen[at] === true) return;
        this.seen[at] = group.some((visit) => {
          let found = false;
          visit(doc, (raw) => {
            found = raw !== null && raw !== undefined;
            return found;
          });
          return found;
        });
      });
    }
  }

  end(): void {}

  record(text: string, line: number, may: Uint8Array, sink: ChunkSink): Malformed | null {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (error) {
      const message = (error as Error).message;
      return { reason: jsonErrorReason(message), column: jsonErrorColumn(message) };
    }
    if (!isObject(doc)) return { reason: 'not a JSON object (one document per line)' };
    // A search hit or an elasticdump line: `_index`, `_id` and the document itself in `_source`.
    const wrapper = doc;
    const raw = this.settings.raw;
    const source = raw !== null ? mapRawRecord(raw, isObject(wrapper['_source']) ? wrapper['_source'] : wrapper) : isObject(wrapper['_source']) ? wrapper['_source'] : wrapper;
    const indexValue = raw !== null ? undefined : wrapper['_index'];
    if (indexValue !== undefined && typeof indexValue !== 'string') return { reason: '_index must be a string' };
    const indexName = (indexValue as string | undefined) ?? this.settings.defaultIndex ?? NO_INDEX;
    const state = this.indexState(indexName, sink);
    state.document.reset();
    try {
      indexDocument(source, state.document);
    } catch (error) {
      if (error instanceof DocumentMappingError) return { reason: `Elasticsearch would reject the document: ${error.message}` };
      throw error;
    }
    this.noteFields(source);
    let info: MatchInfo | null = null;
    for (let r = 0; r < this.rules.length; r++) {
      if (may[r] !== 1) continue;
      const predicate = state.predicates[r];
      if (predicate === null || predicate === undefined || !predicate(source)) continue;
      info ??= this.describe(source, wrapper['_id'], line);
      sink.match(r, info);
    }
    return null;
  }

  private describe(doc: Record<string, unknown>, id: unknown, line: number): MatchInfo {
    const host = firstString(this.hostName, doc) ?? firstString(this.hostHostname, doc) ?? '(no host)';
    let time: string | null = null;
    this.timestamp(doc, (raw) => {
      const nanos = parseDateValue(raw);
      if (nanos === null) return false;
      time = isoTimeOfMillis(Number(nanos / 1_000_000n));
      return true;
    });
    const command = firstString(this.commandLine, doc) ?? allStrings(this.args, doc).join(' ');
    return {
      line,
      id: typeof id === 'string' || typeof id === 'number' ? String(id) : null,
      host,
      time,
      excerpt: excerpt(command),
    };
  }

  private indexState(indexName: string, sink: ChunkSink): IndexState {
    let state = this.indices.get(indexName);
    if (state !== undefined) return state;
    if (this.indices.size >= MAX_INDEX_STATES) {
      this.indices.clear();
      sink.note(`more than ${MAX_INDEX_STATES} distinct _index values: their compiled rules were rebuilt as the cache filled`);
    }
    const kind = JSON.stringify([indexName !== NO_INDEX && indexMatches(LOGS_DATA_STREAM, indexName), indexSettingsFor(this.settings.profile ?? undefined, indexName)]);
    let types = this.bases.get(kind);
    if (types === undefined) {
      types = scanFieldTypes(indexName, this.mapping, this.referenced, this.settings.profile);
      this.bases.set(kind, types);
    }
    const fields = types;
    state = { predicates: this.rules.map((r) => this.compileFor(r, fields, indexName, sink)), document: new DocumentFieldTypes(fields) };
    this.indices.set(indexName, state);
    return state;
  }

  private compileFor(r: RuleState, types: FieldTypes, indexName: string, sink: ChunkSink): EqlPredicate | null {
    // A document with no index of its own (and no --source) is searched by every rule.
    if (indexName !== NO_INDEX && !patternsSearch(r.rule.index, indexName)) {
      sink.note(`rule ${r.rule.id} does not search index [${indexName}] (its index patterns: ${r.rule.index.join(', ')}): documents there count as not matched`);
      return null;
    }
    const stream = dataStreamOfBackingIndex(indexName);
    if (stream !== null) sink.note(`index [${indexName}] is a backing index of data stream [${stream}]: rules whose index patterns select the data stream search it, as Elasticsearch does`);
    try {
      return compileEql(r.query, types, { unmappedFieldsAsNull: true });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      sink.note(`rule ${r.rule.id} cannot run on index [${indexName || '(none)'}]: ${error.message}; its documents there count as not matched`);
      return () => false;
    }
  }
}
