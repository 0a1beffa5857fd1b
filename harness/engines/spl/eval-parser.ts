// The eval-expression parser: the expressions of `eval`, `where`, `stats ... eval(...)` and `head (...)`.
// Operators from the eval command's reference, loosest first: XOR, OR, AND, NOT, comparison (=, ==, !=,
// <, <=, >, >=, LIKE, IN), additive (+, -, `.` concatenation), multiplicative (*, /, %), unary sign.
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/eval
// https://help.splunk.com/en/splunk-enterprise/search/search-manual/9.3/expressions-and-predicates
import type { EvalBinaryOp, EvalExpr } from './ast.js';
import { syntaxError } from './errors.js';
import { type EvalToken, lexEval } from './lexer.js';
import { MAX_EXPRESSION_DEPTH, MAX_NESTING_DEPTH, nestingError } from './parse-limits.js';

const WORD_OPS: Record<string, EvalBinaryOp> = { AND: 'AND', OR: 'OR', XOR: 'XOR', LIKE: 'LIKE', IN: 'IN' };

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

function describe(token: EvalToken): string {
  switch (token.t) {
    case 'num':
      return `number ${token.value}`;
    case 'str':
      return 'quoted string';
    case 'field':
      return `"${token.name}"`;
    case 'op':
      return `"${token.op}"`;
  }
}

class EvalParser {
  private readonly tokens: EvalToken[];
  private pos = 0;
  private nesting = 0;

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

  private peek(offset = 0): EvalToken | undefined {
    return this.tokens[this.pos + offset];
  }

  private next(): EvalToken | undefined {
    return this.tokens[this.pos++];
  }

  private isOp(token: EvalToken | undefined, op: string): boolean {
    return token !== undefined && token.t === 'op' && token.op === op;
  }

  /** A bare word used as an operator keyword (`AND`, `or`, `LIKE`, ...), case-insensitive. */
  private wordOp(token: EvalToken | undefined): string | null {
    if (token === undefined || token.t !== 'field' || token.quoted) return null;
    const upper = token.name.toUpperCase();
    return upper in WORD_OPS || upper === 'NOT' ? upper : null;
  }

  private fail(message: string, token?: EvalToken): never {
    throw syntaxError(message, token?.span.start ?? this.end, this.text);
  }

  /** EvalExpression : Xor   (and nothing after it) */
  parseAll(): EvalExpr {
    const expr = this.parseExpr();
    const token = this.peek();
    if (token !== undefined) this.fail(`unexpected ${describe(token)} in expression`, token);
    checkEvalDepth(expr, this.text);
    return expr;
  }

  private nested<T>(parse: () => T): T {
    if (++this.nesting > MAX_NESTING_DEPTH) throw nestingError(this.peek()?.span.start ?? this.end, this.text);
    try {
      return parse();
    } finally {
      this.nesting--;
    }
  }

  private parseExpr(): EvalExpr {
    return this.nested(() => this.parseXor());
  }

  private binary(op: EvalBinaryOp, left: EvalExpr, right: EvalExpr, opToken: EvalToken): EvalExpr {
    return { kind: 'binary', op, left, right, opSpan: opToken.span, span: { start: left.span.start, end: right.span.end } };
  }

  /** One left-associative level: operands from `operand`, joined by the operators `operatorOf` recognises. */
  private leftAssoc(operand: () => EvalExpr, operatorOf: (token: EvalToken | undefined) => EvalBinaryOp | null): EvalExpr {
    let left = operand();
    for (let op = operatorOf(this.peek()); op !== null; op = operatorOf(this.peek())) {
      const opToken = this.next() as EvalToken;
      left = this.binary(op, left, operand(), opToken);
    }
    return left;
  }

  private wordLevel(word: 'XOR' | 'OR' | 'AND'): (token: EvalToken | undefined) => EvalBinaryOp | null {
    return (token) => (this.wordOp(token) === word ? word : null);
  }

  /** Xor : Or ("XOR" Or)* */
  private parseXor(): EvalExpr {
    return this.leftAssoc(() => this.parseOr(), this.wordLevel('XOR'));
  }

  /** Or : And ("OR" And)* */
  private parseOr(): EvalExpr {
    return this.leftAssoc(() => this.parseAnd(), this.wordLevel('OR'));
  }

  /** And : Not ("AND" Not)* */
  private parseAnd(): EvalExpr {
    return this.leftAssoc(() => this.parseNot(), this.wordLevel('AND'));
  }

  /** Not : ("NOT" | "!") Not | Comparison */
  private parseNot(): EvalExpr {
    const token = this.peek();
    if (this.wordOp(token) === 'NOT' || this.isOp(token, '!')) {
      this.next();
      const operand = this.nested(() => this.parseNot());
      return { kind: 'unary', op: 'NOT', operand, span: { start: (token as EvalToken).span.start, end: operand.span.end } };
    }
    return this.parseComparison();
  }

