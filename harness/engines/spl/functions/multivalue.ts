// Multivalue eval functions.
import type { EvalExpr } from '../ast.js';
import { runtimeError } from '../errors.js';
import { fieldToEval, fromScalars, scalars, truthy } from '../eval-values.js';
import { type Row, type Scalar, compareLex, toText } from '../values.js';
import { regexTestArgument } from './regex-arguments.js';
import { ANY, type EvalFunction, argumentNode, between, exactly } from './spec.js';

// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/evaluation-functions/multivalue-eval-functions

/** The field names an expression reads (mvfilter's predicate must read exactly one). */
function collectFields(expr: EvalExpr, out: Set<string>): void {
  if (expr.kind === 'field') out.add(expr.name);
  else if (expr.kind === 'binary') {
    collectFields(expr.left, out);
    collectFields(expr.right, out);
  } else if (expr.kind === 'unary') collectFields(expr.operand, out);
  else if (expr.kind === 'call') for (const arg of expr.args) collectFields(arg, out);
}

export const MULTIVALUE: EvalFunction[] = [
  {
    name: 'mvcount',
    arity: exactly(1),
    run: (call) => {
      const value = call.value(0);
      return value === null ? null : scalars(value).length;
    },
  },
  {
    name: 'mvindex',
    arity: between(2, 3),
    run: (call) => {
      const values = scalars(call.value(0));
      const start = call.number(1);
      if (values.length === 0 || start === null) return null;
      const fromEnd = (index: number): number => (index < 0 ? values.length + index : index);
      const first = fromEnd(Math.trunc(start));
      if (call.node.args.length === 2) return first >= 0 && first < values.length ? (values[first] as Scalar) : null;
      const end = call.number(2);
      if (end === null) return null;
      const last = fromEnd(Math.trunc(end));
      if (first < 0 || first >= values.length || last < first) return null;
      const out = values.slice(first, Math.min(last, values.length - 1) + 1);
      return fromScalars(out);
    },
  },
  {
    name: 'mvjoin',
    arity: exactly(2),
    run: (call) => {
      const value = call.value(0);
      const delimiter = call.text(1);
      if (value === null || delimiter === null) return null;
      return scalars(value).map(toText).join(delimiter);
    },
  },
  {
    name: 'mvappend',
    arity: ANY,
    run: (call) => {
      const out: Scalar[] = [];
      for (let i = 0; i < call.node.args.length; i++) out.push(...scalars(call.value(i)));
      return fromScalars(out);
    },
  },
  {
    name: 'mvdedup',
    arity: exactly(1),
    run: (call) => {
      const value = call.value(0);
      if (value === null) return null;
      const seen = new Set<string>();
      const out = scalars(value).filter((x) => (seen.has(toText(x)) ? false : (seen.add(toText(x)), true)));
      return fromScalars(out);
    },
  },
  {
    name: 'mvsort',
    arity: exactly(1),
    run: (call) => {
      const value = call.value(0);
      if (value === null) return null;
      const out = scalars(value).map(toText).sort(compareLex);
      return fromScalars(out);
    },
  },
  {
    name: 'mvfind',
    arity: exactly(2),
    run: (call) => {
      const values = scalars(call.value(0));
      const regex = regexTestArgument(call, 1);
      if (regex === null) return null;
      const index = values.findIndex((x) => regex.test(toText(x)));
      return index < 0 ? null : index;
    },
  },
  {
    name: 'mvzip',
    arity: between(2, 3),
    run: (call) => {
      const left = scalars(call.value(0));
      const right = scalars(call.value(1));
      const delimiter = call.node.args.length > 2 ? call.text(2) : ',';
      if (delimiter === null || left.length === 0 || right.length === 0) return null;
      const count = Math.min(left.length, right.length);
      const out: string[] = [];
      for (let i = 0; i < count; i++) out.push(toText(left[i] as Scalar) + delimiter + toText(right[i] as Scalar));
      return fromScalars(out);
    },
  },
  {
    name: 'mvfilter',
    arity: exactly(1),
    run: (call) => {
      const predicate = argumentNode(call, 0);
      const fields = new Set<string>();
      collectFields(predicate, fields);
      if (fields.size !== 1) throw runtimeError('mvfilter() takes an expression over exactly one field', call.node.span.start, call.ctx.query);
      const name = [...fields][0] as string;
      const row = call.row;
      const out = scalars(fieldToEval(row.fields.get(name))).filter((x) => {
        const single: Row = { doc: row.doc, fields: new Map(row.fields).set(name, x) };
        return truthy(call.evaluate(predicate, single), predicate, call.ctx, 'mvfilter()');
      });
      return fromScalars(out);
    },
  },
];
