// Text eval functions.
import { fromScalars, isMultivalue } from '../eval-values.js';
import type { Scalar } from '../values.js';
import { replaceAll } from './regex-arguments.js';
import { type EvalFunction, between, exactly } from './spec.js';

// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/evaluation-functions/text-functions

function changeCase(name: 'lower' | 'upper'): EvalFunction {
  const convert = (x: Scalar): Scalar => (typeof x === 'string' ? (name === 'lower' ? x.toLowerCase() : x.toUpperCase()) : x);
  return {
    name,
    arity: exactly(1),
    run: (call) => {
      const value = call.value(0);
      if (value === null || typeof value === 'boolean') return null;
      return isMultivalue(value) ? value.map(convert) : convert(value);
    },
  };
}

/** trim, ltrim, rtrim: remove the characters of the second argument (default space and tab) from the ends. */
function trimFunction(name: 'trim' | 'ltrim' | 'rtrim'): EvalFunction {
  return {
    name,
    arity: between(1, 2),
    run: (call) => {
      const text = call.text(0);
      if (text === null) return null;
      const chars = call.node.args.length > 1 ? call.text(1) : ' \t';
      if (chars === null) return null;
      const set = new Set([...chars]);
      const characters = [...text];
      let from = 0;
      let to = characters.length;
      if (name !== 'rtrim') while (from < to && set.has(characters[from] as string)) from++;
      if (name !== 'ltrim') while (to > from && set.has(characters[to - 1] as string)) to--;
      return characters.slice(from, to).join('');
    },
  };
}

export const TEXT: EvalFunction[] = [
  {
    name: 'len',
    arity: exactly(1),
    run: (call) => {
      const text = call.text(0);
      return text === null ? null : [...text].length;
    },
  },
  changeCase('lower'),
  changeCase('upper'),
  {
    name: 'substr',
    arity: between(2, 3),
    run: (call) => {
      const text = call.text(0);
      const start = call.number(1);
      if (text === null || start === null) return null;
      const characters = [...text];
      let from = start > 0 ? start - 1 : start < 0 ? characters.length + start : 0;
      from = Math.max(0, Math.trunc(from));
      const length = call.node.args.length > 2 ? call.number(2) : null;
      if (call.node.args.length > 2 && length === null) return null;
      return characters.slice(from, length === null ? undefined : from + Math.max(0, Math.trunc(length))).join('');
    },
  },
  { name: 'replace', arity: exactly(3), run: replaceAll },
  trimFunction('trim'),
  trimFunction('ltrim'),
  trimFunction('rtrim'),
  {
    name: 'split',
    arity: exactly(2),
    run: (call) => {
      const text = call.text(0);
      const delimiter = call.text(1);
      if (text === null || delimiter === null) return null;
      const parts = delimiter === '' ? [...text] : text.split(delimiter);
      return fromScalars(parts);
    },
  },
  {
    name: 'urldecode',
    arity: exactly(1),
    run: (call) => {
      const text = call.text(0);
      if (text === null) return null;
      try {
        return decodeURIComponent(text.replace(/\+/g, ' '));
      } catch {
        return text;
      }
    },
  },
];
