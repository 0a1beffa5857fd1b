// SPL evaluation functions as the table the evaluator looks names up in: each entry has its name (lower
// case: the parser lowers call names), its arity and its implementation. Arguments are evaluated on
// demand, so `if`, `case` and `coalesce` evaluate only what they need.
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/evaluation-functions/evaluation-functions
// (one page per category: comparison and conditional, conversion, cryptographic, date and time,
// informational, mathematical, multivalue, statistical, text).
// Null propagates: a function of a null argument is null unless its page says otherwise (isnull, coalesce, ...).
import { createHash } from 'node:crypto';
import type { EvalCall, EvalExpr } from './ast.js';
import { runtimeError, unsupported } from './errors.js';
import {
  type EvalContext,
  type EvalValue,
  asNumber,
  asString,
  fieldToEval,
  fromScalars,
  isMultivalue,
  scalars,
  scalarsEqual,
  truthy,
} from './eval-values.js';
import { pcreReplace, type BoundedPcre } from '../matching/pcre.js';
import { limitNote, splRegex } from './regex.js';
import { formatTime } from './time.js';
import { type Row, type Scalar, compareLex, toNumber, toText } from './values.js';
import { compileGlobParts, type Glob, globMatches, type GlobPart } from '../matching/glob.js';

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

const exactly = (count: number): Arity => ({ min: count, max: count });
const between = (min: number, max: number): Arity => ({ min, max });
/** Any number of arguments; functions with a rule of their own (condition/value pairs) check it themselves. */
const ANY: Arity = { min: 0, max: Infinity };

function argumentNode(call: FunctionCall, index: number): EvalExpr {
  return call.node.args[index] as EvalExpr;
}

function evenArguments(call: FunctionCall): void {
  if (call.node.args.length % 2 !== 0) throw runtimeError(`${call.node.name}() takes condition/value pairs`, call.node.span.start, call.ctx.query);
}

// ---- regular expressions: compiled at the call sites below (match, mvfind, replace) -----------------

/** A regular-expression argument (match, mvfind, replace): bounded PCRE (regex.ts). */
function regexArgument(call: FunctionCall, index: number): BoundedPcre | null {
  const pattern = call.text(index);
  if (pattern === null) return null;
  const compiled = splRegex(pattern);
  if (typeof compiled === 'string') throw unsupported(`regular expression "${pattern}": ${compiled}`, argumentNode(call, index).span.start, call.ctx.query);
  return compiled;
}

/** A yes/no search; a search stopped by a PCRE limit is no match, noted for the report (regex.ts). */
function regexTest(call: FunctionCall, regex: BoundedPcre, text: string): boolean {
  const r = regex.test(text);
  if (typeof r === 'boolean') return r;
  call.ctx.notes?.add(limitNote(`${call.node.name}()`, regex.source, r.limit));
  return false;
}

/** replace(text, regex, replacement): every match, with PCRE's \1..\9 references (../matching/pcre.ts pcreReplace). */
function replaceAll(call: FunctionCall): EvalValue {
  const text = call.text(0);
  const regex = regexArgument(call, 1);
  const replacement = call.text(2);
  if (text === null || regex === null || replacement === null) return null;
  const r = pcreReplace(regex, text, replacement, 0);
  if (r.limit !== null) call.ctx.notes?.add(limitNote('replace()', regex.source, r.limit));
  return r.text;
}

// ---- LIKE and CIDR matching (also used by the LIKE operator and the search command) ------------------

/**
 * SQL LIKE: `%` any run, `_` one character; case-sensitive. Matched without a RegExp, in time linear
 * in the text per literal piece (../matching/glob.ts): `like(_raw, "%a%a%b")` must not backtrack.
 */
export function likeMatch(text: string, pattern: string): boolean {
  let glob = likeCache.get(pattern);
  if (glob === undefined) {
    const parts: GlobPart[] = [];
    for (const ch of pattern) parts.push(ch === '%' ? { kind: 'star' } : ch === '_' ? { kind: 'one' } : { kind: 'lit', text: ch });
    glob = compileGlobParts(parts);
    if (likeCache.size > 5000) likeCache.clear();
    likeCache.set(pattern, glob);
  }
  return globMatches(glob, text);
}

const likeCache = new Map<string, Glob>();

function ipv4ToInt(ip: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip.trim());
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((part) => part > 255)) return null;
  return (((parts[0] as number) << 24) | ((parts[1] as number) << 16) | ((parts[2] as number) << 8) | (parts[3] as number)) >>> 0;
}

