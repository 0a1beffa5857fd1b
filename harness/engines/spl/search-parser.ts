// The search-expression parser: the argument of the `search` command and of the implicit search that
// starts a query (also tstats's WHERE clause). Terms, quoted phrases, field comparisons, IN lists,
// TERM() and CASE(), parentheses, NOT, OR and AND (written or implied by juxtaposition), subsearches.
// Precedence, from the search command's reference: parentheses, then NOT, then OR, then AND.
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/search
// https://help.splunk.com/en/splunk-enterprise/search/search-manual/9.3/expressions-and-predicates
import type { CompareOp, Pipeline, SearchExpr, SearchTerm, Span } from './ast.js';
import { syntaxError } from './errors.js';
import { type SearchToken, lexSearch, parenEnd, unescapeSearch } from './lexer.js';
import { MAX_NESTING_DEPTH, nestingError } from './parse-limits.js';

/** Parses the pipeline of a `[...]` subsearch over text[start, end) (the pipeline parser, passed in). */
export type SubsearchParser = (start: number, end: number) => Pipeline;

type WordToken = Extract<SearchToken, { t: 'word' }>;
type StringToken = Extract<SearchToken, { t: 'string' }>;

/** Position of the first comparison operator in a raw word (outside escapes), or null. */
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

function describe(token: SearchToken): string {
  switch (token.t) {
    case 'word':
      return `"${token.raw}"`;
    case 'string':
      return 'quoted string';
    case 'sub':
      return 'subsearch';
    default:
      return `"${token.t}"`;
  }
}

function spanOf(items: { span: Span }[]): Span {
  return { start: (items[0] as { span: Span }).span.start, end: (items[items.length - 1] as { span: Span }).span.end };
}

class SearchParser {
  private readonly tokens: SearchToken[];
  private pos = 0;
  private nesting = 0;

  constructor(
    private readonly text: string,
    start: number,
    private readonly end: number,
    private readonly parseSubsearch: SubsearchParser,
  ) {
    this.tokens = lexSearch(text, start, end);
  }

  private nested<T>(at: number, parse: () => T): T {
    if (++this.nesting > MAX_NESTING_DEPTH) throw nestingError(at, this.text);
    try {
      return parse();
    } finally {
      this.nesting--;
    }
  }

  /** SearchExpression : Conjunction? (null when the range holds no tokens) */
  parseAll(): SearchExpr | null {
    if (this.tokens.length === 0) return null;
    const expr = this.parseAnd();
    const token = this.tokens[this.pos];
    if (token !== undefined) throw syntaxError(token.t === ')' ? 'unbalanced ")": no "(" is open' : `unexpected ${describe(token)}`, token.span.start, this.text);
    return expr;
  }

  private peek(): SearchToken | undefined {
    return this.tokens[this.pos];
  }

  private isKeyword(token: SearchToken | undefined, word: string): boolean {
    return token !== undefined && token.t === 'word' && token.raw === word;
  }

  private atExprEnd(): boolean {
    const token = this.peek();
    return token === undefined || token.t === ')';
  }

  /** Conjunction : Disjunction ("AND"? Disjunction)*   (terms side by side are ANDed) */
  private parseAnd(): SearchExpr {
    const items: SearchExpr[] = [];
    for (;;) {
      if (this.atExprEnd()) break;
      if (this.isKeyword(this.peek(), 'AND')) {
        const and = this.tokens[this.pos++] as SearchToken;
        if (items.length === 0 || this.atExprEnd()) throw syntaxError('AND needs a search term on each side', and.span.start, this.text);
        continue;
      }
      items.push(this.parseOr());
    }
    if (items.length === 0) {
      const token = this.peek();
      throw syntaxError('expected a search term', token?.span.start ?? this.end, this.text);
    }
    return items.length === 1 ? (items[0] as SearchExpr) : { kind: 'and', items, span: spanOf(items) };
  }

  /** Disjunction : Negation ("OR" Negation)* */
  private parseOr(): SearchExpr {
    const items = [this.parseNot()];
    while (this.isKeyword(this.peek(), 'OR')) {
      const or = this.tokens[this.pos++] as SearchToken;
      if (this.atExprEnd() || this.isKeyword(this.peek(), 'OR') || this.isKeyword(this.peek(), 'AND')) {
        throw syntaxError('OR needs a search term on each side', or.span.start, this.text);
      }
      items.push(this.parseNot());
    }
    return items.length === 1 ? (items[0] as SearchExpr) : { kind: 'or', items, span: spanOf(items) };
  }

