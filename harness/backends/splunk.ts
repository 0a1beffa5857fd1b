// The real-Splunk backend: the same records and the same SPL rule the embedded engine gets, run by a real
// Splunk Enterprise (a container, or an existing deployment at a URL in run-specific indexes).
//   load: indexes -> HEC token (with indexer acknowledgement) -> HEC /event with host, source, sourcetype,
//         time and index -> every request acknowledged -> a count search until it sees every event, per
//         index (or a failure saying what is missing). Any loss throws LoadIncompleteError.
//   run:  the rule's macros installed from macros.conf (renamed and pointed at the run's indexes where
//         names are run-specific, see splunk/run-names.ts), the rule run as a search job over a time range
//         covering every loaded event, every result row read.
// Transport: the management REST API through splunk-sdk's Service over a verified transport of our own
// (splunk/sdk-transport.ts); HEC, which the SDK has no client for, directly (splunk/hec.ts).
import { randomUUID } from 'node:crypto';
import type { SplunkRecord } from '../model/records.js';
import { InputError } from '../errors.js';
import type { SplRule } from '../rules/rule.js';
import { RuleRunError, type LoadReport, type RuleResult, type SplunkBackend } from './backend.js';
import type { ResultRow } from '../model/records.js';
import { Redactor, type SplunkAuth } from './credentials.js';
import { BackendError } from './backend-error.js';
import { LoadIncompleteError } from './load-error.js';
import { HecClient, HecError, hecEnvelope, type HecEnvelope, type HecOptions } from './splunk/hec.js';
import type { HttpTarget } from './splunk/http.js';
import { type ConfStanza, dataModelsNamed, needsKnowledge, windowsKnowledgeStanzas } from './splunk/knowledge.js';
import type { MacroLibrary } from '../engines/spl/macros.js';
import { buildSearch, installableMacros, prepareMacros, type MacroStanza } from './splunk/macros.js';
import { SplunkRest } from './splunk/rest.js';
import { PINNED_SPLUNK_INDEXES, SplunkRunNames } from './splunk/run-names.js';
import { runSearchJob, type JobOptions } from './splunk/search-job.js';
import type { BackendMode, BackendTimings, TlsVerification } from '../model/backend-timings.js';
import { elapsedSince, TimingRecorder } from './timings.js';

export interface SplunkBackendOptions {
  mode: BackendMode;
  name?: string;
  /** Management port, e.g. https://localhost:8089. */
  managementUrl: string;
  /** HEC, e.g. https://localhost:8088. */
  hecUrl: string;
  auth: SplunkAuth;
  /** A HEC token to use; without one the backend creates a run token (useACK=1) over REST and removes it at close. */
  hecToken?: string;
  caCert?: string;
  insecureTls: boolean;
  /** How the certificate is checked, as the report records it (default: from caCert and insecureTls). */
  tls?: TlsVerification;
  /** Run token: when set, indexes and macros are run-specific and removed by close(). */
  runToken?: string;
  /** The macros the rule calls, as the embedded engine read them (engines/spl/macros.ts parseMacrosConf). */
  macros: MacroLibrary;
  requestTimeoutMs?: number;
  search?: Partial<JobOptions>;
  /** How long to wait for a count search to see every event sent, and how often to ask. */
  countTimeoutMs?: number;
  countPollMs?: number;
  hec?: Partial<Omit<HecOptions, 'channel'>>;
  redactor?: Redactor;
  readyMs?: number;
  onClose?: () => Promise<void>;
  sleep?: (ms: number) => Promise<void>;
}

interface Generation {
  names: SplunkRunNames;
  /** Run index -> events it must hold. */
  expected: Map<string, number>;
  /** Pinned index names (as in the records and macros) loaded in this generation. */
  pinned: Set<string>;
  minTime?: number;
  maxTime?: number;
  macrosInstalled: boolean;
}

