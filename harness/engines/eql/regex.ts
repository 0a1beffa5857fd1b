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

/**
 * Translates a Lucene regular expression to an anchored JavaScript RegExp source.
 * Lucene operators: `.` `?` `+` `*` `{n}` `{n,}` `{n,m}` `|` `( )` `[ ]` (with `^` negation and
 * ranges) `"literal"` `\x` escapes; with the default ALL flags also `@` (any string) and `#`
 * (empty language). `~` (complement), `&` (intersection) and `<n-m>` (numeric interval) have no
 * JavaScript equivalent and are refused. `\d \s \w \D \S \W` are read as the character classes
 * Lucene 9 added (Elasticsearch 8+).
 */
export function luceneRegexToJs(pattern: string): string {
  let i = 0;
  const n = pattern.length;
  const fail = (message: string, at = i): never => {
    throw new RegexTranslationError(message, at);
  };

  const parseUnion = (): string => {
    let out = parseConcat();
    while (i < n && pattern[i] === '|') {
      i++;
      out += '|' + parseConcat();
    }
    return out;
  };

  const parseConcat = (): string => {
    let out = '';
    while (i < n && pattern[i] !== '|' && pattern[i] !== ')') {
      if (pattern[i] === '&') fail('the Lucene intersection operator [&] is not supported by this engine');
      out += parseRepeat();
    }
    return out;
  };

  const parseRepeat = (): string => {
    let atom = parseComplementOrAtom();
    for (;;) {
      const c = pattern[i];
      if (c === '?' || c === '*' || c === '+') {
        i++;
        atom = `(?:${atom})${c}`;
      } else if (c === '{') {
        const close = pattern.indexOf('}', i);
        const body = close < 0 ? '' : pattern.slice(i + 1, close);
        if (!/^\d+(,\d*)?$/.test(body)) fail('invalid repetition: expected {n}, {n,} or {n,m}');
        i = close + 1;
        atom = `(?:${atom}){${body}}`;
      } else {
        return atom;
      }
    }
  };

  const parseComplementOrAtom = (): string => {
    if (pattern[i] === '~') fail('the Lucene complement operator [~] is not supported by this engine');
    return parseAtom();
  };

  const parseAtom = (): string => {
    const c = pattern[i];
    if (c === undefined) fail('unexpected end of regular expression');
    if (c === '(') {
      i++;
      const inner = i < n && pattern[i] === ')' ? '' : parseUnion();
      if (pattern[i] !== ')') fail('unclosed group: missing [)]');
      i++;
      return `(?:${inner})`;
    }
    if (c === '[') return parseClass();
    if (c === '.') {
      i++;
      return '[\\s\\S]';
    }
    if (c === '@') {
      i++;
      return '[\\s\\S]*';
    }
    if (c === '#') {
      i++;
      return '(?!)';
    }
    if (c === '<') fail('the Lucene numeric interval <n-m> is not supported by this engine');
    if (c === '"') {
      const close = pattern.indexOf('"', i + 1);
      if (close < 0) fail('unclosed quoted literal: missing ["]');
      const literal = pattern.slice(i + 1, close);
      i = close + 1;
      return literal.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
    }
    if (c === '\\') {
      const e = pattern[i + 1];
      if (e === undefined) fail('dangling backslash at the end of the regular expression');
      i += 2;
      if (e !== undefined && 'dswDSW'.includes(e)) return '\\' + e;
      return escapeChar(e as string);
    }
    if (c === ')' || c === '|') fail(`unexpected [${c}]`);
    if (c === '*' || c === '+' || c === '?' || c === '{') fail(`nothing to repeat before [${c}]`);
    // One code point, taken literally (including ^ and $, which Lucene does not treat as anchors).
    const cp = pattern.codePointAt(i) as number;
    const ch = String.fromCodePoint(cp);
    i += ch.length;
    return escapeChar(ch);
  };

  const parseClass = (): string => {
    i++; // [
    let out = '[';
    if (pattern[i] === '^') {
      out += '^';
      i++;
    }
    let first = true;
    while (i < n && (pattern[i] !== ']' || first)) {
      first = false;
      const c = pattern[i] as string;
      if (c === '\\') {
        const e = pattern[i + 1];
        if (e === undefined) fail('dangling backslash in a character class');
        out += 'dswDSW'.includes(e as string) ? '\\' + e : escapeClassChar(e as string);
        i += 2;
        continue;
      }
      if (c === '-' && out.length > 1 && pattern[i + 1] !== ']') {
        out += '-';
        i++;
        continue;
      }
      const cp = pattern.codePointAt(i) as number;
      const ch = String.fromCodePoint(cp);
      out += escapeClassChar(ch);
      i += ch.length;
    }
    if (pattern[i] !== ']') fail('unclosed character class: missing []]');
    i++;
    return out + ']';
  };

  const body = parseUnion();
  if (i < n) fail(`unexpected [${pattern[i]}]`);
  return `^(?:${body})$`;
}

function escapeChar(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? '\\' + ch : ch;
}

function escapeClassChar(ch: string): string {
  return /[\\\]^[-]/.test(ch) ? '\\' + ch : ch;
}

/** A Lucene regexp as a whole-value matcher (flags: `u`, `s`; `i` for `regex~`). */
export function compileLuceneRegex(pattern: string, caseInsensitive: boolean): RegExp {
  const source = luceneRegexToJs(pattern);
  try {
    return new RegExp(source, caseInsensitive ? 'iu' : 'u');
  } catch (error) {
    throw new RegexTranslationError(`invalid regular expression: ${(error as Error).message}`, 0);
  }
}

/** A java.util.regex pattern matched with `matches()` (whole value), as painless scripts do. */
export function compileJavaRegex(pattern: string, caseInsensitive: boolean): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`, caseInsensitive ? 'i' : '');
  } catch (error) {
    throw new RegexTranslationError(`invalid regular expression: ${(error as Error).message}`, 0);
  }
}
