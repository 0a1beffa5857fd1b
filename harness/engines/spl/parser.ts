// The SPL parser: a query (macros already expanded) to a Pipeline. Every command of the corpus parses:
// the commands the engine runs get a precise tree; every other command gets generic arguments (words,
// quoted strings, key=value options, groups, subsearches, by-clauses) and is refused only when run.
//
// Grammar references:
// - search command and the implicit search, operator precedence (parentheses, NOT, OR, AND):
//   https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/search
//   https://help.splunk.com/en/splunk-enterprise/search/search-manual/9.3/expressions-and-predicates
// - eval/where expressions (NOT, AND, OR, XOR; comparison, arithmetic, `.` concatenation):
//   https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/eval
// - anatomy of a search (commands separated by pipes, the first word names the command):
//   https://help.splunk.com/splunk-enterprise/search/search-manual/10.0/using-the-search-app/anatomy-of-a-search
import type {
  BinCommand,
  Command,
  CompareOp,
  DedupCommand,
  EvalAssignment,
  EvalBinaryOp,
  EvalCommand,
  EvalExpr,
  FieldPattern,
  FieldsCommand,
  GenericArg,
  GenericCommand,
  HeadCommand,
  OptionArg,
  Pipeline,
  RenameCommand,
  SearchCommand,
  SearchExpr,
  SearchTerm,
  SortCommand,
  SortKey,
  Span,
  StatsAggregation,
  StatsCommand,
  TableCommand,
  TailCommand,
  WhereCommand,
} from './ast.js';
import { syntaxError, type SplError } from './errors.js';
import {
  type ArgToken,
  type EvalToken,
  type SearchToken,
  groupEnd,
  lexArgs,
  lexEval,
  lexSearch,
  quotedEnd,
  skipSpace,
  splitCommands,
  trimEnd,
  unescapeSearch,
} from './lexer.js';

/**
 * SPL command names. Inside a subsearch (`[ ... ]`) a first word from this list starts a command even
 * without a pipe: `[ tstats ... ]`, `[| inputlookup ...]`, and the `eval` templates of `foreach [...]`.
 */
const SPL_COMMANDS = new Set(
  ('abstract accum addcoltotals addinfo addtotals analyzefields anomalies anomalousvalue anomalydetection append appendcols ' +
    'appendpipe apply arules associate audit autoregress bin bucket bucketdir chart cluster cofilter collect concurrency ' +
    'contingency convert correlate datamodel dbinspect dedup delta diff erex eval eventcount eventstats extract fieldformat ' +
    'fields fieldsummary filldown fillnull findtypes fit foreach format from fromjson gauge gentimes geom geomfilter geostats ' +
    'head highlight history iconify inputcsv inputlookup iplocation join kmeans kvform loadjob localize localop lookup ' +
    'makecontinuous makemv makeresults map mcatalog mcollect metadata metasearch meventcollect mpreview mstats multikv ' +
    'multisearch mvcombine mvexpand nomv outlier outputcsv outputlookup outputtext overlap pivot predict rangemap rare regex ' +
    'relevancy reltime rename replace require rest return reverse rex rtorder savedsearch script scrub search searchtxn ' +
    'selfjoin sendemail set setfields sichart sirare sistats sitimechart sitop sort spath stats strcat streamstats table tags ' +
    'tail timechart timewrap tojson top transaction transpose trendline tscollect tstats typeahead typelearner typer union ' +
    'uniq untable walklex where x11 xmlkv xmlunescape xpath xyseries').split(' '),
);

const MAX_DEPTH = 200;

/** Parses a whole query (macros expanded, comments removed). Throws SplError (kind `syntax`) with the position. */
export function parseSpl(text: string): Pipeline {
  return parseRange(text, 0, text.length, false, 0);
}

