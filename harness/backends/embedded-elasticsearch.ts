// The embedded Elasticsearch: an in-memory emulator of what the EQL search API returns for event
// queries. Documents are stored by `_index`; each index has its mapping (ECS by default) and grows
// fields by dynamic mapping as documents arrive; a search resolves its index expressions, verifies
// the query against the fields of the searched indices (unknown everywhere -> error, conflicting
// types -> error), evaluates the compiled predicate per index, and orders hits by the timestamp
// field, then the tiebreaker.
// https://www.elastic.co/docs/reference/query-languages/eql
// https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-eql-search
import type { ElasticRecord } from '../model/records.js';
import { referencedFields, type EqlQuery, type SampleQuery, type SequenceQuery } from '../engines/eql/ast.js';
import { compileEql, DEFAULT_EVENT_CATEGORY_FIELD, type EqlPredicate } from '../engines/eql/compile.js';
import { prepareSequenceSearch, searchSamples, searchSequences, tiebreakerOf, timestampReader, type DocRef, type FoundSequence } from '../engines/eql/sequence-search.js';
import { countOutside, scheduleMatches, scheduleNote, type Execution, type ScheduledMatch, type ScheduleOutcome, type SchedulePlan } from './schedule.js';
import { DocumentMappingError, EqlVerificationError } from '../engines/eql/errors.js';
import { parseEql } from '../engines/eql/parser.js';
import { relocateRuleError } from '../rules/query-origin.js';
import { printExpanded } from '../engines/eql/printer.js';
import type { EpochNanos } from '../engines/eql/values.js';
import { InputError } from '../errors.js';
import { indexDocument } from '../engines/eql/mappings/document.js';
import type { EsMapping } from '../engines/eql/mappings/es-mapping.js';
import type { FieldType, FieldTypes } from '../engines/eql/mappings/field-types.js';
import { fieldTypesFor, LOGS_DATA_STREAM, indexSettingsFor, resolveIndexMapping, type DynamicProfile } from '../engines/eql/mappings/index-mapping.js';
import type { DeploymentProfile } from '../model/profile.js';
import type { EqlRule } from '../rules/rule.js';
import type { ElasticBackend, LoadReport, RuleResult } from './backend.js';
import { RuleRunError } from './backend.js';
import { indexMatches, resolveIndexPatterns } from './index-patterns.js';

export interface IndexMappingRule {
  /** Index pattern (`logs-*`, `winlogbeat-*`); the first rule whose pattern matches an index applies. */
  pattern: string;
  mapping: EsMapping;
  /** Dynamic mapping of fields the mapping lacks. Default: `ecs` for `logs-*-*`, `default` otherwise. */
  dynamicProfile?: DynamicProfile;
  /** Index-level ignore_above for keyword/wildcard fields that set none. */
  indexIgnoreAbove?: number;
}

export interface EmbeddedElasticsearchOptions {
  /**
   * One mapping for every index, or mapping rules by index pattern. Default: ECS 9.5.0 for every
   * index, with the `logs-*-*` ECS dynamic templates.
   */
  mappings?: EsMapping | IndexMappingRule[];
  /**
   * `index.mapping.ignore_above` of `logs-*-*` data streams. Elasticsearch 9.x creates them in
   * logsdb mode, whose default is 8191 (also for `wildcard` fields such as process.command_line).
   * Set to null to model standard-mode indices. Default 8191.
   * https://www.elastic.co/docs/reference/elasticsearch/index-settings/index-modules (index.mapping.ignore_above)
   */
  logsdbIgnoreAbove?: number | null;
  /** The deployment profile whose index settings (Fleet field limits, logsdb) the indices get. */
  profile?: DeploymentProfile;
  eventCategoryField?: string;
  timestampField?: string;
  tiebreakerField?: string;
}

