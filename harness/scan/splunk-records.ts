// Splunk records in a scan: events exported from Splunk, one per line as JSON (a search's results as
// `{"_raw": ..., "_time": ..., "host": ...}`, or the REST export's `{"preview": false, "result": {...}}`
// wrapper) or as CSV records under a header row. Each event becomes `{_raw, _time, host, source,
// sourcetype, index}`; metadata missing from the export comes from the --source data source. The rule runs
// through the embedded SPL engine (harness/engines/spl): macros expanded, parsed, and its event-level
// part (everything before the first transforming command) evaluated over the chunk's events, which go
// into one small event index per chunk. That part must be per event (search, where, eval, fields,
// rename, bin): a command whose answer depends on other events (dedup, head, tail, sort) is refused when
// the plan is built (plan.ts).
// Export formats: https://help.splunk.com/en/splunk-enterprise/search/search-manual/10.0/export-search-results/export-data-using-the-splunk-rest-api
import type { ExecuteOptions } from '../engines/spl/commands/context.js';
import { runPrepared, type PreparedSearch } from '../engines/spl/engine.js';
import { EventIndex, type IndexableEvent } from '../engines/spl/index.js';
import type { SplRule } from '../rules/rule.js';
import { parseCsvRecord } from './csv.js';
import { excerpt, isoTimeOfMillis, jsonErrorColumn, jsonErrorReason, type ChunkSink, type Malformed, type RecordEvaluator } from './evaluator.js';
import { prepareEventLevel, readMacros } from './splunk-rules.js';
import type { MatchInfo, ScanFormat, SplunkSettings } from './types.js';
import { parseSplunkTime } from '../engines/spl/record-time.js';

const EXECUTE_OPTIONS: ExecuteOptions = { binWithoutField: 'time' };

type Fields = Record<string, unknown>;

/** Parsing answers either the event's fields or why it is malformed (tagged by a Malformed-only class). */
class MalformedRecord implements Malformed {
  constructor(
    readonly reason: string,
    readonly column?: number,
  ) {}
}

function isMalformed(value: Fields | Malformed): value is Malformed {
  return value instanceof MalformedRecord;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

interface EventInfo {
  line: number;
  id: string | null;
  host: string;
  /** Epoch seconds. */
  time: number;
  raw: string;
}

export class SplunkEvaluator implements RecordEvaluator {
  private readonly prepared: PreparedSearch[];
  private header: string[] | null = null;
  private index = new EventIndex();
  private infos: EventInfo[] = [];
  private masks = new Uint8Array(0);
  private missingMeta = new Set<string>();

  constructor(
    private readonly rules: SplRule[],
    private readonly settings: SplunkSettings,
    private readonly format: ScanFormat,
  ) {
    const macros = readMacros(settings.macrosFile);
    this.prepared = rules.map((rule) => prepareEventLevel(rule, macros));
  }

  /**
   * SPL terms match the raw text, so there is no field a record must carry: an export that is not
   * Splunk events at all (no `_raw`) is malformed line by line and caught by the malformed threshold.
   */
  fieldsSeen(): readonly boolean[] {
    return [];
  }

  observe(): void {}

  begin(csvHeader: string[] | null): void {
    this.header = csvHeader;
    this.index = new EventIndex();
    this.infos = [];
  }

  record(raw: string, line: number, may: Uint8Array, sink: ChunkSink): Malformed | null {
    const fields = this.format === 'csv' ? this.csvFields(raw) : this.jsonFields(raw);
    if (isMalformed(fields)) return fields;
    const event = this.event(fields, sink);
    if (event instanceof MalformedRecord) return event;
    const doc = this.index.add(event);
    const id = text(fields['_id']) ?? null;
    this.infos.push({ line, id, host: event.host === '' ? '(no host)' : event.host, time: event._time, raw: event._raw });
    const n = this.rules.length;
    if (this.masks.length < (doc + 1) * n) {
      const grown = new Uint8Array(Math.max(1024, this.masks.length * 2, (doc + 1) * n));
      grown.set(this.masks);
      this.masks = grown;
    }
    this.masks.set(may.subarray(0, n), doc * n);
    return null;
  }

  end(sink: ChunkSink): void {
    if (this.index.size === 0) return;
    const n = this.rules.length;
    this.prepared.forEach((prepared, r) => {
      const rule = this.rules[r] as SplRule;
      const result = runPrepared(prepared, this.index, EXECUTE_OPTIONS, `${rule.sourceFile} [query of rule ${rule.id}]`);
      for (const note of result.notes) sink.note(`rule ${rule.id}: ${note}`);
      for (const doc of result.eventDocs) {
        if (this.masks[doc * n + r] !== 1) continue;
        sink.match(r, this.describe(doc));
      }
    });
  }

  private describe(doc: number): MatchInfo {
    const info = this.infos[doc] as EventInfo;
    return { line: info.line, id: info.id, host: info.host, time: isoTimeOfMillis(info.time * 1000), excerpt: excerpt(info.raw) };
  }

  private jsonFields(line: string): Fields | Malformed {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      const message = (error as Error).message;
      return new MalformedRecord(jsonErrorReason(message), jsonErrorColumn(message));
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return new MalformedRecord('not a JSON object (one event per line)');
    const result = (parsed as Fields)['result'];
    // The REST export wraps each result: {"preview": false, "offset": 0, "result": {...}}.
    if (typeof result === 'object' && result !== null && !Array.isArray(result) && !('_raw' in (parsed as Fields))) return result as Fields;
    return parsed as Fields;
  }

  private csvFields(record: string): Fields | Malformed {
    const header = this.header;
    if (header === null) return new MalformedRecord('CSV record before the header row');
    const parsed = parseCsvRecord(record);
    if ('error' in parsed) return new MalformedRecord(`not a valid CSV record: ${parsed.error}`, parsed.column);
    if (parsed.fields.length !== header.length) {
      return new MalformedRecord(`CSV record has ${parsed.fields.length} fields, the header has ${header.length}`);
    }
    const out: Fields = Object.create(null) as Fields;
    header.forEach((name, i) => {
      out[name] = parsed.fields[i];
    });
    return out;
  }

  private event(fields: Fields, sink: ChunkSink): IndexableEvent | MalformedRecord {
    const raw = fields['_raw'];
    if (typeof raw !== 'string') return new MalformedRecord(raw === undefined ? 'no _raw field: not a Splunk event' : '_raw must be a string');
    const time = parseSplunkTime(text(fields['_time']) ?? fields['_time']);
    if (time === null) return new MalformedRecord(fields['_time'] === undefined ? 'no _time field' : '_time is neither epoch seconds nor an ISO 8601 time');
    const meta = (name: 'index' | 'sourcetype' | 'source'): string => {
      const value = text(fields[name]) ?? this.settings.defaults[name];
      if (value !== undefined) return value;
      if (!this.missingMeta.has(name)) {
        this.missingMeta.add(name);
        sink.note(`some events have no ${name} and no --source gives a default: searches on ${name}= do not match them`);
      }
      return '';
    };
    return { _raw: raw, _time: time, host: text(fields['host']) ?? '', source: meta('source'), sourcetype: meta('sourcetype'), index: meta('index') };
  }
}