function parseRange(text: string, start: number, end: number, subsearch: boolean, depth: number): Pipeline {
  if (depth > MAX_DEPTH) throw syntaxError('subsearches nested too deeply', start, text);
  const segments = splitCommands(text, start, end);
  const commands: Command[] = [];
  const first = segments[0] as Span;
  const firstStart = skipSpace(text, first.start, first.end);
  const leadingPipe = segments.length > 1 && firstStart === first.end;
  segments.forEach((seg, index) => {
    const s = skipSpace(text, seg.start, seg.end);
    const e = trimEnd(text, s, seg.end);
    if (index === 0) {
      if (leadingPipe) return;
      const word = /^[A-Za-z_][\w-]*/.exec(text.slice(s, e))?.[0] ?? '';
      const lower = word.toLowerCase();
      if (lower === 'search' && (s + word.length === e || /\s|\(|"/.test(text[s + word.length] ?? ''))) {
        commands.push(parseCommand(text, s, e, depth));
      } else if (subsearch && SPL_COMMANDS.has(lower) && (s + word.length === e || /\s/.test(text[s + word.length] ?? ''))) {
        commands.push(parseCommand(text, s, e, depth));
      } else {
        commands.push(implicitSearch(text, s, e, depth));
      }
      return;
    }
    if (s === e) throw syntaxError('expected a command after "|"', seg.start > 0 ? seg.start - 1 : seg.start, text);
    commands.push(parseCommand(text, s, e, depth));
  });
  return { kind: 'pipeline', leadingPipe, commands, span: { start, end } };
}

function implicitSearch(text: string, s: number, e: number, depth: number): SearchCommand {
  return {
    kind: 'search',
    name: 'search',
    implicit: true,
    nameSpan: { start: s, end: s },
    expr: new SearchParser(text, s, e, depth).parseAll(),
    span: { start: s, end: e },
  };
}

function parseCommand(text: string, s: number, e: number, depth: number): Command {
  const m = /^[^\s([\]"=,|]+/.exec(text.slice(s, e));
  if (!m) throw syntaxError('expected a command name', s, text);
  const name = m[0];
  const nameSpan = { start: s, end: s + name.length };
  const a = skipSpace(text, nameSpan.end, e);
  const span = { start: s, end: e };
  const base = { name, nameSpan, span };
  switch (name.toLowerCase()) {
    case 'search':
      return { kind: 'search', ...base, implicit: false, expr: new SearchParser(text, a, e, depth).parseAll() };
    case 'where':
      return whereCommand(text, a, e, base);
    case 'eval':
      return evalCommand(text, a, e, base);
    case 'table':
      return { kind: 'table', ...base, fields: fieldList(text, a, e, 'table') } satisfies TableCommand;
    case 'fields':
      return fieldsCommand(text, a, e, base);
    case 'rename':
      return renameCommand(text, a, e, base);
    case 'bin':
    case 'bucket':
    case 'discretize':
      return binCommand(text, a, e, base);
    case 'stats':
      return statsCommand(text, a, e, base, depth);
    case 'dedup':
      return dedupCommand(text, a, e, base);
    case 'sort':
      return sortCommand(text, a, e, base);
    case 'head':
      return headCommand(text, a, e, base);
    case 'tail':
      return tailCommand(text, a, e, base);
    default:
      return { kind: 'generic', ...base, args: genericArgs(text, a, e, depth) } satisfies GenericCommand;
  }
}

type Base = { name: string; nameSpan: Span; span: Span };

// ---- search expressions ----------------------------------------------------------------------------

/** Position of the first comparison operator in a raw word (outside escapes), or -1. */
function findCompareOp(raw: string): { at: number; op: CompareOp } | null {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '!' && raw[i + 1] === '=') return { at: i, op: '!=' };
    if (c === '<' || c === '>') return { at: i, op: raw[i + 1] === '=' ? ((c + '=') as CompareOp) : (c as CompareOp) };
    if (c === '=') return { at: i, op: '=' };
  }
  return null;
}

// Nesting limits, checked while parsing so that a hostile search is bad input (exit 2) rather than a
// stack overflow. Splunk documents no nesting limit for search expressions; these are far above what
// production searches use (the 1,711 searches of the corpus nest a few levels deep).
/** Parentheses, NOT, function calls and signs nested inside each other. */
export const MAX_NESTING_DEPTH = 200;
/** Depth of an eval/where expression tree (a chain of `+` or `AND` is as deep as it is long). */
export const MAX_EXPRESSION_DEPTH = 1000;

function nestingError(at: number, text: string): SplError {
  return syntaxError(`the search nests more than ${MAX_NESTING_DEPTH} levels deep (parentheses, NOT, function calls, signs)`, at, text);
}

class SearchParser {
  private readonly tokens: SearchToken[];
  private pos = 0;
  private nesting = 0;

  private nested<T>(at: number, parse: () => T): T {
    if (++this.nesting > MAX_NESTING_DEPTH) throw nestingError(at, this.text);
    try {
      return parse();
    } finally {
      this.nesting--;
    }
  }

  constructor(
    private readonly text: string,
    start: number,
    private readonly end: number,
    private readonly depth: number,
  ) {
    this.tokens = lexSearch(text, start, end);
  }

  parseAll(): SearchExpr | null {
    if (this.tokens.length === 0) return null;
    const expr = this.parseAnd();
    const t = this.tokens[this.pos];
    if (t !== undefined) throw syntaxError(t.t === ')' ? 'unbalanced ")": no "(" is open' : `unexpected ${describe(t)}`, t.span.start, this.text);
    return expr;
  }

  private peek(): SearchToken | undefined {
    return this.tokens[this.pos];
  }

  private isKeyword(t: SearchToken | undefined, word: string): boolean {
    return t !== undefined && t.t === 'word' && t.raw === word;
  }

  private atExprEnd(): boolean {
    const t = this.peek();
    return t === undefined || t.t === ')';
  }

  private parseAnd(): SearchExpr {
    const items: SearchExpr[] = [];
    for (;;) {
      if (this.atExprEnd()) break;
      if (this.isKeyword(this.peek(), 'AND')) {
        const t = this.tokens[this.pos++] as SearchToken;
        if (items.length === 0 || this.atExprEnd()) throw syntaxError('AND needs a search term on each side', t.span.start, this.text);
        continue;
      }
      items.push(this.parseOr());
    }
    if (items.length === 0) {
      const t = this.peek();
      throw syntaxError('expected a search term', t?.span.start ?? this.end, this.text);
    }
    return items.length === 1 ? (items[0] as SearchExpr) : { kind: 'and', items, span: spanOf(items) };
  }

  private parseOr(): SearchExpr {
    const items = [this.parseNot()];
    while (this.isKeyword(this.peek(), 'OR')) {
      const t = this.tokens[this.pos++] as SearchToken;
      if (this.atExprEnd() || this.isKeyword(this.peek(), 'OR') || this.isKeyword(this.peek(), 'AND')) {
        throw syntaxError('OR needs a search term on each side', t.span.start, this.text);
      }
      items.push(this.parseNot());
    }
    return items.length === 1 ? (items[0] as SearchExpr) : { kind: 'or', items, span: spanOf(items) };
  }

  private parseNot(): SearchExpr {
    const t = this.peek();
    if (this.isKeyword(t, 'NOT')) {
      this.pos++;
      if (this.atExprEnd()) throw syntaxError('NOT needs a search term after it', (t as SearchToken).span.start, this.text);
      const inner = this.nested((t as SearchToken).span.start, () => this.parseNot());
      return { kind: 'not', expr: inner, span: { start: (t as SearchToken).span.start, end: inner.span.end } };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): SearchExpr {
    const t = this.tokens[this.pos++];
    if (t === undefined) throw syntaxError('expected a search term', this.end, this.text);
    switch (t.t) {
      case '(': {
        if (this.peek()?.t === ')') {
          // `()` (e.g. `now()` written inside a search): an empty group, which requires nothing.
          const close = this.tokens[this.pos++] as SearchToken;
          return { kind: 'and', items: [], span: { start: t.span.start, end: close.span.end } };
        }
        const inner = this.nested(t.span.start, () => this.parseAnd());
        const close = this.tokens[this.pos++];
        if (close === undefined || close.t !== ')') throw syntaxError('unbalanced "(": expected ")"', t.span.start, this.text);
        return inner;
      }
      case ')':
        throw syntaxError('unbalanced ")": no "(" is open', t.span.start, this.text);
      case 'sub':
        return {
          kind: 'subsearch',
          pipeline: parseRange(this.text, t.span.start + 1, t.span.end - 1, true, this.depth + 1),
          span: t.span,
        };
      case ',':
        throw syntaxError('unexpected ","', t.span.start, this.text);
      case 'string':
        return this.afterString(t);
      case 'word':
        return this.afterWord(t);
    }
  }

  /** A quoted string: a phrase, or a quoted field name when `=` follows directly. */
  private afterString(t: Extract<SearchToken, { t: 'string' }>): SearchExpr {
    const next = this.peek();
    if (next !== undefined && next.t === 'word' && next.glued) {
      const op = findCompareOp(next.raw);
      if (op !== null && op.at === 0) {
        this.pos++;
        return this.comparison(t.text, op.op, next.raw.slice(op.op.length), next, t.span.start, false);
      }
    }
    return { kind: 'term', text: t.text, quoted: true, term: false, caseSensitive: false, span: t.span };
  }

  private afterWord(t: Extract<SearchToken, { t: 'word' }>): SearchExpr {
    const raw = t.raw;
    const upper = raw.toUpperCase();
    const next = this.peek();
    if ((upper === 'TERM' || upper === 'CASE') && next?.t === '(' && next.glued) {
      return this.directive(t, upper);
    }
    if (next !== undefined && next.t === 'word' && next.raw === 'IN' && this.tokens[this.pos + 1]?.t === '(' && findCompareOp(raw) === null) {
      return this.inList(t);
    }
    const op = findCompareOp(raw);
    if (op !== null && op.at > 0) {
      return this.comparison(unescapeSearch(raw.slice(0, op.at)), op.op, raw.slice(op.at + op.op.length), t, t.span.start, false);
    }
    // `field = value` with spaces around the operator.
    if (op === null && next !== undefined && next.t === 'word') {
      const nop = findCompareOp(next.raw);
      if (nop !== null && nop.at === 0 && next.raw.length === nop.op.length) {
        this.pos++;
        return this.comparison(unescapeSearch(raw), nop.op, '', next, t.span.start, false);
      }
    }
    return { kind: 'term', text: unescapeSearch(raw), quoted: false, term: false, caseSensitive: false, span: t.span };
  }

  /** Builds `field op value`; the value is the rest of the word or the next token (quoted or not). */
  private comparison(field: string, op: CompareOp, restRaw: string, opToken: SearchToken, start: number, caseSensitive: boolean): SearchExpr {
    if (field === '') throw syntaxError(`expected a field name before "${op}"`, opToken.span.start, this.text);
    if (restRaw !== '') {
      return { kind: 'compare', field, op, value: unescapeSearch(restRaw), valueQuoted: false, caseSensitive, span: { start, end: opToken.span.end } };
    }
    const v = this.peek();
    if (v !== undefined && (v.t === 'string' || (v.t === 'word' && findCompareOp(v.raw)?.at !== 0 && !['AND', 'OR', 'NOT'].includes(v.raw)))) {
      this.pos++;
      const value = v.t === 'string' ? v.text : unescapeSearch(v.raw);
      return { kind: 'compare', field, op, value, valueQuoted: v.t === 'string', caseSensitive, span: { start, end: v.span.end } };
    }
    throw syntaxError(`expected a value after "${field}${op}"`, opToken.span.end, this.text);
  }

  private directive(t: Extract<SearchToken, { t: 'word' }>, which: 'TERM' | 'CASE'): SearchExpr {
    const open = this.tokens[this.pos] as SearchToken;
    const closeAt = parenEnd(this.text, open.span.start, this.end);
    const innerStart = open.span.start + 1;
    const innerEnd = closeAt - 1;
    // Skip the tokens inside the directive: it is re-read from the text.
    while (this.pos < this.tokens.length && (this.tokens[this.pos] as SearchToken).span.start < closeAt) this.pos++;
    const span = { start: t.span.start, end: closeAt };
    if (which === 'TERM') {
      const inner = this.text.slice(innerStart, innerEnd).trim();
      if (inner === '') throw syntaxError('TERM() needs a term', innerStart, this.text);
      const quoted = inner.startsWith('"') && inner.endsWith('"') && inner.length >= 2;
      return { kind: 'term', text: unescapeSearch(quoted ? inner.slice(1, -1) : inner), quoted, term: true, caseSensitive: false, span };
    }
    const inner = new SearchParser(this.text, innerStart, innerEnd, this.depth).parseAll();
    if (inner === null) throw syntaxError('CASE() needs a term or field=value', innerStart, this.text);
    if (inner.kind === 'term') return { ...inner, caseSensitive: true, span } satisfies SearchTerm;
    if (inner.kind === 'compare') return { ...inner, caseSensitive: true, span };
    throw syntaxError('CASE() takes one term or one field=value', innerStart, this.text);
  }

  private inList(t: Extract<SearchToken, { t: 'word' }>): SearchExpr {
    this.pos++; // IN
    const open = this.tokens[this.pos++] as SearchToken;
    const values: { text: string; quoted: boolean; span: Span }[] = [];
    for (;;) {
      const v = this.tokens[this.pos++];
      if (v === undefined) throw syntaxError('unbalanced "(" after IN: expected ")"', open.span.start, this.text);
      if (v.t === ')') break;
      if (v.t === 'string') values.push({ text: v.text, quoted: true, span: v.span });
      else if (v.t === 'word') {
        for (const part of v.raw.split(',')) if (part !== '') values.push({ text: unescapeSearch(part), quoted: false, span: v.span });
      } else if (v.t !== ',') throw syntaxError(`unexpected ${describe(v)} in IN list`, v.span.start, this.text);
    }
    if (values.length === 0) throw syntaxError('IN needs at least one value', open.span.start, this.text);
    const last = this.tokens[this.pos - 1] as SearchToken;
    return { kind: 'in', field: unescapeSearch(t.raw), values, span: { start: t.span.start, end: last.span.end } };
  }
}

function describe(t: SearchToken): string {
  switch (t.t) {
    case 'word':
      return `"${t.raw}"`;
    case 'string':
      return 'quoted string';
    case 'sub':
      return 'subsearch';
    default:
      return `"${t.t}"`;
  }
}

function spanOf(items: { span: Span }[]): Span {
  return { start: (items[0] as { span: Span }).span.start, end: (items[items.length - 1] as { span: Span }).span.end };
}

/** End (exclusive) of the parenthesised group opening at `i`, skipping quoted strings and brackets. */
export function parenEnd(text: string, i: number, end: number): number {
  return groupEnd(text, i, end, '(', ')');
}

// ---- eval expressions ------------------------------------------------------------------------------

const WORD_OPS: Record<string, EvalBinaryOp> = { AND: 'AND', OR: 'OR', XOR: 'XOR', LIKE: 'LIKE', IN: 'IN' };

class EvalParser {
  private readonly tokens: EvalToken[];
  private pos = 0;

  constructor(
    private readonly text: string,
    start: number,
    private readonly end: number,
  ) {
    this.tokens = lexEval(text, start, end);
  }

  get done(): boolean {
    return this.pos >= this.tokens.length;
  }

  peek(offset = 0): EvalToken | undefined {
    return this.tokens[this.pos + offset];
  }

  next(): EvalToken | undefined {
    return this.tokens[this.pos++];
  }

  isOp(t: EvalToken | undefined, op: string): boolean {
    return t !== undefined && t.t === 'op' && t.op === op;
  }

  /** A bare word used as an operator keyword (`AND`, `or`, `LIKE`, ...), case-insensitive. */
  private wordOp(t: EvalToken | undefined): string | null {
    if (t === undefined || t.t !== 'field' || t.quoted) return null;
    const u = t.name.toUpperCase();
    return u in WORD_OPS || u === 'NOT' ? u : null;
  }

  fail(message: string, t?: EvalToken): never {
    throw syntaxError(message, t?.span.start ?? this.end, this.text);
  }

  parseAll(): EvalExpr {
    const e = this.parseExpr();
    const t = this.peek();
    if (t !== undefined) this.fail(`unexpected ${evalDescribe(t)} in expression`, t);
    checkEvalDepth(e, this.text);
    return e;
  }

  private nesting = 0;

  private nested<T>(parse: () => T): T {
    if (++this.nesting > MAX_NESTING_DEPTH) throw nestingError(this.peek()?.span.start ?? this.end, this.text);
    try {
      return parse();
    } finally {
      this.nesting--;
    }
  }

  parseExpr(): EvalExpr {
    return this.nested(() => this.parseXor());
  }

  private binary(op: EvalBinaryOp, left: EvalExpr, right: EvalExpr, opTok: EvalToken): EvalExpr {
    return { kind: 'binary', op, left, right, opSpan: opTok.span, span: { start: left.span.start, end: right.span.end } };
  }

  /** One left-associative level: operands from `next`, joined by the operators `match` recognises. */
  private leftAssoc(next: () => EvalExpr, match: (t: EvalToken | undefined) => EvalBinaryOp | null): EvalExpr {
    let left = next();
    for (let op = match(this.peek()); op !== null; op = match(this.peek())) {
      const t = this.next() as EvalToken;
      left = this.binary(op, left, next(), t);
    }
    return left;
  }

  private wordLevel(word: 'XOR' | 'OR' | 'AND'): (t: EvalToken | undefined) => EvalBinaryOp | null {
    return (t) => (this.wordOp(t) === word ? word : null);
  }

  private parseXor(): EvalExpr {
    return this.leftAssoc(() => this.parseOr(), this.wordLevel('XOR'));
  }

  private parseOr(): EvalExpr {
    return this.leftAssoc(() => this.parseAnd(), this.wordLevel('OR'));
  }

  private parseAnd(): EvalExpr {
    return this.leftAssoc(() => this.parseNot(), this.wordLevel('AND'));
  }

  private parseNot(): EvalExpr {
    const t = this.peek();
    if (this.wordOp(t) === 'NOT' || this.isOp(t, '!')) {
      this.next();
      const operand = this.nested(() => this.parseNot());
      return { kind: 'unary', op: 'NOT', operand, span: { start: (t as EvalToken).span.start, end: operand.span.end } };
    }
    return this.parseComparison();
  }

  private parseComparison(): EvalExpr {
    let left = this.parseAdditive();
    for (;;) {
      const t = this.peek();
      if (t !== undefined && t.t === 'op' && ['=', '==', '!=', '<', '<=', '>', '>='].includes(t.op)) {
        this.next();
        left = this.binary(t.op as EvalBinaryOp, left, this.parseAdditive(), t);
        continue;
      }
      const w = this.wordOp(t);
      if (w === 'LIKE') {
        this.next();
        left = this.binary('LIKE', left, this.parseAdditive(), t as EvalToken);
        continue;
      }
      if (w === 'IN' && this.isOp(this.peek(1), '(')) {
        this.next();
        const open = this.next() as EvalToken;
        const args = this.callArgs(open);
        const list: EvalExpr = { kind: 'call', name: '(list)', args, nameSpan: open.span, span: { start: open.span.start, end: this.prevEnd() } };
        left = this.binary('IN', left, list, t as EvalToken);
        continue;
      }
      return left;
    }
  }

  private symbolLevel(ops: string[]): (t: EvalToken | undefined) => EvalBinaryOp | null {
    return (t) => (t !== undefined && t.t === 'op' && ops.includes(t.op) ? (t.op as EvalBinaryOp) : null);
  }

  private parseAdditive(): EvalExpr {
    return this.leftAssoc(() => this.parseMultiplicative(), this.symbolLevel(['+', '-', '.']));
  }

  private parseMultiplicative(): EvalExpr {
    return this.leftAssoc(() => this.parseUnary(), this.symbolLevel(['*', '/', '%']));
  }

  private parseUnary(): EvalExpr {
    const t = this.peek();
    if (t !== undefined && t.t === 'op' && (t.op === '-' || t.op === '+')) {
      this.next();
      const operand = this.nested(() => this.parseUnary());
      return { kind: 'unary', op: t.op as '-' | '+', operand, span: { start: t.span.start, end: operand.span.end } };
    }
    return this.parsePrimary();
  }

  private prevEnd(): number {
    return (this.tokens[this.pos - 1] as EvalToken).span.end;
  }

  private callArgs(open: EvalToken): EvalExpr[] {
    const args: EvalExpr[] = [];
    if (this.isOp(this.peek(), ')')) {
      this.next();
      return args;
    }
    for (;;) {
      if (this.done) this.fail('unbalanced "(": expected ")"', open);
      args.push(this.parseExpr());
      const t = this.next();
      if (t === undefined) this.fail('unbalanced "(": expected ")"', open);
      if (this.isOp(t, ')')) return args;
      if (!this.isOp(t, ',')) this.fail(`expected "," or ")", found ${evalDescribe(t)}`, t);
    }
  }

  private parsePrimary(): EvalExpr {
    const t = this.next();
    if (t === undefined) this.fail('expected an expression');
    switch (t.t) {
      case 'num':
        return { kind: 'literal', value: t.value, span: t.span };
      case 'str':
        return { kind: 'literal', value: t.value, span: t.span };
      case 'field': {
        // A name followed by "(" is a call, with or without space between (`LIKE (x, "%a%")`).
        if (!t.quoted && this.isOp(this.peek(), '(') && (this.wordOp(t) === null || ['LIKE', 'IN'].includes(t.name.toUpperCase()))) {
          const open = this.next() as EvalToken;
          const args = this.callArgs(open);
          return { kind: 'call', name: t.name.toLowerCase(), args, nameSpan: t.span, span: { start: t.span.start, end: this.prevEnd() } };
        }
        if (!t.quoted && this.wordOp(t) !== null) this.fail(`expected an expression, found the operator ${t.name}`, t);
        return { kind: 'field', name: t.name, span: t.span };
      }
      case 'op':
        if (t.op === '(') {
          const inner = this.parseExpr();
          const close = this.next();
          if (!this.isOp(close, ')')) this.fail('unbalanced "(": expected ")"', t);
          return { ...inner, span: { start: t.span.start, end: (close as EvalToken).span.end } } as EvalExpr;
        }
        this.fail(`expected an expression, found ${evalDescribe(t)}`, t);
    }
  }
}

function evalDescribe(t: EvalToken): string {
  switch (t.t) {
    case 'num':
      return `number ${t.value}`;
    case 'str':
      return 'quoted string';
    case 'field':
      return `"${t.name}"`;
    case 'op':
      return `"${t.op}"`;
  }
}

/** Parses an eval expression in text[start, end). */
export function parseEvalExpr(text: string, start: number, end: number): EvalExpr {
  const p = new EvalParser(text, start, end);
  if (p.done) throw syntaxError('expected an expression', start, text);
  return p.parseAll();
}

function whereCommand(text: string, a: number, e: number, base: Base): WhereCommand {
  if (a >= e) throw syntaxError('where needs an expression', base.nameSpan.end, text);
  return { kind: 'where', ...base, expr: parseEvalExpr(text, a, e) };
}

function evalCommand(text: string, a: number, e: number, base: Base): EvalCommand {
  if (a >= e) throw syntaxError('eval needs field=expression', base.nameSpan.end, text);
  const assignments: EvalAssignment[] = [];
  for (const seg of splitTopLevel(text, a, e)) {
    const s = skipSpace(text, seg.start, seg.end);
    if (s >= seg.end) throw syntaxError('expected an assignment (field=expression)', seg.start, text);
    const eq = assignmentEquals(text, s, seg.end);
    if (eq < 0) throw syntaxError('expected "=" in an eval assignment (field=expression)', s, text);
    let field = text.slice(s, trimEnd(text, s, eq));
    const quoted = field.length >= 2 && ((field.startsWith('"') && field.endsWith('"')) || (field.startsWith("'") && field.endsWith("'")));
    if (quoted) field = field.slice(1, -1);
    if (field === '' || (!quoted && /[\s()]/.test(field))) throw syntaxError(`expected a field name before "=", found "${field}"`, s, text);
    const exprStart = skipSpace(text, eq + 1, seg.end);
    if (exprStart >= seg.end) throw syntaxError(`expected an expression after "${field}="`, eq, text);
    const expr = parseEvalExpr(text, exprStart, seg.end);
    assignments.push({ field, expr, span: { start: s, end: expr.span.end } });
  }
  return { kind: 'eval', ...base, assignments };
}

/** Segments of text[a, e) separated by commas outside quotes, single-quoted names and parentheses. */
function splitTopLevel(text: string, a: number, e: number): Span[] {
  const out: Span[] = [];
  let depth = 0;
  let start = a;
  for (let i = a; i < e; i++) {
    const c = text[i];
    if (c === '"') i = quotedEnd(text, i, e) - 1;
    else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close > 0 && close < e) i = close;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push({ start, end: i });
      start = i + 1;
    }
  }
  out.push({ start, end: e });
  return out;
}

/** Offset of the assignment's `=` (not part of `==`, `!=`, `<=`, `>=`), outside quotes; -1 when none. */
function assignmentEquals(text: string, a: number, e: number): number {
  for (let i = a; i < e; i++) {
    const c = text[i];
    if (c === '"') {
      i = quotedEnd(text, i, e) - 1;
      continue;
    }
    if (c === '(') return -1;
    if (c === '=' && text[i + 1] !== '=' && !['!', '<', '>', '='].includes(text[i - 1] ?? '')) return i;
  }
  return -1;
}

// ---- argument-mode commands ------------------------------------------------------------------------

function isOptionWord(t: ArgToken | undefined): boolean {
  return t !== undefined && t.t === 'word' && /^[A-Za-z_][\w.-]*=/.test(t.text);
}

/** A field name token (word or quoted string) as a FieldPattern. */
function fieldOf(t: ArgToken): FieldPattern | null {
  if (t.t === 'word') return { name: t.text, span: t.span };
  if (t.t === 'string') return { name: t.value, span: t.span };
  return null;
}

/** Joins a word with a directly following parenthesised group into one name (`predicted(x)`, `count(eval(...))`). */
function joinCallNames(text: string, toks: ArgToken[]): ArgToken[] {
  const out: ArgToken[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as ArgToken;
    const next = toks[i + 1];
    if (t.t === 'word' && next?.t === '(' && next.glued) {
      let level = 0;
      let j = i + 1;
      for (; j < toks.length; j++) {
        const u = toks[j] as ArgToken;
        if (u.t === '(') level++;
        else if (u.t === ')' && --level === 0) break;
      }
      if (j < toks.length) {
        const end = (toks[j] as ArgToken).span.end;
        out.push({ t: 'word', text: text.slice(t.span.start, end), span: { start: t.span.start, end }, glued: t.glued });
        i = j;
        continue;
      }
    }
    out.push(t);
  }
  return out;
}

function fieldList(text: string, a: number, e: number, command: string): FieldPattern[] {
  const out: FieldPattern[] = [];
  for (const t of joinCallNames(text, lexArgs(text, a, e))) {
    if (t.t === ',') continue;
    const f = fieldOf(t);
    if (f === null) throw syntaxError(`${command}: expected a field name`, t.span.start, text);
    out.push(f);
  }
  return out;
}

function fieldsCommand(text: string, a: number, e: number, base: Base): FieldsCommand {
  let mode: '+' | '-' = '+';
  let s = a;
  if (text[a] === '+' || text[a] === '-') {
    const rest = text[a + 1];
    if (rest === undefined || a + 1 >= e || /\s/.test(rest)) {
      mode = text[a] as '+' | '-';
      s = a + 1;
    }
  }
  const fields = fieldList(text, s, e, 'fields');
  if (fields.length === 0) throw syntaxError('fields needs at least one field name', base.nameSpan.end, text);
  return { kind: 'fields', ...base, mode, fields };
}

function renameCommand(text: string, a: number, e: number, base: Base): RenameCommand {
  const toks = joinCallNames(text, lexArgs(text, a, e)).filter((t) => t.t !== ',');
  const renames: RenameCommand['renames'] = [];
  let i = 0;
  while (i < toks.length) {
    const from = fieldOf(toks[i] as ArgToken);
    const as = toks[i + 1];
    const toTok = toks[i + 2];
    if (from === null) throw syntaxError('rename: expected a field name', (toks[i] as ArgToken).span.start, text);
    if (as === undefined || as.t !== 'word' || as.text.toLowerCase() !== 'as') throw syntaxError(`rename: expected AS after "${from.name}"`, as?.span.start ?? from.span.end, text);
    const to = toTok === undefined ? null : fieldOf(toTok);
    if (to === null) throw syntaxError('rename: expected the new field name after AS', toTok?.span.start ?? as.span.end, text);
    renames.push({ from, to });
    i += 3;
  }
  if (renames.length === 0) throw syntaxError('rename needs "<field> AS <new name>"', base.nameSpan.end, text);
  return { kind: 'rename', ...base, renames };
}

function optionOf(t: Extract<ArgToken, { t: 'word' }>, next: ArgToken | undefined): { option: OptionArg; consumedNext: boolean } {
  const eq = t.text.indexOf('=');
  const key = t.text.slice(0, eq);
  const rest = t.text.slice(eq + 1);
  if (rest === '' && next !== undefined && next.glued && (next.t === 'string' || next.t === 'word')) {
    const value: GenericArg = next.t === 'string' ? { kind: 'string', value: next.value, span: next.span } : { kind: 'word', text: next.text, span: next.span };
    return { option: { kind: 'option', key, value, span: { start: t.span.start, end: next.span.end } }, consumedNext: true };
  }
  const vs = { start: t.span.start + eq + 1, end: t.span.end };
  return { option: { kind: 'option', key, value: { kind: 'word', text: rest, span: vs }, span: t.span }, consumedNext: false };
}

export function optionText(o: OptionArg): string {
  const v = o.value;
  return v.kind === 'word' ? v.text : v.kind === 'string' ? v.value : '';
}

function binCommand(text: string, a: number, e: number, base: Base): BinCommand {
  const toks = lexArgs(text, a, e).filter((t) => t.t !== ',');
  const options: OptionArg[] = [];
  let field: FieldPattern | null = null;
  let as: FieldPattern | null = null;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as ArgToken;
    if (isOptionWord(t)) {
      const { option, consumedNext } = optionOf(t as Extract<ArgToken, { t: 'word' }>, toks[i + 1]);
      options.push(option);
      if (consumedNext) i++;
      continue;
    }
    if (t.t === 'word' && t.text.toLowerCase() === 'as') {
      const n = toks[i + 1];
      const f = n === undefined ? null : fieldOf(n);
      if (f === null) throw syntaxError('bin: expected a field name after AS', n?.span.start ?? t.span.end, text);
      as = f;
      i++;
      continue;
    }
    const f = fieldOf(t);
    if (f === null || field !== null) throw syntaxError('bin: unexpected argument', t.span.start, text);
    field = f;
  }
  return { kind: 'bin', ...base, options, field, as };
}

