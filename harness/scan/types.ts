// What the scan's main thread and its workers exchange. Everything here is plain data (structured
// clone): a worker rebuilds its engines from the plan.
import type { DeploymentProfile } from '../model/profile.js';
import type { Rule } from '../rules/rule.js';
import type { Cnf } from './prefilter/formula.js';

export type ScanFormat = 'ndjson' | 'splunk-json' | 'csv';
export const SCAN_FORMATS: readonly ScanFormat[] = ['ndjson', 'splunk-json', 'csv'];

/** Data sources whose raw vendor records `--raw` maps to ECS (raw-vendor.ts). */
export const RAW_SOURCE_IDS = ['crowdstrike-fdr', 'sentinelone-cloud-funnel', 'm365-defender', 'windows-sysmon', 'winlogbeat-sysmon', 'system-security-4688', 'winlogbeat-security-4688'] as const;
export type RawSourceId = (typeof RAW_SOURCE_IDS)[number];

export function isRawSourceId(id: string): id is RawSourceId {
  return (RAW_SOURCE_IDS as readonly string[]).includes(id);
}

export interface ScanLimits {
  /** Matches listed per rule (the count is always exact). */
  maxMatches: number;
  /** Distinct hosts counted per rule; matches on further hosts are counted together as "other". */
  maxHosts: number;
  /** Distinct days counted per rule; further days are counted together as "other". */
  maxDays: number;
  /** Malformed lines listed (the count is always exact). */
  maxMalformed: number;
}

/** Bytes handed to a worker at a time. */
export const DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024;
/** Longer lines are reported as malformed and skipped. */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

/** Share of an input's events that may be malformed before the scan fails (exit 2). */
export const DEFAULT_MAX_MALFORMED_SHARE = 0.01;

export const DEFAULT_LIMITS: ScanLimits = { maxMatches: 20, maxHosts: 1000, maxDays: 1000, maxMalformed: 100 };

export interface PlannedRule {
  rule: Rule;
  /** The literal prefilter in CNF; null when none can be derived (every line is parsed for this rule). */
  cnf: Cnf | null;
}

export interface ElasticSettings {
  /** `_index` of documents that carry none (from --source), or null: such documents are searched by every rule. */
  defaultIndex: string | null;
  /** An Elasticsearch mapping file replacing ECS, or null. */
  mappingFile: string | null;
  /** `--raw`: records are the data source's raw vendor records, mapped to ECS first (raw-vendor.ts). */
  raw: RawSourceId | null;
  /** The deployment profile whose index settings (Fleet field limits, logsdb) indices get, or null for none. */
  profile: DeploymentProfile | null;
}

export interface SplunkSettings {
  macrosFile: string;
  /** Metadata for events that lack it (from --source). */
  defaults: { index?: string; sourcetype?: string; source?: string };
}

/** Everything a worker needs to evaluate chunks. */
export interface ScanPlan {
  format: ScanFormat;
  siem: 'elastic' | 'splunk';
  rules: PlannedRule[];
  /** Use the literal prefilter (false: parse every line, `--no-prefilter`). */
  prefilter: boolean;
  limits: ScanLimits;
  elastic: ElasticSettings | null;
  splunk: SplunkSettings | null;
}

/** One matching event, as listed in the report. */
export interface MatchInfo {
  /** 1-based physical line where the event starts (relative to its chunk inside a worker). */
  line: number;
  /** `_id` when the event has one. */
  id: string | null;
  host: string;
  /** The event's time as ISO 8601 (UTC), or null when it has none. */
  time: string | null;
  /** A short piece of the event: the command line, or the start of `_raw`. */
  excerpt: string;
}

export interface MalformedLine {
  /** 1-based line (relative to its chunk inside a worker). */
  line: number;
  column?: number;
  reason: string;
}

export interface RuleChunkResult {
  matched: number;
  first: MatchInfo[];
  hosts: [string, number][];
  days: [string, number][];
}

/** Chunk memory: shared with the workers, so handing a chunk over copies and detaches nothing. */
export type ChunkMemory = SharedArrayBuffer | ArrayBuffer;

/** A chunk as handed to a worker: whole lines (or CSV records) of one input. */
export interface ChunkJob {
  seq: number;
  input: number;
  buffer: ChunkMemory;
  /** Bytes used; the chunk ends at a line (or CSV record) end, or is the end of its input. */
  length: number;
  /** CSV column names (the input's header record). */
  csvHeader: string[] | null;
}

export interface ChunkResult {
  seq: number;
  input: number;
  /** Physical lines the chunk holds. */
  lines: number;
  /** Non-blank lines or records: the events read. */
  records: number;
  blank: number;
  /** Records parsed (whatever came of it). */
  parsed: number;
  /** Records the prefilter ruled out for every rule, never parsed. */
  prefiltered: number;
  malformedCount: number;
  malformed: MalformedLine[];
  rules: RuleChunkResult[];
  /** Observations to report once (deduplicated by the main thread). */
  notes: string[];
  /** Per required field group of every rule: whether a record of the chunk carries one of its fields (RecordEvaluator.fieldsSeen). */
  fieldsSeen: boolean[];
}

/** A chunk of a plain JSON-lines file given by byte range: the worker reads it itself (file-range.ts). */
export interface RangeJob {
  seq: number;
  input: number;
  path: string;
  /**
   * The descriptor the main thread opened the input with: every thread reads this one open file
   * (worker threads share the process's descriptors), so a file replaced under its name mid-scan is
   * not read as a mix of two files (input-identity.ts checks that it was not).
   */
  fd: number;
  start: number;
  end: number;
  fileSize: number;
  maxLineBytes: number;
}

/** To a worker: its plan (once, first), then chunks. */
export type WorkerMessage = { plan: ScanPlan } | { job: ChunkJob } | { range: RangeJob };

/** A worker's answer; `buffer` is the chunk memory to reuse (none for a range it read itself). */
export type WorkerReply = { kind: 'result'; result: ChunkResult; buffer: ChunkMemory | null } | { kind: 'error'; seq: number; message: string };

/** A result with nothing in it (a range that owns no line). */
export function emptyChunkResult(seq: number, input: number, ruleCount: number): ChunkResult {
  return {
    seq,
    input,
    lines: 0,
    records: 0,
    blank: 0,
    parsed: 0,
    prefiltered: 0,
    malformedCount: 0,
    malformed: [],
    rules: Array.from({ length: ruleCount }, () => ({ matched: 0, first: [], hosts: [], days: [] })),
    notes: [],
    fieldsSeen: [],
  };
}

/** Adds one last line, longer than --max-line-bytes and not read, to a chunk's result as malformed. */
export function withTooLongLine<R extends Omit<ChunkResult, 'seq' | 'input'>>(result: R, maxLineBytes: number, maxMalformed: number): R {
  const line = result.lines + 1;
  const malformed = result.malformed.length < maxMalformed ? [...result.malformed, { line, reason: `line is longer than ${maxLineBytes} bytes (--max-line-bytes): not read` }] : result.malformed;
  // Examined and rejected, like a line that fails to parse.
  return { ...result, lines: line, records: result.records + 1, parsed: result.parsed + 1, malformedCount: result.malformedCount + 1, malformed };
}
