// A hand-written recursive-descent parser for Elasticsearch EQL. It follows the grammar of
// Elasticsearch's EqlBase.g4 (precedence: or < and < not < comparison < + - < * / % < unary
// < primary with its `in`/`:`/`like`/`regex` predicate) and the rules its AST builder enforces
// (no single quotes, no `=`, only `head`/`tail` pipes, no joins or lineage).
// https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax
// https://www.elastic.co/docs/reference/query-languages/eql/eql-pipe-ref
import type {
  ComparisonOperator,
  EqlQuery,
  EventFilter,
  Expr,
  FieldRef,
  Literal,
  Loc,
  Pipe,
  SequenceStage,
  TimeSpan,
} from './ast.js';
import { EqlSyntaxError } from './errors.js';
import { tokenize, type Token } from './lexer.js';

export const DEFAULT_QUERY_LABEL = '<query>';

/** Parses one EQL query. Throws EqlSyntaxError (with line, column and caret excerpt) on bad input. */
export function parseEql(text: string, file: string = DEFAULT_QUERY_LABEL): EqlQuery {
  if (text.length > MAX_QUERY_LENGTH) {
    throw new EqlSyntaxError(`the query is ${text.length} characters long, more than the limit of ${MAX_QUERY_LENGTH}`, { text, file, offset: MAX_QUERY_LENGTH });
  }
  const query = new Parser(text, file).parseStatement();
  checkTreeDepth(query, text, file);
  return query;
}

// Limits checked before any work, so that a hostile query is bad input (exit 2), not a stack overflow.
// Elasticsearch has no fixed EQL nesting limit: its parser answers a parsing_exception "EQL statement
// is too large, causing stack overflow when generating the parsing tree" when its stack runs out
// (x-pack/plugin/eql/src/main/java/org/elasticsearch/xpack/eql/parser/EqlParser.java); here the limits
// are fixed and documented instead, far above what production rules use (the 1,081 Elastic EQL rules
// of the corpus nest at most a few levels deep).
/** Parentheses, function calls, lists, `not` and signs nested inside each other. */
export const MAX_NESTING_DEPTH = 200;
/** Depth of the expression tree (a chain of `and` / `or` is as deep as it is long). */
export const MAX_EXPRESSION_DEPTH = 1000;
/** Characters in one query. */
export const MAX_QUERY_LENGTH = 1_000_000;

function checkTreeDepth(query: EqlQuery, text: string, file: string): void {
  const roots: Expr[] = [];
  if (query.kind === 'EventQuery') roots.push(query.filter.condition);
  else {
    roots.push(...query.by);
    for (const stage of query.kind === 'SequenceQuery' && query.until ? [...query.stages, query.until] : query.stages) roots.push(stage.filter.condition, ...stage.by);
  }
  // Iterative: the walk itself must not overflow on the tree it measures.
  const stack: [Expr, number][] = roots.map((r) => [r, 1]);
  while (stack.length > 0) {
    const [expr, depth] = stack.pop() as [Expr, number];
    if (depth > MAX_EXPRESSION_DEPTH) {
      throw new EqlSyntaxError(`the expression is nested more than ${MAX_EXPRESSION_DEPTH} deep (a chain of and/or counts one level per operator): write long alternatives as a list, field in ("a", "b", ...) or field : ("a", "b", ...)`, { text, file, offset: expr.loc.start });
    }
    for (const child of children(expr)) stack.push([child, depth + 1]);
  }
}

function children(expr: Expr): Expr[] {
  switch (expr.kind) {
    case 'Not':
    case 'Unary':
      return [expr.operand];
    case 'Logical':
    case 'Comparison':
    case 'Arithmetic':
      return [expr.left, expr.right];
    case 'PatternMatch':
      return [expr.value, ...expr.patterns];
    case 'InList':
      return [expr.value, ...expr.list];
    case 'Call':
      return expr.args;
    default:
      return [];
  }
}

const COMPARISON_OPERATORS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const PATTERN_OPERATORS = new Set([':', 'like', 'like~', 'regex', 'regex~']);
const TIME_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const MAX_RUNS = 100;

class Parser {
  private readonly tokens: Token[];
  private pos = 0;
  /** Nesting of the recursive descent (see MAX_NESTING_DEPTH). */
  private nesting = 0;

  /** Runs a nested parse, refusing nesting deeper than MAX_NESTING_DEPTH before the stack runs out. */
  private nested<T>(parse: () => T): T {
    if (++this.nesting > MAX_NESTING_DEPTH) this.fail(`the query nests more than ${MAX_NESTING_DEPTH} levels deep (parentheses, function calls, not, signs)`);
    try {
      return parse();
    } finally {
      this.nesting--;
    }
  }

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {
    this.tokens = tokenize(text, file);
  }

