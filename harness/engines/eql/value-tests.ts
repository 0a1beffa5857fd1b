// Tests of one value against a query's constants: the term and range tests Elasticsearch's queries
// run on one indexed value of each field family (the constant converted to the field's type, or the
// query refused when it cannot be), and the string tests of `:`, `like` and `regex`.
import type { FieldType } from './mappings/field-types.js';
import { numericRounding, type ScriptValue } from './doc-values.js';
import { compileJavaRegex, compileLuceneRegex } from './regex.js';
import { asciiEqualsFolded, asciiFold } from '../matching/ascii-fold.js';
import { type CaseMode, eqlPatternTest, equalsFolded, foldCase, type StringTest } from './text-match.js';
import type { ComparisonOperator, TypedLiteral, TypedMatch } from './typed-ir.js';
import { compareVersions, javaDoubleToString, parseCidr, parseDateValue, parseIp, toMillisResolution, type EpochNanos } from './values.js';

/** Refuses the query with Elasticsearch's "failed to create query" reason. */
export type QueryFailure = (reason: string) => never;

/**
 * The string tests of a match, one per pattern. `onField`: the test runs as a query on a
 * keyword-family field (ASCII-only case folding, Lucene regular expressions); else in a script
 * (Unicode simple case folding, Java regular expressions).
 */
export function stringTests(match: TypedMatch, onField: boolean): StringTest[] {
  const mode: CaseMode = !match.caseInsensitive ? 'sensitive' : onField ? 'ascii' : 'simple';
  return match.patterns.map((pattern) => {
    if (match.operator === 'equalsFolded') {
      if (onField) {
        const target = asciiFold(pattern);
        return (value: string) => asciiEqualsFolded(value, target);
      }
      const folded = foldCase(pattern);
      return (value: string) => equalsFolded(value, folded);
    }
    if (match.operator === 'like') return eqlPatternTest(pattern, mode);
    return onField ? compileLuceneRegex(pattern, match.caseInsensitive) : compileJavaRegex(pattern, match.caseInsensitive);
  });
}

/** A term-level test for one indexed value of `field` against a constant, per field family. */
export function termTest(field: FieldType, operator: ComparisonOperator, literal: TypedLiteral, fail: QueryFailure): (value: never) => boolean {
  const value = literal.value;
  switch (field.family) {
    case 'keyword': {
      let target = typeof value === 'number' ? (literal.dataType === 'float' ? javaDoubleToString(value) : String(value)) : String(value);
      if (field.normalizer === 'lowercase') target = target.toLowerCase();
      return compareWith<string>(operator, target, (a, b) => (a < b ? -1 : a > b ? 1 : 0)) as (value: never) => boolean;
    }
    case 'version':
      return compareWith<string>(operator, String(value), compareVersions) as (value: never) => boolean;
    case 'integer':
    case 'float': {
      const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (!Number.isFinite(number)) fail(`For input string: "${String(value)}"`);
      if (field.family === 'integer' && (operator === '==' || operator === '!=') && !Number.isInteger(number)) {
        // A term query for 7.5 on an integer field matches nothing.
        return (operator === '==' ? () => false : () => true) as (value: never) => boolean;
      }
      const target = field.family === 'float' ? numericRounding(field)(number) : number;
      return compareWith<number>(operator, target, (a, b) => a - b) as (value: never) => boolean;
    }
    case 'boolean': {
      const target =
        value === true || value === 'true' ? true : value === false || value === 'false' || value === '' ? false : fail(`Can't parse boolean value [${String(value)}], expected [true] or [false]`);
      return compareWith<boolean>(operator, target, (x, y) => Number(x) - Number(y)) as (value: never) => boolean;
    }
    case 'date':
      return dateTest(field, operator, value, fail) as (value: never) => boolean;
    case 'ip': {
      if (typeof value !== 'string') fail(`'${String(value)}' is not an IP string literal.`);
      const text = value as string;
      if (text.includes('/') && (operator === '==' || operator === '!=')) {
        // A term query on an ip field accepts CIDR notation.
        const range = parseCidr(text) ?? fail(`'${text}' is not an IP string literal.`);
        const inRange = (ip: bigint): boolean => ip >= range.low && ip <= range.high;
        return (operator === '==' ? inRange : (ip: bigint) => !inRange(ip)) as (value: never) => boolean;
      }
      const ip = parseIp(text) ?? fail(`'${text}' is not an IP string literal.`);
      return compareWith<bigint>(operator, ip, (a, b) => (a < b ? -1 : a > b ? 1 : 0)) as (value: never) => boolean;
    }
    default:
      return (() => false) as (value: never) => boolean;
  }
}

/**
 * Date comparisons as range queries: a date string without every part rounds down for the lower
 * bound of gte/== and up for lte/==/gt (so == "2017-08-30T20:47:33Z" is that whole second);
 * values and bounds are cut to the field's resolution (milliseconds for `date`).
 * https://www.elastic.co/docs/reference/query-languages/query-dsl/query-dsl-range-query#range-query-date-math-rounding
 */
function dateTest(field: FieldType, operator: ComparisonOperator, value: ScriptValue, fail: QueryFailure): (nanos: EpochNanos) => boolean {
  const parse = (roundUp: boolean): EpochNanos => {
    const parsed = typeof value === 'number' || typeof value === 'string' ? parseDateValue(value, roundUp) : null;
    if (parsed === null) fail(`failed to parse date field [${String(value)}] with format [strict_date_optional_time||epoch_millis]`);
    const nanos = parsed as EpochNanos;
    return field.type === 'date' ? toMillisResolution(nanos) : nanos;
  };
  const low = parse(false);
  const high = parse(true);
  switch (operator) {
    case '==':
      return (nanos) => nanos >= low && nanos <= high;
    case '!=':
      return (nanos) => nanos < low || nanos > high;
    case '<':
      return (nanos) => nanos < low;
    case '<=':
      return (nanos) => nanos <= high;
    case '>':
      return (nanos) => nanos > high;
    default:
      return (nanos) => nanos >= low;
  }
}

/** `value op target` by `compare`; `==` on a primitive target is a plain identity test (the hot path). */
function compareWith<V>(operator: ComparisonOperator, target: V, compare: (a: V, b: V) => number): (value: V) => boolean {
  switch (operator) {
    case '==':
      if (typeof target === 'string' || typeof target === 'number' || typeof target === 'boolean') return (value) => value === target;
      return (value) => compare(value, target) === 0;
    case '!=':
      return (value) => compare(value, target) !== 0;
    case '<':
      return (value) => compare(value, target) < 0;
    case '<=':
      return (value) => compare(value, target) <= 0;
    case '>':
      return (value) => compare(value, target) > 0;
    default:
      return (value) => compare(value, target) >= 0;
  }
}
