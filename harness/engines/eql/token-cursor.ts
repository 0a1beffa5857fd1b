// The parser's position in the token list (lexer.ts) and the helpers every production uses: look
// ahead, consume, expect, raise a positioned syntax error, and bound the nesting of the recursive
// descent so that a hostile query is bad input (exit 2), not a stack overflow.
import type { Loc } from './ast.js';
import { EqlSyntaxError } from './errors.js';
import { tokenize, type Token } from './lexer.js';

/**
 * Parentheses, function calls, lists, `not` and signs nested inside each other. Elasticsearch has no
 * fixed limit (its parser answers "EQL statement is too large, causing stack overflow when generating
 * the parsing tree" when its stack runs out: x-pack/plugin/eql/src/main/java/org/elasticsearch/xpack/eql/parser/EqlParser.java);
 * this one is fixed and documented, far above what production rules use.
 */
export const MAX_NESTING_DEPTH = 200;

export class TokenCursor {
  private readonly tokens: Token[];
  private position = 0;
  /** Nesting of the recursive descent (see MAX_NESTING_DEPTH). */
  private nesting = 0;

  constructor(
    protected readonly text: string,
    protected readonly file: string,
  ) {
    this.tokens = tokenize(text, file);
  }

  /** Runs a nested parse, refusing nesting deeper than MAX_NESTING_DEPTH before the stack runs out. */
  protected nested<Result>(parse: () => Result): Result {
    if (++this.nesting > MAX_NESTING_DEPTH) this.fail(`the query nests more than ${MAX_NESTING_DEPTH} levels deep (parentheses, function calls, not, signs)`);
    try {
      return parse();
    } finally {
      this.nesting--;
    }
  }

  /** The token `ahead` places after the current one (the end-of-query token past the end). */
  protected peek(ahead = 0): Token {
    return this.tokens[Math.min(this.position + ahead, this.tokens.length - 1)] as Token;
  }

  /** Consumes the current token and returns it. */
  protected next(): Token {
    const token = this.peek();
    if (this.position < this.tokens.length - 1) this.position++;
    return token;
  }

  protected isKeyword(keyword: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'keyword' && token.value === keyword;
  }

  protected isOperator(operator: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'operator' && token.value === operator;
  }

  /** Throws a syntax error at `offset` (default: the current token), with line, column and a caret excerpt. */
  protected fail(message: string, offset: number = this.peek().start): never {
    throw new EqlSyntaxError(message, { text: this.text, file: this.file, offset });
  }

  /** A token as an error message quotes it. */
  protected describe(token: Token): string {
    if (token.kind === 'eof') return 'end of query';
    return `'${this.text.slice(token.start, token.end)}'`;
  }

  protected expectKeyword(keyword: string): Token {
    if (!this.isKeyword(keyword)) this.fail(`expected '${keyword}', found ${this.describe(this.peek())}`);
    return this.next();
  }

  /** `context` completes the message: "expected ')' to close the list, found ...". */
  protected expectOperator(operator: string, context = ''): Token {
    if (!this.isOperator(operator)) {
      this.fail(`expected '${operator}'${context}, found ${this.describe(this.peek())}`);
    }
    return this.next();
  }

  /** The span from `start` to the end of the last token consumed. */
  protected loc(start: number): Loc {
    const previous = this.tokens[Math.max(0, this.position - 1)] as Token;
    return { start, end: Math.max(start, previous.end) };
  }
}