  /** Negation : "NOT" Negation | Primary */
  private parseNot(): SearchExpr {
    const token = this.peek();
    if (this.isKeyword(token, 'NOT')) {
      const not = token as SearchToken;
      this.pos++;
      if (this.atExprEnd()) throw syntaxError('NOT needs a search term after it', not.span.start, this.text);
      const inner = this.nested(not.span.start, () => this.parseNot());
      return { kind: 'not', expr: inner, span: { start: not.span.start, end: inner.span.end } };
    }
    return this.parsePrimary();
  }

  /** Primary : "(" Conjunction? ")" | "[" Pipeline "]" | QuotedString QuotedFieldTail? | Word WordTail? */
  private parsePrimary(): SearchExpr {
    const token = this.tokens[this.pos++];
    if (token === undefined) throw syntaxError('expected a search term', this.end, this.text);
    switch (token.t) {
      case '(': {
        if (this.peek()?.t === ')') {
          // `()` (e.g. `now()` written inside a search): an empty group, which requires nothing.
          const close = this.tokens[this.pos++] as SearchToken;
          return { kind: 'and', items: [], span: { start: token.span.start, end: close.span.end } };
        }
        const inner = this.nested(token.span.start, () => this.parseAnd());
        const close = this.tokens[this.pos++];
        if (close === undefined || close.t !== ')') throw syntaxError('unbalanced "(": expected ")"', token.span.start, this.text);
        return inner;
      }
      case ')':
        throw syntaxError('unbalanced ")": no "(" is open', token.span.start, this.text);
      case 'sub':
        return { kind: 'subsearch', pipeline: this.parseSubsearch(token.span.start + 1, token.span.end - 1), span: token.span };
      case ',':
        throw syntaxError('unexpected ","', token.span.start, this.text);
      case 'string':
        return this.afterString(token);
      case 'word':
        return this.afterWord(token);
    }
  }

  /** QuotedString ComparisonOperator Value: a quoted field name when the operator follows directly; else a phrase. */
  private afterString(token: StringToken): SearchExpr {
    const next = this.peek();
    if (next !== undefined && next.t === 'word' && next.glued) {
      const op = findCompareOp(next.raw);
      if (op !== null && op.at === 0) {
        this.pos++;
        return this.comparison(token.text, op.op, next.raw.slice(op.op.length), next, token.span.start, false);
      }
    }
    return { kind: 'term', text: token.text, quoted: true, term: false, caseSensitive: false, span: token.span };
  }

  /**
   * Word : ("TERM" | "CASE") "(" ... ")" | Field "IN" "(" ValueList ")" | Field ComparisonOperator Value | Term
   * (the operator glued to the field, `f=v`, or standing alone between spaces, `f = v`)
   */
  private afterWord(token: WordToken): SearchExpr {
    const raw = token.raw;
    const upper = raw.toUpperCase();
    const next = this.peek();
    if ((upper === 'TERM' || upper === 'CASE') && next?.t === '(' && next.glued) {
      return this.directive(token, upper);
    }
    if (next !== undefined && next.t === 'word' && next.raw === 'IN' && this.tokens[this.pos + 1]?.t === '(' && findCompareOp(raw) === null) {
      return this.inList(token);
    }
    const op = findCompareOp(raw);
    if (op !== null && op.at > 0) {
      return this.comparison(unescapeSearch(raw.slice(0, op.at)), op.op, raw.slice(op.at + op.op.length), token, token.span.start, false);
    }
    // `field = value` with spaces around the operator.
    if (op === null && next !== undefined && next.t === 'word') {
      const nextOp = findCompareOp(next.raw);
      if (nextOp !== null && nextOp.at === 0 && next.raw.length === nextOp.op.length) {
        this.pos++;
        return this.comparison(unescapeSearch(raw), nextOp.op, '', next, token.span.start, false);
      }
    }
    return { kind: 'term', text: unescapeSearch(raw), quoted: false, term: false, caseSensitive: false, span: token.span };
  }

