// EQL functions as Elasticsearch defines them: names (matched case-insensitively, as the function
// registry does), arity, argument types, the `~` case-insensitive form, null handling and results.
// https://www.elastic.co/docs/reference/query-languages/eql/eql-function-ref
// https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax#eql-case-insensitive-functions
import type { ScriptValue } from './doc-values.js';
import { equalsFolded, foldCase } from './text-match.js';
import { formatDate, javaDoubleToString, parseCidr, parseIp } from './values.js';

/** Static value types of EQL expressions (the field families, plus null). */
export type DataType = 'keyword' | 'integer' | 'float' | 'boolean' | 'date' | 'ip' | 'version' | 'null';

/** What an argument accepts. `string` = keyword family; `numeric` = integer or float. */
export type ArgKind = 'string' | 'numeric' | 'integer' | 'boolean' | 'ip' | 'any';

export interface FunctionSpec {
  /** Canonical name, as the documentation spells it. */
  name: string;
  minArgs: number;
  maxArgs: number;
  /** Accepts the `name~(...)` form. */
  caseInsensitive: boolean;
  argKind(index: number): ArgKind;
  /** Arguments that must be constants (Elasticsearch refuses fields there). */
  constantArgs?: (index: number) => boolean;
  returnType(args: DataType[]): DataType;
  /** Evaluates with script semantics: null in, null out, unless the documentation says otherwise. */
  evaluate(args: ScriptValue[], caseInsensitive: boolean, types: DataType[]): ScriptValue;
}

const isNumericType = (t: DataType): boolean => t === 'integer' || t === 'float';
const numericResult = (args: DataType[]): DataType => (args.some((t) => t === 'float') ? 'float' : 'integer');

function arithmetic(name: string, op: (a: number, b: number, integer: boolean) => number | null): FunctionSpec {
  return {
    name,
    minArgs: 2,
    maxArgs: 2,
    caseInsensitive: false,
    argKind: () => 'numeric',
    returnType: numericResult,
    evaluate: (args, _ci, types) => {
      const [a, b] = args;
      if (typeof a !== 'number' || typeof b !== 'number') return null;
      return op(a, b, !types.some((t) => t === 'float'));
    },
  };
}

/** `f(text, needle)` string tests (endsWith, startsWith, stringContains): null unless both are strings. */
function stringTest(name: string, test: (s: string, needle: string, caseInsensitive: boolean) => boolean): FunctionSpec {
  return {
    name,
    minArgs: 2,
    maxArgs: 2,
    caseInsensitive: true,
    argKind: () => 'string',
    returnType: () => 'boolean',
    evaluate: ([s, needle], ci) => (typeof s === 'string' && typeof needle === 'string' ? test(s, needle, ci) : null),
  };
}

/** Java long arithmetic for integer operands (division truncates, x/0 has no value), doubles otherwise. */
export const ARITHMETIC: Record<'+' | '-' | '*' | '/' | '%', (a: number, b: number, integer: boolean) => number | null> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b, integer) => (integer ? (b === 0 ? null : Math.trunc(a / b)) : a / b),
  '%': (a, b, integer) => (integer && b === 0 ? null : a % b),
};

const str = (v: ScriptValue): string | null => (typeof v === 'string' ? v : null);

/** Text of a value as EQL's string() and concat() produce it (Java's toString of the script value). */
export function valueToString(value: ScriptValue, type: DataType): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return formatDate(value);
  if (type === 'float' || !Number.isInteger(value)) return javaDoubleToString(value);
  return String(value);
}

function indexOfCi(source: string, sub: string, from: number, ci: boolean): number {
  return ci ? foldCase(source).indexOf(foldCase(sub), from) : source.indexOf(sub, from);
}

/** Python-style slicing, which EQL's substring follows (negative positions count from the end). */
function slice(text: string, start: number, end: number | null): string {
  const length = text.length;
  const clamp = (position: number): number => (position < 0 ? Math.max(0, length + position) : Math.min(position, length));
  const from = clamp(start);
  const to = end === null ? length : clamp(end);
  return from >= to ? '' : text.slice(from, to);
}

function parseNumber(text: string, base: number | null): number | null {
  let s = text.trim();
  if (s === '') return null;
  let sign = 1;
  if (s[0] === '+' || s[0] === '-') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  let radix = base ?? 10;
  if (/^0x/i.test(s)) {
    s = s.slice(2);
    if (base === null || base === 16) radix = 16;
  }
  if (radix === 10 && /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return sign * Number(s);
  const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, radix);
  if (radix < 2 || radix > 36 || s === '' || ![...s.toLowerCase()].every((c) => digits.includes(c))) return null;
  return sign * parseInt(s, radix);
}

