// One chunk of whole lines (or CSV records) in, its counts and matches out. The same code runs in every
// worker thread and, for small inputs, in the main thread.
//
// For each record: blank records are counted apart; when every rule has a prefilter, a record no rule's
// prefilter admits is not parsed ("prefiltered"), unless it does not even look like one JSON object
// (first non-blank byte `{`, last `}`): such a line is parsed so that it is reported as malformed, with
// the parser's reason. Every other record is parsed and evaluated by the SIEM's evaluator. With the
// prefilter on JSON lines, JavaScript visits only the lines some rule's prefilter admits and the lines
// that do not look like one object (simd-scan.ts finds both kinds in one pass over the bytes); every
// other line is counted without being looked at.
import type { ChunkSink, RecordEvaluator } from './evaluator.js';
import { ChunkPrefilter, spanStart, type SpanTable } from './prefilter/matcher.js';
import { createChunkScanner, JsChunkScanner, type ChunkScanner, type LineScan, type ScanOptions } from './prefilter/simd-scan.js';
import { csvSpans, Spans } from './spans.js';
import { readRange, type RangeContent } from './file-range.js';
import { emptyChunkResult, withTooLongLine, type ChunkResult, type MatchInfo, type MalformedLine, type RangeJob, type RuleChunkResult, type ScanPlan } from './types.js';
import type { Cnf } from './prefilter/formula.js';
import type { EqlRule, SplRule } from '../rules/rule.js';

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

function isBlankByte(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0d || b === 0x0a;
}

/** Whether bytes [start, end) are all blanks (spaces, tabs, CR, LF). */
function isBlankSpan(buffer: Buffer, start: number, end: number): boolean {
  for (let k = start; k < end; k++) if (!isBlankByte(buffer[k] as number)) return false;
  return true;
}

/** Day bucket of a match: `YYYY-MM-DD` (UTC) or `(no time)`. */
export function dayOf(info: MatchInfo): string {
  return info.time === null ? '(no time)' : info.time.slice(0, 10);
}

/** One rule's matches in one chunk (bounded by the chunk's lines). */
class RuleCollector {
  private matched = 0;
  private readonly first: MatchInfo[] = [];
  private readonly hostCounts = new Map<string, number>();
  private readonly dayCounts = new Map<string, number>();

  constructor(private readonly maxMatches: number) {}

  add(info: MatchInfo): void {
    this.matched++;
    if (this.first.length < this.maxMatches) this.first.push(info);
    this.hostCounts.set(info.host, (this.hostCounts.get(info.host) ?? 0) + 1);
    const day = dayOf(info);
    this.dayCounts.set(day, (this.dayCounts.get(day) ?? 0) + 1);
  }

  finish(): RuleChunkResult {
    return { matched: this.matched, first: this.first, hosts: [...this.hostCounts], days: [...this.dayCounts] };
  }
}

/** The SIEM's evaluator; only its engine is loaded (a worker for Elastic rules never loads the SPL engine). */
export async function loadEvaluator(plan: ScanPlan): Promise<RecordEvaluator> {
  if (plan.siem === 'elastic') {
    if (plan.elastic === null) throw new Error('scan plan for Elastic rules lacks its Elastic settings');
    const { ElasticEvaluator } = await import('./elastic-records.js');
    return new ElasticEvaluator(
      plan.rules.map((r) => r.rule as EqlRule),
      plan.elastic,
    );
  }
  if (plan.splunk === null) throw new Error('scan plan for Splunk rules lacks its Splunk settings');
  const { SplunkEvaluator } = await import('./splunk-records.js');
  return new SplunkEvaluator(
    plan.rules.map((r) => r.rule as SplRule),
    plan.splunk,
    plan.format,
  );
}

export interface ChunkInput {
  buffer: Buffer;
  length: number;
  csvHeader: string[] | null;
}

const CR = 0x0d;
const NO_PROBES: ScanOptions = { probes: [], fold: false };
/**
 * Chunks larger than this (one holding a line longer than a chunk) go through the JavaScript pass: the
 * SIMD pass's memory holds tables sized by the chunk, and WebAssembly memory never shrinks.
 */
const SIMD_CHUNK_LIMIT = 8 * 1024 * 1024;

/** A chunk's spans as the loop reads them: lines (line number = index) or CSV records (their own table). */
interface ChunkSpans extends SpanTable {
  /** 0-based physical line where each span starts; null: span i is line i. */
  lines: Int32Array | null;
  physicalLines: number;
  /** A CSV record whose quoted field never closes, or -1. */
  unterminated: number;
}

function lineSpans(scan: LineScan): ChunkSpans {
  return { starts: null, ends: scan.ends, count: scan.lineCount, lines: null, physicalLines: scan.lineCount, unterminated: -1 };
}

