// The values eval expressions compute with, and the conversions between them and field values, shared by
// the evaluator (eval.ts) and the function table (functions.ts).
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/eval
// - a field holds a string, a number or several of them (multivalue); an expression can also produce a
//   boolean, which no field can hold;
// - `=` and friends compare numerically when both sides are numbers (or numeric strings), otherwise as
//   case-sensitive strings.
import type { EvalExpr } from './ast.js';
import { runtimeError } from './errors.js';
import { type FieldValue, type Scalar, formatNumber, fromList, toNumber, toText } from './values.js';

export type EvalValue = string | number | boolean | null | Scalar[];

export interface EvalContext {
  /** The query text node spans point into, for positioned errors. */
  query: string;
  /** Where a function notes what the report should say (a PCRE limit hit); absent: not reported. */
  notes?: Set<string>;
}

export function isMultivalue(value: EvalValue): value is Scalar[] {
  return Array.isArray(value);
}

export function fieldToEval(value: FieldValue | undefined): EvalValue {
  if (value === undefined) return null;
  return Array.isArray(value) ? fromScalars(value) : value;
}

/** Converts an eval result into a field value; booleans cannot be stored. */
export function evalToField(value: EvalValue, node: EvalExpr, ctx: EvalContext): FieldValue | undefined {
  if (value === null) return undefined;
  if (typeof value === 'boolean') {
    throw runtimeError('Fields cannot be assigned a boolean result. Instead, try if([bool expr], [expr], [expr]).', node.span.start, ctx.query);
  }
  return isMultivalue(value) ? fromList(value) : value;
}

/** Truth of a condition: true only for boolean true; null is false; anything else is a type error. */
export function truthy(value: EvalValue, node: EvalExpr, ctx: EvalContext, what: string): boolean {
  if (value === null) return false;
  if (typeof value === 'boolean') return value;
  throw runtimeError(`${what} needs a boolean condition, got ${describeValue(value)}`, node.span.start, ctx.query);
}

/** A value as an error message names it. */
export function describeValue(value: EvalValue): string {
  if (value === null) return 'null';
  if (isMultivalue(value)) return 'a multivalue field';
  if (typeof value === 'number') return `the number ${formatNumber(value)}`;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return `the string "${value.length > 40 ? value.slice(0, 40) + '...' : value}"`;
}

/** The values of a field or result: none for null (and booleans), one for a scalar. */
export function scalars(value: EvalValue): Scalar[] {
  if (value === null || typeof value === 'boolean') return [];
  return isMultivalue(value) ? value : [value];
}

/** A single value collapsed back: null for none, the scalar for one, the list otherwise. */
export function fromScalars(values: Scalar[]): EvalValue {
  return values.length === 0 ? null : values.length === 1 ? (values[0] as Scalar) : values;
}

/** A value read as text (a multivalue's first value); null for null. */
export function asString(value: EvalValue): string | null {
  if (value === null) return null;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (isMultivalue(value)) return value.length === 0 ? null : toText(value[0] as Scalar);
  return toText(value);
}

/** A value read as a number (a multivalue's first value); null when it is not one. */
export function asNumber(value: EvalValue): number | null {
  if (value === null || typeof value === 'boolean') return null;
  if (isMultivalue(value)) return value.length === 0 ? null : toNumber(value[0] as Scalar);
  return toNumber(value);
}

/** `=` between two scalars: numerically when both are numbers, otherwise as case-sensitive text. */
export function scalarsEqual(left: Scalar, right: Scalar): boolean {
  const leftNumber = toNumber(left);
  const rightNumber = toNumber(right);
  if (leftNumber !== null && rightNumber !== null) return leftNumber === rightNumber;
  return toText(left) === toText(right);
}
