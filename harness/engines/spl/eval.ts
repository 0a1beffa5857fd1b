// Evaluation of eval expressions (`eval`, `where`, `stats ... eval(...)`, `head (...)`): the operators
// here, the functions in the table of functions.ts.
// Semantics from the eval command and the evaluation-function reference:
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/eval
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/evaluation-functions/evaluation-functions
// - null propagates through arithmetic, concatenation and comparisons; a null condition is false;
// - `=`/`==` compare numerically when both sides are numbers (or numeric strings), otherwise as
//   case-sensitive strings; `<`/`>` likewise, strings in lexicographic order;
// - `+` adds numbers and concatenates two strings; `.` concatenates;
// - AND/OR/XOR/NOT take booleans; a field cannot hold a boolean;
// - a multivalue operand of a comparison is true when any of its values satisfies it (this engine's
//   choice: the reference does not spell it out).
import type { EvalCall, EvalExpr } from './ast.js';
import { runtimeError } from './errors.js';
import { type EvalContext, type EvalValue, asNumber, asString, describeValue, fieldToEval, scalars, scalarsEqual } from './eval-values.js';
import { likeMatch } from './functions/conditional.js';
import { checkArity, lookupFunction } from './functions/index.js';
import type { FunctionCall } from './functions/spec.js';
import { type Row, type Scalar, compareLex, toNumber, toText } from './values.js';

/** Evaluates `expr` against `row`. Throws SplError for type errors and unsupported functions. */
export function evaluate(expr: EvalExpr, row: Row, ctx: EvalContext): EvalValue {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'field': {
      if (expr.name.includes('*')) throw runtimeError(`wildcard field "${expr.name}" cannot be used in an expression`, expr.span.start, ctx.query);
      return fieldToEval(row.fields.get(expr.name));
    }
    case 'unary': {
      const operand = evaluate(expr.operand, row, ctx);
      if (expr.op === 'NOT') {
        if (operand === null) return null;
        if (typeof operand !== 'boolean') throw runtimeError(`NOT needs a boolean, got ${describeValue(operand)}`, expr.span.start, ctx.query);
        return !operand;
      }
      const n = asNumber(operand);
      if (n === null) return null;
      return expr.op === '-' ? -n : n;
    }
    case 'binary':
      return binary(expr, row, ctx);
    case 'call':
      return callFunction(expr, row, ctx);
  }
}

/** Looks the function up, checks its argument count, runs it with arguments evaluated on demand. */
function callFunction(node: EvalCall, row: Row, ctx: EvalContext): EvalValue {
  const fn = lookupFunction(node, ctx);
  checkArity(fn, node, ctx);
  const value = (index: number): EvalValue => evaluate(node.args[index] as EvalExpr, row, ctx);
  const call: FunctionCall = {
    node,
    row,
    ctx,
    value,
    text: (index) => asString(value(index)),
    number: (index) => asNumber(value(index)),
    evaluate: (expr, otherRow) => evaluate(expr, otherRow, ctx),
  };
  return fn.run(call);
}

function logical(value: EvalValue, node: EvalExpr, ctx: EvalContext, op: string): boolean | null {
  if (value === null) return null;
  if (typeof value !== 'boolean') throw runtimeError(`${op} needs boolean operands, got ${describeValue(value)}`, node.span.start, ctx.query);
  return value;
}