function statsCommand(text: string, a: number, e: number, base: Base, depth: number): StatsCommand {
  const options: OptionArg[] = [];
  const aggregations: StatsAggregation[] = [];
  const by: FieldPattern[] = [];
  let i = a;
  const word = (): { text: string; span: Span } | null => {
    i = skipSpace(text, i, e);
    while (i < e && text[i] === ',') i = skipSpace(text, i + 1, e);
    if (i >= e) return null;
    if (text[i] === '"') {
      const q = quotedEnd(text, i, e);
      const w = { text: unescapeSearch(text.slice(i + 1, q - 1)), span: { start: i, end: q } };
      i = q;
      return w;
    }
    const m = /^[^\s,()"]+/.exec(text.slice(i, e));
    if (!m) throw syntaxError(`stats: unexpected "${text[i]}"`, i, text);
    const w = { text: m[0], span: { start: i, end: i + m[0].length } };
    i += m[0].length;
    return w;
  };
  // A name after AS may hold parentheses (`AS aceFlags(inheritance)`): it runs to a space or comma.
  const asName = (): { text: string; span: Span } | null => {
    i = skipSpace(text, i, e);
    if (i >= e) return null;
    if (text[i] === '"') return word();
    const m = /^[^\s,]+/.exec(text.slice(i, e));
    if (!m) return null;
    const w = { text: m[0], span: { start: i, end: i + m[0].length } };
    i += m[0].length;
    return w;
  };
  // Options come before the first function.
  for (;;) {
    const save = i;
    const w = word();
    if (w === null) break;
    if (/^(allnum|delim|partitions|dedup_splitvals)=/i.test(w.text)) {
      const eq = w.text.indexOf('=');
      let value: GenericArg = { kind: 'word', text: w.text.slice(eq + 1), span: { start: w.span.start + eq + 1, end: w.span.end } };
      if (w.text.endsWith('=') && text[i] === '"') {
        const q = quotedEnd(text, i, e);
        value = { kind: 'string', value: unescapeSearch(text.slice(i + 1, q - 1)), span: { start: i, end: q } };
        i = q;
      }
      options.push({ kind: 'option', key: w.text.slice(0, eq), value, span: { start: w.span.start, end: value.span.end } });
      continue;
    }
    i = save;
    break;
  }
  for (;;) {
    const w = word();
    if (w === null) break;
    if (w.text.toLowerCase() === 'by') {
      for (;;) {
        const f = word();
        if (f === null) break;
        by.push({ name: f.text, span: f.span });
      }
      if (by.length === 0) throw syntaxError('stats: BY needs at least one field', w.span.start, text);
      break;
    }
    const fnName = w.text;
    let arg: StatsAggregation['arg'] = null;
    let endAt = w.span.end;
    if (text[i] === '(') {
      const close = parenEnd(text, i, e);
      const innerStart = skipSpace(text, i + 1, close - 1);
      const innerEnd = trimEnd(text, innerStart, close - 1);
      const inner = text.slice(innerStart, innerEnd);
      if (/^eval\s*\(/i.test(inner)) {
        const open = text.indexOf('(', innerStart);
        const evalClose = parenEnd(text, open, innerEnd);
        if (evalClose !== innerEnd) throw syntaxError('stats: unexpected text after eval(...)', evalClose, text);
        arg = { kind: 'eval', expr: parseEvalExpr(text, open + 1, evalClose - 1), span: { start: innerStart, end: innerEnd } };
      } else if (inner !== '') {
        const name = inner.startsWith('"') && inner.endsWith('"') && inner.length >= 2 ? unescapeSearch(inner.slice(1, -1)) : inner;
        arg = { kind: 'field', name, span: { start: innerStart, end: innerEnd } };
      }
      i = close;
      endAt = close;
    } else if (/[()]/.test(fnName)) {
      throw syntaxError(`stats: malformed function "${fnName}"`, w.span.start, text);
    }
    let as: FieldPattern | null = null;
    const save = i;
    const maybeAs = word();
    if (maybeAs !== null && maybeAs.text.toLowerCase() === 'as') {
      const n = asName();
      if (n === null) throw syntaxError('stats: expected a name after AS', maybeAs.span.end, text);
      as = { name: n.text, span: n.span };
      endAt = n.span.end;
    } else {
      i = save;
    }
    aggregations.push({ fn: fnName.toLowerCase(), arg, as, span: { start: w.span.start, end: endAt } });
  }
  if (aggregations.length === 0) throw syntaxError('stats needs at least one function, e.g. count', base.nameSpan.end, text);
  void depth;
  return { kind: 'stats', ...base, options, aggregations, by };
}

function dedupCommand(text: string, a: number, e: number, base: Base): DedupCommand {
  const toks = lexArgs(text, a, e).filter((t) => t.t !== ',');
  let count = 1;
  const fields: FieldPattern[] = [];
  const options: OptionArg[] = [];
  const sortBy: SortKey[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as ArgToken;
    if (i === 0 && t.t === 'word' && /^\d+$/.test(t.text)) {
      count = Number(t.text);
      continue;
    }
    if (isOptionWord(t)) {
      const { option, consumedNext } = optionOf(t as Extract<ArgToken, { t: 'word' }>, toks[i + 1]);
      options.push(option);
      if (consumedNext) i++;
      continue;
    }
    if (t.t === 'word' && t.text.toLowerCase() === 'sortby') {
      sortBy.push(...sortKeys(text, toks.slice(i + 1)));
      break;
    }
    const f = fieldOf(t);
    if (f === null) throw syntaxError('dedup: expected a field name', t.span.start, text);
    fields.push(f);
  }
  if (fields.length === 0) throw syntaxError('dedup needs at least one field', base.nameSpan.end, text);
  return { kind: 'dedup', ...base, count, fields, options, sortBy };
}

function sortKeys(text: string, toks: ArgToken[]): SortKey[] {
  const keys: SortKey[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as ArgToken;
    if (t.t !== 'word' && t.t !== 'string') throw syntaxError('sort: expected a field', t.span.start, text);
    let name = t.t === 'word' ? t.text : t.value;
    let descending = false;
    let span = t.span;
    if (t.t === 'word' && (name === '-' || name === '+')) {
      const n = toks[i + 1];
      if (n === undefined || (n.t !== 'word' && n.t !== 'string')) throw syntaxError(`sort: expected a field after "${name}"`, t.span.end, text);
      descending = name === '-';
      name = n.t === 'word' ? n.text : n.value;
      span = { start: t.span.start, end: n.span.end };
      i++;
    } else if (t.t === 'word' && (name.startsWith('-') || name.startsWith('+'))) {
      descending = name.startsWith('-');
      name = name.slice(1);
    }
    let type: SortKey['type'] = 'auto';
    const fn = /^(auto|str|num|ip)$/i.exec(name);
    const next = toks[i + 1];
    if (fn && next?.t === '(' && next.glued) {
      const inner = toks[i + 2];
      const close = toks[i + 3];
      if (inner === undefined || (inner.t !== 'word' && inner.t !== 'string') || close?.t !== ')') throw syntaxError(`sort: expected ${name}(field)`, t.span.start, text);
      type = name.toLowerCase() as SortKey['type'];
      name = inner.t === 'word' ? inner.text : inner.value;
      span = { start: span.start, end: close.span.end };
      i += 3;
    }
    if (name === '') throw syntaxError('sort: expected a field', t.span.start, text);
    keys.push({ field: name, descending, type, span });
  }
  return keys;
}

function sortCommand(text: string, a: number, e: number, base: Base): SortCommand {
  let toks = lexArgs(text, a, e).filter((t) => t.t !== ',');
  let limit: number | null = null;
  const first = toks[0];
  if (first?.t === 'word' && /^\d+$/.test(first.text)) {
    limit = Number(first.text);
    toks = toks.slice(1);
  } else if (first?.t === 'word' && /^limit=\d+$/i.test(first.text)) {
    limit = Number(first.text.slice(6));
    toks = toks.slice(1);
  }
  let reverse = false;
  const last = toks[toks.length - 1];
  if (last?.t === 'word' && /^(d|desc)$/i.test(last.text) && toks.length > 1) {
    reverse = true;
    toks = toks.slice(0, -1);
  }
  const keys = sortKeys(text, toks);
  if (keys.length === 0) throw syntaxError('sort needs at least one field', base.nameSpan.end, text);
  return { kind: 'sort', ...base, limit, keys, reverse };
}

function headCommand(text: string, a: number, e: number, base: Base): HeadCommand {
  let count = 10;
  let expr: EvalExpr | null = null;
  const options: OptionArg[] = [];
  let i = a;
  if (text[i] === '(') {
    const close = parenEnd(text, i, e);
    expr = parseEvalExpr(text, i + 1, close - 1);
    i = close;
  }
  const toks = lexArgs(text, i, e).filter((t) => t.t !== ',');
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k] as ArgToken;
    if (t.t === 'word' && /^\d+$/.test(t.text) && expr === null && k === 0) {
      count = Number(t.text);
    } else if (isOptionWord(t)) {
      const { option, consumedNext } = optionOf(t as Extract<ArgToken, { t: 'word' }>, toks[k + 1]);
      options.push(option);
      if (option.key.toLowerCase() === 'limit') {
        const n = Number(optionText(option));
        if (!Number.isInteger(n) || n < 0) throw syntaxError('head: limit must be a whole number', option.value.span.start, text);
        count = n;
      }
      if (consumedNext) k++;
    } else {
      throw syntaxError('head: expected a count, (expression) or limit=', t.span.start, text);
    }
  }
  return { kind: 'head', ...base, count, expr, options };
}

