// Evaluates the rules' literal prefilters on raw chunk bytes, without decoding a string.
//
// Each rule has an "anchor": the clause of its CNF that occurs least often (estimated on a sample chunk
// every ESTIMATE_EVERY chunks). Only the anchor is searched over the whole chunk; the few lines it hits
// are then checked against the rule's other clauses. The anchor's atoms are found by the SIMD pass
// (simd-scan.ts) itself: for each atom it reports where the atom's rarest byte pair occurs, and each hit
// is checked here against the whole atom. Where the pass cannot serve (more than MAX_PROBES anchor atoms,
// too many hits, or the sample chunk), atoms are searched with Buffer.indexOf: case-sensitive ones in the
// bytes, case-insensitive ones in the folded copy (every byte OR 0x20, which maps `A`-`Z` onto `a`-`z`
// and never maps a byte onto a letter it was not the other case of; other bytes may collide, which only
// adds candidates). Lines holding a JSON `\uXXXX` escape that decodes to a character of any atom are
// "forced": the prefilter cannot see through them, so they are parsed whatever it says.
import type { Atom, Clause, Cnf } from './formula.js';
import { foldInto, MAX_PROBES, type LineScan, type Probe, type ScanOptions } from './simd-scan.js';

const BACKSLASH = 0x5c;
const ESCAPE_U = Buffer.from('\\u', 'latin1');
/** A hit (a candidate line checked, maybe parsed) costs about as much as searching this many bytes. */
const SCAN_BYTES_PER_HIT = 2048;
/** Chunks between two re-estimations of the anchor clauses. */
const ESTIMATE_EVERY = 256;

interface CompiledAtom {
  /** Bytes to search: folded (OR 0x20) for a case-insensitive atom. */
  bytes: Buffer;
  ci: boolean;
  key: string;
}

type CompiledClause = CompiledAtom[];

/** Folds one byte the way the chunk is folded (OR 0x20; simd-scan.ts). */
function foldByte(b: number): number {
  return b | 0x20;
}

function compileAtom(a: Atom): CompiledAtom {
  const bytes = Buffer.from(a.text, 'latin1');
  if (a.ci) for (let i = 0; i < bytes.length; i++) bytes[i] = foldByte(bytes[i] as number);
  return { bytes, ci: a.ci, key: (a.ci ? 'i:' : 's:') + a.text };
}

/**
 * Spans (lines or CSV records) of a chunk: [start, ends[i]). `starts` null: each span starts just after
 * the previous one's end (lines, whose end is their newline: no per-line table needs filling).
 */
export interface SpanTable {
  starts: Int32Array | null;
  ends: Int32Array;
  count: number;
}

export function spanStart(spans: SpanTable, i: number): number {
  if (spans.starts !== null) return spans.starts[i] as number;
  return i === 0 ? 0 : (spans.ends[i - 1] as number) + 1;
}

