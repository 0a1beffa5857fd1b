// The embedded Splunk backend: an in-process SPL engine (harness/engines/spl) with Splunk's
// segmentation, lexicon-first base search, search-time extractions of the Windows add-on, macros and the
// pipeline commands. It answers the SplunkBackend seam like a real Splunk would, without a server.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SplunkRecord } from '../model/records.js';
import { InputError } from '../errors.js';
import { fromRoot } from '../paths.js';
import type { SplRule } from '../rules/rule.js';
import { relocateRuleError } from '../rules/query-origin.js';
import type { ExecuteOptions } from '../engines/spl/commands/context.js';
import { type SearchResult, checkSearch, prepareSearch, runPrepared, runPreparedEventLevel } from '../engines/spl/engine.js';
import { EventIndex } from '../engines/spl/index.js';
import { LookupLibrary, loadLookupDirectory } from '../engines/spl/lookups.js';
import { MacroLibrary, parseMacrosConf } from '../engines/spl/macros.js';
import { truncateFor } from '../profiles/profile.js';
import type { DeploymentProfile } from '../model/profile.js';
import { truncateRaw } from '../engines/spl/truncate.js';
import { type LoadReport, type RuleResult, RuleRunError, type SplunkBackend } from './backend.js';
import { readBoundedText } from '../read-bounded-text.js';
import { hasControlCharacter } from '../engines/spl/event-line.js';

export interface EmbeddedSplunkOptions {
  /** macros.conf to expand rules with; default rules/splunk/macros.conf. Replaces the defaults entirely. */
  macrosFile?: string;
  /** Macros given directly (replace `macrosFile`). */
  macros?: MacroLibrary;
  /** The macros each rule expands with (macros belong to the rules that call them); default `macros`. */
  ruleMacros?: RuleMacros;
  /** How `bin` without a field is treated (default `'time'`: bin _time). See commands/bin.ts. */
  binWithoutField?: ExecuteOptions['binWithoutField'];
  /** CSV lookup tables the `lookup` command reads (default: the *.csv files of rules/splunk/lookups/). */
  lookups?: LookupLibrary;
  /** Deployment profile whose props.conf TRUNCATE per source type applies at load; none: no truncation. */
  profile?: DeploymentProfile;
}

/** RuleResult plus the ids of the events that pass the rule's event-level part (before `table`/`stats`). */
export interface SplRuleResult extends RuleResult {
  rows: NonNullable<RuleResult['rows']>;
  eventLevelIds: string[];
}

/** The macro library a rule expands with. */
export type RuleMacros = (rule: SplRule) => MacroLibrary;

export const DEFAULT_MACROS_FILE = 'rules/splunk/macros.conf';
export const DEFAULT_LOOKUPS_DIR = 'rules/splunk/lookups';

/** The *.csv lookup tables of a directory; a missing directory is an empty library, a bad file an InputError. */
export function loadLookups(dir: string): LookupLibrary {
  if (!existsSync(dir)) return new LookupLibrary();
  return loadLookupDirectory(dir);
}

/** Parsed macros files by absolute path, with the size and modification time they were read at. */
const macrosFiles = new Map<string, { size: number; mtimeMs: number; library: MacroLibrary }>();

/**
 * Reads a macros.conf file, parsing each file once per process (a later call with the file unchanged
 * gets the same library; a changed file is read again); a missing or malformed file is an InputError
 * naming it.
 */
export function loadMacrosFile(path: string): MacroLibrary {
  let stat: { size: number; mtimeMs: number };
  try {
    stat = statSync(path);
    const cached = macrosFiles.get(resolve(path));
    if (cached !== undefined && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs) return cached.library;
  } catch (e) {
    throw new InputError(`cannot read macros file: ${(e as Error).message}`, { file: path });
  }
  const library = parseMacrosConf(readBoundedText(path, 'macros file'), path);
  macrosFiles.set(resolve(path), { size: stat.size, mtimeMs: stat.mtimeMs, library });
  return library;
}

export { hasControlCharacter };

/** Why a record cannot be stored, or null when it is well-formed. Ids must be printable on one line. */
export function recordProblem(r: unknown): string | null {
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return 'not an object';
  const o = r as Record<string, unknown>;
  if (typeof o._raw !== 'string') return '_raw: expected a string';
  if (typeof o._time !== 'number' || !Number.isFinite(o._time)) return '_time: expected epoch seconds (a finite number)';
  for (const f of ['host', 'source', 'sourcetype', 'index'] as const) {
    if (typeof o[f] !== 'string' || (o[f] as string).length === 0) return `${f}: expected a non-empty string`;
  }
  if (typeof o._id !== 'string' || o._id.length === 0) return '_id: expected a non-empty string';
  if (hasControlCharacter(o._id)) return '_id: control characters are not allowed';
  return null;
}

