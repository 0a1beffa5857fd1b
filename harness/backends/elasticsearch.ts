// The real-Elasticsearch backend: the same records and the same EQL rule the embedded engine gets, run by
// a real cluster (a container, or an existing cluster at a URL in run-specific data streams).
//   load: index templates (ECS mapping, data streams) -> bulk `create` with `_id` = canonical event id ->
//         every item checked -> refresh -> a count per data stream. Any loss throws LoadIncompleteError.
//   run:  EQL search over the rule's own index patterns, every page read (eql-paging.ts), hits by `_id`.
// With a schedule plan, rules run as the detection engine runs them (harness/backends/schedule.ts);
// without one, the harness asks "which events does the query match", for every loaded event.
import type { DeploymentProfile } from '../model/profile.js';
import type { Client, estypes } from '@elastic/elasticsearch';
import type { ElasticRecord } from '../model/records.js';
import { ecsMapping } from '../engines/eql/mappings/ecs.js';
import type { EsMapping } from '../engines/eql/mappings/es-mapping.js';
import type { EqlRule } from '../rules/rule.js';
import { RuleRunError, type ElasticBackend, type LoadReport, type RuleResult } from './backend.js';
import { Redactor } from './credentials.js';
import { bulkCreate, DEFAULT_BULK_OPTIONS, toBulkDocument, type BulkOptions } from './elasticsearch/bulk.js';
import { eqlSearchAll, EqlPagingError } from './elasticsearch/eql-paging.js';
import { eqlSequenceSearch, windowFilter, type EqlSequenceRef } from './elasticsearch/eql-sequences.js';
import type { EqlHitRef } from './elasticsearch/eql-paging.js';
import { countOutside, scheduleMatches, scheduleNote, type ScheduledMatch, type ScheduleOutcome, type SchedulePlan } from './schedule.js';
import { parseEql } from '../engines/eql/parser.js';
import { BackendError, describeEsError, isAuthError, isNotFound, wrapEsError } from './elasticsearch/errors.js';
import { ElasticRunNames } from './elasticsearch/run-names.js';
import { buildIndexTemplates, type IndexTemplate } from './elasticsearch/templates.js';
import { LoadIncompleteError } from './load-error.js';
import type { BackendMode, BackendTimings } from '../model/backend-timings.js';
import { elapsedSince, TimingRecorder } from './timings.js';

type RuleSequence = NonNullable<RuleResult['sequences']>[number];

export interface ElasticsearchBackendOptions {
  /** A configured client (node, auth, TLS, request timeout); tests pass one with a mock connection. */
  client: Client;
  mode: BackendMode;
  name?: string;
  /** How long the first health check waits for a yellow cluster (default 60 s; --backend-timeout). */
  healthTimeoutSeconds?: number;
  /** Run token: when set, every data stream and template is run-specific and removed by close(). */
  runToken?: string;
  /** The rules' index patterns, as written in the rules: each gets a template before the first load. */
  rulePatterns?: readonly string[];
  /** Defaults to `ecsMapping()`, the object the embedded engine matches against. */
  mapping?: EsMapping;
  /** Deployment profile whose index settings the templates carry (the embedded engine resolves the same). */
  profile?: DeploymentProfile;
  /** Events per EQL page. */
  eqlPageSize?: number;
  eqlMaxPages?: number;
  /** Most sequences one sequence/sample rule may return (the request's `size`); an answer this large is refused. Default 10,000. */
  eqlSequenceSize?: number;
  bulk?: Partial<BulkOptions>;
  redactor?: Redactor;
  /** Time the backend took to become ready (container start), for the timings. */
  readyMs?: number;
  /** Called last by close(), e.g. to stop the container. */
  onClose?: () => Promise<void>;
}

const TIMESTAMP_FIELD = '@timestamp';

export class ElasticsearchBackend implements ElasticBackend {
  readonly siem = 'elastic' as const;
  readonly name: string;
  private readonly client: Client;
  private readonly names: ElasticRunNames;
  private readonly mapping: EsMapping;
  private readonly redactor: Redactor;
  private readonly timing: TimingRecorder;
  private readonly installedTemplates = new Set<string>();
  /** Data stream -> documents it must hold, summed over every load since the last clear(). */
  private readonly expected = new Map<string, number>();
  /** Every data stream a bulk request was sent to (it exists even if all its documents were refused). */
  private readonly targets = new Set<string>();
  private closed = false;

  constructor(private readonly options: ElasticsearchBackendOptions) {
    this.client = options.client;
    this.name = options.name ?? 'elasticsearch';
    this.names = new ElasticRunNames(options.runToken);
    this.mapping = options.mapping ?? ecsMapping();
    this.redactor = options.redactor ?? new Redactor([]);
    this.timing = new TimingRecorder(this.name, options.mode);
    this.timing.setReady(options.readyMs ?? 0);
  }

