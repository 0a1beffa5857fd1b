// The expression half of the EQL parser: conditions, join keys and function arguments. Precedence,
// loosest first: or < and < not < comparison < + - < * / % < unary sign < primary with its
// `in`/`:`/`like`/`regex` predicate, as in Elasticsearch's EqlBase.g4
// (x-pack/plugin/eql/src/main/antlr/EqlBase.g4: booleanExpression, valueExpression,
// operatorExpression, predicate, primaryExpression). Each production is in the doc comment of the
// method that parses it.
// https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax
import type { ComparisonOperator, Expr, FieldRef, Literal } from './ast.js';
import { TokenCursor } from './token-cursor.js';

const COMPARISON_OPERATORS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const PATTERN_OPERATORS = new Set([':', 'like', 'like~', 'regex', 'regex~']);
/** Elasticsearch parses integer literals as long; beyond that it fails. */
const MAX_LONG = 9223372036854775807n;

export class ExpressionParser extends TokenCursor {
  /** expression := orExpression */
  parseExpression(): Expr {
    return this.nested(() => this.parseOr());
  }

  /** orExpression := andExpression ('or' andExpression)* */
  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isKeyword('or')) {
      this.next();
      const right = this.parseAnd();
      left = { kind: 'Logical', operator: 'or', left, right, loc: { start: left.loc.start, end: right.loc.end } };
    }
    return left;
  }

  /** andExpression := notExpression ('and' notExpression)* */
  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isKeyword('and')) {
      this.next();
      const right = this.parseNot();
      left = { kind: 'Logical', operator: 'and', left, right, loc: { start: left.loc.start, end: right.loc.end } };
    }
    return left;
  }

  /**
   * notExpression := 'not' notExpression | comparison
   * (`relationship of [subquery]`, the grammar's processCheck, is refused: Elasticsearch does not run it.)
   */
  private parseNot(): Expr {
    if (this.isKeyword('not')) {
      const start = this.next().start;
      const operand = this.nested(() => this.parseNot());
      return { kind: 'Not', operand, loc: { start, end: operand.loc.end } };
    }
    const token = this.peek();
    if (token.kind === 'identifier' && this.isKeyword('of', 1)) {
      this.fail(`process relationships [${token.value} of] are not supported by Elasticsearch EQL`);
    }
    return this.parseComparison();
  }

  /** comparison := additive (('==' | '!=' | '<' | '<=' | '>' | '>=') additive)?  — not chained. */
  private parseComparison(): Expr {
    const left = this.parseAdditive();
    const token = this.peek();
    if (token.kind === 'operator' && COMPARISON_OPERATORS.has(token.value)) {
      this.next();
      const right = this.parseAdditive();
      const after = this.peek();
      if (after.kind === 'operator' && COMPARISON_OPERATORS.has(after.value)) {
        this.fail('comparisons cannot be chained: use [and] between them (a < b and b <= c)');
      }
      return { kind: 'Comparison', operator: token.value as ComparisonOperator, left, right, loc: { start: left.loc.start, end: right.loc.end } };
    }
    if (token.kind === 'operator' && token.value === '=') this.fail("'=' is not supported as an equal operator: use '==' or ':'");
    return left;
  }

  /** additive := multiplicative (('+' | '-') multiplicative)* */
  private parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    while (this.isOperator('+') || this.isOperator('-')) {
      const operator = this.next().value as '+' | '-';
      const right = this.parseMultiplicative();
      left = { kind: 'Arithmetic', operator, left, right, loc: { start: left.loc.start, end: right.loc.end } };
    }
    return left;
  }

  /** multiplicative := unary (('*' | '/' | '%') unary)* */
  private parseMultiplicative(): Expr {
    let left = this.parseUnary();
    while (this.isOperator('*') || this.isOperator('/') || this.isOperator('%')) {
      const operator = this.next().value as '*' | '/' | '%';
      const right = this.parseUnary();
      left = { kind: 'Arithmetic', operator, left, right, loc: { start: left.loc.start, end: right.loc.end } };
    }
    return left;
  }

  /** unary := ('-' | '+') unary | primary predicate? */
  private parseUnary(): Expr {
    if (this.isOperator('-') || this.isOperator('+')) {
      const sign = this.next();
      const operand = this.nested(() => this.parseUnary());
      return { kind: 'Unary', operator: sign.value as '-' | '+', operand, loc: { start: sign.start, end: operand.loc.end } };
    }
    const primary = this.parsePrimary();
    return this.parsePredicate(primary);
  }

  /**
   * The suffix the grammar attaches to a primary expression:
   * predicate := 'not'? ('in' | 'in~') '(' expression (',' expression)* ')'
   *            | (':' | 'like' | 'like~' | 'regex' | 'regex~') (constant | '(' constant (',' constant)* ')')
   */
  private parsePredicate(value: Expr): Expr {
    const token = this.peek();
    const negated = this.isKeyword('not') && (this.isKeyword('in', 1) || this.isKeyword('in~', 1));
    if (negated || this.isKeyword('in') || this.isKeyword('in~')) {
      if (negated) this.next();
      const inKeyword = this.next();
      this.expectOperator('(', ` after '${inKeyword.value}'`);
      const list = [this.parseExpression()];
      while (this.isOperator(',')) {
        this.next();
        list.push(this.parseExpression());
      }
      this.expectOperator(')', ' to close the list');
      return { kind: 'InList', value, list, negated, caseInsensitive: inKeyword.value === 'in~', loc: this.loc(value.loc.start) };
    }
    if ((token.kind === 'operator' && token.value === ':') || (token.kind === 'keyword' && PATTERN_OPERATORS.has(token.value))) {
      this.next();
      const operator = token.value as ':' | 'like' | 'like~' | 'regex' | 'regex~';
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

  /** A constant where one is required; `operator` names what it follows in the error message. */
  private parseConstant(operator: string): Literal {
    const token = this.peek();
    const literal = this.tryLiteral();
    if (literal === null) this.fail(`expected a constant after '${operator}', found ${this.describe(token)}`);
    return literal;
  }

  /** constant := STRING | INTEGER | DECIMAL | 'true' | 'false' | 'null'; null when the next token is none of these. */
  private tryLiteral(): Literal | null {
    const token = this.peek();
    const loc = { start: token.start, end: token.end };
    if (token.kind === 'string') {
      this.next();
      return { kind: 'Literal', value: token.value, type: 'string', loc };
    }
    if (token.kind === 'integer') {
      this.next();
      const value = Number(token.value);
      if (BigInt(token.value) > MAX_LONG) this.fail(`number [${token.value}] is too large`, token.start);
      return { kind: 'Literal', value, type: 'integer', loc };
    }
    if (token.kind === 'decimal') {
      this.next();
      const value = Number(token.value);
      if (!Number.isFinite(value)) this.fail(`number [${token.value}] is too large`, token.start);
      return { kind: 'Literal', value, type: 'decimal', loc };
    }
    if (token.kind === 'keyword' && (token.value === 'true' || token.value === 'false')) {
      this.next();
      return { kind: 'Literal', value: token.value === 'true', type: 'boolean', loc };
    }
    if (token.kind === 'keyword' && token.value === 'null') {
      this.next();
      return { kind: 'Literal', value: null, type: 'null', loc };
    }
    return null;
  }

  /**
   * primary := constant
   *          | '(' expression ')'
   *          | functionName '~'? '(' (expression (',' expression)*)? ')'
   *          | field
   */
  private parsePrimary(): Expr {
    const literal = this.tryLiteral();
    if (literal) return literal;
    const token = this.peek();
    if (token.kind === 'operator' && token.value === '(') {
      this.next();
      const inner = this.parseExpression();
      this.expectOperator(')', ' to close the parenthesis');
      return inner;
    }
    if ((token.kind === 'identifier' || token.kind === 'tildeIdentifier') && this.isOperator('(', 1)) {
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
      return { kind: 'Call', name: token.value, caseInsensitive: token.kind === 'tildeIdentifier', args, loc: this.loc(token.start) };
    }
    if (token.kind === 'tildeIdentifier') this.fail(`expected '(' after the case-insensitive function name '${token.value}~'`, token.end);
    if (token.kind === 'identifier' || token.kind === 'quotedIdentifier' || (token.kind === 'operator' && token.value === '?')) {
      return this.parseField();
    }
    if (token.kind === 'keyword') {
      this.fail(`unexpected keyword '${token.value}': a field with this name must be quoted with backticks (\`${token.value}\`)`);
    }
    this.fail(`expected a value, a field or a function call, found ${this.describe(token)}`);
  }

  /**
   * field := '?'? identifier ('.' identifier)*   — `?` (optional field) directly before the name;
   * array indexes (`name[0]`), which the grammar's qualifiedName allows, are refused as Elasticsearch does.
   */
  private parseField(): FieldRef {
    const start = this.peek().start;
    let optional = false;
    if (this.isOperator('?')) {
      this.next();
      optional = true;
      const token = this.peek();
      if ((token.kind !== 'identifier' && token.kind !== 'quotedIdentifier') || token.start !== start + 1) {
        this.fail(`expected a field name right after '?', found ${this.describe(token)}`);
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

  /** identifier := IDENTIFIER | `backquoted identifier` */
  private identifier(): string {
    const token = this.peek();
    if (token.kind === 'identifier' || token.kind === 'quotedIdentifier') {
      this.next();
      return token.value;
    }
    if (token.kind === 'keyword') {
      this.fail(`unexpected keyword '${token.value}' in a field name: quote that part with backticks (\`${token.value}\`)`);
    }
    return this.fail(`expected a field name, found ${this.describe(token)}`);
  }
}
