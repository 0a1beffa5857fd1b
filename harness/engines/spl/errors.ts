// Positioned SPL errors. Every problem with a query (syntax, undefined macro, unsupported command or
// function, a runtime type error) is an SplError: an InputError with the line and column in the query
// text and a caret excerpt, so the CLI prints it the same way as every other bad input and exits 2.
import { InputError, positionAt } from '../../errors.js';

export type SplErrorKind = 'syntax' | 'macro' | 'unsupported' | 'runtime';

export class SplError extends InputError {
  /** The offset in the query as written (before macro expansion), when known: where a rule file shows the error. */
  originalOffset: number | undefined;

  constructor(
    message: string,
    readonly kind: SplErrorKind,
    /** 0-based offset into `query`. */
    readonly offset: number,
    /** The text the offset points into (usually the query after macro expansion). */
    readonly query: string,
    file = '<query>',
  ) {
    const { line, column } = positionAt(query, Math.max(0, Math.min(offset, query.length)));
    super(message, { file, line, column }, query);
    this.name = 'SplError';
    this.originalOffset = undefined;
  }
}

export function syntaxError(message: string, offset: number, query: string): SplError {
  return new SplError(message, 'syntax', offset, query);
}

export function unsupported(message: string, offset: number, query: string): SplError {
  return new SplError(message, 'unsupported', offset, query);
}

export function runtimeError(message: string, offset: number, query: string): SplError {
  return new SplError(message, 'runtime', offset, query);
}