  /**
   * First request: checks the address and credentials and waits for at least yellow health; records the
   * time to ready (plus `readyMs` given, e.g. the container start). Returns the server version.
   */
  async connect(): Promise<string> {
    const start = performance.now();
    try {
      const info = (await this.client.info()) as { version?: { number?: unknown } } | null;
      const version = info?.version?.number;
      // A server that answers 200 with something else (a proxy, an echo) is not Elasticsearch.
      if (typeof version !== 'string') throw new BackendError(this.name, 'connecting failed: GET / did not answer with Elasticsearch\'s info (no version.number)');
      await this.client.cluster.health({ wait_for_status: 'yellow', timeout: `${this.options.healthTimeoutSeconds ?? 60}s` });
      this.timing.setReady((this.options.readyMs ?? 0) + elapsedSince(start));
      return version;
    } catch (error) {
      throw this.redactor.redactError(wrapEsError(this.name, 'connecting', error));
    }
  }

  /** The data stream a pinned `_index` is written to in this run. */
  targetIndex(pinned: string): string {
    return this.names.index(pinned);
  }

  timings(): BackendTimings {
    return this.timing.snapshot();
  }

  async load(records: ElasticRecord[]): Promise<LoadReport> {
    this.assertOpen();
    try {
      return await this.timing.timeLoad((start) => this.loadRecords(records, start));
    } catch (error) {
      throw this.redactor.redactError(error);
    }
  }

  private async loadRecords(records: ElasticRecord[], start: number): Promise<LoadReport> {
    const rejected: LoadReport['rejected'] = [];
    const valid: ElasticRecord[] = [];
    records.forEach((record, i) => {
      const problem = recordProblem(record);
      if (problem === undefined) valid.push(record);
      else rejected.push({ id: typeof record._id === 'string' && record._id !== '' ? record._id : `#${i}`, reason: problem });
    });
    await this.installTemplates(valid.map((record) => record._index));
    const docs = valid.map((record) => toBulkDocument(record, this.names.index(record._index)));
    for (const doc of docs) this.targets.add(doc.index);
    let outcome;
    try {
      outcome = await bulkCreate(this.client, docs, { ...DEFAULT_BULK_OPTIONS, ...this.options.bulk });
    } catch (error) {
      throw wrapEsError(this.name, 'bulk load', error);
    }
    rejected.push(...outcome.rejected);
    for (const { index } of outcome.created) this.expected.set(index, (this.expected.get(index) ?? 0) + 1);
    const targets = [...new Set(docs.map((doc) => doc.index))];
    const problems = await this.verifyCounts(targets);
    const report: LoadReport = { received: records.length, stored: outcome.created.length, rejected, elapsedMs: elapsedSince(start) };
    if (rejected.length > 0 || problems.length > 0) throw new LoadIncompleteError(this.name, report, problems);
    return report;
  }

  private async installTemplates(pinnedIndices: string[]): Promise<void> {
    const templates = buildIndexTemplates(this.options.rulePatterns ?? [], pinnedIndices, this.names, this.mapping, this.options.profile);
    for (const template of templates) {
      if (this.installedTemplates.has(template.name)) continue;
      await this.putTemplate(template);
      this.installedTemplates.add(template.name);
    }
  }

  private async putTemplate(template: IndexTemplate): Promise<void> {
    try {
      await this.client.indices.putIndexTemplate({
        name: template.name,
        index_patterns: template.index_patterns,
        data_stream: template.data_stream,
        priority: template.priority,
        // EsMapping is the same JSON the client types more narrowly (dynamic_templates entries).
        template: template.template as estypes.IndicesPutIndexTemplateIndexTemplateMapping,
        _meta: template._meta,
      });
    } catch (error) {
      throw wrapEsError(this.name, `installing index template ${template.name} for ${template.index_patterns.join(', ')}`, error);
    }
  }

  /** Refresh, then compare each data stream's count with what the bulk responses said was created. */
  private async verifyCounts(targets: string[]): Promise<string[]> {
    const touched = targets.filter((target) => this.expected.has(target));
    if (touched.length === 0) return [];
    try {
      await this.client.indices.refresh({ index: touched, ignore_unavailable: true, allow_no_indices: true });
    } catch (error) {
      throw wrapEsError(this.name, 'refresh', error);
    }
    const problems: string[] = [];
    for (const target of touched) {
      let count: number;
      try {
        count = (await this.client.count({ index: target })).count;
      } catch (error) {
        throw wrapEsError(this.name, `counting documents in ${target}`, error);
      }
      const expected = this.expected.get(target) ?? 0;
      if (count !== expected) {
        problems.push(`${target}: the bulk responses created ${expected} documents but a count after refresh finds ${count}`);
      }
    }
    return problems;
  }