/** IPv4 CIDR membership (`cidrmatch`, and CIDR values in the search command). */
export function cidrMatch(cidr: string, ip: string): boolean {
  const m = /^(.+)\/(\d{1,2})$/.exec(cidr.trim());
  const base = ipv4ToInt(m ? (m[1] as string) : cidr);
  const addr = ipv4ToInt(ip);
  if (base === null || addr === null) return false;
  const bits = m ? Number(m[2]) : 32;
  if (bits > 32) return false;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return ((base & mask) >>> 0) === ((addr & mask) >>> 0);
}

// ---- comparison and conditional ----------------------------------------------------------------------
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/evaluation-functions/comparison-and-conditional-functions

const CONDITIONAL: EvalFunction[] = [
  {
    name: 'if',
    arity: exactly(3),
    run: (call) => (truthy(call.value(0), argumentNode(call, 0), call.ctx, 'if()') ? call.value(1) : call.value(2)),
  },
  {
    name: 'case',
    arity: ANY,
    run: (call) => {
      evenArguments(call);
      for (let i = 0; i < call.node.args.length; i += 2) if (truthy(call.value(i), argumentNode(call, i), call.ctx, 'case()')) return call.value(i + 1);
      return null;
    },
  },
  {
    name: 'validate',
    arity: ANY,
    run: (call) => {
      evenArguments(call);
      for (let i = 0; i < call.node.args.length; i += 2) if (!truthy(call.value(i), argumentNode(call, i), call.ctx, 'validate()')) return call.value(i + 1);
      return null;
    },
  },
  {
    name: 'coalesce',
    arity: ANY,
    run: (call) => {
      for (let i = 0; i < call.node.args.length; i++) {
        const value = call.value(i);
        if (value !== null) return value;
      }
      return null;
    },
  },
  {
    name: 'nullif',
    arity: exactly(2),
    run: (call) => {
      const left = call.value(0);
      const right = call.value(1);
      const comparable = left !== null && right !== null && !isMultivalue(left) && !isMultivalue(right) && typeof left !== 'boolean' && typeof right !== 'boolean';
      return comparable && scalarsEqual(left, right) ? null : left;
    },
  },
  { name: 'null', arity: ANY, run: () => null },
  { name: 'true', arity: ANY, run: () => true },
  { name: 'false', arity: ANY, run: () => false },
  {
    name: 'like',
    arity: exactly(2),
    run: (call) => {
      const value = call.value(0);
      const pattern = call.text(1);
      if (value === null || pattern === null) return null;
      return scalars(value).some((x) => likeMatch(toText(x), pattern));
    },
  },
  {
    name: 'match',
    arity: exactly(2),
    run: (call) => {
      const value = call.value(0);
      const regex = regexArgument(call, 1);
      if (value === null || regex === null) return null;
      return scalars(value).some((x) => regexTest(call, regex, toText(x)));
    },
  },
  {
    name: 'cidrmatch',
    arity: exactly(2),
    run: (call) => {
      const cidr = call.text(0);
      const ip = call.value(1);
      if (cidr === null || ip === null) return null;
      return scalars(ip).some((x) => cidrMatch(cidr, toText(x)));
    },
  },
  {
    name: 'in',
    arity: ANY,
    run: (call) => {
      if (call.node.args.length < 2) throw runtimeError('in() takes a field and at least one value', call.node.span.start, call.ctx.query);
      const value = call.value(0);
      if (value === null) return null;
      const list = call.node.args.slice(1).map((_, i) => call.value(i + 1));
      return scalars(value).some((left) => list.some((item) => scalars(item).some((right) => scalarsEqual(left, right))));
    },
  },
];

// ---- informational -----------------------------------------------------------------------------------
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/evaluation-functions/informational-functions

const INFORMATIONAL: EvalFunction[] = [
  { name: 'isnull', arity: exactly(1), run: (call) => call.value(0) === null },
  { name: 'isnotnull', arity: exactly(1), run: (call) => call.value(0) !== null },
  {
    name: 'isnum',
    arity: exactly(1),
    run: (call) => {
      const value = call.value(0);
      return typeof value === 'number' || (typeof value === 'string' && toNumber(value) !== null);
    },
  },
  {
    name: 'isint',
    arity: exactly(1),
    run: (call) => {
      const n = call.number(0);
      return n !== null && Number.isInteger(n);
    },
  },
  {
    name: 'isstr',
    arity: exactly(1),
    run: (call) => {
      const value = call.value(0);
      return typeof value === 'string' && toNumber(value) === null;
    },
  },
  {
    name: 'typeof',
    arity: exactly(1),
    run: (call) => {
      const value = call.value(0);
      if (value === null) return 'Invalid';
      if (typeof value === 'boolean') return 'Boolean';
      if (isMultivalue(value)) return 'Multivalue';
      return typeof value === 'number' || toNumber(value) !== null ? 'Number' : 'String';
    },
  },
];

