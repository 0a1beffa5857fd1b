// Adds chunk results up, in input order, into the scan's report. Everything kept is bounded: the first N
// matches, the first N distinct hosts and days (later ones are counted together as "other"), the first
// N malformed lines; every count stays exact, and the report says when a list was capped.
import type { ChunkResult, MatchInfo, ScanLimits } from './types.js';

export interface ListedMatch extends Omit<MatchInfo, 'line'> {
  file: string;
  line: number;
}

export interface CountEntry {
  key: string;
  count: number;
}

export interface BoundedCounts {
  /** In order of first appearance in the input. */
  items: CountEntry[];
  /** Matches under keys beyond the cap. */
  other: number;
  capped: boolean;
}

export interface RuleTotals {
  matched: number;
  firstMatches: ListedMatch[];
  firstMatchesCapped: boolean;
  hosts: BoundedCounts;
  days: BoundedCounts;
}

export interface InputTotals {
  file: string;
  gzip: boolean;
  /** Bytes read (after decompression). */
  bytes: number;
  lines: number;
  blank: number;
  records: number;
  malformed: number;
  /** Why reading stopped early (the rest of the input was not read), or null. */
  error: string | null;
  /** Per required field group of every rule: whether some record of the input carries one of its fields. */
  fieldsSeen: boolean[];
}

export interface ListedMalformed {
  file: string;
  line: number;
  column?: number;
  reason: string;
}

class BoundedCounter {
  private readonly counts = new Map<string, number>();
  private other = 0;
  private capped = false;

  constructor(private readonly cap: number) {}

  add(key: string, n: number): void {
    const current = this.counts.get(key);
    if (current !== undefined) this.counts.set(key, current + n);
    else if (this.counts.size < this.cap) this.counts.set(key, n);
    else {
      this.other += n;
      this.capped = true;
    }
  }

  result(): BoundedCounts {
    return { items: [...this.counts].map(([key, count]) => ({ key, count })), other: this.other, capped: this.capped };
  }
}

class RuleAggregate {
  matched = 0;
  readonly first: ListedMatch[] = [];
  firstCapped = false;
  readonly hosts: BoundedCounter;
  readonly days: BoundedCounter;

  constructor(private readonly limits: ScanLimits) {
    this.hosts = new BoundedCounter(limits.maxHosts);
    this.days = new BoundedCounter(limits.maxDays);
  }

  totals(): RuleTotals {
    return { matched: this.matched, firstMatches: this.first, firstMatchesCapped: this.firstCapped, hosts: this.hosts.result(), days: this.days.result() };
  }

  add(result: ChunkResult['rules'][number], file: string, lineBase: number): void {
    this.matched += result.matched;
    for (const m of result.first) {
      if (this.first.length < this.limits.maxMatches) this.first.push({ ...m, file, line: m.line + lineBase });
    }
    if (this.matched > this.first.length) this.firstCapped = true;
    for (const [host, n] of result.hosts) this.hosts.add(host, n);
    for (const [day, n] of result.days) this.days.add(day, n);
  }
}

export class ScanAggregate {
  private readonly rules: RuleAggregate[];
  readonly inputs: InputTotals[] = [];
  readonly malformed: ListedMalformed[] = [];
  malformedCount = 0;
  parsed = 0;
  prefiltered = 0;
  readonly notes: string[] = [];
  private readonly noteSet = new Set<string>();
  /** Lines of each input merged so far (the next chunk's line base). */
  private readonly lineBase: number[] = [];

  constructor(
    ruleCount: number,
    private readonly limits: ScanLimits,
  ) {
    this.rules = Array.from({ length: ruleCount }, () => new RuleAggregate(limits));
  }

  /** Registers an input; `headerLines` are lines before the first chunk (a CSV header). */
  startInput(file: string, gzip: boolean, headerLines: number): number {
    this.inputs.push({ file, gzip, bytes: 0, lines: headerLines, blank: 0, records: 0, malformed: 0, error: null, fieldsSeen: [] });
    this.lineBase.push(headerLines);
    return this.inputs.length - 1;
  }

  addBytes(input: number, bytes: number): void {
    (this.inputs[input] as InputTotals).bytes += bytes;
  }

  setHeaderLines(input: number, lines: number): void {
    (this.inputs[input] as InputTotals).lines += lines;
    this.lineBase[input] = (this.lineBase[input] as number) + lines;
  }

  fail(input: number, reason: string): void {
    const totals = this.inputs[input] as InputTotals;
    totals.error ??= reason;
  }

  note(text: string): void {
    if (this.noteSet.has(text)) return;
    this.noteSet.add(text);
    this.notes.push(text);
  }

  /** Adds one chunk's result; chunks of an input must come in input order. */
  add(result: ChunkResult): void {
    const input = this.inputs[result.input] as InputTotals;
    const base = this.lineBase[result.input] as number;
    input.lines += result.lines;
    input.blank += result.blank;
    input.records += result.records;
    input.malformed += result.malformedCount;
    result.fieldsSeen.forEach((seen, r) => {
      if (seen) input.fieldsSeen[r] = true;
    });
    this.malformedCount += result.malformedCount;
    this.parsed += result.parsed;
    this.prefiltered += result.prefiltered;
    for (const m of result.malformed) {
      if (this.malformed.length >= this.limits.maxMalformed) break;
      this.malformed.push(m.column === undefined ? { file: input.file, line: m.line + base, reason: m.reason } : { file: input.file, line: m.line + base, column: m.column, reason: m.reason });
    }
    result.rules.forEach((r, i) => (this.rules[i] as RuleAggregate).add(r, input.file, base));
    for (const n of result.notes) this.note(n);
    this.lineBase[result.input] = base + result.lines;
  }

  ruleTotals(): RuleTotals[] {
    return this.rules.map((r) => r.totals());
  }
}