export class EmbeddedSplunkBackend implements SplunkBackend {
  readonly name = 'embedded-splunk';
  readonly siem = 'splunk' as const;
  private readonly index = new EventIndex();
  private readonly ids = new Set<string>();
  private readonly macros: MacroLibrary;
  private readonly ruleMacros: RuleMacros;
  private readonly options: ExecuteOptions;
  private readonly profile: DeploymentProfile | undefined;
  /** Events whose _raw TRUNCATE cut, by TRUNCATE value (for the rule notes). */
  private readonly truncated = new Map<number, number>();
  private readonly truncatedEventIds = new Set<string>();

  constructor(options: EmbeddedSplunkOptions = {}) {
    this.macros = options.macros ?? (options.ruleMacros !== undefined && options.macrosFile === undefined ? new MacroLibrary() : loadMacrosFile(options.macrosFile ?? fromRoot(DEFAULT_MACROS_FILE)));
    this.ruleMacros = options.ruleMacros ?? (() => this.macros);
    this.options = { binWithoutField: options.binWithoutField ?? 'time', lookups: options.lookups ?? loadLookups(fromRoot(DEFAULT_LOOKUPS_DIR)) };
    this.profile = options.profile;
  }

  /** The macro definitions rules expand with. */
  get macroLibrary(): MacroLibrary {
    return this.macros;
  }

  /** Events stored so far. */
  get size(): number {
    return this.index.size;
  }

  /** Ids of the events whose _raw TRUNCATE cut at load (empty: every stored _raw is the record's own). */
  get truncatedIds(): ReadonlySet<string> {
    return this.truncatedEventIds;
  }

  async load(records: SplunkRecord[]): Promise<LoadReport> {
    const started = performance.now();
    const rejected: LoadReport['rejected'] = [];
    let stored = 0;
    this.index.reserve(records.length);
    records.forEach((r, i) => {
      const problem = recordProblem(r);
      const id = typeof (r as { _id?: unknown })?._id === 'string' && (r as { _id: string })._id !== '' ? (r as { _id: string })._id : `#${i + 1}`;
      if (problem !== null) return void rejected.push({ id, reason: problem });
      if (this.ids.has(r._id)) return void rejected.push({ id, reason: '_id: already loaded (ids must be unique)' });
      this.ids.add(r._id);
      this.index.add(this.truncate(r));
      stored++;
    });
    return { received: records.length, stored, rejected, elapsedMs: performance.now() - started };
  }

  /** The record as the indexer stores it: _raw cut at the source type's TRUNCATE, before segmentation. */
  private truncate(record: SplunkRecord): SplunkRecord {
    const limit = truncateFor(this.profile, record.sourcetype);
    const raw = truncateRaw(record._raw, limit);
    if (raw === record._raw) return record;
    this.truncated.set(limit, (this.truncated.get(limit) ?? 0) + 1);
    this.truncatedEventIds.add(record._id);
    return { ...record, _raw: raw };
  }

  /** Runs a query (not a rule) over the loaded events: macros expanded, whole pipeline. Throws SplError. */
  search(query: string, label = '<query>', macros: MacroLibrary = this.macros): SearchResult {
    const prepared = prepareSearch(query, macros, label);
    checkSearch(prepared, this.options, label);
    return runPrepared(prepared, this.index, this.options, label);
  }

  /**
   * Ids of the events passing a query's event-level part (macros expanded), without its results: a
   * query that is one base search builds no result row per event. Throws SplError.
   */
  searchEventIds(query: string, label = '<query>', macros: MacroLibrary = this.macros): string[] {
    const prepared = prepareSearch(query, macros, label);
    checkSearch(prepared, this.options, label);
    return runPreparedEventLevel(prepared, this.index, this.options, label).eventIds;
  }

  /** Ids of the events passing the rule's event-level part (everything before its first transforming command). */
  eventLevelIds(rule: SplRule): string[] {
    return this.searchRule(rule).eventIds;
  }

  async run(rule: SplRule): Promise<SplRuleResult> {
    const started = performance.now();
    const result = this.searchRule(rule);
    return {
      ruleId: rule.id,
      backend: this.name,
      expandedQuery: result.expandedQuery,
      rows: result.rows,
      eventLevelIds: result.eventIds,
      notes: [...result.notes, ...[...this.truncated].map(([limit, n]) => `${n} event(s) longer than TRUNCATE = ${limit} bytes were cut at indexing (props.conf, profile ${this.profile?.id ?? '-'})`)],
      elapsedMs: performance.now() - started,
    };
  }

  async close(): Promise<void> {
    // Nothing to release: the index lives in this process.
  }

  private searchRule(rule: SplRule): SearchResult {
    try {
      return this.search(rule.query, `${rule.sourceFile} [query of rule ${rule.id}]`, this.ruleMacros(rule));
    } catch (e) {
      if (e instanceof InputError) throw new RuleRunError(rule.id, this.name, relocateRuleError(e, rule).format());
      throw e;
    }
  }
}