export class SplunkEnterpriseBackend implements SplunkBackend {
  readonly siem = 'splunk' as const;
  readonly name: string;
  private readonly rest: SplunkRest;
  private readonly macros: MacroStanza[];
  private readonly redactor: Redactor;
  private readonly timing: TimingRecorder;
  private readonly sleep: (ms: number) => Promise<void>;
  private generation: Generation;
  /** Indexes this backend created (removed at close on an existing deployment). */
  private readonly createdIndexes = new Set<string>();
  private readonly readyIndexes = new Set<string>();
  private readonly installedMacros = new Set<string>();
  /** Event types and tags this backend created (removed at close on an existing deployment). */
  private readonly installedStanzas: ConfStanza[] = [];
  private knowledgeInstalled = false;
  private hecToken: string | undefined;
  /** Some HEC answer had no ackId (acknowledgement off on the given token): only the count proved indexing. */
  private unacknowledged = false;
  private createdHecToken: string | undefined;
  private closed = false;

  constructor(private readonly options: SplunkBackendOptions) {
    this.name = options.name ?? 'splunk';
    this.macros = installableMacros(options.macros);
    this.redactor = options.redactor ?? new Redactor([]);
    this.timing = new TimingRecorder(this.name, options.mode, options.tls ?? (options.insecureTls ? 'insecure' : options.caCert !== undefined ? 'private-ca' : 'verified'));
    this.timing.setReady(options.readyMs ?? 0);
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.rest = new SplunkRest(this.target(options.managementUrl, authorizationHeader(options.auth)));
    this.hecToken = options.hecToken;
    this.generation = { names: new SplunkRunNames(options.runToken), expected: new Map(), pinned: new Set(PINNED_SPLUNK_INDEXES), macrosInstalled: false };
  }

  private target(baseUrl: string, authorization: string): HttpTarget {
    return {
      baseUrl,
      authorization,
      insecureTls: this.options.insecureTls,
      timeoutMs: this.options.requestTimeoutMs ?? 30_000,
      ...(this.options.caCert !== undefined ? { caCert: this.options.caCert } : {}),
    };
  }

  /** First request: checks the address and credentials; records the time to ready. Returns the server version. */
  async connect(): Promise<string> {
    const start = performance.now();
    try {
      const version = await this.rest.serverVersion();
      this.timing.setReady((this.options.readyMs ?? 0) + elapsedSince(start));
      return version;
    } catch (error) {
      if (error instanceof InputError) throw this.redactor.redactError(error);
      throw this.redactor.redactError(new BackendError(this.name, `connecting: ${(error as Error).message}`));
    }
  }

  /** The index a pinned index name is written to now. */
  targetIndex(pinned: string): string {
    return this.generation.names.index(pinned);
  }

  timings(): BackendTimings {
    return this.timing.snapshot();
  }

  async load(records: SplunkRecord[]): Promise<LoadReport> {
    this.assertOpen();
    try {
      return await this.timing.timeLoad((start) => this.loadRecords(records, start));
    } catch (error) {
      throw this.redactor.redactError(error);
    }
  }