function tailCommand(text: string, a: number, e: number, base: Base): TailCommand {
  const toks = lexArgs(text, a, e);
  if (toks.length === 0) return { kind: 'tail', ...base, count: 10 };
  const t = toks[0] as ArgToken;
  if (toks.length > 1 || t.t !== 'word' || !/^\d+$/.test(t.text)) throw syntaxError('tail: expected a count', t.span.start, text);
  return { kind: 'tail', ...base, count: Number(t.text) };
}

/** Generic arguments of any command the engine does not run. */
export function genericArgs(text: string, a: number, e: number, depth: number): GenericArg[] {
  return argsFromTokens(text, lexArgs(text, a, e), depth);
}

function argsFromTokens(text: string, toks: ArgToken[], depth: number): GenericArg[] {
  const out: GenericArg[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as ArgToken;
    switch (t.t) {
      case ',':
        out.push({ kind: 'punct', text: ',', span: t.span });
        break;
      case ')':
        throw syntaxError('unbalanced ")": no "(" is open', t.span.start, text);
      case '(': {
        let level = 0;
        let j = i;
        for (; j < toks.length; j++) {
          const u = toks[j] as ArgToken;
          if (u.t === '(') level++;
          else if (u.t === ')') {
            level--;
            if (level === 0) break;
          }
        }
        if (j >= toks.length) throw syntaxError('unbalanced "(": expected ")"', t.span.start, text);
        const close = toks[j] as ArgToken;
        out.push({ kind: 'group', args: argsFromTokens(text, toks.slice(i + 1, j), depth), span: { start: t.span.start, end: close.span.end } });
        i = j;
        break;
      }
      case 'sub':
        out.push({ kind: 'subsearch', pipeline: parseRange(text, t.span.start + 1, t.span.end - 1, true, depth + 1), span: t.span });
        break;
      case 'string':
        out.push({ kind: 'string', value: t.value, span: t.span });
        break;
      case 'word': {
        if (isOptionWord(t)) {
          const { option, consumedNext } = optionOf(t as Extract<ArgToken, { t: 'word' }>, toks[i + 1]);
          out.push(option);
          if (consumedNext) i++;
          break;
        }
        if (t.text.toLowerCase() === 'by') {
          const fields: FieldPattern[] = [];
          let j = i + 1;
          for (; j < toks.length; j++) {
            const u = toks[j] as ArgToken;
            if (u.t === ',') continue;
            if (u.t === 'word' && !isOptionWord(u)) fields.push({ name: u.text, span: u.span });
            else if (u.t === 'string') fields.push({ name: u.value, span: u.span });
            else break;
          }
          const lastSpan = fields.length > 0 ? (fields[fields.length - 1] as FieldPattern).span : t.span;
          out.push({ kind: 'by', fields, span: { start: t.span.start, end: lastSpan.end } });
          i = j - 1;
          break;
        }
        out.push({ kind: 'word', text: t.text, span: t.span });
        break;
      }
    }
  }
  return out;
}