export interface EqlSearchRequest {
  /** Index expressions (a comma list or an array). */
  index: string | string[];
  query: string;
  /** Maximum hits (Elasticsearch default 10); undefined = all. */
  size?: number;
  /** Which matches `size` keeps: Elasticsearch's default is `tail` (the most recent). */
  resultPosition?: 'head' | 'tail';
  /** Samples: how many samples each join key combination may give (Elasticsearch default 1). */
  maxSamplesPerKey?: number;
  tiebreakerField?: string;
  /** Label of the query text in error messages. */
  queryLabel?: string;
}

export interface EqlHit {
  _index: string;
  _id: string;
  _source: Record<string, unknown>;
  /** The fields indexing ignored (ignore_above, beyond the total-fields limit); absent when none, as in a hit. */
  _ignored?: readonly string[];
}

function hitOf(index: { name: string }, doc: StoredDoc): EqlHit {
  return { _index: index.name, _id: doc.id, _source: doc.source, ...(doc.ignored !== undefined ? { _ignored: doc.ignored } : {}) };
}

/** One sequence or sample of the answer (the EQL API's `hits.sequences[]`). */
export interface EqlSequence {
  /** `join_keys`: the key values as the API prints them (null for a null optional key). */
  joinKeys: (string | null)[];
  /** One per stage; null for a missing-event stage (`![...]`). */
  events: (EqlHit | null)[];
}

export interface EqlSearchResponse {
  /** Event queries: the matching documents. Sequences and samples: the member events of every answer, in order. */
  hits: EqlHit[];
  /** Sequences and samples: each answer with its join keys. Undefined for an event query. */
  sequences?: EqlSequence[];
  /** Matches before size and pipes. */
  total: number;
  expandedQuery: string;
  searchedIndices: string[];
}

interface StoredDoc {
  id: string;
  source: Record<string, unknown>;
  /** Load order, the last tiebreak. */
  seq: number;
  /** The `_ignored` metadata field (mappings/document.ts). */
  ignored?: readonly string[];
}

interface Index {
  name: string;
  fields: FieldTypes;
  docs: StoredDoc[];
  ids: Set<string>;
}