  // ---- token helpers -------------------------------------------------------------------------

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return token;
  }

  private isKeyword(value: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'keyword' && t.value === value;
  }

  private isOperator(value: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'operator' && t.value === value;
  }

  private fail(message: string, offset: number = this.peek().start): never {
    throw new EqlSyntaxError(message, { text: this.text, file: this.file, offset });
  }

  private describe(token: Token): string {
    if (token.kind === 'eof') return 'end of query';
    return `'${this.text.slice(token.start, token.end)}'`;
  }

  private expectKeyword(value: string): Token {
    if (!this.isKeyword(value)) this.fail(`expected '${value}', found ${this.describe(this.peek())}`);
    return this.next();
  }

  private expectOperator(value: string, context = ''): Token {
    if (!this.isOperator(value)) {
      this.fail(`expected '${value}'${context}, found ${this.describe(this.peek())}`);
    }
    return this.next();
  }

  private loc(start: number): Loc {
    const previous = this.tokens[Math.max(0, this.pos - 1)] as Token;
    return { start, end: Math.max(start, previous.end) };
  }

  // ---- statements ----------------------------------------------------------------------------

  parseStatement(): EqlQuery {
    const first = this.peek();
    if (first.kind === 'eof') this.fail('empty query: expected an event query, a sequence or a sample');
    let query: EqlQuery;
    const base = { text: this.text, file: this.file, pipes: [] as Pipe[] };
    if (this.isKeyword('sequence')) {
      query = { kind: 'SequenceQuery', ...base, ...this.parseSequenceBody(), loc: { start: first.start, end: first.end } };
    } else if (this.isKeyword('sample')) {
      query = { kind: 'SampleQuery', ...base, ...this.parseSampleBody(), loc: { start: first.start, end: first.end } };
    } else if (this.isKeyword('join')) {
      this.fail('join is not supported by Elasticsearch EQL');
    } else {
      query = { kind: 'EventQuery', ...base, filter: this.parseEventFilter(), loc: { start: first.start, end: first.end } };
    }
    query.loc = this.loc(first.start);
    while (this.isOperator('|')) query.pipes.push(this.parsePipe());
    const rest = this.peek();
    if (rest.kind !== 'eof') {
      if (rest.kind === 'operator' && rest.value === '=') this.fail("'=' is not supported as an equal operator: use '==' or ':'");
      this.fail(`expected end of query, found ${this.describe(rest)}`);
    }
    query.loc = this.loc(first.start);
    return query;
  }

  private parsePipe(): Pipe {
    const bar = this.next();
    const name = this.peek();
    if (name.kind !== 'identifier' && name.kind !== 'keyword') this.fail(`expected a pipe name after '|', found ${this.describe(name)}`);
    this.next();
    if (name.value !== 'head' && name.value !== 'tail') {
      this.fail(`pipe [${name.value}] is not supported: Elasticsearch EQL supports only head and tail`, name.start);
    }
    const count = this.peek();
    if (count.kind !== 'integer') this.fail(`expected a positive integer after '${name.value}', found ${this.describe(count)}`);
    this.next();
    const value = Number(count.value);
    if (!Number.isSafeInteger(value) || value <= 0) this.fail(`${name.value} needs a positive integer, found ${count.value}`, count.start);
    return { kind: 'Pipe', name: name.value, count: value, loc: this.loc(bar.start) };
  }

  private parseSequenceBody(): Omit<Extract<EqlQuery, { kind: 'SequenceQuery' }>, 'kind' | 'text' | 'file' | 'pipes' | 'loc'> {
    this.expectKeyword('sequence');
    let by: Expr[] = [];
    let maxspan: TimeSpan | null = null;
    if (this.isKeyword('by')) {
      by = this.parseJoinKeys();
      if (this.isKeyword('with')) maxspan = this.parseMaxspan();
    } else if (this.isKeyword('with')) {
      maxspan = this.parseMaxspan();
      if (this.isKeyword('by')) this.fail('specify [sequence by] before [with maxspan], not after');
    }
    const stages: SequenceStage[] = [];
    while (this.isOperator('[') || this.isOperator('![')) stages.push(this.parseStage(true));
    if (stages.length === 0) this.fail(`expected '[' to open a sequence stage, found ${this.describe(this.peek())}`);
    const runsTotal = stages.reduce((sum, s) => sum + (s.runs ?? 1), 0);
    if (runsTotal < 2) this.fail(`a sequence requires a minimum of 2 queries, found [${runsTotal}]`, stages[0]?.loc.start);
    let until: SequenceStage | null = null;
    if (this.isKeyword('until')) {
      this.next();
      if (!this.isOperator('[')) this.fail(`expected '[' after 'until', found ${this.describe(this.peek())}`);
      until = this.parseStage(false);
    }
    const missing = stages.filter((s) => s.missing);
    if (missing.length > 0) {
      if (maxspan === null) this.fail('a sequence with missing events (![...]) requires [with maxspan]', (missing[0] as SequenceStage).loc.start);
      if (missing.length === stages.length) this.fail('a sequence requires at least one positive event query', (missing[0] as SequenceStage).loc.start);
    }
    return { by, maxspan, stages, until };
  }

  private parseSampleBody(): Omit<Extract<EqlQuery, { kind: 'SampleQuery' }>, 'kind' | 'text' | 'file' | 'pipes' | 'loc'> {
    this.expectKeyword('sample');
    const by = this.isKeyword('by') ? this.parseJoinKeys() : [];
    if (this.isKeyword('with')) this.fail('[with maxspan] and [with runs] are not supported in samples');
    const stages: SequenceStage[] = [];
    while (this.isOperator('[')) {
      const stage = this.parseStage(false);
      if (this.isKeyword('with')) this.fail('[with runs] is not supported in samples');
      stages.push(stage);
    }
    if (this.isOperator('![')) this.fail('missing events (![...]) are not supported in samples');
    if (stages.length < 2) this.fail(`a sample requires a minimum of 2 queries, found [${stages.length}]`);
    if (this.isKeyword('until')) this.fail('[until] is not supported in samples');
    return { by, stages };
  }

  private parseStage(allowRuns: boolean): SequenceStage {
    const open = this.next(); // '[' or '!['
    const missing = open.value === '![';
    const filter = this.parseEventFilter();
    this.expectOperator(']', ' to close the stage');
    const by = this.isKeyword('by') ? this.parseJoinKeys() : [];
    let runs: number | null = null;
    if (allowRuns && this.isKeyword('with') && !this.isKeyword('maxspan', 1)) {
      this.next();
      const key = this.next();
      if (key.value !== 'runs') this.fail(`expected 'runs' after 'with', found ${this.describe(key)}`, key.start);
      this.expectOperator('=', " after 'runs'");
      const value = this.peek();
      if (value.kind !== 'integer') this.fail(`expected an integer number of runs, found ${this.describe(value)}`);
      this.next();
      runs = Number(value.value);
      if (runs < 1 || runs > MAX_RUNS) this.fail(`a query cannot be repeated more than ${MAX_RUNS} times, found [${value.value}]`, value.start);
    }
    return { kind: 'SequenceStage', filter, by, runs, missing, loc: this.loc(open.start) };
  }

  private parseJoinKeys(): Expr[] {
    this.expectKeyword('by');
    const keys = [this.parseExpression()];
    while (this.isOperator(',')) {
      this.next();
      keys.push(this.parseExpression());
    }
    return keys;
  }

  private parseMaxspan(): TimeSpan {
    const start = this.expectKeyword('with').start;
    this.expectKeyword('maxspan');
    this.expectOperator('=', " after 'maxspan'");
    const number = this.peek();
    if (number.kind !== 'integer' && number.kind !== 'decimal') this.fail(`expected a time value after 'maxspan=', found ${this.describe(number)}`);
    this.next();
    // `30s` lexes as the number 30 and the identifier `s`; a bare number is milliseconds.
    let unit = 'ms';
    const u = this.peek();
    if (u.kind === 'identifier' && u.start === number.end) {
      this.next();
      unit = u.value;
    }
    if (!(unit in TIME_UNITS)) {
      this.fail(`unrecognized time unit [${unit}] in [${number.value}${unit}], please specify one of [ms, s, m, h, d]`, u.start);
    }
    if (number.kind === 'decimal') this.fail(`decimal time values are not supported, found [${number.value}]`, number.start);
    const value = Number(number.value);
    return { kind: 'TimeSpan', value, unit: unit as TimeSpan['unit'], millis: value * (TIME_UNITS[unit] as number), loc: this.loc(start) };
  }

  private parseEventFilter(): EventFilter {
    const start = this.peek();
    let category: string | null;
    if (this.isKeyword('any')) {
      this.next();
      category = null;
    } else if (start.kind === 'identifier' || start.kind === 'string') {
      this.next();
      category = start.value;
    } else {
      this.fail(`expected an event category (or 'any') before 'where', found ${this.describe(start)}`);
    }
    const categoryLoc = { start: start.start, end: start.end };
    this.expectKeyword('where');
    const condition = this.parseExpression();
    return { kind: 'EventFilter', category, categoryLoc, condition, loc: this.loc(start.start) };
  }

  // ---- expressions ---------------------------------------------------------------------------

  parseExpression(): Expr {
    return this.nested(() => this.parseOr());
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isKeyword('or')) {
      this.next();
      const right = this.parseAnd();
      left = { kind: 'Logical', operator: 'or', left, right, loc: { start: left.loc.start, end: right.loc.end } };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isKeyword('and')) {
      this.next();
      const right = this.parseNot();
      left = { kind: 'Logical', operator: 'and', left, right, loc: { start: left.loc.start, end: right.loc.end } };
    }
    return left;
  }

  private parseNot(): Expr {
    if (this.isKeyword('not')) {
      const start = this.next().start;
      const operand = this.nested(() => this.parseNot());
      return { kind: 'Not', operand, loc: { start, end: operand.loc.end } };
    }
    const t = this.peek();
    if (t.kind === 'identifier' && this.isKeyword('of', 1)) {
      this.fail(`process relationships [${t.value} of] are not supported by Elasticsearch EQL`);
    }
    return this.parseComparison();
  }

  private parseComparison(): Expr {
    const left = this.parseAdditive();
    const t = this.peek();
    if (t.kind === 'operator' && COMPARISON_OPERATORS.has(t.value)) {
      this.next();
      const right = this.parseAdditive();
      const after = this.peek();
      if (after.kind === 'operator' && COMPARISON_OPERATORS.has(after.value)) {
        this.fail('comparisons cannot be chained: use [and] between them (a < b and b <= c)');
      }
      return { kind: 'Comparison', operator: t.value as ComparisonOperator, left, right, loc: { start: left.loc.start, end: right.loc.end } };
    }
    if (t.kind === 'operator' && t.value === '=') this.fail("'=' is not supported as an equal operator: use '==' or ':'");
    return left;
  }

  private parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    while (this.isOperator('+') || this.isOperator('-')) {
      const op = this.next().value as '+' | '-';
      const right = this.parseMultiplicative();
      left = { kind: 'Arithmetic', operator: op, left, right, loc: { start: left.loc.start, end: right.loc.end } };
    }
    return left;
  }

  private parseMultiplicative(): Expr {
    let left = this.parseUnary();
    while (this.isOperator('*') || this.isOperator('/') || this.isOperator('%')) {
      const op = this.next().value as '*' | '/' | '%';
      const right = this.parseUnary();
      left = { kind: 'Arithmetic', operator: op, left, right, loc: { start: left.loc.start, end: right.loc.end } };
    }
    return left;
  }

  private parseUnary(): Expr {
    if (this.isOperator('-') || this.isOperator('+')) {
      const token = this.next();
      const operand = this.nested(() => this.parseUnary());
      return { kind: 'Unary', operator: token.value as '-' | '+', operand, loc: { start: token.start, end: operand.loc.end } };
    }
    const primary = this.parsePrimary();
    return this.parsePredicate(primary);
  }

  /** The `in` / `not in` / `:` / `like` / `regex` suffix the grammar attaches to a primary expression. */
  private parsePredicate(value: Expr): Expr {
    const t = this.peek();
    const negated = this.isKeyword('not') && (this.isKeyword('in', 1) || this.isKeyword('in~', 1));
    if (negated || this.isKeyword('in') || this.isKeyword('in~')) {
      if (negated) this.next();
      const kw = this.next();
      this.expectOperator('(', ` after '${kw.value}'`);
      const list = [this.parseExpression()];
      while (this.isOperator(',')) {
        this.next();
        list.push(this.parseExpression());
      }
      this.expectOperator(')', ' to close the list');
      return { kind: 'InList', value, list, negated, caseInsensitive: kw.value === 'in~', loc: this.loc(value.loc.start) };
    }
    if ((t.kind === 'operator' && t.value === ':') || (t.kind === 'keyword' && PATTERN_OPERATORS.has(t.value))) {
      this.next();
      const operator = t.value as ':' | 'like' | 'like~' | 'regex' | 'regex~';
      const patterns: Literal[] = [];
      let list = false;
      if (this.isOperator('(')) {
        list = true;
        this.next();
        patterns.push(this.parseConstant(operator));
        while (this.isOperator(',')) {
          this.next();
          patterns.push(this.parseConstant(operator));
        }
        this.expectOperator(')', ' to close the list');
      } else {
        patterns.push(this.parseConstant(operator));
      }
      return { kind: 'PatternMatch', operator, value, patterns, list, loc: this.loc(value.loc.start) };
    }
    return value;
  }

  private parseConstant(after: string): Literal {
    const t = this.peek();
    const literal = this.tryLiteral();
    if (literal === null) this.fail(`expected a constant after '${after}', found ${this.describe(t)}`);
    return literal;
  }

  private tryLiteral(): Literal | null {
    const t = this.peek();
    const loc = { start: t.start, end: t.end };
    if (t.kind === 'string') {
      this.next();
      return { kind: 'Literal', value: t.value, type: 'string', loc };
    }
    if (t.kind === 'integer') {
      this.next();
      const value = Number(t.value);
      // Elasticsearch parses integer literals as long; beyond that it fails.
      if (BigInt(t.value) > 9223372036854775807n) this.fail(`number [${t.value}] is too large`, t.start);
      return { kind: 'Literal', value, type: 'integer', loc };
    }
    if (t.kind === 'decimal') {
      this.next();
      const value = Number(t.value);
      if (!Number.isFinite(value)) this.fail(`number [${t.value}] is too large`, t.start);
      return { kind: 'Literal', value, type: 'decimal', loc };
    }
    if (t.kind === 'keyword' && (t.value === 'true' || t.value === 'false')) {
      this.next();
      return { kind: 'Literal', value: t.value === 'true', type: 'boolean', loc };
    }
    if (t.kind === 'keyword' && t.value === 'null') {
      this.next();
      return { kind: 'Literal', value: null, type: 'null', loc };
    }
    return null;
  }

  private parsePrimary(): Expr {
    const literal = this.tryLiteral();
    if (literal) return literal;
    const t = this.peek();
    if (t.kind === 'operator' && t.value === '(') {
      this.next();
      const inner = this.parseExpression();
      this.expectOperator(')', ' to close the parenthesis');
      return inner;
    }
    if ((t.kind === 'identifier' || t.kind === 'tildeIdentifier') && this.isOperator('(', 1)) {
      this.next();
      this.next();
      const args: Expr[] = [];
      if (!this.isOperator(')')) {
        args.push(this.parseExpression());
        while (this.isOperator(',')) {
          this.next();
          args.push(this.parseExpression());
        }
      }
      this.expectOperator(')', ' to close the function call');
      return { kind: 'Call', name: t.value, caseInsensitive: t.kind === 'tildeIdentifier', args, loc: this.loc(t.start) };
    }
    if (t.kind === 'tildeIdentifier') this.fail(`expected '(' after the case-insensitive function name '${t.value}~'`, t.end);
    if (t.kind === 'identifier' || t.kind === 'quotedIdentifier' || (t.kind === 'operator' && t.value === '?')) {
      return this.parseField();
    }
    if (t.kind === 'keyword') {
      this.fail(`unexpected keyword '${t.value}': a field with this name must be quoted with backticks (\`${t.value}\`)`);
    }
    this.fail(`expected a value, a field or a function call, found ${this.describe(t)}`);
  }

  private parseField(): FieldRef {
    const start = this.peek().start;
    let optional = false;
    if (this.isOperator('?')) {
      this.next();
      optional = true;
      const t = this.peek();
      if ((t.kind !== 'identifier' && t.kind !== 'quotedIdentifier') || t.start !== start + 1) {
        this.fail(`expected a field name right after '?', found ${this.describe(t)}`);
      }
    }
    const parts = [this.identifier()];
    for (;;) {
      if (this.isOperator('.')) {
        this.next();
        parts.push(this.identifier());
      } else if (this.isOperator('[') && this.peek(1).kind === 'integer') {
        this.fail('array indexes are not supported', this.peek().start);
      } else {
        break;
      }
    }
    const name = parts.join('.');
    if (name === '') this.fail('empty field name', start);
    return { kind: 'FieldRef', name, optional, loc: this.loc(start) };
  }

  private identifier(): string {
    const t = this.peek();
    if (t.kind === 'identifier' || t.kind === 'quotedIdentifier') {
      this.next();
      return t.value;
    }
    if (t.kind === 'keyword') {
      this.fail(`unexpected keyword '${t.value}' in a field name: quote that part with backticks (\`${t.value}\`)`);
    }
    return this.fail(`expected a field name, found ${this.describe(t)}`);
  }
}