  /** Comparison : Additive (("=" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "LIKE") Additive | "IN" "(" Arguments ")")* */
  private parseComparison(): EvalExpr {
    let left = this.parseAdditive();
    for (;;) {
      const token = this.peek();
      if (token !== undefined && token.t === 'op' && ['=', '==', '!=', '<', '<=', '>', '>='].includes(token.op)) {
        this.next();
        left = this.binary(token.op as EvalBinaryOp, left, this.parseAdditive(), token);
        continue;
      }
      const word = this.wordOp(token);
      if (word === 'LIKE') {
        this.next();
        left = this.binary('LIKE', left, this.parseAdditive(), token as EvalToken);
        continue;
      }
      if (word === 'IN' && this.isOp(this.peek(1), '(')) {
        this.next();
        const open = this.next() as EvalToken;
        const args = this.callArgs(open);
        const list: EvalExpr = { kind: 'call', name: '(list)', args, nameSpan: open.span, span: { start: open.span.start, end: this.prevEnd() } };
        left = this.binary('IN', left, list, token as EvalToken);
        continue;
      }
      return left;
    }
  }

  private symbolLevel(ops: string[]): (token: EvalToken | undefined) => EvalBinaryOp | null {
    return (token) => (token !== undefined && token.t === 'op' && ops.includes(token.op) ? (token.op as EvalBinaryOp) : null);
  }

  /** Additive : Multiplicative (("+" | "-" | ".") Multiplicative)* */
  private parseAdditive(): EvalExpr {
    return this.leftAssoc(() => this.parseMultiplicative(), this.symbolLevel(['+', '-', '.']));
  }

  /** Multiplicative : Unary (("*" | "/" | "%") Unary)* */
  private parseMultiplicative(): EvalExpr {
    return this.leftAssoc(() => this.parseUnary(), this.symbolLevel(['*', '/', '%']));
  }

  /** Unary : ("-" | "+") Unary | Primary */
  private parseUnary(): EvalExpr {
    const token = this.peek();
    if (token !== undefined && token.t === 'op' && (token.op === '-' || token.op === '+')) {
      this.next();
      const operand = this.nested(() => this.parseUnary());
      return { kind: 'unary', op: token.op as '-' | '+', operand, span: { start: token.span.start, end: operand.span.end } };
    }
    return this.parsePrimary();
  }

  private prevEnd(): number {
    return (this.tokens[this.pos - 1] as EvalToken).span.end;
  }

  /** Arguments : (Xor ("," Xor)*)? ")"   (after the opening parenthesis) */
  private callArgs(open: EvalToken): EvalExpr[] {
    const args: EvalExpr[] = [];
    if (this.isOp(this.peek(), ')')) {
      this.next();
      return args;
    }
    for (;;) {
      if (this.done) this.fail('unbalanced "(": expected ")"', open);
      args.push(this.parseExpr());
      const token = this.next();
      if (token === undefined) this.fail('unbalanced "(": expected ")"', open);
      if (this.isOp(token, ')')) return args;
      if (!this.isOp(token, ',')) this.fail(`expected "," or ")", found ${describe(token)}`, token);
    }
  }

  /** Primary : Number | String | FunctionName "(" Arguments | Field | "(" Xor ")" */
  private parsePrimary(): EvalExpr {
    const token = this.next();
    if (token === undefined) this.fail('expected an expression');
    switch (token.t) {
      case 'num':
        return { kind: 'literal', value: token.value, span: token.span };
      case 'str':
        return { kind: 'literal', value: token.value, span: token.span };
      case 'field': {
        // A name followed by "(" is a call, with or without space between (`LIKE (x, "%a%")`).
        if (!token.quoted && this.isOp(this.peek(), '(') && (this.wordOp(token) === null || ['LIKE', 'IN'].includes(token.name.toUpperCase()))) {
          const open = this.next() as EvalToken;
          const args = this.callArgs(open);
          return { kind: 'call', name: token.name.toLowerCase(), args, nameSpan: token.span, span: { start: token.span.start, end: this.prevEnd() } };
        }
        if (!token.quoted && this.wordOp(token) !== null) this.fail(`expected an expression, found the operator ${token.name}`, token);
        return { kind: 'field', name: token.name, span: token.span };
      }
      case 'op':
        if (token.op === '(') {
          const inner = this.parseExpr();
          const close = this.next();
          if (!this.isOp(close, ')')) this.fail('unbalanced "(": expected ")"', token);
          return { ...inner, span: { start: token.span.start, end: (close as EvalToken).span.end } } as EvalExpr;
        }
        this.fail(`expected an expression, found ${describe(token)}`, token);
    }
  }
}

/** Parses an eval expression in text[start, end). Throws SplError (kind `syntax`) with the position. */
export function parseEvalExpr(text: string, start: number, end: number): EvalExpr {
  const parser = new EvalParser(text, start, end);
  if (parser.done) throw syntaxError('expected an expression', start, text);
  return parser.parseAll();
}