  /** Comparison : Field ComparisonOperator Value, the value being the rest of the word or the next token (quoted or not). */
  private comparison(field: string, op: CompareOp, restRaw: string, opToken: SearchToken, start: number, caseSensitive: boolean): SearchExpr {
    if (field === '') throw syntaxError(`expected a field name before "${op}"`, opToken.span.start, this.text);
    if (restRaw !== '') {
      return { kind: 'compare', field, op, value: unescapeSearch(restRaw), valueQuoted: false, caseSensitive, span: { start, end: opToken.span.end } };
    }
    const valueToken = this.peek();
    const isValue =
      valueToken !== undefined &&
      (valueToken.t === 'string' || (valueToken.t === 'word' && findCompareOp(valueToken.raw)?.at !== 0 && !['AND', 'OR', 'NOT'].includes(valueToken.raw)));
    if (isValue) {
      this.pos++;
      const value = valueToken.t === 'string' ? valueToken.text : unescapeSearch(valueToken.raw);
      return { kind: 'compare', field, op, value, valueQuoted: valueToken.t === 'string', caseSensitive, span: { start, end: valueToken.span.end } };
    }
    throw syntaxError(`expected a value after "${field}${op}"`, opToken.span.end, this.text);
  }

  /** Directive : "TERM(" Term ")" | "CASE(" (Term | Comparison) ")"   (re-read from the text between the parentheses) */
  private directive(token: WordToken, which: 'TERM' | 'CASE'): SearchExpr {
    const open = this.tokens[this.pos] as SearchToken;
    const closeAt = parenEnd(this.text, open.span.start, this.end);
    const innerStart = open.span.start + 1;
    const innerEnd = closeAt - 1;
    // Skip the tokens inside the directive: it is re-read from the text.
    while (this.pos < this.tokens.length && (this.tokens[this.pos] as SearchToken).span.start < closeAt) this.pos++;
    const span = { start: token.span.start, end: closeAt };
    if (which === 'TERM') {
      const inner = this.text.slice(innerStart, innerEnd).trim();
      if (inner === '') throw syntaxError('TERM() needs a term', innerStart, this.text);
      const quoted = inner.startsWith('"') && inner.endsWith('"') && inner.length >= 2;
      return { kind: 'term', text: unescapeSearch(quoted ? inner.slice(1, -1) : inner), quoted, term: true, caseSensitive: false, span };
    }
    const inner = new SearchParser(this.text, innerStart, innerEnd, this.parseSubsearch).parseAll();
    if (inner === null) throw syntaxError('CASE() needs a term or field=value', innerStart, this.text);
    if (inner.kind === 'term') return { ...inner, caseSensitive: true, span } satisfies SearchTerm;
    if (inner.kind === 'compare') return { ...inner, caseSensitive: true, span };
    throw syntaxError('CASE() takes one term or one field=value', innerStart, this.text);
  }

  /** InList : Field "IN" "(" Value (","? Value)* ")"   (a word's commas separate values too) */
  private inList(fieldToken: WordToken): SearchExpr {
    this.pos++; // IN
    const open = this.tokens[this.pos++] as SearchToken;
    const values: { text: string; quoted: boolean; span: Span }[] = [];
    for (;;) {
      const token = this.tokens[this.pos++];
      if (token === undefined) throw syntaxError('unbalanced "(" after IN: expected ")"', open.span.start, this.text);
      if (token.t === ')') break;
      if (token.t === 'string') values.push({ text: token.text, quoted: true, span: token.span });
      else if (token.t === 'word') {
        for (const part of token.raw.split(',')) if (part !== '') values.push({ text: unescapeSearch(part), quoted: false, span: token.span });
      } else if (token.t !== ',') throw syntaxError(`unexpected ${describe(token)} in IN list`, token.span.start, this.text);
    }
    if (values.length === 0) throw syntaxError('IN needs at least one value', open.span.start, this.text);
    const last = this.tokens[this.pos - 1] as SearchToken;
    return { kind: 'in', field: unescapeSearch(fieldToken.raw), values, span: { start: fieldToken.span.start, end: last.span.end } };
  }
}

/** A search expression over text[start, end); null when the range is empty. Throws SplError (kind `syntax`). */
export function parseSearchExpression(text: string, start: number, end: number, parseSubsearch: SubsearchParser): SearchExpr | null {
  return new SearchParser(text, start, end, parseSubsearch).parseAll();
}