  private async loadRecords(records: SplunkRecord[], start: number): Promise<LoadReport> {
    const generation = this.generation;
    const rejected: LoadReport['rejected'] = [];
    const valid: SplunkRecord[] = [];
    records.forEach((record, i) => {
      const problem = recordProblem(record);
      if (problem === undefined) valid.push(record);
      else rejected.push({ id: typeof record._id === 'string' && record._id !== '' ? record._id : `#${i}`, reason: problem });
    });
    for (const record of valid) generation.pinned.add(record.index);
    await this.ensureIndexes([...generation.pinned].map((index) => generation.names.index(index)));
    const envelopes = valid.map((record) => hecEnvelope(record, generation.names.index(record.index)));
    const hec = new HecClient(this.target(this.options.hecUrl, `Splunk ${this.hecToken ?? ''}`), {
      channel: randomUUID(),
      maxBatchBytes: 1_000_000,
      busyRetries: 3,
      ackPollMs: 500,
      ackTimeoutMs: 120_000,
      ...this.options.hec,
      sleep: this.sleep,
    });
    let sent = 0;
    let acknowledged: boolean;
    try {
      acknowledged = (await hec.sendAll(envelopes, (count) => (sent += count))).acknowledged;
    } catch (error) {
      if (!(error instanceof HecError)) throw new BackendError(this.name, `HEC: ${(error as Error).message}`, { cause: error });
      // Everything from the refused request on is lost; the first refused event gets HEC's own reason.
      valid.slice(sent).forEach((record, i) => {
        const reason = i === (error.invalidEventNumber ?? 0) ? error.message : `not indexed: its HEC request was refused (${error.message})`;
        rejected.push({ id: record._id, reason });
      });
      const report: LoadReport = { received: records.length, stored: sent, rejected, elapsedMs: elapsedSince(start) };
      throw new LoadIncompleteError(this.name, report, ['events sent before the refused request may be searchable; the run stops here']);
    }
    for (const envelope of envelopes) {
      generation.expected.set(envelope.index, (generation.expected.get(envelope.index) ?? 0) + 1);
      generation.minTime = Math.min(generation.minTime ?? envelope.time, envelope.time);
      generation.maxTime = Math.max(generation.maxTime ?? envelope.time, envelope.time);
    }
    if (!acknowledged) this.unacknowledged = true;
    const problems = await this.waitUntilSearchable(envelopes);
    const missing = problems.reduce((sum, p) => sum + p.missing, 0);
    const report: LoadReport = { received: records.length, stored: envelopes.length - missing, rejected, elapsedMs: elapsedSince(start) };
    if (rejected.length > 0 || problems.length > 0) throw new LoadIncompleteError(this.name, report, problems.map((p) => p.message));
    return report;
  }

  private async ensureIndexes(indexes: string[]): Promise<void> {
    const fresh = indexes.filter((index) => !this.readyIndexes.has(index));
    for (const index of fresh) {
      const outcome = await this.rest.createIndex(index);
      if (outcome === 'exists' && this.generation.names.rewritten && !this.createdIndexes.has(index)) {
        throw new BackendError(this.name, `index ${index} already exists; refusing to load into an index this run did not create`);
      }
      if (outcome === 'created') this.createdIndexes.add(index);
      this.readyIndexes.add(index);
    }
    if (fresh.length === 0) return;
    const allowed = [...this.readyIndexes];
    if (this.options.hecToken !== undefined) return;
    const tokenName = this.generation.names.hecTokenName();
    if (this.createdHecToken === undefined) {
      this.hecToken = await this.rest.createHecToken(tokenName, allowed);
      this.createdHecToken = tokenName;
    } else {
      await this.rest.setHecTokenIndexes(tokenName, allowed);
    }
  }

  /** Polls a count per index until it equals what was sent; returns what is still wrong at the deadline. */
  private async waitUntilSearchable(envelopes: HecEnvelope[]): Promise<{ message: string; missing: number }[]> {
    if (envelopes.length === 0) return [];
    const generation = this.generation;
    const indexes = [...generation.expected.keys()];
    const countSearch = `search (${indexes.map((index) => `index="${index}"`).join(' OR ')}) | stats count by index`;
    const deadline = Date.now() + (this.options.countTimeoutMs ?? 120_000);
    for (;;) {
      const outcome = await runSearchJob(this.rest, countSearch, this.timeRange(), this.jobOptions());
      const seen = new Map<string, number>();
      for (const row of outcome.rows) seen.set(String(row['index']), Number(row['count']));
      const problems: { message: string; missing: number }[] = [];
      for (const [index, expected] of generation.expected) {
        const count = seen.get(index) ?? 0;
        if (count > expected) return [{ message: `index ${index}: ${expected} events sent but a search counts ${count} (were events split at line breaks?)`, missing: 0 }];
        if (count < expected) problems.push({ message: `index ${index}: ${expected} events sent, a search still sees ${count} (${expected - count} missing)`, missing: expected - count });
      }
      if (problems.length === 0) return [];
      if (Date.now() >= deadline) return problems;
      await this.sleep(this.options.countPollMs ?? 1000);
    }
  }

