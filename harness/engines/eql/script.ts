// Script semantics: how Elasticsearch evaluates an expression it cannot turn into a Query DSL query
// (functions of fields, arithmetic) — a Painless script over doc values with SQL's three-valued
// logic, where null is "no value". Also used to fold constant expressions during verification.
// Sources: Elasticsearch's ql InternalQlScriptUtils / Comparisons / Predicates and the EQL planner's
// Scripts (read, not copied).
import { ARITHMETIC } from './functions.js';
import type { DataType } from './functions.js';
import type { ScriptValue } from './doc-values.js';
import { foldCase } from './text-match.js';
import { stringTests } from './value-tests.js';
import { compareVersions, parseDateValue } from './values.js';
import type { TypedExpression, TypedField } from './typed-ir.js';

/** Evaluates an expression for one combination of field values, `env[slot]` holding each field's value. */
export type ScriptEvaluator = (env: ScriptValue[]) => ScriptValue;

/** Compiles a value expression with script semantics; each field reads `env` at its slot. */
export function scriptEvaluator(node: TypedExpression, slots: Map<TypedField, number>): ScriptEvaluator {
  switch (node.kind) {
    case 'literal': {
      const value = node.value;
      return () => value;
    }
    case 'field': {
      const slot = slots.get(node) ?? -1;
      return (env) => env[slot] ?? null;
    }
    case 'not': {
      const operand = scriptEvaluator(node.operand, slots);
      return (env) => {
        const value = operand(env);
        return value === null ? null : !value;
      };
    }
    case 'logical':
      return logicalEvaluator(node.operator, scriptEvaluator(node.left, slots), scriptEvaluator(node.right, slots));
    case 'comparison': {
      const left = scriptEvaluator(node.left, slots);
      const right = scriptEvaluator(node.right, slots);
      const holds = COMPARISON_HOLDS[node.operator];
      const leftType = node.left.dataType;
      const rightType = node.right.dataType;
      return (env) => {
        const order = compareScriptValues(left(env), right(env), leftType, rightType);
        return order === null ? null : holds(order);
      };
    }
    case 'match': {
      const value = scriptEvaluator(node.value, slots);
      const tests = stringTests(node, false);
      return (env) => {
        const text = value(env);
        if (typeof text !== 'string') return null;
        for (const test of tests) if (test(text)) return true;
        return false;
      };
    }
    case 'in': {
      const value = scriptEvaluator(node.value, slots);
      const items = node.list.map((item) => scriptEvaluator(item, slots));
      const caseInsensitive = node.caseInsensitive;
      const valueType = node.value.dataType;
      return (env) => {
        const candidate = value(env);
        if (candidate === null) return null;
        let sawNull = false;
        for (const item of items) {
          const member = item(env);
          if (member === null) {
            sawNull = true;
            continue;
          }
          const equal =
            caseInsensitive && typeof candidate === 'string' && typeof member === 'string'
              ? foldCase(candidate) === foldCase(member)
              : compareScriptValues(candidate, member, valueType, valueType) === 0;
          if (equal) return true;
        }
        return sawNull ? null : false;
      };
    }
    case 'isNull': {
      const operand = scriptEvaluator(node.operand, slots);
      return node.negated ? (env) => operand(env) !== null : (env) => operand(env) === null;
    }
    case 'arithmetic': {
      const left = scriptEvaluator(node.left, slots);
      const right = scriptEvaluator(node.right, slots);
      const apply = ARITHMETIC[node.operator];
      const integer = node.dataType === 'integer';
      return (env) => {
        const a = left(env);
        const b = right(env);
        if (typeof a !== 'number' || typeof b !== 'number') return null;
        return apply(a, b, integer);
      };
    }
    case 'negate': {
      const operand = scriptEvaluator(node.operand, slots);
      return (env) => {
        const value = operand(env);
        return typeof value === 'number' ? -value : null;
      };
    }
    case 'call': {
      const args = node.args.map((arg) => scriptEvaluator(arg, slots));
      const types = node.args.map((arg) => arg.dataType);
      const spec = node.function;
      const caseInsensitive = node.caseInsensitive;
      const values: ScriptValue[] = new Array<ScriptValue>(args.length).fill(null);
      return (env) => {
        for (let i = 0; i < args.length; i++) values[i] = (args[i] as ScriptEvaluator)(env);
        return spec.evaluate(values, caseInsensitive, types);
      };
    }
  }
}

/** Three-valued logic inside scripts, as SQL: null and false = false, null or true = true. */
function logicalEvaluator(operator: 'and' | 'or', left: ScriptEvaluator, right: ScriptEvaluator): ScriptEvaluator {
  if (operator === 'and') {
    return (env) => {
      const a = left(env);
      if (a === false) return false;
      const b = right(env);
      if (b === false) return false;
      return a === null || b === null ? null : true;
    };
  }
  return (env) => {
    const a = left(env);
    if (a === true) return true;
    const b = right(env);
    if (b === true) return true;
    return a === null || b === null ? null : false;
  };
}

const COMPARISON_HOLDS: Record<'==' | '!=' | '<' | '<=' | '>' | '>=', (order: number) => boolean> = {
  '==': (order) => order === 0,
  '!=': (order) => order !== 0,
  '<': (order) => order < 0,
  '<=': (order) => order <= 0,
  '>': (order) => order > 0,
  '>=': (order) => order >= 0,
};

/**
 * Script comparison (ql Comparisons.compare): numbers by value, strings by UTF-16 order, booleans,
 * dates; anything else (a string against a number) is not comparable and gives null.
 */
function compareScriptValues(a: ScriptValue, b: ScriptValue, leftType: DataType, rightType: DataType): number | null {
  if (a === null || b === null) return null;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : a === b ? 0 : null;
  if (typeof a === 'string' && typeof b === 'string') {
    if (leftType === 'version' || rightType === 'version') return compareVersions(a, b);
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'bigint') {
    const other = typeof b === 'bigint' ? b : parseDateValue(b as string | number);
    if (other === null) return null;
    return a < other ? -1 : a > other ? 1 : 0;
  }
  return null;
}