/** The span holding offset `at` (binary search over the span ends), or -1. */
function spanAt(spans: SpanTable, at: number): number {
  let lo = 0;
  let hi = spans.count - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((spans.ends[mid] as number) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo < spans.count && (spans.ends[lo] as number) >= at && spanStart(spans, lo) <= at ? lo : -1;
}

/** A probe of the SIMD pass: the byte pair at `offset` of an anchor atom. */
interface ProbeTarget {
  atom: CompiledAtom;
  offset: number;
  /** Rules whose anchor clause holds the atom. */
  rules: number[];
}

export class ChunkPrefilter {
  private readonly rules: CompiledClause[][];
  /** ASCII code points whose `\u` escape could spell part of an atom. */
  private readonly danger = new Uint8Array(128);
  /** Span indices some rule may match (or forced), ascending, from the last run. */
  candidates: number[] = [];
  /** Whether any atom is case-insensitive (the indexOf search then needs the folded chunk). */
  readonly needsFold: boolean;
  private marks: Uint8Array[];
  private forcedMarks = new Uint8Array(0);
  private readonly anchors: number[];
  private chunksSinceEstimate = ESTIMATE_EVERY;
  /** The SIMD pass's probes for the anchors, or null when they do not fit (indexOf then). */
  private targets: ProbeTarget[] | null = null;
  /** What the last request() asked the pass for. */
  private requested: { probes: boolean; estimate: boolean } = { probes: false, estimate: true };
  private readonly scratch = { words: new Uint32Array(0), bytes: Buffer.alloc(0) };
  /** Whether the last chunk's anchors hit more than one line in eight. */
  private dense = false;
  /**
   * The probe index the SIMD pass reports `\u` pairs under, when a probe is free (-1: none); their
   * positions then replace a Buffer.indexOf pass over the whole chunk (Windows paths are full of
   * backslashes, at which that search stops: half the cost of the SIMD pass itself on Defend documents).
   */
  private escapeProbe = -1;
  private readonly escapeHits: number[] = [];

  /**
   * @param cnfs one non-empty CNF per rule
   * @param jsonEscapes the lines are JSON (escapes can hide characters); false for CSV
   */
  constructor(
    cnfs: Cnf[],
    private readonly jsonEscapes: boolean,
  ) {
    this.rules = cnfs.map((cnf) => cnf.map((clause: Clause) => clause.map(compileAtom)));
    this.needsFold = cnfs.some((cnf) => cnf.some((c) => c.some((a) => a.ci)));
    for (const cnf of cnfs) {
      for (const clause of cnf) {
        for (const a of clause) {
          for (let i = 0; i < a.text.length; i++) {
            const code = a.text.charCodeAt(i);
            this.danger[code] = 1;
            if (a.ci && code >= 0x61 && code <= 0x7a) this.danger[code - 0x20] = 1;
          }
        }
      }
    }
    this.marks = cnfs.map(() => new Uint8Array(0));
    this.anchors = cnfs.map(() => 0);
  }

  /** What the SIMD pass over the next chunk should report. */
  request(): ScanOptions {
    const estimate = this.chunksSinceEstimate >= ESTIMATE_EVERY;
    const targets = estimate ? null : this.targets;
    this.requested = { probes: targets !== null, estimate };
    const probes = targets === null ? [] : targets.map(probeOf);
    this.escapeProbe = this.jsonEscapes && targets !== null && probes.length < MAX_PROBES ? probes.length : -1;
    if (this.escapeProbe >= 0) probes.push(ESCAPE_PROBE);
    // The folded copy comes cheapest from the SIMD pass: asked for when the atoms are searched whole, and
    // when the last chunk's anchor hit many lines (their other clauses are then checked in the folded copy).
    return { probes, fold: this.needsFold && (targets === null || this.dense) };
  }

  /** Whether rule `r` may match span `i` of the last chunk run (forced spans: always). */
  mayMatch(r: number, i: number): boolean {
    return (this.marks[r] as Uint8Array)[i] === 1 || this.forcedMarks[i] === 1;
  }

  /** Whether span `i` holds an escape the prefilter cannot see through. */
  forced(i: number): boolean {
    return this.forcedMarks[i] === 1;
  }

  /**
   * Marks the spans of `chunk[0, length)` each rule may match, from the SIMD pass asked for with
   * request() (its probe hits, folded copy and `\u` flag).
   */
  run(chunk: Buffer, length: number, spans: SpanTable, scan: Pick<LineScan, 'folded' | 'hits' | 'escapeU'>): void {
    const n = spans.count;
    for (let r = 0; r < this.rules.length; r++) {
      if ((this.marks[r] as Uint8Array).length < n) this.marks[r] = new Uint8Array(Math.max(n, 1024));
      (this.marks[r] as Uint8Array).fill(0, 0, n);
    }
    if (this.forcedMarks.length < n) this.forcedMarks = new Uint8Array(Math.max(n, 1024));
    this.forcedMarks.fill(0, 0, n);
    this.candidates = [];
    if (n === 0) return;
    const raw = chunk.subarray(0, length);
    const useHits = this.requested.probes && scan.hits !== null && this.targets !== null;
    let folded = scan.folded;
    if (!useHits && this.needsFold && folded === null) folded = foldInto(chunk, length, this.scratch);
    if (this.requested.estimate) {
      this.estimateAnchors(raw, folded ?? raw);
      this.chunksSinceEstimate = 0;
    }
    this.chunksSinceEstimate++;
    const found: number[] = [];
    const hitSpans: number[][] = this.rules.map(() => []);
    if (useHits) this.markFromHits(raw, spans, scan.hits as Int32Array, hitSpans);
    else for (let r = 0; r < this.rules.length; r++) this.markFromSearch(r, raw, folded ?? raw, spans, hitSpans[r] as number[]);
    // When the anchor hits many lines (a QEMU-heavy file), folding the chunk once costs less than folding
    // each hit line apart for the case-insensitive atoms of the other clauses.
    this.dense = hitSpans.reduce((sum, h) => sum + h.length, 0) * 8 > n;
    if (folded === null && this.needsFold && this.dense) folded = foldInto(chunk, length, this.scratch);
    for (let r = 0; r < this.rules.length; r++) this.checkOtherClauses(r, raw, folded, spans, hitSpans[r] as number[], found);
    if (this.jsonEscapes && scan.escapeU) {
      if (useHits && this.escapeProbe >= 0) this.markEscapesAt(this.escapeHits, raw, spans, found);
      else this.markEscapes(raw, spans, found);
    }
    found.sort((a, b) => a - b);
    for (let i = 0; i < found.length; i++) if (i === 0 || found[i] !== found[i - 1]) this.candidates.push(found[i] as number);
  }

  /**
   * Picks each rule's anchor: the clause cheapest to search. Every atom costs one pass over the chunk
   * (counted as the work of SCAN_BYTES_PER_HIT bytes per hit) plus its hits on this sample. Then picks,
   * for each anchor atom, the byte pair the SIMD pass reports: the one that occurs least.
   */
  private estimateAnchors(raw: Buffer, folded: Buffer): void {
    const passCost = Math.max(1, raw.length / SCAN_BYTES_PER_HIT);
    this.rules.forEach((clauses, r) => {
      let best = 0;
      let bestCost = Infinity;
      clauses.forEach((clause, c) => {
        let cost = 0;
        // Beyond one pass's worth of hits an atom is a poor anchor anyway: stop counting there.
        for (const a of clause) cost += passCost + countUpTo(a.ci ? folded : raw, a.bytes, passCost);
        if (cost < bestCost) {
          bestCost = cost;
          best = c;
        }
      });
      this.anchors[r] = best;
    });
    const byKey = new Map<string, ProbeTarget>();
    this.rules.forEach((clauses, r) => {
      for (const atom of clauses[this.anchors[r] as number] as CompiledClause) {
        const target = byKey.get(atom.key);
        if (target !== undefined) {
          target.rules.push(r);
          continue;
        }
        byKey.set(atom.key, { atom, offset: rarestPair(atom, atom.ci ? folded : raw, passCost), rules: [r] });
      }
    });
    this.targets = byKey.size <= MAX_PROBES && [...byKey.values()].every((t) => t.atom.bytes.length >= 2) ? [...byKey.values()] : null;
  }

  /** Marks the spans where a probe hit is the start of its whole atom. */
  private markFromHits(raw: Buffer, spans: SpanTable, hits: Int32Array, hitSpans: number[][]): void {
    const targets = this.targets as ProbeTarget[];
    const escapes = this.escapeHits;
    escapes.length = 0;
    for (let h = 0; h < hits.length; h++) {
      const code = hits[h] as number;
      if ((code & 7) === this.escapeProbe) {
        escapes.push(code >>> 3);
        continue;
      }
      const target = targets[code & 7] as ProbeTarget;
      const start = (code >>> 3) - target.offset;
      const atom = target.atom;
      if (start < 0 || !atomAt(raw, start, atom)) continue;
      const k = spanAt(spans, start);
      if (k < 0 || (spans.ends[k] as number) < start + atom.bytes.length) continue;
      for (const r of target.rules) {
        const marks = this.marks[r] as Uint8Array;
        if (marks[k] === 1) continue;
        marks[k] = 1;
        (hitSpans[r] as number[]).push(k);
      }
    }
  }

  /** Marks the spans where an atom of rule `r`'s anchor occurs, with Buffer.indexOf. */
  private markFromSearch(r: number, raw: Buffer, folded: Buffer, spans: SpanTable, hits: number[]): void {
    const clauses = this.rules[r] as CompiledClause[];
    const marks = this.marks[r] as Uint8Array;
    const { ends, count } = spans;
    for (const a of clauses[this.anchors[r] as number] as CompiledClause) {
      const hay = a.ci ? folded : raw;
      const m = a.bytes.length;
      let pos = 0;
      let k = 0;
      for (;;) {
        const hit = hay.indexOf(a.bytes, pos);
        if (hit < 0) break;
        while (k < count && (ends[k] as number) < hit + m) k++;
        if (k >= count) break;
        if (spanStart(spans, k) <= hit) {
          if (marks[k] !== 1) hits.push(k);
          marks[k] = 1;
          // The span is decided; look from the next one on.
          pos = (ends[k] as number) + 1;
        } else {
          // A folded hit across a line break: not an occurrence; keep looking.
          pos = hit + 1;
        }
      }
    }
  }

  /** Keeps the spans the anchor marked only where every other clause of the rule holds too. */
  private checkOtherClauses(r: number, raw: Buffer, folded: Buffer | null, spans: SpanTable, hits: number[], found: number[]): void {
    const clauses = this.rules[r] as CompiledClause[];
    const anchor = this.anchors[r] as number;
    const marks = this.marks[r] as Uint8Array;
    for (const i of hits) {
      const s = spanStart(spans, i);
      const e = spans.ends[i] as number;
      let foldedSpan: Buffer | null = folded === null ? null : folded.subarray(s, e);
      let holds = true;
      for (let c = 0; c < clauses.length && holds; c++) {
        if (c === anchor) continue;
        holds = (clauses[c] as CompiledClause).some((a) => {
          if (!a.ci) return raw.subarray(s, e).indexOf(a.bytes) >= 0;
          foldedSpan ??= foldInto(raw.subarray(s, e), e - s, this.scratch);
          return foldedSpan.indexOf(a.bytes) >= 0;
        });
      }
      if (holds) found.push(i);
      else marks[i] = 0;
    }
  }

  /** Forces spans holding a `\uXXXX` escape (an odd run of backslashes before `u`) of a dangerous character. */
  private markEscapes(raw: Buffer, spans: SpanTable, found: number[]): void {
    const { ends, count } = spans;
    let pos = 0;
    let k = 0;
    for (;;) {
      const hit = raw.indexOf(ESCAPE_U, pos);
      if (hit < 0) return;
      pos = hit + 2;
      while (k < count && (ends[k] as number) <= hit) k++;
      if (k >= count) return;
      this.checkEscape(raw, spans, k, hit, found);
    }
  }

  /** markEscapes over the `\u` positions the SIMD pass reported (ascending). */
  private markEscapesAt(hits: readonly number[], raw: Buffer, spans: SpanTable, found: number[]): void {
    const { ends, count } = spans;
    let k = 0;
    for (const hit of hits) {
      while (k < count && (ends[k] as number) <= hit) k++;
      if (k >= count) return;
      this.checkEscape(raw, spans, k, hit, found);
    }
  }

  /** Forces span `k` when the `\u` at `hit` starts an escape of a dangerous character (or a malformed one). */
  private checkEscape(raw: Buffer, spans: SpanTable, k: number, hit: number, found: number[]): void {
    const start = spanStart(spans, k);
    if (hit < start) return;
    let backslashes = 1;
    while (hit - backslashes >= start && raw[hit - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return; // `\\u`: an escaped backslash, then a plain `u`
    const code = parseHex4(raw, hit + 2, spans.ends[k] as number);
    if (code < 0 || (code < 128 && this.danger[code] === 1)) {
      this.forcedMarks[k] = 1;
      found.push(k);
    }
  }
}

/** The byte pair `\u` as a probe of the SIMD pass (case-sensitive: JSON writes escapes with a lower-case u). */
const ESCAPE_PROBE: Probe = { first: BACKSLASH, second: 0x75, ci: false };

function probeOf(target: ProbeTarget): Probe {
  const bytes = target.atom.bytes;
  return { first: bytes[target.offset] as number, second: bytes[target.offset + 1] as number, ci: target.atom.ci };
}

/** Offset of the atom's byte pair that occurs least often in `hay` (counting stops at `cap`). */
function rarestPair(atom: CompiledAtom, hay: Buffer, cap: number): number {
  let best = 0;
  let bestCount = Infinity;
  for (let j = 0; j + 1 < atom.bytes.length; j++) {
    const n = countUpTo(hay, atom.bytes.subarray(j, j + 2), Math.min(cap, bestCount));
    if (n < bestCount) {
      bestCount = n;
      best = j;
    }
  }
  return best;
}

/** Whether the atom occurs at `start` of `raw` (case-insensitive atoms compare the folded bytes). */
function atomAt(raw: Buffer, start: number, atom: CompiledAtom): boolean {
  const bytes = atom.bytes;
  const m = bytes.length;
  if (start + m > raw.length) return false;
  if (atom.ci) {
    for (let t = 0; t < m; t++) if (foldByte(raw[start + t] as number) !== bytes[t]) return false;
  } else {
    for (let t = 0; t < m; t++) if (raw[start + t] !== bytes[t]) return false;
  }
  return true;
}

function countUpTo(hay: Buffer, needle: Buffer, cap: number): number {
  let n = 0;
  let pos = 0;
  while (n < cap) {
    const hit = hay.indexOf(needle, pos);
    if (hit < 0) break;
    n++;
    pos = hit + needle.length;
  }
  return n;
}

/** The 4 hex digits at `at` as a code unit, or -1 when they are not 4 hex digits (a malformed escape). */
function parseHex4(buf: Buffer, at: number, end: number): number {
  if (at + 4 > end) return -1;
  let v = 0;
  for (let i = at; i < at + 4; i++) {
    const c = buf[i] as number;
    let d: number;
    if (c >= 0x30 && c <= 0x39) d = c - 0x30;
    else if (c >= 0x61 && c <= 0x66) d = c - 0x57;
    else if (c >= 0x41 && c <= 0x46) d = c - 0x37;
    else return -1;
    v = v * 16 + d;
  }
  return v;
}