  /**
   * With a schedule plan, an event query's hits (read once, with their window time) go through the
   * same executions as on the embedded backend (harness/backends/schedule.ts): the range filter is a
   * conjunction with the query, so one search and the per-execution selection give what the
   * executions would. A sequence or sample rule depends on the window (every stage is filtered by
   * it), so it is searched once per execution with the window as a filter, as Kibana does.
   */
  async run(rule: EqlRule, plan?: SchedulePlan): Promise<RuleResult> {
    this.assertOpen();
    const start = performance.now();
    const targets = rule.index.map((pattern) => this.names.pattern(pattern));
    const pageSize = this.options.eqlPageSize ?? 1000;
    try {
      if (isSequenceOrSample(rule.query)) return await this.runSequences(rule, targets, start, plan);
      const result = await eqlSearchAll(this.client, {
        index: targets.join(','),
        query: rule.query,
        timestampField: TIMESTAMP_FIELD,
        pageSize,
        maxPages: this.options.eqlMaxPages ?? 10_000,
        ...(plan?.schedule.rangeField && plan.schedule.rangeField !== TIMESTAMP_FIELD ? { extraTimeField: plan.schedule.rangeField } : {}),
      });
      let eventIds = result.hits.map((hit) => hit.id);
      let scheduled: ScheduleOutcome | undefined;
      if (plan) {
        const timeOf = (hit: EqlHitRef): number | null => (plan.schedule.rangeField === TIMESTAMP_FIELD ? (hit.timeMs ?? null) : (hit.extraTimeMs ?? hit.timeMs ?? null));
        const matches: ScheduledMatch[] = [];
        for (const hit of result.hits) {
          const t = timeOf(hit);
          if (t !== null) matches.push({ key: `${hit.index}\u0000${hit.id}`, timesMs: [t] });
        }
        const { alerted, seen, busiest } = scheduleMatches(matches, plan.executions, plan.schedule.maxSignals);
        eventIds = [...new Set(result.hits.filter((h) => alerted.has(`${h.index}\u0000${h.id}`)).map((h) => h.id))];
        const unsearchedMatches = result.hits.filter((h) => {
          const t = timeOf(h);
          return t === null || countOutside([t], plan.executions) > 0;
        }).length;
        scheduled = { executions: plan.executions.length, alerts: alerted.size, lostToMaxSignals: [...seen].filter((k) => !alerted.has(k)).length, busiestExecution: busiest, outsideWindows: unsearchedMatches };
      }
      const notes = [
        `searched ${targets.join(', ')}` + (this.names.runSpecific ? ` (the rule's patterns ${rule.index.join(', ')} narrowed to this run's data streams)` : ''),
        `read ${eventIds.length} hits in ${result.pages} EQL request(s) of up to ${pageSize} (result_position head, keyset on ${TIMESTAMP_FIELD})`,
        scheduled && plan
          ? scheduleNote(targets.join(', '), plan.schedule, scheduled, 'matching events')
          : 'detection-engine schedule not applied: every loaded event is searched (no from/timestamp_override window, no max_signals cap)',
      ];
      const duplicates = eventIds.length - new Set(eventIds).size;
      if (duplicates > 0) notes.push(`${duplicates} hit id(s) occur in more than one index (the same canonical event loaded into several data streams)`);
      return {
        ruleId: rule.id,
        backend: this.name,
        expandedQuery: rule.query,
        eventIds,
        ...(scheduled ? { schedule: scheduled } : {}),
        notes: notes.map((note) => this.redactor.redact(note)),
        elapsedMs: elapsedSince(start),
      };
    } catch (error) {
      if (isAuthError(error)) throw this.redactor.redactError(wrapEsError(this.name, `EQL search for rule ${rule.id}`, error));
      const reason = error instanceof EqlPagingError ? error.message : describeEsError(error);
      throw new RuleRunError(rule.id, this.name, this.redactor.redact(`Elasticsearch could not run the rule: ${reason}`));
    } finally {
      this.timing.addSearch(elapsedSince(start));
    }
  }

