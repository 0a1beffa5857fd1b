// Evaluation of search expressions: the base search over the event index, and the `search` command over
// pipeline results. The matching model, with its sources:
// - a term is looked up in the lexicon by its index terms (split with the default breakers), then checked
//   against _raw; a term without breakers is one lexicon lookup; a quoted phrase or a term with
//   breakers needs every sub-term and then the text itself in _raw, case-insensitively (the lexicon
//   holds minor pieces; whole major segments, for TERM() and wildcards, are checked in _raw: index.ts)
//   https://help.splunk.com/splunk-enterprise/search/search-manual/10.0/search-primer/event-segmentation-and-searching
//   https://docs.splunk.com/Documentation/Splunk/6.4.11/Search/UseCASEandTERMtomatchphrases
// - TERM(x) needs x as one whole index term; CASE(x) matches case-sensitively
//   https://help.splunk.com/splunk-enterprise/search/search-manual/10.0/search-primer/use-case-and-term-to-match-phrases
// - `*` is the only wildcard; it matches index terms by prefix/suffix/infix
//   https://help.splunk.com/splunk-enterprise/search/search-manual/9.3/search-primer/wildcards
// - field=value uses search-time fields; values compare case-insensitively; by default
//   (fields.conf INDEXED_VALUE = true) the value's index terms must also be in the event's lexicon;
//   field names are case-sensitive; field!=value needs the field; NOT field=value does not
//   https://docs.splunk.com/Documentation/Splunk/9.0.9/Search/NOTexpressions
// - index, sourcetype, source and host are indexed metadata, compared case-insensitively with wildcards.
import type { CompareOp, SearchCompare, SearchExpr, SearchIn, SearchTerm } from './ast.js';
import { Bitset } from './bitset.js';
import { unsupported } from './errors.js';
import { cidrMatch } from './functions/conditional.js';
import type { EventIndex, MetaField } from './index.js';
import {
  type TermPiece,
  fold,
  hasBreaker,
  hasMajorBreaker,
  isMajorBreakerChar,
  isMinorBreaker,
  majorBreakerEndsAt,
  majorBreakerStartsAt,
  minorTerms,
  termPieces,
} from './segmenter.js';
import { type FieldValue, type Row, type Scalar, compareLex, toNumber, toText, valuesOf } from './values.js';
import { globMatch } from './wildcard.js';
import { type GlobSearch, globSearch, globUnits } from '../matching/glob-search.js';

const META: ReadonlySet<string> = new Set<MetaField>(['host', 'source', 'sourcetype', 'index']);

/** What the base search reads from the store besides the lexicon. */
export interface EventSource {
  index: EventIndex;
  /** Every field of the event (defaults and search-time extractions); the caller caches. */
  fieldsOf(doc: number): Map<string, FieldValue>;
}

// ---- leaves ------------------------------------------------------------------------------------------

/** How one search term is matched: lexicon requirements, then (optionally) a raw-text test. */
interface TermMatcher {
  /** Minor pieces that must all be in the event (wildcard pieces: some piece must match the glob). */
  pieces: TermPiece[];
  /** A TERM() argument that can never be one index term (it holds a major breaker). */
  never: boolean;
  /** Test of the raw text after the lexicon step; null when the lexicon answers exactly. */
  raw: ((raw: string) => boolean) | null;
}