// ---- text ----------------------------------------------------------------------------------------------
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

const TEXT: EvalFunction[] = [
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
      return parts.length === 1 ? (parts[0] as string) : parts;
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

// ---- multivalue -------------------------------------------------------------------------------------
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

const MULTIVALUE: EvalFunction[] = [
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
      return out.length === 1 ? (out[0] as Scalar) : out;
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
      return out.length === 1 ? (out[0] as Scalar) : out;
    },
  },
  {
    name: 'mvsort',
    arity: exactly(1),
    run: (call) => {
      const value = call.value(0);
      if (value === null) return null;
      const out = scalars(value).map(toText).sort(compareLex);
      return out.length === 1 ? (out[0] as string) : out;
    },
  },
  {
    name: 'mvfind',
    arity: exactly(2),
    run: (call) => {
      const values = scalars(call.value(0));
      const regex = regexArgument(call, 1);
      if (regex === null) return null;
      const index = values.findIndex((x) => regexTest(call, regex, toText(x)));
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
      return out.length === 1 ? (out[0] as string) : out;
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

// ---- conversion ---------------------------------------------------------------------------------------
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/evaluation-functions/conversion-functions

/** tostring(X, "duration"): [D+]HH:MM:SS. */
function durationText(seconds: number): string {
  const whole = Math.trunc(seconds);
  const days = Math.floor(whole / 86400);
  const hours = String(Math.floor((whole % 86400) / 3600)).padStart(2, '0');
  const minutes = String(Math.floor((whole % 3600) / 60)).padStart(2, '0');
  const rest = String(whole % 60).padStart(2, '0');
  return (days > 0 ? `${days}+` : '') + `${hours}:${minutes}:${rest}`;
}

const CONVERSION: EvalFunction[] = [
  {
    name: 'tonumber',
    arity: between(1, 2),
    run: (call) => {
      const text = call.text(0);
      if (text === null) return null;
      const base = call.node.args.length > 1 ? call.number(1) : 10;
      if (base === null) return null;
      if (base === 10) return toNumber(text);
      const digits = text.trim().replace(/^0x/i, base === 16 ? '' : '0x');
      if (!/^[0-9a-z]+$/i.test(digits)) return null;
      const n = parseInt(digits, base);
      return Number.isNaN(n) ? null : n;
    },
  },
  {
    name: 'tostring',
    arity: between(1, 2),
    run: (call) => {
      const value = call.value(0);
      if (value === null) return null;
      if (call.node.args.length === 1) return typeof value === 'boolean' ? (value ? 'True' : 'False') : asString(value);
      const format = call.text(1);
      const n = asNumber(value);
      if (format === 'hex') return n === null ? null : '0x' + Math.trunc(n).toString(16).toUpperCase();
      if (format === 'commas') return n === null ? null : n.toLocaleString('en-US', { maximumFractionDigits: 2 });
      if (format === 'duration') return n === null ? null : durationText(n);
      throw runtimeError(`tostring(): unknown format "${format}" (hex, commas or duration)`, call.node.span.start, call.ctx.query);
    },
  },
];

// ---- mathematical and statistical -----------------------------------------------------------------------
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

const MATHEMATICAL: EvalFunction[] = [
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

// ---- date and time, cryptographic ----------------------------------------------------------------------
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/evaluation-functions/date-and-time-functions
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/evaluation-functions/cryptographic-functions

/** md5, sha1, sha256, sha512 of the text's UTF-8 bytes, in lower-case hex. */
function digest(algorithm: 'md5' | 'sha1' | 'sha256' | 'sha512'): EvalFunction {
  return {
    name: algorithm,
    arity: exactly(1),
    run: (call) => {
      const text = call.text(0);
      return text === null ? null : createHash(algorithm).update(text, 'utf8').digest('hex');
    },
  };
}

const TIME_AND_CRYPTOGRAPHIC: EvalFunction[] = [
  {
    name: 'strftime',
    arity: exactly(2),
    run: (call) => {
      const time = call.number(0);
      const format = call.text(1);
      if (time === null || format === null) return null;
      const out = formatTime(time, format);
      if (typeof out !== 'string') throw unsupported(`strftime(): ${out.error}`, argumentNode(call, 1).span.start, call.ctx.query);
      return out;
    },
  },
  digest('md5'),
  digest('sha1'),
  digest('sha256'),
  digest('sha512'),
];

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