export class ChunkProcessor {
  private readonly evaluator: RecordEvaluator;
  private readonly prefilter: ChunkPrefilter | null;
  private readonly scanner: ChunkScanner;
  private readonly csvRecords = new Spans();
  private spans: ChunkSpans = { starts: null, ends: new Int32Array(0), count: 0, lines: null, physicalLines: 0, unterminated: -1 };
  private readonly ruleCount: number;
  private readonly may: Uint8Array;
  private readonly all: Uint8Array;
  private readonly json: boolean;
  /** Blank lines of the current chunk that prepare() counted instead of listing them. */
  private blankOdd = 0;
  /** Notes already sent: each is reported once per worker. */
  private readonly sentNotes = new Set<string>();

  constructor(
    private readonly plan: ScanPlan,
    evaluator: RecordEvaluator,
    scanner: ChunkScanner = createChunkScanner(),
  ) {
    this.evaluator = evaluator;
    this.scanner = scanner;
    this.ruleCount = plan.rules.length;
    this.may = new Uint8Array(this.ruleCount);
    this.all = new Uint8Array(this.ruleCount).fill(1);
    this.json = plan.format !== 'csv';
    const cnfs = plan.rules.map((r) => r.cnf);
    const usable = plan.prefilter && cnfs.every((c): c is Cnf => c !== null && c.length > 0);
    this.prefilter = usable ? new ChunkPrefilter(cnfs as Cnf[], this.json) : null;
  }

  /** A large chunk gets a scanner of its own, dropped afterwards with its memory. */
  private scannerFor(length: number): ChunkScanner {
    return length > SIMD_CHUNK_LIMIT ? new JsChunkScanner() : this.scanner;
  }

  static async create(plan: ScanPlan, scanner?: ChunkScanner): Promise<ChunkProcessor> {
    return new ChunkProcessor(plan, await loadEvaluator(plan), scanner);
  }

  /** Spans of the chunk, and the ones that need a look whatever the prefilter says (all of them without one). */
  private prepare(buffer: Buffer, length: number): number[] | null {
    const prefilter = this.prefilter;
    if (this.json) {
      const scan = this.scannerFor(length).scan(buffer, length, prefilter === null ? NO_PROBES : prefilter.request());
      const spans = lineSpans(scan);
      this.spans = spans;
      if (prefilter === null) return null;
      prefilter.run(buffer, length, spans, scan);
      // Lines that do not look like one JSON object (blank, malformed, indented) and the unterminated tail.
      // Blank ones are counted here and not listed: a long run of blank lines costs one byte check each.
      const tail = scan.lineCount > scan.newlineCount ? scan.newlineCount : -1;
      return this.examineList(buffer, spans, prefilter.candidates, scan.odd, scan.oddCount, tail);
    }
    const spans = this.csvRecords;
    csvSpans(buffer, length, spans);
    this.spans = spans;
    if (prefilter === null) return null;
    // CSV: the pass's probe hits and folded copy serve; its lines do not (records may span lines).
    prefilter.run(buffer, length, spans, this.scannerFor(length).scan(buffer, length, prefilter.request()));
    return null;
  }

  /**
   * Ascending union of the prefilter's candidates and the odd lines (then `tail`, or -1), without the
   * odd lines that are blank: those are counted in `blankOdd`.
   */
  private examineList(buffer: Buffer, spans: ChunkSpans, candidates: readonly number[], odd: ArrayLike<number>, oddCount: number, tail: number): number[] {
    const out: number[] = [];
    let blank = 0;
    let i = 0;
    let j = 0;
    const oddTotal = oddCount + (tail >= 0 ? 1 : 0);
    while (i < candidates.length || j < oddTotal) {
      const x = i < candidates.length ? (candidates[i] as number) : Infinity;
      const y = j < oddTotal ? (j < oddCount ? (odd[j] as number) : tail) : Infinity;
      const next = Math.min(x, y);
      if (x === next) i++;
      if (y === next) j++;
      if (x !== next && isBlankSpan(buffer, spanStart(spans, next), spans.ends[next] as number)) {
        blank++;
        continue;
      }
      out.push(next);
    }
    this.blankOdd = blank;
    return out;
  }