  private jobOptions(): JobOptions {
    return { pollMs: 500, timeoutMs: 300_000, pageSize: 1000, ...this.options.search, sleep: this.sleep };
  }

  /** earliest/latest covering every loaded event (latest is exclusive, so one second past the last). */
  private timeRange(): Record<string, string | number> {
    const { minTime, maxTime } = this.generation;
    if (minTime === undefined || maxTime === undefined) return { earliest_time: 0, latest_time: Math.floor(Date.now() / 1000) + 86_400 };
    return { earliest_time: Math.floor(minTime), latest_time: Math.floor(maxTime) + 1 };
  }

  async run(rule: SplRule): Promise<RuleResult> {
    this.assertOpen();
    const start = performance.now();
    const generation = this.generation;
    const names = generation.names;
    const prepared = prepareMacros(
      this.macros,
      rule.query,
      (name) => names.macro(name),
      (index) => (generation.pinned.has(index) ? names.index(index) : undefined),
    );
    const runIndexes = names.rewritten ? [...generation.pinned].map((index) => names.index(index)) : undefined;
    const { search, restricted } = buildSearch(prepared.query, runIndexes);
    const range = this.timeRange();
    try {
      if (!generation.macrosInstalled) {
        for (const macro of prepared.macros) {
          await this.rest.putMacro(macro.stanza, macro.settings);
          this.installedMacros.add(macro.stanza);
        }
        generation.macrosInstalled = true;
      }
      const texts = [rule.query, ...this.macros.map((m) => m.settings['definition'] ?? '')];
      const knowledgeNotes = needsKnowledge(texts) ? await this.installKnowledge(dataModelsNamed([rule.query, ...prepared.macros.map((m) => m.settings['definition'] ?? '')])) : [];
      // Epoch seconds with milliseconds in result rows, so rows map back by second without time zones.
      const outcome = await runSearchJob(this.rest, search, { ...range, output_time_format: '%s.%3N' }, this.jobOptions());
      const expanded =
        outcome.status.normalizedSearch ??
        (outcome.status.eventSearch !== undefined ? [outcome.status.eventSearch, outcome.status.reportSearch].filter((s) => s !== undefined && s !== '').join(' | ') : search);
      const notes = [
        `search sent: ${search}`,
        `time range: earliest_time=${range['earliest_time']} latest_time=${range['latest_time']} (epoch seconds, covering every loaded event)`,
        `read ${outcome.rows.length} result rows in ${outcome.pages} page(s) from job ${outcome.sid}`,
        ...prepared.notes,
        ...knowledgeNotes,
        ...(restricted ? [`index restriction added in front of the rule: ${runIndexes?.join(', ')}`] : []),
        ...(names.rewritten && !restricted ? ['the rule starts with a generating command; no index restriction could be added'] : []),
        ...(this.unacknowledged ? ['the HEC token answered without ackId (indexer acknowledgement off): indexing was confirmed by the count search only'] : []),
        ...outcome.status.messages.filter((m) => m.type.toUpperCase() === 'WARN').map((m) => `Splunk warning: ${m.text}`),
      ];
      return {
        ruleId: rule.id,
        backend: this.name,
        expandedQuery: this.redactor.redact(expanded),
        rows: outcome.rows as ResultRow[],
        notes: notes.map((note) => this.redactor.redact(note)),
        elapsedMs: elapsedSince(start),
      };
    } catch (error) {
      if (error instanceof InputError) throw this.redactor.redactError(error);
      const reason = error instanceof Error ? error.message : String(error);
      throw new RuleRunError(rule.id, this.name, this.redactor.redact(`Splunk could not run the rule: ${reason}`));
    } finally {
      this.timing.addSearch(elapsedSince(start));
    }
  }

