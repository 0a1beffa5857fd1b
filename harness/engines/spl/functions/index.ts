// SPL evaluation functions as the table the evaluator looks names up in: each entry has its name (lower
// case: the parser lowers call names), its arity and its implementation. Arguments are evaluated on
// demand, so `if`, `case` and `coalesce` evaluate only what they need.
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/evaluation-functions/evaluation-functions
// (one page per category: comparison and conditional, conversion, cryptographic, date and time,
// informational, mathematical, multivalue, statistical, text).
// Null propagates: a function of a null argument is null unless its page says otherwise (isnull, coalesce, ...).
import type { EvalCall } from '../ast.js';
import { runtimeError, unsupported } from '../errors.js';
import type { EvalContext } from '../eval-values.js';
import { CONDITIONAL, INFORMATIONAL } from './conditional.js';
import { CONVERSION, TIME_AND_CRYPTOGRAPHIC } from './conversion.js';
import { MATHEMATICAL } from './math.js';
import { MULTIVALUE } from './multivalue.js';
import type { EvalFunction } from './spec.js';
import { TEXT } from './text.js';

/** The functions this engine runs, by lower-case name. */
const FUNCTIONS: ReadonlyMap<string, EvalFunction> = new Map(
  [...CONDITIONAL, ...INFORMATIONAL, ...TEXT, ...MULTIVALUE, ...CONVERSION, ...MATHEMATICAL, ...TIME_AND_CRYPTOGRAPHIC].map((fn) => [fn.name, fn]),
);

/** Functions whose result depends on the wall clock or randomness: refused to keep runs reproducible. */
const NON_DETERMINISTIC = new Set(['now', 'time', 'relative_time', 'random']);

/** The function a call names, or the positioned `unsupported eval function` error. */
export function lookupFunction(call: EvalCall, ctx: EvalContext): EvalFunction {
  const fn = FUNCTIONS.get(call.name);
  if (fn !== undefined) return fn;
  const why = NON_DETERMINISTIC.has(call.name) ? ' (its result depends on the wall clock or on chance)' : '';
  throw unsupported(`unsupported eval function: ${call.name}${why}`, call.nameSpan.start, ctx.query);
}

/** Refuses a call whose argument count the function does not take. */
export function checkArity(fn: EvalFunction, call: EvalCall, ctx: EvalContext): void {
  const { min, max } = fn.arity;
  const count = call.args.length;
  if (count >= min && count <= max) return;
  const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
  throw runtimeError(`${call.name}() takes ${want} argument${want === '1' ? '' : 's'}, got ${count}`, call.span.start, ctx.query);
}