  process(input: ChunkInput): Omit<ChunkResult, 'seq' | 'input'> {
    const { buffer, length } = input;
    this.blankOdd = 0;
    const examine = this.prepare(buffer, length);
    const spans = this.spans;
    const collectors = this.plan.rules.map(() => new RuleCollector(this.plan.limits.maxMatches));
    const notes: string[] = [];
    const sink: ChunkSink = {
      match: (rule, info) => (collectors[rule] as RuleCollector).add(info),
      note: (text) => {
        if (this.sentNotes.has(text)) return;
        this.sentNotes.add(text);
        notes.push(text);
      },
    };
    const malformed: MalformedLine[] = [];
    let malformedCount = 0;
    let blank = this.blankOdd;
    let parsed = 0;
    const prefilter = this.prefilter;
    this.evaluator.begin(input.csvHeader);
    const { ends, lines, count } = spans;
    const total = examine === null ? count : examine.length;
    for (let x = 0; x < total; x++) {
      const i = examine === null ? x : (examine[x] as number);
      const s = spanStart(spans, i);
      let e = ends[i] as number;
      if (e > s && buffer[e - 1] === CR) e--;
      let first = s;
      while (first < e && isBlankByte(buffer[first] as number)) first++;
      if (first === e) {
        blank++;
        continue;
      }
      const line = (lines === null ? i : (lines[i] as number)) + 1;
      let may = this.all;
      if (prefilter !== null) {
        let any = false;
        for (let r = 0; r < this.ruleCount; r++) {
          const m = prefilter.mayMatch(r, i);
          this.may[r] = m ? 1 : 0;
          any ||= m;
        }
        may = this.may;
        // A CSV record whose quoted field never closes is malformed whatever the literals say.
        if (!any && spans.unterminated !== i && this.looksWhole(buffer, first, e)) {
          // Until records have shown every field a rule needs, ruled-out records are looked at for them
          // (a file that lacks one is read as without a prefilter: slower, never a false warning).
          if (this.evaluator.fieldsSeen().some((seen) => !seen)) this.evaluator.observe(buffer.toString('utf8', s, e));
          continue;
        }
      }
      parsed++;
      const problem =
        spans.unterminated === i
          ? { reason: 'quoted field is not closed before the end of the input', column: undefined }
          : this.evaluator.record(buffer.toString('utf8', s, e), line, may, sink);
      if (problem !== null) {
        malformedCount++;
        if (malformed.length < this.plan.limits.maxMalformed) {
          malformed.push(problem.column === undefined ? { line, reason: problem.reason } : { line, column: problem.column, reason: problem.reason });
        }
      }
    }
    if (examine !== null) this.observeUnexamined(buffer, examine);
    this.evaluator.end(sink);
    const records = count - blank;
    return {
      lines: spans.physicalLines,
      records,
      blank,
      parsed,
      prefiltered: records - parsed,
      malformedCount,
      malformed,
      rules: collectors.map((c) => c.finish()),
      notes,
      fieldsSeen: [...this.evaluator.fieldsSeen()],
    };
  }

  /**
   * The byte pass hands over only the lines a rule's literals admit; the others were never looked at.
   * Until records have shown every field a rule needs, those are looked at too, for their fields only
   * (usually the first few lines of a chunk), so a file of events that cannot match is not mistaken
   * for one whose records lack the rule's fields.
   */
  private observeUnexamined(buffer: Buffer, examine: readonly number[]): void {
    const spans = this.spans;
    let next = 0;
    for (let i = 0; i < spans.count; i++) {
      if (next < examine.length && examine[next] === i) {
        next++;
        continue;
      }
      if (!this.evaluator.fieldsSeen().some((seen) => !seen)) return;
      const s = spanStart(spans, i);
      let e = spans.ends[i] as number;
      if (e > s && buffer[e - 1] === CR) e--;
      let first = s;
      while (first < e && isBlankByte(buffer[first] as number)) first++;
      if (first < e && this.looksWhole(buffer, first, e)) this.evaluator.observe(buffer.toString('utf8', s, e));
    }
  }

  /** A byte range of a plain JSON-lines file, read here (file-range.ts) straight into the SIMD pass's memory. */
  processRange(job: Omit<RangeJob, 'seq' | 'input'>): Omit<ChunkResult, 'seq' | 'input'> {
    // The scan's own descriptor (opened once by the main thread, which closes it).
    const content: RangeContent = readRange(job.fd, job, (capacity) => this.scannerFor(capacity).area(capacity));
    const { seq: _seq, input: _input, ...empty } = emptyChunkResult(0, 0, this.ruleCount);
    const result = content.length > 0 ? this.process({ buffer: content.buffer, length: content.length, csvHeader: null }) : empty;
    return content.tooLongLine ? withTooLongLine(result, job.maxLineBytes, this.plan.limits.maxMalformed) : result;
  }

  /** Whether a record the prefilter ruled out may be skipped: a JSON line must at least look like one object. */
  private looksWhole(buffer: Buffer, first: number, end: number): boolean {
    if (!this.json) return true;
    let last = end - 1;
    while (last > first && isBlankByte(buffer[last] as number)) last--;
    return buffer[first] === OPEN_BRACE && buffer[last] === CLOSE_BRACE;
  }
}