  /**
   * Creates the Windows add-on's event types and tags the embedded engine assumes (once per backend), and
   * refuses a rule whose data model the deployment lacks (Splunk_SA_CIM is not installable over REST).
   */
  private async installKnowledge(models: string[]): Promise<string[]> {
    const notes: string[] = [];
    for (const model of models) {
      if (!(await this.rest.dataModelExists(model))) {
        throw new Error(`Splunk has no data model ${model}: install Splunk_SA_CIM (the Common Information Model add-on) on the deployment`);
      }
    }
    if (!this.knowledgeInstalled) {
      const existing: string[] = [];
      for (const s of windowsKnowledgeStanzas()) {
        if ((await this.rest.createConfStanza(s.file, s.stanza, s.settings)) === 'created') this.installedStanzas.push(s);
        else existing.push(`${s.file}.conf [${s.stanza}]`);
      }
      if (existing.length > 0) notes.push(`kept the deployment's own ${existing.join(', ')} (the embedded engine uses the Windows add-on's definitions)`);
      this.knowledgeInstalled = true;
    }
    return notes;
  }

  /**
   * Starts an empty generation: later loads go to new indexes and the macros are re-pointed at them.
   * On an existing deployment the previous generation's indexes are deleted.
   */
  async clear(): Promise<void> {
    this.assertOpen();
    const previous = this.generation;
    this.generation = { names: previous.names.next(), expected: new Map(), pinned: new Set(PINNED_SPLUNK_INDEXES), macrosInstalled: false };
    if (this.options.runToken !== undefined) {
      for (const index of PINNED_SPLUNK_INDEXES.map((i) => previous.names.index(i)).concat([...previous.expected.keys()])) {
        if (!this.createdIndexes.has(index)) continue;
        await this.rest.deleteIndex(index);
        this.createdIndexes.delete(index);
        this.readyIndexes.delete(index);
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const failures: string[] = [];
    const attempt = async (what: string, action: () => Promise<void>): Promise<void> => {
      await action().catch((error: unknown) => failures.push(`${what}: ${(error as Error).message}`));
    };
    try {
      // A container is thrown away whole; an existing deployment must get back exactly what it had.
      if (this.options.runToken !== undefined) {
        for (const stanza of this.installedMacros) await attempt(`macro ${stanza}`, () => this.rest.deleteMacro(stanza));
        for (const s of [...this.installedStanzas].reverse()) await attempt(`${s.file}.conf [${s.stanza}]`, () => this.rest.deleteConfStanza(s.file, s.stanza));
        for (const index of this.createdIndexes) await attempt(`index ${index}`, () => this.rest.deleteIndex(index));
        const token = this.createdHecToken;
        if (token !== undefined) await attempt(`HEC token ${token}`, () => this.rest.deleteHecToken(token));
      }
    } finally {
      await this.options.onClose?.();
    }
    if (failures.length > 0) throw new BackendError(this.name, this.redactor.redact(`cleanup left run data behind: ${failures.join('; ')}`));
  }

  private assertOpen(): void {
    if (this.closed) throw new BackendError(this.name, 'used after close()');
  }
}

export function authorizationHeader(auth: SplunkAuth): string {
  return auth.kind === 'token' ? `Bearer ${auth.token}` : `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
}

function recordProblem(record: SplunkRecord): string | undefined {
  if (typeof record._raw !== 'string' || record._raw === '') return 'record has no _raw';
  if (typeof record._time !== 'number' || !Number.isFinite(record._time)) return 'record has no numeric _time';
  for (const key of ['host', 'source', 'sourcetype', 'index'] as const) {
    if (typeof record[key] !== 'string' || record[key] === '') return `record has no ${key}`;
  }
  return undefined;
}
