// Nesting limits of the search and eval parsers, checked while parsing so that a hostile search is bad
// input (exit 2) rather than a stack overflow. Splunk documents no nesting limit for search expressions;
// these are far above what production searches use (the 1,711 searches of the corpus nest a few levels deep).
import { syntaxError, type SplError } from './errors.js';

/** Parentheses, NOT, function calls and signs nested inside each other. */
export const MAX_NESTING_DEPTH = 200;
/** Depth of an eval/where expression tree (a chain of `+` or `AND` is as deep as it is long). */
export const MAX_EXPRESSION_DEPTH = 1000;

export function nestingError(at: number, text: string): SplError {
  return syntaxError(`the search nests more than ${MAX_NESTING_DEPTH} levels deep (parentheses, NOT, function calls, signs)`, at, text);
}