function binary(expr: Extract<EvalExpr, { kind: 'binary' }>, row: Row, ctx: EvalContext): EvalValue {
  const op = expr.op;
  if (op === 'AND' || op === 'OR' || op === 'XOR') {
    const leftTruth = logical(evaluate(expr.left, row, ctx), expr.left, ctx, op);
    if (op === 'AND' && leftTruth === false) return false;
    if (op === 'OR' && leftTruth === true) return true;
    const rightTruth = logical(evaluate(expr.right, row, ctx), expr.right, ctx, op);
    if (op === 'AND' && rightTruth === false) return false;
    if (op === 'OR' && rightTruth === true) return true;
    if (leftTruth === null || rightTruth === null) return null;
    return op === 'AND' ? leftTruth && rightTruth : op === 'OR' ? leftTruth || rightTruth : leftTruth !== rightTruth;
  }
  const left = evaluate(expr.left, row, ctx);
  if (op === 'IN') {
    const list = (expr.right as EvalCall).args.map((item) => evaluate(item, row, ctx));
    if (left === null) return null;
    return scalars(left).some((leftValue) => list.some((item) => scalars(item).some((rightValue) => scalarsEqual(leftValue, rightValue))));
  }
  const right = evaluate(expr.right, row, ctx);
  switch (op) {
    case '=':
    case '==':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compare(op, left, right);
    case 'LIKE': {
      const pattern = asString(right);
      if (left === null || pattern === null) return null;
      return scalars(left).some((leftValue) => likeMatch(toText(leftValue), pattern));
    }
    case '.': {
      const leftText = asString(left);
      const rightText = asString(right);
      return leftText === null || rightText === null ? null : leftText + rightText;
    }
    case '+': {
      if (left === null || right === null) return null;
      const leftNumber = asNumber(left);
      const rightNumber = asNumber(right);
      if (leftNumber !== null && rightNumber !== null) return leftNumber + rightNumber;
      if (typeof left === 'string' && typeof right === 'string') return left + right;
      return null;
    }
    default: {
      const leftNumber = asNumber(left);
      const rightNumber = asNumber(right);
      if (leftNumber === null || rightNumber === null) return null;
      if (op === '-') return leftNumber - rightNumber;
      if (op === '*') return leftNumber * rightNumber;
      if (rightNumber === 0) return null;
      return op === '/' ? leftNumber / rightNumber : leftNumber % rightNumber;
    }
  }
}

/** Order of two scalars: numerically when both are numbers, otherwise lexicographically. */
function order(left: Scalar, right: Scalar): number {
  const leftNumber = toNumber(left);
  const rightNumber = toNumber(right);
  if (leftNumber !== null && rightNumber !== null) return leftNumber < rightNumber ? -1 : leftNumber > rightNumber ? 1 : 0;
  return compareLex(toText(left), toText(right));
}

function compare(op: string, left: EvalValue, right: EvalValue): boolean | null {
  if (left === null || right === null) return null;
  if (typeof left === 'boolean' || typeof right === 'boolean') {
    if (op === '=' || op === '==') return left === right;
    if (op === '!=') return left !== right;
    return null;
  }
  const test = (leftValue: Scalar, rightValue: Scalar): boolean => {
    switch (op) {
      case '=':
      case '==':
        return scalarsEqual(leftValue, rightValue);
      case '!=':
        return !scalarsEqual(leftValue, rightValue);
      case '<':
        return order(leftValue, rightValue) < 0;
      case '<=':
        return order(leftValue, rightValue) <= 0;
      case '>':
        return order(leftValue, rightValue) > 0;
      default:
        return order(leftValue, rightValue) >= 0;
    }
  };
  const rightValues = scalars(right);
  return scalars(left).some((leftValue) => rightValues.some((rightValue) => test(leftValue, rightValue)));
}

/** Throws when an expression calls a function the engine does not run (checked before any data is read). */
export function checkEvalExpr(expr: EvalExpr, ctx: EvalContext): void {
  switch (expr.kind) {
    case 'call':
      // `(list)` is the value list of `x IN (...)`, not a function.
      if (expr.name !== '(list)') lookupFunction(expr, ctx);
      for (const arg of expr.args) checkEvalExpr(arg, ctx);
      return;
    case 'binary':
      checkEvalExpr(expr.left, ctx);
      checkEvalExpr(expr.right, ctx);
      return;
    case 'unary':
      checkEvalExpr(expr.operand, ctx);
      return;
    default:
      return;
  }
}