/** Whether Elasticsearch accepts the index name (lower case, none of its reserved characters or leading characters). */
function validIndexName(name: unknown): name is string {
  return typeof name === 'string' && /^[^A-Z\\/*?"<>| ,#:]+$/.test(name) && !name.startsWith('-') && !name.startsWith('_') && !name.startsWith('+');
}

/**
 * The document's `_source`: the record without `_index` and `_id`, a copy whose properties are added in
 * the record's order (records of one renderer share a shape, so the copies do too; object rest syntax
 * takes a slower generic path).
 */
function sourceOf(record: ElasticRecord): Record<string, unknown> {
  const source: Record<string, unknown> = {};
  for (const key of Object.keys(record)) if (key !== '_index' && key !== '_id') source[key] = record[key];
  return source;
}

/** Default-mapping field types by index name, profile and logsdb setting (see fieldTypesOf); bounded. */
const defaultIndexTypes = new Map<string, FieldTypes>();
const MAX_DEFAULT_INDEX_TYPES = 256;

export class EmbeddedElasticsearch implements ElasticBackend {
  readonly name = 'embedded-elasticsearch';
  readonly siem = 'elastic' as const;
  private readonly indices = new Map<string, Index>();
  /** Mapping rules by index pattern; null: ECS 9.5.0 for every index (the default). */
  private readonly rules: IndexMappingRule[] | null;
  private seq = 0;
  /** The index name of the last stored record (valid): records come in runs of one index. */
  private lastIndexName: string | undefined;

  constructor(private readonly options: EmbeddedElasticsearchOptions = {}) {
    const m = options.mappings;
    if (m === undefined) this.rules = null;
    else if (Array.isArray(m)) this.rules = m;
    else this.rules = [{ pattern: '*', mapping: m }];
  }

  async load(records: ElasticRecord[]): Promise<LoadReport> {
    const started = performance.now();
    const rejected: LoadReport['rejected'] = [];
    let stored = 0;
    for (const record of records) {
      const reason = this.store(record);
      if (reason === null) stored++;
      else rejected.push({ id: typeof record?._id === 'string' ? record._id : String(record?._id), reason });
    }
    return { received: records.length, stored, rejected, elapsedMs: performance.now() - started };
  }

  /** Stores one record; returns null or the reason Elasticsearch would reject it. */
  private store(record: ElasticRecord): string | null {
    if (typeof record !== 'object' || record === null) return 'a record must be an object';
    const indexName: unknown = record._index;
    const id: unknown = record._id;
    if (indexName !== this.lastIndexName && !validIndexName(indexName)) return `invalid index name [${String(indexName)}]`;
    this.lastIndexName = indexName as string;
    if (typeof id !== 'string' || id === '') return 'a record needs a non-empty string _id';
    const index = this.indexFor(indexName as string);
    // Documents are written with the `create` operation (data streams accept no other).
    if (index.ids.has(id)) return `version_conflict_engine_exception: [${id}]: version conflict, document already exists`;
    const source = sourceOf(record);
    let ignored: readonly string[];
    try {
      ignored = indexDocument(source, index.fields);
    } catch (error) {
      if (error instanceof DocumentMappingError) return `document_parsing_exception: ${error.message}`;
      throw error;
    }
    index.ids.add(id);
    index.docs.push({ id, source, seq: this.seq++, ...(ignored.length > 0 ? { ignored } : {}) });
    return null;
  }

  private indexFor(name: string): Index {
    let index = this.indices.get(name);
    if (index) return index;
    index = { name, fields: this.fieldTypesOf(name), docs: [], ids: new Set() };
    this.indices.set(name, index);
    return index;
  }

  /**
   * A new index's field types. The deployment profile's limits (Fleet templates, logsdb) over the rule's
   * mapping: the same resolution dth eql, dth scan and the real-backend templates use
   * (harness/engines/eql/mappings/index-mapping.ts). With the default ECS mapping the result depends only
   * on the index name, the profile and the logsdb setting: it is built once per process (building ECS
   * takes tens of milliseconds, and a run creates an index per data source, coverage and sweep) and each
   * index gets its own copy to grow by dynamic mapping.
   */
  private fieldTypesOf(name: string): FieldTypes {
    if (this.rules !== null) {
      const rule = this.rules.find((r) => indexMatches(r.pattern, name));
      if (!rule) throw new InputError(`no mapping rule matches index [${name}]`);
      return this.buildFieldTypes(name, rule.mapping, rule);
    }
    const profile = this.options.profile;
    // What resolveIndexMapping reads of the profile: the index's settings under it; and the logsdb
    // setting, where null (a standard index) differs from unset (the profile's).
    const key = JSON.stringify([name, indexSettingsFor(profile, name), this.options.logsdbIgnoreAbove === undefined ? 'default' : this.options.logsdbIgnoreAbove]);
    let built = defaultIndexTypes.get(key);
    if (built === undefined) {
      built = this.buildFieldTypes(name, null, { dynamicProfile: 'ecs' });
      if (defaultIndexTypes.size >= MAX_DEFAULT_INDEX_TYPES) defaultIndexTypes.clear();
      defaultIndexTypes.set(key, built);
    }
    return built.clone();
  }

  private buildFieldTypes(name: string, mapping: EsMapping | null, rule: Pick<IndexMappingRule, 'dynamicProfile' | 'indexIgnoreAbove'>): FieldTypes {
    const resolved = resolveIndexMapping(name, this.options.profile, mapping);
    const logsdb = this.options.logsdbIgnoreAbove === null ? undefined : (this.options.logsdbIgnoreAbove ?? resolved.indexIgnoreAbove);
    return fieldTypesFor(resolved.mapping, {
      dynamicProfile: rule.dynamicProfile ?? resolved.dynamicProfile,
      indexIgnoreAbove: rule.indexIgnoreAbove ?? (indexMatches(LOGS_DATA_STREAM, name) ? logsdb : resolved.indexIgnoreAbove),
      fieldLimits: resolved.fieldLimits,
      source: `mapping for ${name}`,
    });
  }

  /**
   * Whether an index of this name gets here exactly the field types it gets in `new
   * EmbeddedElasticsearch()` and is searched the same way: the default mapping, no profile setting for
   * it, default search fields. Then the same records load into the same index in both.
   */
  indexesAsDefault(name: string): boolean {
    const o = this.options;
    if (this.rules !== null || o.logsdbIgnoreAbove !== undefined || o.eventCategoryField !== undefined || o.timestampField !== undefined || o.tiebreakerField !== undefined) return false;
    return JSON.stringify(indexSettingsFor(o.profile, name)) === JSON.stringify(indexSettingsFor(undefined, name));
  }

  /** Names of the indices holding documents, in creation order. */
  indexNames(): string[] {
    return [...this.indices.keys()];
  }

  /** The resolved field types of an index (for reports and tests). */
  fieldTypes(index: string): FieldTypes | undefined {
    return this.indices.get(index)?.fields;
  }

  /**
   * The EQL search API for event queries. Throws EqlSyntaxError / EqlVerificationError /
   * EqlUnsupportedError (InputErrors) where Elasticsearch answers with an error.
   */
  search(request: EqlSearchRequest): EqlSearchResponse {
    const query = parseEql(request.query, request.queryLabel);
    const patterns = Array.isArray(request.index) ? request.index : [request.index];
    const searched = resolveIndexPatterns(patterns, this.indexNames()).map((n) => this.indices.get(n) as Index);
    const categoryField = this.options.eventCategoryField ?? DEFAULT_EVENT_CATEGORY_FIELD;
    const expandedQuery = printExpanded(query, categoryField);
    if (searched.length === 0) return { hits: [], total: 0, expandedQuery, searchedIndices: [] };
    this.verifyAcrossIndices(query, searched, categoryField);
    if (query.kind === 'SequenceQuery') return this.searchSequencesIn(query, searched, request, categoryField, expandedQuery);
    if (query.kind === 'SampleQuery') return this.searchSamplesIn(query, searched, request, categoryField, expandedQuery);
    const predicates: EqlPredicate[] = searched.map((index) => compileEql(query, index.fields, { eventCategoryField: categoryField, unmappedFieldsAsNull: true }));
    const matches: { index: Index; doc: StoredDoc }[] = [];
    searched.forEach((index, i) => {
      const predicate = predicates[i] as EqlPredicate;
      for (const doc of index.docs) if (predicate(doc.source)) matches.push({ index, doc });
    });
    const ordered = this.order(matches, request.tiebreakerField ?? this.options.tiebreakerField);
    let selected = ordered;
    for (const pipe of query.pipes) selected = pipe.name === 'head' ? selected.slice(0, pipe.count) : selected.slice(Math.max(0, selected.length - pipe.count));
    if (request.size !== undefined && selected.length > request.size) {
      selected = request.resultPosition === 'head' ? selected.slice(0, request.size) : selected.slice(selected.length - request.size);
    }
    return {
      hits: selected.map((m) => hitOf(m.index, m.doc)),
      total: matches.length,
      expandedQuery,
      searchedIndices: searched.map((i) => i.name),
    };
  }

  /** A sequence (harness/engines/eql/sequence-search.ts); `hits` lists every member event in order. */
  private searchSequencesIn(query: SequenceQuery, searched: Index[], request: EqlSearchRequest, categoryField: string, expandedQuery: string): EqlSearchResponse {
    const found = searchSequences(query, searched, {
      eventCategoryField: categoryField,
      timestampField: this.options.timestampField ?? '@timestamp',
      tiebreakerField: request.tiebreakerField ?? this.options.tiebreakerField,
      size: request.size,
      resultPosition: request.resultPosition,
    });
    return this.sequenceResponse(found, searched, expandedQuery);
  }

  /** A sample (harness/engines/eql/sample.ts); `hits` lists every member event in order. */
  private searchSamplesIn(query: SampleQuery, searched: Index[], request: EqlSearchRequest, categoryField: string, expandedQuery: string): EqlSearchResponse {
    const found = searchSamples(query, searched, { eventCategoryField: categoryField, size: request.size, maxSamplesPerKey: request.maxSamplesPerKey });
    return this.sequenceResponse(found, searched, expandedQuery);
  }

  private sequenceResponse(found: FoundSequence[], searched: Index[], expandedQuery: string): EqlSearchResponse {
    const toHit = (m: DocRef): EqlHit => hitOf(m.index, m.doc);
    const sequences = found.map((m) => ({ joinKeys: m.key.values, events: m.events.map((e) => (e === null ? null : toHit(e))) }));
    return {
      hits: sequences.flatMap((s) => s.events.filter((e): e is EqlHit => e !== null)),
      sequences,
      total: sequences.length,
      expandedQuery,
      searchedIndices: searched.map((i) => i.name),
    };
  }

  /**
   * A field must be mapped in at least one searched index (else Elasticsearch's verification error
   * "Unknown column"), and mapped compatibly in all that map it (else "due to ambiguities").
   */
  private verifyAcrossIndices(query: EqlQuery, searched: Index[], categoryField: string): void {
    const refs = referencedFields(query);
    const needsCategory = query.kind === 'EventQuery' ? query.filter.category !== null : true;
    const names = refs.map((r) => ({ name: r.name, optional: r.optional, offset: r.loc.start }));
    if (needsCategory) names.push({ name: categoryField, optional: false, offset: query.kind === 'EventQuery' ? query.filter.categoryLoc.start : query.loc.start });
    for (const ref of names) {
      const mapped: { index: string; field: FieldType }[] = [];
      for (const index of searched) {
        const field = index.fields.get(ref.name);
        if (field) mapped.push({ index: index.name, field });
      }
      const position = { text: query.text, file: query.file, offset: ref.offset };
      if (mapped.length === 0) {
        if (ref.optional) continue;
        if (searched.some((i) => i.fields.isObject(ref.name))) continue; // reported per index with its own message
        throw new EqlVerificationError(`Unknown column [${ref.name}]`, position);
      }
      const byFamily = new Map<string, string[]>();
      for (const m of mapped) {
        const family = m.field.family === 'text' ? 'text' : m.field.family;
        const key = family === 'keyword' ? 'keyword' : m.field.type === 'date_nanos' ? 'date' : family;
        byFamily.set(key, [...(byFamily.get(key) ?? []), m.index]);
      }
      if (byFamily.size > 1) {
        const detail = [...byFamily.entries()].map(([type, idx]) => `[${type}] in [${idx.join(', ')}]`).join(', ');
        throw new EqlVerificationError(`Cannot use field [${ref.name}] due to ambiguities being mapped as [${byFamily.size}] incompatible types: ${detail}`, position);
      }
    }
    // Per-index checks (text fields, object fields, type errors) come from compiling against each
    // index in search(), before any document is evaluated.
  }

  private order(matches: { index: Index; doc: StoredDoc }[], tiebreaker: string | undefined): { index: Index; doc: StoredDoc }[] {
    const timestampField = this.options.timestampField ?? '@timestamp';
    const readers = new Map<Index, ReturnType<typeof timestampReader>>();
    const timeOf = (index: Index, doc: StoredDoc): EpochNanos | null => {
      let reader = readers.get(index);
      if (reader === undefined) readers.set(index, (reader = timestampReader(index.fields, timestampField)));
      return reader(doc.source);
    };
    const keyed = matches.map((m) => ({
      m,
      time: timeOf(m.index, m.doc),
      tie: tiebreaker ? this.tiebreakValue(m.index, tiebreaker, m.doc) : null,
    }));
    // Ascending sort on a multi-valued field uses its smallest value; a missing value sorts last.
    keyed.sort((a, b) => compareNullableLast(a.time, b.time) || compareNullableLast(a.tie, b.tie) || a.m.doc.seq - b.m.doc.seq);
    return keyed.map((k) => k.m);
  }

  private tiebreakValue(index: Index, field: string, doc: StoredDoc): number | string | null {
    return tiebreakerOf(index.fields, field, doc.source);
  }

  /**
   * Runs the rule over everything loaded, or, with a schedule plan, as Kibana's detection engine runs
   * it: one search per execution over its window, at most max_signals kept per execution, alerts
   * deduplicated across executions (harness/backends/schedule.ts).
   */
  async run(rule: EqlRule, plan?: SchedulePlan): Promise<RuleResult> {
    const started = performance.now();
    const notes: string[] = plan ? [] : ['embedded: every loaded document is searched (the rule schedule window `from` is not applied)'];
    try {
      const response = this.search({ index: rule.index, query: rule.query, queryLabel: rule.sourceFile });
      if (plan) return this.scheduled(rule, plan, response, notes, started);
      if (response.searchedIndices.length === 0) {
        notes.push(`no index matches the rule's index patterns (${rule.index.join(', ')}); Kibana warns and writes no alerts`);
      }
      const unmatched = rule.index.filter((p) => resolveIndexPatterns([p], this.indexNames()).length === 0);
      if (unmatched.length > 0 && response.searchedIndices.length > 0) notes.push(`index patterns with no data: ${unmatched.join(', ')}`);
      return {
        ruleId: rule.id,
        backend: this.name,
        expandedQuery: response.expandedQuery,
        eventIds: [...new Set(response.hits.map((h) => h._id))],
        ...(response.sequences ? { sequences: response.sequences.map((q) => ({ joinKeys: q.joinKeys, eventIds: q.events.map((e) => (e === null ? null : e._id)) })) } : {}),
        notes,
        elapsedMs: performance.now() - started,
      };
    } catch (error) {
      if (error instanceof InputError) throw new RuleRunError(rule.id, this.name, relocateRuleError(error, rule).format());
      throw error;
    }
  }

  async close(): Promise<void> {
    this.indices.clear();
  }

  /** The schedule over a verified search's answer (see run). */
  private scheduled(rule: EqlRule, plan: SchedulePlan, response: EqlSearchResponse, notes: string[], started: number): RuleResult {
    const { schedule, executions } = plan;
    const searched = response.searchedIndices.map((n) => this.indices.get(n) as Index);
    // One reader per index and field: the mapping does not change while a rule runs.
    const readers = new Map<Index, { range: ReturnType<typeof timestampReader>; fallback: ReturnType<typeof timestampReader> | null }>();
    const windowTime = (index: Index, source: Record<string, unknown>): number | null => {
      let reader = readers.get(index);
      if (reader === undefined) {
        reader = { range: timestampReader(index.fields, schedule.rangeField), fallback: schedule.fallbackField ? timestampReader(index.fields, schedule.fallbackField) : null };
        readers.set(index, reader);
      }
      const t = reader.range(source) ?? (reader.fallback === null ? null : reader.fallback(source));
      return t === null ? null : Number(t / 1_000_000n);
    };
    const allTimes: number[] = [];
    let untimed = 0;
    // Each document's time, read once: the hits below are some of these documents.
    const timeOf = new Map<Record<string, unknown>, number | null>();
    for (const index of searched) {
      for (const doc of index.docs) {
        const t = windowTime(index, doc.source);
        timeOf.set(doc.source, t);
        if (t === null) untimed++;
        else allTimes.push(t);
      }
    }
    const outsideWindows = countOutside(allTimes, executions) + untimed;
    const query = parseEql(rule.query, rule.sourceFile);
    let alerted: Set<string>;
    let seen: Set<string>;
    let busiest = 0;
    let eventIds: string[];
    let sequences: RuleResult['sequences'];
    if (query.kind === 'EventQuery') {
      const matches: ScheduledMatch[] = [];
      for (const hit of response.hits) {
        const known = timeOf.get(hit._source);
        const t = known !== undefined ? known : windowTime(this.indices.get(hit._index) as Index, hit._source);
        if (t !== null) matches.push({ key: `${hit._index}\u0000${hit._id}`, timesMs: [t] });
      }
      ({ alerted, seen, busiest } = scheduleMatches(matches, executions, schedule.maxSignals));
      eventIds = [...new Set(response.hits.filter((h) => alerted.has(`${h._index}\u0000${h._id}`)).map((h) => h._id))];
    } else {
      const categoryField = this.options.eventCategoryField ?? DEFAULT_EVENT_CATEGORY_FIELD;
      const inWindow = (ex: Execution) => (ref: DocRef): boolean => {
        const known = timeOf.get(ref.doc.source);
        const t = known !== undefined ? known : windowTime(ref.index as Index, ref.doc.source);
        return t !== null && t >= ex.fromMs && t <= ex.toMs;
      };
      const perExecution: (ex: Execution) => FoundSequence[] =
        query.kind === 'SequenceQuery'
          ? ((prepared) => (ex: Execution) => prepared(inWindow(ex)))(
              prepareSequenceSearch(query, searched, { eventCategoryField: categoryField, timestampField: this.options.timestampField ?? '@timestamp', tiebreakerField: this.options.tiebreakerField }),
            )
          : (ex: Execution) => {
              const keep = inWindow(ex);
              const subset = searched.map((index) => ({ ...index, docs: index.docs.filter((doc) => keep({ index, doc })) }));
              return searchSamples(query, subset, { eventCategoryField: categoryField });
            };
      alerted = new Set();
      seen = new Set();
      const kept = new Map<string, FoundSequence>();
      for (const ex of executions) {
        const found = perExecution(ex);
        busiest = Math.max(busiest, found.length);
        const keyOf = (f: FoundSequence): string => f.events.map((e) => (e === null ? '-' : `${e.index.name}\u0000${e.doc.id}`)).join('\u0001');
        for (const f of found) seen.add(keyOf(f));
        // size = max_signals, result_position tail: the latest sequences of the execution.
        for (const f of found.slice(Math.max(0, found.length - schedule.maxSignals))) {
          alerted.add(keyOf(f));
          kept.set(keyOf(f), f);
        }
      }
      const members = [...kept.values()];
      sequences = members.map((f) => ({ joinKeys: f.key.values, eventIds: f.events.map((e) => (e === null ? null : e.doc.id)) }));
      eventIds = [...new Set(members.flatMap((f) => f.events.flatMap((e) => (e === null ? [] : [e.doc.id]))))];
    }
    const outcome: ScheduleOutcome = { executions: executions.length, alerts: alerted.size, lostToMaxSignals: [...seen].filter((k) => !alerted.has(k)).length, busiestExecution: busiest, outsideWindows };
    notes.push(scheduleNote(response.searchedIndices.join(', ') || rule.index.join(', '), schedule, outcome));
    return {
      ruleId: rule.id,
      backend: this.name,
      expandedQuery: response.expandedQuery,
      eventIds,
      ...(sequences ? { sequences } : {}),
      schedule: outcome,
      notes,
      elapsedMs: performance.now() - started,
    };
  }
}

function compareNullableLast<V extends bigint | number | string>(a: V | null, b: V | null): number {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : 0;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}