// What a wildcard may span when a term is checked against raw text: inside one minor piece, no breaker
// at all; inside a major segment, no major breaker (single characters and `--`; the URL-encoded major
// breakers are not excluded here). Matching runs as an NFA over code units (../matching/glob-search.ts),
// linear in the raw text: `a*a*b` over 10 KB of `a` must not backtrack.
const MAJOR_SPAN_EXCLUDED = /[\s[\]<>(){}|!;,'"*&?+]/;
const PIECE_SPAN_EXCLUDED = /[\s[\]<>(){}|!;,'"*&?+/:=@.\-$#%\\_]/;

let spanTables: { major: Uint8Array; piece: Uint8Array; upper: Uint16Array } | null = null;

/** Per code unit: may a star span it (1) inside a segment / inside a piece; and RegExp `i` canonicalization. */
function tables(): { major: Uint8Array; piece: Uint8Array; upper: Uint16Array } {
  if (spanTables !== null) return spanTables;
  const major = new Uint8Array(65536);
  const piece = new Uint8Array(65536);
  const upper = new Uint16Array(65536);
  for (let c = 0; c < 65536; c++) {
    const ch = String.fromCharCode(c);
    major[c] = MAJOR_SPAN_EXCLUDED.test(ch) ? 0 : 1;
    piece[c] = PIECE_SPAN_EXCLUDED.test(ch) ? 0 : 1;
    // ECMAScript Canonicalize for a non-Unicode ignoreCase match: toUpperCase when it is one code
    // unit and does not map a non-ASCII unit into ASCII.
    const u = ch.toUpperCase();
    upper[c] = u.length !== 1 || (c >= 128 && u.charCodeAt(0) < 128) ? c : u.charCodeAt(0);
  }
  spanTables = { major, piece, upper };
  return spanTables;
}

function canonicalize(c: number): number {
  return tables().upper[c] as number;
}

/** A star inside a major segment: no single-character major breaker, and no `--` starting here. */
function spansInSegment(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (tables().major[c] === 0) return false;
  return !(c === 45 && text.charCodeAt(i + 1) === 45);
}

function spansInPiece(text: string, i: number): boolean {
  return tables().piece[text.charCodeAt(i)] === 1;
}

const anywhere = (): boolean => true;

type Bounds = 'segment' | 'piece' | 'anywhere';

/** A term (with `*` wildcards) as a search over raw text whose matches must be whole segments/pieces (or anywhere). */
function termSearch(text: string, span: 'segment' | 'piece', bounds: Bounds, caseSensitive: boolean): (raw: string) => boolean {
  const foldUnit = caseSensitive ? null : canonicalize;
  const g: GlobSearch = {
    units: globUnits(text, foldUnit),
    starAllows: span === 'segment' ? spansInSegment : spansInPiece,
    startOk: bounds === 'segment' ? majorBreakerEndsAt : bounds === 'piece' ? (raw, i) => i === 0 || isBreakerCode(raw.charCodeAt(i - 1)) : anywhere,
    endOk: bounds === 'segment' ? majorBreakerStartsAt : bounds === 'piece' ? (raw, i) => i >= raw.length || isBreakerCode(raw.charCodeAt(i)) : anywhere,
    fold: foldUnit,
  };
  return (raw) => globSearch(g, raw);
}

function isBreakerCode(c: number): boolean {
  return isMajorBreakerChar(c) || isMinorBreaker(c);
}

/** The longest literal run of a glob (what any matching term must contain). */
function longestLiteral(glob: string): string {
  return glob.split('*').reduce((a, b) => (b.length > a.length ? b : a), '');
}

function termMatcher(node: SearchTerm): TermMatcher {
  const text = node.text;
  const cs = node.caseSensitive;
  // `*` alone (or `**`) matches every event.
  if (/^\*+$/.test(text) && !node.term) return { pieces: [], never: false, raw: null };
  const simple = !hasBreaker(text) && !text.includes('*');
  if (node.term) {
    // TERM(x): x must be one whole index term: a minor piece, or a whole major segment. Without
    // breakers, x is matched like any word (below); with minor breakers, only a segment can hold it.
    if (hasMajorBreaker(text)) return { pieces: [], never: true, raw: null };
    if (hasBreaker(text)) {
      return { pieces: termPieces(text), never: false, raw: termSearch(text, 'segment', 'segment', cs) };
    }
  }
  if (simple) {
    if (!cs) return { pieces: termPieces(text), never: false, raw: null };
    return { pieces: termPieces(text), never: false, raw: termSearch(text, 'piece', 'piece', true) };
  }
  if (!hasBreaker(text)) {
    // A wildcard word (`qemu*`, `*fwd*`): some index term matches the glob, a minor piece or a whole
    // major segment (a star may span minor breakers inside a segment).
    const literal = longestLiteral(text);
    const pieces: TermPiece[] = literal === '' ? [] : [{ text: `*${fold(literal)}*`, wildcard: true }];
    const inPiece = termSearch(text, 'piece', 'piece', cs);
    const inSegment = termSearch(text, 'segment', 'segment', cs);
    return { pieces, never: false, raw: (raw) => inPiece(raw) || inSegment(raw) };
  }
  // A phrase or a term with breakers: its pieces in the lexicon, then the text itself in _raw.
  return { pieces: termPieces(text), never: false, raw: termSearch(text, 'segment', 'anywhere', cs) };
}

/** A field comparison as a predicate over the field's values (absent field: `exists` is false). */
function valuePredicate(op: CompareOp, value: string, caseSensitive: boolean): (values: Scalar[]) => boolean {
  const cidr = /^\d{1,3}(?:\.\d{1,3}){3}\/\d{1,2}$/.test(value);
  const eq = (v: Scalar): boolean => (cidr ? cidrMatch(value, toText(v)) : globMatch(value, toText(v), !caseSensitive));
  switch (op) {
    case '=':
      if (value === '*') return (vs) => vs.length > 0;
      return (vs) => vs.some(eq);
    case '!=':
      return (vs) => vs.length > 0 && !vs.some(eq);
    default: {
      // A numeric constant compares with numeric values only; otherwise values compare as strings
      // (this engine's choice: the search reference shows numeric examples only).
      const n = toNumber(value);
      const test = (v: Scalar): boolean => {
        const nv = toNumber(v);
        if (n !== null && nv === null) return false;
        const c = n !== null && nv !== null ? nv - n : compareLex(toText(v), value);
        return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
      };
      return (vs) => vs.some(test);
    }
  }
}

const UNSUPPORTED_FIELDS: Record<string, string> = {
  savedsearch: 'savedsearch= needs saved searches, which the embedded engine does not have',
  savedsplunk: 'savedsplunk= needs saved searches, which the embedded engine does not have',
  _index_earliest: 'index-time modifiers need index times, which the embedded engine does not record',
  _index_latest: 'index-time modifiers need index times, which the embedded engine does not record',
  searchtimespandays: 'relative time ranges depend on the wall clock',
  searchtimespanhours: 'relative time ranges depend on the wall clock',
  searchtimespanminutes: 'relative time ranges depend on the wall clock',
};

/**
 * `earliest=` / `latest=` as a time bound on `_time`. Only absolute epoch seconds are accepted:
 * a relative modifier (`-24h@h`) depends on when the search runs.
 */
function timeModifier(node: SearchCompare, query: string): ((t: number) => boolean) | null {
  const f = node.field.toLowerCase();
  if (f !== 'earliest' && f !== 'latest') return null;
  const n = toNumber(node.value);
  if (node.op !== '=' || n === null) {
    throw unsupported(`${node.field}=${node.value}: only absolute epoch times are supported (a relative time depends on the wall clock)`, node.span.start, query);
  }
  return f === 'earliest' ? (t) => t >= n : (t) => t < n;
}

/** `eventtype`, `tag` and `tag::<field>`: assigned at search time from eventtypes.conf and tags.conf. */
function isKnowledgeField(field: string): boolean {
  return field === 'eventtype' || field === 'tag' || field.startsWith('tag::');
}

function checkCompareField(node: SearchCompare | SearchIn, query: string): void {
  const why = UNSUPPORTED_FIELDS[node.field];
  if (why !== undefined) throw unsupported(`unsupported search field: ${why}`, node.span.start, query);
}

/** Throws for the parts of a search expression the engine does not run (checked before any data is read). */
export function checkSearchExpr(expr: SearchExpr, query: string): void {
  switch (expr.kind) {
    case 'and':
    case 'or':
      for (const item of expr.items) checkSearchExpr(item, query);
      return;
    case 'not':
      checkSearchExpr(expr.expr, query);
      return;
    case 'subsearch':
      // Checked as a pipeline of its own (commands/index.ts) and replaced by its results before the
      // search runs (subsearch.ts).
      return;
    case 'compare':
      checkCompareField(expr, query);
      timeModifier(expr, query);
      return;
    case 'in':
      checkCompareField(expr, query);
      return;
    case 'term':
      return;
  }
}

// ---- base search over the index ------------------------------------------------------------------

interface Plan {
  /** Superset of the matching events (exact when `exact`). */
  candidates: Bitset;
  exact: boolean;
  /** Full test of a candidate (not called when exact). Cost class orders the checks: lexicon, raw, fields. */
  verify: (doc: number) => boolean;
  cost: number;
}

class BasePlanner {
  constructor(
    private readonly src: EventSource,
    private readonly query: string,
  ) {}

  private get index(): EventIndex {
    return this.src.index;
  }

  plan(expr: SearchExpr): Plan {
    switch (expr.kind) {
      case 'term':
        return this.term(expr);
      case 'compare':
        return this.compare(expr);
      case 'in':
        return this.or(expr.values.map((v) => this.compare({ kind: 'compare', field: expr.field, op: '=', value: v.text, valueQuoted: v.quoted, caseSensitive: false, span: expr.span })));
      case 'and':
        return this.and(expr.items.map((i) => this.plan(i)));
      case 'or':
        return this.or(expr.items.map((i) => this.plan(i)));
      case 'not': {
        const inner = this.plan(expr.expr);
        if (inner.exact) return { candidates: inner.candidates.not(), exact: true, verify: () => true, cost: 0 };
        return {
          candidates: this.index.all(),
          exact: false,
          verify: (doc) => !(inner.candidates.has(doc) && inner.verify(doc)),
          cost: inner.cost,
        };
      }
      case 'subsearch':
        throw unsupported('unsupported: subsearches ([...]) are not run by the embedded engine', expr.span.start, this.query);
    }
  }

  private lexicon(pieces: TermPiece[]): Bitset {
    let acc: Bitset | null = null;
    // Rarest first keeps the intersections small.
    const sorted = [...pieces].sort((a, b) => (a.wildcard ? 1 : 0) - (b.wildcard ? 1 : 0) || this.index.docFrequency(a.text) - this.index.docFrequency(b.text));
    for (const p of sorted) {
      const docs = p.wildcard ? this.index.withTermGlob(p.text) : this.index.withTerm(p.text);
      acc = acc === null ? docs : acc.and(docs);
    }
    return acc ?? this.index.all();
  }

  private term(node: SearchTerm): Plan {
    const m = termMatcher(node);
    if (m.never) return { candidates: new Bitset(this.index.size), exact: true, verify: () => false, cost: 0 };
    const candidates = this.lexicon(m.pieces);
    const raw = m.raw;
    if (raw === null) return { candidates, exact: true, verify: () => true, cost: 0 };
    return { candidates, exact: false, verify: (doc) => raw(this.index.raw(doc)), cost: 1 };
  }

  private compare(node: SearchCompare): Plan {
    checkCompareField(node, this.query);
    const bound = timeModifier(node, this.query);
    if (bound !== null) return { candidates: this.index.all(), exact: false, verify: (doc) => bound(this.index.time(doc)), cost: 1 };
    if (META.has(node.field) && !node.caseSensitive) {
      const field = node.field as MetaField;
      if (node.op === '=') return { candidates: this.index.withMeta(field, node.value), exact: true, verify: () => true, cost: 0 };
      if (node.op === '!=') return { candidates: this.index.withMeta(field, node.value).not(), exact: true, verify: () => true, cost: 0 };
      const test = valuePredicate(node.op, node.value, false);
      return { candidates: this.index.all(), exact: false, verify: (doc) => test([this.index.metaValue(field, doc)]), cost: 1 };
    }
    const test = valuePredicate(node.op, node.value, node.caseSensitive);
    const isCidr = /\/\d{1,2}$/.test(node.value);
    // INDEXED_VALUE = true: field=value also needs the value's index terms in the event. Event types and
    // tags are search-time knowledge (datamodels/eventtypes.ts), never in the raw text.
    const knowledge = isKnowledgeField(node.field);
    const candidates = node.op === '=' && node.value !== '*' && !isCidr && !knowledge ? this.lexicon(termPieces(node.value)) : this.index.all();
    const name = node.field;
    return { candidates, exact: false, verify: (doc) => test(valuesOf(this.src.fieldsOf(doc).get(name))), cost: 2 };
  }

  private and(plans: Plan[]): Plan {
    let candidates = plans[0]?.candidates ?? this.index.all();
    for (const p of plans.slice(1)) candidates = candidates.and(p.candidates);
    const checks = plans.filter((p) => !p.exact).sort((a, b) => a.cost - b.cost);
    if (checks.length === 0) return { candidates, exact: true, verify: () => true, cost: 0 };
    return {
      candidates,
      exact: false,
      verify: (doc) => checks.every((p) => p.verify(doc)),
      cost: Math.max(...checks.map((p) => p.cost)),
    };
  }

  private or(plans: Plan[]): Plan {
    let candidates = plans[0]?.candidates ?? new Bitset(this.index.size);
    for (const p of plans.slice(1)) candidates = candidates.or(p.candidates);
    if (plans.every((p) => p.exact)) return { candidates, exact: true, verify: () => true, cost: 0 };
    const ordered = [...plans].sort((a, b) => a.cost - b.cost);
    return {
      candidates,
      exact: false,
      verify: (doc) => ordered.some((p) => p.candidates.has(doc) && (p.exact || p.verify(doc))),
      cost: Math.max(...plans.map((p) => p.cost)),
    };
  }
}

/** Event numbers (ascending) matching the base search; a null expression matches every event. */
export function runBaseSearch(expr: SearchExpr | null, src: EventSource, query: string): number[] {
  if (expr === null) return src.index.all().toArray();
  const plan = new BasePlanner(src, query).plan(expr);
  const docs = plan.candidates.toArray();
  return plan.exact ? docs : docs.filter((d) => plan.verify(d));
}

/** Candidate count of the lexicon step alone (for benchmarks and diagnostics). */
export function lexiconCandidates(expr: SearchExpr, src: EventSource, query: string): number {
  return new BasePlanner(src, query).plan(expr).candidates.count();
}

// ---- the search command over results --------------------------------------------------------------

const termCache = new Map<string, Set<string>>();

function termsOf(text: string): Set<string> {
  let t = termCache.get(text);
  if (t === undefined) {
    t = minorTerms(text);
    if (termCache.size > 2000) termCache.clear();
    termCache.set(text, t);
  }
  return t;
}

function termInText(m: TermMatcher, text: string): boolean {
  if (m.never) return false;
  const terms = termsOf(text);
  for (const p of m.pieces) {
    if (p.wildcard) {
      let found = false;
      for (const t of terms) {
        if (globMatch(p.text, t, false)) {
          found = true;
          break;
        }
      }
      if (!found) return false;
    } else if (!terms.has(p.text)) return false;
  }
  return m.raw === null || m.raw(text);
}

/**
 * A predicate over results for the `search` command later in the pipeline. Terms match the result's
 * _raw when it has one; a result without _raw (after table, stats, ...) matches a term when one of its
 * field values does (this engine's choice). Field comparisons read the result's fields directly.
 */
export function rowMatcher(expr: SearchExpr | null, query: string): (row: Row) => boolean {
  if (expr === null) return () => true;
  checkSearchExpr(expr, query);
  return compileRow(expr, query);
}

function compileRow(expr: SearchExpr, query: string): (row: Row) => boolean {
  switch (expr.kind) {
    case 'and': {
      const items = expr.items.map((i) => compileRow(i, query));
      return (row) => items.every((f) => f(row));
    }
    case 'or': {
      const items = expr.items.map((i) => compileRow(i, query));
      return (row) => items.some((f) => f(row));
    }
    case 'not': {
      const inner = compileRow(expr.expr, query);
      return (row) => !inner(row);
    }
    case 'term': {
      const m = termMatcher(expr);
      return (row) => {
        const raw = row.fields.get('_raw');
        if (typeof raw === 'string') return termInText(m, raw);
        for (const [, v] of row.fields) for (const x of valuesOf(v)) if (termInText(m, toText(x))) return true;
        return false;
      };
    }
    case 'compare': {
      const bound = timeModifier(expr, query);
      if (bound !== null) return (row) => valuesOf(row.fields.get('_time')).some((t) => typeof t === 'number' && bound(t));
      const test = valuePredicate(expr.op, expr.value, expr.caseSensitive);
      const name = expr.field;
      return (row) => test(valuesOf(row.fields.get(name)));
    }
    case 'in': {
      const tests = expr.values.map((v) => valuePredicate('=', v.text, false));
      const name = expr.field;
      return (row) => {
        const vs = valuesOf(row.fields.get(name));
        return tests.some((t) => t(vs));
      };
    }
    case 'subsearch':
      throw unsupported('unsupported: subsearches ([...]) are not run by the embedded engine', expr.span.start, query);
  }
}