  /**
   * A sequence or sample rule: its hits.sequences mapped back to events by `_id`. Without a schedule,
   * one EQL request over every loaded event. With one, a request per execution filtered to its window
   * (the range filter Kibana puts before EQL), keeping the execution's last max_signals sequences and
   * writing an alert once per member-event set, as harness/backends/embedded-elasticsearch.ts does.
   */
  private async runSequences(rule: EqlRule, targets: string[], start: number, plan?: SchedulePlan): Promise<RuleResult> {
    const size = this.options.eqlSequenceSize ?? 10_000;
    const index = targets.join(',');
    const searched = `searched ${targets.join(', ')}` + (this.names.runSpecific ? ` (the rule's patterns ${rule.index.join(', ')} narrowed to this run's data streams)` : '');
    const toSequence = (s: EqlSequenceRef): RuleSequence => ({ joinKeys: s.joinKeys, eventIds: s.events.map((e) => (e === null ? null : e.id)) });
    const memberIds = (sequences: RuleSequence[]): string[] => [...new Set(sequences.flatMap((s) => s.eventIds.filter((id): id is string => id !== null)))];
    const finish = (sequences: RuleSequence[], notes: string[], schedule?: ScheduleOutcome): RuleResult => ({
      ruleId: rule.id,
      backend: this.name,
      expandedQuery: rule.query,
      eventIds: memberIds(sequences),
      sequences,
      ...(schedule ? { schedule } : {}),
      notes: notes.map((note) => this.redactor.redact(note)),
      elapsedMs: elapsedSince(start),
    });
    if (!plan) {
      const result = await eqlSequenceSearch(this.client, { index, query: rule.query, timestampField: TIMESTAMP_FIELD, size });
      const sequences = result.sequences.map(toSequence);
      return finish(sequences, [
        'detection-engine schedule not applied: every loaded event is searched at once',
        searched,
        `read ${sequences.length} sequence(s) with ${memberIds(sequences).length} member event(s) in one EQL request (size ${size}; sequences are not paged)`,
      ]);
    }
    const { schedule, executions } = plan;
    const kept = new Map<string, RuleSequence>();
    const seen = new Set<string>();
    let busiest = 0;
    for (const execution of executions) {
      const filter = windowFilter(execution, schedule.rangeField, schedule.fallbackField);
      const found = (await eqlSequenceSearch(this.client, { index, query: rule.query, timestampField: TIMESTAMP_FIELD, size, filter })).sequences.map(toSequence);
      busiest = Math.max(busiest, found.length);
      const keyOf = (s: RuleSequence): string => s.eventIds.map((id) => id ?? '-').join('\u0001');
      for (const s of found) seen.add(keyOf(s));
      // size = max_signals with Elasticsearch's default result_position tail: the execution's latest sequences.
      for (const s of found.slice(Math.max(0, found.length - schedule.maxSignals))) kept.set(keyOf(s), s);
    }
    const sequences = [...kept.values()];
    const outcome: ScheduleOutcome = {
      executions: executions.length,
      alerts: kept.size,
      lostToMaxSignals: [...seen].filter((k) => !kept.has(k)).length,
      busiestExecution: busiest,
      // Events outside every window are counted by the embedded engine, which holds the documents; here only what the searches saw is known.
      outsideWindows: 0,
    };
    return finish(
      sequences,
      [
        searched,
        `read sequences in ${executions.length} EQL request(s), one per execution window (size ${size} each; sequences are not paged)`,
        scheduleNote(targets.join(', '), schedule, outcome, null),
      ],
      outcome,
    );
  }

  /** Removes every document loaded so far (deletes this run's data streams), keeping the templates. */
  async clear(): Promise<void> {
    this.assertOpen();
    await this.deleteDataStreams();
    this.expected.clear();
    this.targets.clear();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const failures: string[] = [];
    try {
      // A container is thrown away whole; an existing cluster must get back exactly what it had.
      if (this.names.runSpecific) {
        await this.deleteDataStreams().catch((error: unknown) => failures.push(describeEsError(error)));
        for (const name of this.installedTemplates) {
          await this.client.indices.deleteIndexTemplate({ name }).catch((error: unknown) => failures.push(`template ${name}: ${describeEsError(error)}`));
        }
      }
    } finally {
      await this.options.onClose?.();
    }
    if (failures.length > 0) {
      throw new BackendError(this.name, this.redactor.redact(`cleanup left run data behind: ${failures.join('; ')}`));
    }
  }

  private async deleteDataStreams(): Promise<void> {
    for (const name of this.targets) {
      try {
        await this.client.indices.deleteDataStream({ name });
      } catch (error) {
        // Already gone (or never created because its only request failed): nothing to remove.
        if (isNotFound(error)) continue;
        throw wrapEsError(this.name, `deleting data stream ${name}`, error);
      }
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new BackendError(this.name, 'used after close()');
  }
}

function recordProblem(record: ElasticRecord): string | undefined {
  if (typeof record._index !== 'string' || record._index === '') return 'record has no _index';
  if (typeof record._id !== 'string' || record._id === '') return 'record has no _id';
  if (record['@timestamp'] === undefined) return `record has no @timestamp (data stream ${record._index} requires one)`;
  return undefined;
}

/** Whether the rule's query is a sequence or sample (answered in hits.sequences); a query that does not parse is left to Elasticsearch. */
function isSequenceOrSample(query: string): boolean {
  try {
    return parseEql(query).kind !== 'EventQuery';
  } catch {
    return false;
  }
}
