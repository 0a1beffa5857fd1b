// What an SPL eval function is to the evaluator: a name, an arity (checked before any argument is
// evaluated) and an implementation that reads its arguments on demand, so `if`, `case` and `coalesce`
// evaluate only what they need.
import type { EvalCall, EvalExpr } from '../ast.js';
import { runtimeError } from '../errors.js';
import type { EvalContext, EvalValue } from '../eval-values.js';
import type { Row } from '../values.js';

/** A call being evaluated, as an implementation sees it. */
export interface FunctionCall {
  readonly node: EvalCall;
  readonly row: Row;
  readonly ctx: EvalContext;
  /** Evaluates the argument at `index`. */
  value(index: number): EvalValue;
  /** The argument at `index` read as text (null when null). */
  text(index: number): string | null;
  /** The argument at `index` read as a number (null when it is not one). */
  number(index: number): number | null;
  /** Evaluates any expression against any row (mvfilter evaluates its predicate once per value). */
  evaluate(expr: EvalExpr, row: Row): EvalValue;
}

export interface Arity {
  min: number;
  max: number;
}

export interface EvalFunction {
  name: string;
  /** Checked before any argument is evaluated: `<name>() takes N arguments, got M`. */
  arity: Arity;
  run(call: FunctionCall): EvalValue;
}

export const exactly = (count: number): Arity => ({ min: count, max: count });
export const between = (min: number, max: number): Arity => ({ min, max });
/** Any number of arguments; functions with a rule of their own (condition/value pairs) check it themselves. */
export const ANY: Arity = { min: 0, max: Infinity };

export function argumentNode(call: FunctionCall, index: number): EvalExpr {
  return call.node.args[index] as EvalExpr;
}

/** case() and validate(): condition/value pairs. */
export function evenArguments(call: FunctionCall): void {
  if (call.node.args.length % 2 !== 0) throw runtimeError(`${call.node.name}() takes condition/value pairs`, call.node.span.start, call.ctx.query);
}
