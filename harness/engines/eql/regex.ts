import { compileNfa, nfaMatches, RegexTooComplexError } from '../matching/regex-nfa.js';
import { parseLuceneRegex, parsePerlRegex, RegexSyntaxError } from '../matching/regex-parse.js';

// `regex` / `regex~` patterns. On a field, Elasticsearch runs a Lucene `regexp` query: Lucene's own
// regular-expression syntax, always matched against the whole value, with no lazy quantifiers and
// no `^`/`$` anchors (they are ordinary characters). On a function result it runs a painless script
// with java.util.regex `matches()` (also whole-value).
// https://www.elastic.co/docs/reference/query-languages/query-dsl/regexp-syntax
// https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax#eql-syntax-pattern-comparison-keywords

export class RegexTranslationError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'RegexTranslationError';
  }
}

/** A compiled whole-value regular-expression test. */
export type RegexTest = (value: string) => boolean;

function translated(error: unknown): never {
  if (error instanceof RegexTooComplexError) throw new RegexTranslationError(error.message, 0);
  if (error instanceof RegexSyntaxError) {
    // verify.ts reports a message ending in "not supported by this engine" as an unsupported feature.
    throw new RegexTranslationError(error.message.replace(/ by the linear-time matcher$/, ' by this engine'), error.offset);
  }
  throw error;
}

/**
 * A Lucene regexp as a whole-value matcher, run as an automaton in time linear in the value
 * (../matching/regex-nfa.ts): `(a+)+b` over 10,000 `a` answers at once, as Elasticsearch does.
 * `regex~` folds ASCII letters only (Lucene's ASCII_CASE_INSENSITIVE flag).
 */
export function compileLuceneRegex(pattern: string, caseInsensitive: boolean): RegexTest {
  try {
    const nfa = compileNfa(parseLuceneRegex(pattern, caseInsensitive));
    return (v) => nfaMatches(nfa, v, true);
  } catch (error) {
    return translated(error);
  }
}

/**
 * A java.util.regex pattern matched with `matches()` (whole value), as painless scripts do; its
 * regular subset runs as an automaton, the rest (back-references, look-around, ...) is refused as
 * unsupported rather than run on a backtracking engine. CASE_INSENSITIVE without UNICODE_CASE folds
 * US-ASCII only (https://docs.oracle.com/en/java/javase/17/docs/api/java.base/java/util/regex/Pattern.html#CASE_INSENSITIVE).
 */
export function compileJavaRegex(pattern: string, caseInsensitive: boolean): RegexTest {
  try {
    const nfa = compileNfa(parsePerlRegex(pattern, { fold: caseInsensitive ? 'ascii' : 'none', dotAll: false, multiline: false }));
    return (v) => nfaMatches(nfa, v, true);
  } catch (error) {
    return translated(error);
  }
}
