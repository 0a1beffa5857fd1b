// Mathematical and statistical eval functions.
import { scalars } from '../eval-values.js';
import { type Scalar, compareLex, toNumber, toText } from '../values.js';
import { ANY, type EvalFunction, between, exactly } from './spec.js';

// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/evaluation-functions/mathematical-functions
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/evaluation-functions/statistical-eval-functions

/** A one-argument numeric function; a result that is not finite (sqrt(-1), exp(1000)) is null. */
function unaryMath(name: string, apply: (x: number) => number): EvalFunction {
  return {
    name,
    arity: exactly(1),
    run: (call) => {
      const n = call.number(0);
      if (n === null) return null;
      const result = apply(n);
      return Number.isFinite(result) ? result : null;
    },
  };
}

/** min/max over all values of all arguments: strings are greater than numbers; numbers compare numerically, strings lexicographically. */
function extreme(name: 'min' | 'max'): EvalFunction {
  const compare = (left: Scalar, right: Scalar): number => {
    const leftNumber = toNumber(left);
    const rightNumber = toNumber(right);
    if (leftNumber !== null && rightNumber !== null) return leftNumber - rightNumber;
    if (leftNumber !== null) return -1;
    if (rightNumber !== null) return 1;
    return compareLex(toText(left), toText(right));
  };
  return {
    name,
    arity: ANY,
    run: (call) => {
      const all: Scalar[] = [];
      for (let i = 0; i < call.node.args.length; i++) all.push(...scalars(call.value(i)));
      if (all.length === 0) return null;
      return all.reduce((best, x) => ((name === 'min' ? compare(x, best) < 0 : compare(x, best) > 0) ? x : best));
    },
  };
}

export const MATHEMATICAL: EvalFunction[] = [
  {
    name: 'round',
    arity: between(1, 2),
    run: (call) => {
      const n = call.number(0);
      const digits = call.node.args.length > 1 ? call.number(1) : 0;
      if (n === null || digits === null) return null;
      const factor = 10 ** Math.trunc(digits);
      return Math.round(n * factor) / factor;
    },
  },
  unaryMath('floor', Math.floor),
  unaryMath('ceil', Math.ceil),
  unaryMath('ceiling', Math.ceil),
  unaryMath('abs', Math.abs),
  unaryMath('sqrt', Math.sqrt),
  unaryMath('exp', Math.exp),
  unaryMath('ln', Math.log),
  {
    name: 'log',
    arity: between(1, 2),
    run: (call) => {
      const n = call.number(0);
      const base = call.node.args.length > 1 ? call.number(1) : 10;
      if (n === null || base === null || n <= 0 || base <= 0 || base === 1) return null;
      return Math.log(n) / Math.log(base);
    },
  },
  {
    name: 'pow',
    arity: exactly(2),
    run: (call) => {
      const base = call.number(0);
      const exponent = call.number(1);
      if (base === null || exponent === null) return null;
      const result = base ** exponent;
      return Number.isFinite(result) ? result : null;
    },
  },
  extreme('min'),
  extreme('max'),
];