/** Refuses an eval expression tree deeper than MAX_EXPRESSION_DEPTH (measured without recursion). */
function checkEvalDepth(root: EvalExpr, text: string): void {
  const stack: [EvalExpr, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [expr, depth] = stack.pop() as [EvalExpr, number];
    if (depth > MAX_EXPRESSION_DEPTH) {
      throw syntaxError(`the expression is nested more than ${MAX_EXPRESSION_DEPTH} deep (a chain of operators counts one level per operator)`, expr.span.start, text);
    }
    if (expr.kind === 'binary') stack.push([expr.left, depth + 1], [expr.right, depth + 1]);
    else if (expr.kind === 'unary') stack.push([expr.operand, depth + 1]);
    else if (expr.kind === 'call') for (const arg of expr.args) stack.push([arg, depth + 1]);
  }
}

/** A search expression over text[s, e) (the WHERE clause of tstats); null when the range is empty. */
export function parseSearchRange(text: string, s: number, e: number): SearchExpr | null {
  return new SearchParser(text, s, e, 0).parseAll();
}

/**
 * `<fn>(<field>) [AS name] ... [BY f1, f2]` over text[a, e), as `stats` parses it: for the commands that
 * share stats's function syntax (tstats, eventstats, streamstats), which label errors with `name`.
 */
export function parseStatsArguments(text: string, a: number, e: number, name: string, nameSpan: Span): StatsCommand {
  return statsCommand(text, a, e, { name, nameSpan, span: { start: nameSpan.start, end: e } }, 0);
}
