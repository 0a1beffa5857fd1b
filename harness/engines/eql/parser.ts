// A hand-written recursive-descent parser for Elasticsearch EQL, laid out as graphql-js lays out
// `language/`: the token cursor (token-cursor.ts), the expression productions (expression-parser.ts)
// and here the statement productions (event query, sequence, sample, pipes) with the entry point.
// It follows the grammar of Elasticsearch's EqlBase.g4 (x-pack/plugin/eql/src/main/antlr/EqlBase.g4)
// and the rules its AST builder enforces (no single quotes, no `=`, only `head`/`tail` pipes, no joins
// or lineage). Each production is in the doc comment of the method that parses it.
// https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax
// https://www.elastic.co/docs/reference/query-languages/eql/eql-pipe-ref
import type { EqlQuery, EventFilter, Expr, Pipe, SequenceQuery, SampleQuery, SequenceStage, TimeSpan } from './ast.js';
import { EqlSyntaxError } from './errors.js';
import { ExpressionParser } from './expression-parser.js';

export const DEFAULT_QUERY_LABEL = '<query>';

/** Parses one EQL query. Throws EqlSyntaxError (with line, column and caret excerpt) on bad input. */
export function parseEql(text: string, file: string = DEFAULT_QUERY_LABEL): EqlQuery {
  if (text.length > MAX_QUERY_LENGTH) {
    throw new EqlSyntaxError(`the query is ${text.length} characters long, more than the limit of ${MAX_QUERY_LENGTH}`, { text, file, offset: MAX_QUERY_LENGTH });
  }
  const query = new StatementParser(text, file).parseStatement();
  checkTreeDepth(query, text, file);
  return query;
}

// Limits checked before any work, so that a hostile query is bad input (exit 2), not a stack overflow.
// Elasticsearch has no fixed EQL nesting limit: its parser answers a parsing_exception "EQL statement
// is too large, causing stack overflow when generating the parsing tree" when its stack runs out
// (x-pack/plugin/eql/src/main/java/org/elasticsearch/xpack/eql/parser/EqlParser.java); here the limits
// are fixed and documented instead, far above what production rules use (the 1,081 Elastic EQL rules
// of the corpus nest at most a few levels deep). The nesting of the descent itself is bounded by
// MAX_NESTING_DEPTH (token-cursor.ts).
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

const TIME_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const MAX_RUNS = 100;

class StatementParser extends ExpressionParser {
  /**
   * statement := (sequence | sample | eventFilter) pipe* EOF
   * (`join`, which the grammar has, is refused: Elasticsearch does not run it.)
   */
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

  /** pipe := '|' ('head' | 'tail') POSITIVE_INTEGER  — the only pipes Elasticsearch runs. */
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

  /**
   * sequence := 'sequence' (joinKeys maxspan? | maxspan)? stage+ ('until' stage)?
   * with at least two queries counting runs, and `with maxspan` when a stage is a missing event (`![...]`).
   */
  private parseSequenceBody(): Omit<SequenceQuery, 'kind' | 'text' | 'file' | 'pipes' | 'loc'> {
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
    const runsTotal = stages.reduce((sum, stage) => sum + (stage.runs ?? 1), 0);
    if (runsTotal < 2) this.fail(`a sequence requires a minimum of 2 queries, found [${runsTotal}]`, stages[0]?.loc.start);
    let until: SequenceStage | null = null;
    if (this.isKeyword('until')) {
      this.next();
      if (!this.isOperator('[')) this.fail(`expected '[' after 'until', found ${this.describe(this.peek())}`);
      until = this.parseStage(false);
    }
    const missing = stages.filter((stage) => stage.missing);
    if (missing.length > 0) {
      if (maxspan === null) this.fail('a sequence with missing events (![...]) requires [with maxspan]', (missing[0] as SequenceStage).loc.start);
      if (missing.length === stages.length) this.fail('a sequence requires at least one positive event query', (missing[0] as SequenceStage).loc.start);
    }
    return { by, maxspan, stages, until };
  }

  /** sample := 'sample' joinKeys? stage stage+  — no maxspan, runs, missing events or until. */
  private parseSampleBody(): Omit<SampleQuery, 'kind' | 'text' | 'file' | 'pipes' | 'loc'> {
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

  /**
   * stage := ('[' | '![') eventFilter ']' joinKeys? ('with' 'runs' '=' INTEGER)?
   * (`with runs` only where `allowRuns`: in a sequence, not after `until`.)
   */
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

  /** joinKeys := 'by' expression (',' expression)* */
  private parseJoinKeys(): Expr[] {
    this.expectKeyword('by');
    const keys = [this.parseExpression()];
    while (this.isOperator(',')) {
      this.next();
      keys.push(this.parseExpression());
    }
    return keys;
  }

  /** maxspan := 'with' 'maxspan' '=' INTEGER ('ms' | 's' | 'm' | 'h' | 'd')?  — a bare number is milliseconds. */
  private parseMaxspan(): TimeSpan {
    const start = this.expectKeyword('with').start;
    this.expectKeyword('maxspan');
    this.expectOperator('=', " after 'maxspan'");
    const number = this.peek();
    if (number.kind !== 'integer' && number.kind !== 'decimal') this.fail(`expected a time value after 'maxspan=', found ${this.describe(number)}`);
    this.next();
    // `30s` lexes as the number 30 and the identifier `s`; a bare number is milliseconds.
    let unit = 'ms';
    const unitToken = this.peek();
    if (unitToken.kind === 'identifier' && unitToken.start === number.end) {
      this.next();
      unit = unitToken.value;
    }
    if (!(unit in TIME_UNITS)) {
      this.fail(`unrecognized time unit [${unit}] in [${number.value}${unit}], please specify one of [ms, s, m, h, d]`, unitToken.start);
    }
    if (number.kind === 'decimal') this.fail(`decimal time values are not supported, found [${number.value}]`, number.start);
    const value = Number(number.value);
    return { kind: 'TimeSpan', value, unit: unit as TimeSpan['unit'], millis: value * (TIME_UNITS[unit] as number), loc: this.loc(start) };
  }

  /** eventFilter := ('any' | category) 'where' expression, where category := IDENTIFIER | STRING */
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
}