const SPECS: FunctionSpec[] = [
  arithmetic('add', ARITHMETIC['+']),
  arithmetic('subtract', ARITHMETIC['-']),
  arithmetic('multiply', ARITHMETIC['*']),
  arithmetic('divide', ARITHMETIC['/']),
  arithmetic('modulo', ARITHMETIC['%']),
  {
    name: 'between',
    minArgs: 3,
    maxArgs: 4,
    caseInsensitive: true,
    argKind: (i) => (i === 3 ? 'boolean' : 'string'),
    constantArgs: (i) => i === 3,
    returnType: () => 'keyword',
    evaluate: ([source, left, right, greedy], ci) => {
      const s = str(source ?? null);
      const l = str(left ?? null);
      const r = str(right ?? null);
      if (s === null || l === null || r === null) return null;
      const hay = ci ? foldCase(s) : s;
      const lf = ci ? foldCase(l) : l;
      const rf = ci ? foldCase(r) : r;
      const at = hay.indexOf(lf);
      if (at < 0) return '';
      const from = at + lf.length;
      const end = greedy === true ? hay.lastIndexOf(rf) : hay.indexOf(rf, from);
      if (end < from) return '';
      return s.slice(from, end);
    },
  },
  {
    name: 'cidrMatch',
    minArgs: 2,
    maxArgs: Infinity,
    caseInsensitive: false,
    argKind: (i) => (i === 0 ? 'ip' : 'string'),
    constantArgs: (i) => i > 0,
    returnType: () => 'boolean',
    evaluate: (args) => {
      const [ip, ...cidrs] = args;
      if (typeof ip !== 'string') return null;
      const address = parseIp(ip);
      if (address === null) return null;
      for (const c of cidrs) {
        if (typeof c !== 'string') return null;
        const range = parseCidr(c);
        if (range && address >= range.low && address <= range.high) return true;
      }
      return false;
    },
  },
  {
    name: 'concat',
    minArgs: 1,
    maxArgs: Infinity,
    caseInsensitive: false,
    argKind: () => 'any',
    returnType: () => 'keyword',
    evaluate: (args, _ci, types) => {
      let out = '';
      for (let i = 0; i < args.length; i++) {
        const s = valueToString(args[i] ?? null, types[i] ?? 'null');
        if (s === null) return null;
        out += s;
      }
      return out;
    },
  },
  stringTest('endsWith', (s, sub, ci) => (ci ? foldCase(s).endsWith(foldCase(sub)) : s.endsWith(sub))),
  {
    name: 'indexOf',
    minArgs: 2,
    maxArgs: 3,
    caseInsensitive: true,
    argKind: (i) => (i === 2 ? 'integer' : 'string'),
    returnType: () => 'integer',
    evaluate: (args, ci) => {
      const [s, sub] = args;
      if (typeof s !== 'string' || typeof sub !== 'string') return null;
      let start = 0;
      if (args.length > 2) {
        const p = args[2];
        if (typeof p !== 'number') return null;
        start = Math.max(0, Math.trunc(p));
      }
      if (start > s.length) return null;
      const at = indexOfCi(s, sub, start, ci);
      return at < 0 ? null : at;
    },
  },
  {
    name: 'length',
    minArgs: 1,
    maxArgs: 1,
    caseInsensitive: false,
    argKind: () => 'string',
    returnType: () => 'integer',
    evaluate: ([s]) => (typeof s === 'string' ? s.length : null),
  },
  {
    name: 'number',
    minArgs: 1,
    maxArgs: 2,
    caseInsensitive: false,
    argKind: (i) => (i === 1 ? 'integer' : 'string'),
    constantArgs: (i) => i === 1,
    returnType: () => 'float',
    evaluate: ([s, base]) => {
      if (typeof s !== 'string') return null;
      return parseNumber(s, typeof base === 'number' ? base : null);
    },
  },
  stringTest('startsWith', (s, prefix, ci) => {
    if (!ci) return s.startsWith(prefix);
    const folded = foldCase(prefix);
    return equalsFolded(s.slice(0, prefix.length), folded) || foldCase(s).startsWith(folded);
  }),
  {
    name: 'string',
    minArgs: 1,
    maxArgs: 1,
    caseInsensitive: false,
    argKind: () => 'any',
    returnType: () => 'keyword',
    evaluate: ([v], _ci, types) => valueToString(v ?? null, types[0] ?? 'null'),
  },
  // The function reference: stringContains(x, "") returns false.
  stringTest('stringContains', (s, sub, ci) => sub !== '' && (ci ? foldCase(s).includes(foldCase(sub)) : s.includes(sub))),
  {
    name: 'substring',
    minArgs: 2,
    maxArgs: 3,
    caseInsensitive: false,
    argKind: (i) => (i === 0 ? 'string' : 'integer'),
    returnType: () => 'keyword',
    evaluate: (args) => {
      const [s, start] = args;
      if (typeof s !== 'string' || typeof start !== 'number') return null;
      const end = args.length > 2 ? args[2] : null;
      if (end !== null && end !== undefined && typeof end !== 'number') return null;
      return slice(s, Math.trunc(start), typeof end === 'number' ? Math.trunc(end) : null);
    },
  },
];

const BY_NAME = new Map(SPECS.map((s) => [s.name.toLowerCase(), s]));

/** Looks a function up as Elasticsearch's registry does: by name, ignoring case. */
export function lookupFunction(name: string): FunctionSpec | undefined {
  return BY_NAME.get(name.toLowerCase());
}

export function acceptsKind(kind: ArgKind, type: DataType): boolean {
  if (type === 'null') return true;
  switch (kind) {
    case 'any':
      return true;
    case 'string':
      return type === 'keyword' || type === 'version';
    case 'numeric':
      return isNumericType(type);
    case 'integer':
      return type === 'integer';
    case 'boolean':
      return type === 'boolean';
    case 'ip':
      return type === 'ip' || type === 'keyword';
  }
}
