// Evaluation of eval expressions (`eval`, `where`, `stats ... eval(...)`, `head (...)`).
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
import { createHash } from 'node:crypto';
import type { EvalCall, EvalExpr } from './ast.js';
import { runtimeError, unsupported } from './errors.js';
import { pcreReplace, type BoundedPcre } from '../matching/pcre.js';
import { limitNote, splRegex } from './regex.js';
import { type FieldValue, type Row, type Scalar, compareLex, formatNumber, toNumber, toText } from './values.js';
import { formatTime } from './time.js';
import { compileGlobParts, type Glob, globMatches, type GlobPart } from '../matching/glob.js';

export type EvalValue = string | number | boolean | null | Scalar[];

export interface EvalContext {
  /** The query text node spans point into, for positioned errors. */
  query: string;
  /** Where a function notes what the report should say (a PCRE limit hit); absent: not reported. */
  notes?: Set<string>;
}

function isMv(v: EvalValue): v is Scalar[] {
  return Array.isArray(v);
}

export function fieldToEval(v: FieldValue | undefined): EvalValue {
  if (v === undefined) return null;
  if (Array.isArray(v)) return v.length === 0 ? null : v.length === 1 ? (v[0] as Scalar) : v;
  return v;
}

/** Converts an eval result into a field value; booleans cannot be stored. */
export function evalToField(v: EvalValue, node: EvalExpr, ctx: EvalContext): FieldValue | undefined {
  if (v === null) return undefined;
  if (typeof v === 'boolean') {
    throw runtimeError('Fields cannot be assigned a boolean result. Instead, try if([bool expr], [expr], [expr]).', node.span.start, ctx.query);
  }
  if (isMv(v)) return v.length === 0 ? undefined : v.length === 1 ? (v[0] as Scalar) : v;
  return v;
}

/** Truth of a condition: true only for boolean true; null is false; anything else is a type error. */
export function truthy(v: EvalValue, node: EvalExpr, ctx: EvalContext, what: string): boolean {
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  throw runtimeError(`${what} needs a boolean condition, got ${describeValue(v)}`, node.span.start, ctx.query);
}

function describeValue(v: EvalValue): string {
  if (v === null) return 'null';
  if (isMv(v)) return 'a multivalue field';
  if (typeof v === 'number') return `the number ${formatNumber(v)}`;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return `the string "${v.length > 40 ? v.slice(0, 40) + '...' : v}"`;
}

function scalars(v: EvalValue): Scalar[] {
  if (v === null || typeof v === 'boolean') return [];
  return isMv(v) ? v : [v];
}

function asString(v: EvalValue): string | null {
  if (v === null) return null;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (isMv(v)) return v.length === 0 ? null : toText(v[0] as Scalar);
  return toText(v);
}

function asNumber(v: EvalValue): number | null {
  if (v === null || typeof v === 'boolean') return null;
  if (isMv(v)) return v.length === 0 ? null : toNumber(v[0] as Scalar);
  return toNumber(v);
}

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
      const v = evaluate(expr.operand, row, ctx);
      if (expr.op === 'NOT') {
        if (v === null) return null;
        if (typeof v !== 'boolean') throw runtimeError(`NOT needs a boolean, got ${describeValue(v)}`, expr.span.start, ctx.query);
        return !v;
      }
      const n = asNumber(v);
      if (n === null) return null;
      return expr.op === '-' ? -n : n;
    }
    case 'binary':
      return binary(expr, row, ctx);
    case 'call':
      return call(expr, row, ctx);
  }
}

function logical(v: EvalValue, node: EvalExpr, ctx: EvalContext, op: string): boolean | null {
  if (v === null) return null;
  if (typeof v !== 'boolean') throw runtimeError(`${op} needs boolean operands, got ${describeValue(v)}`, node.span.start, ctx.query);
  return v;
}

function binary(expr: Extract<EvalExpr, { kind: 'binary' }>, row: Row, ctx: EvalContext): EvalValue {
  const op = expr.op;
  if (op === 'AND' || op === 'OR' || op === 'XOR') {
    const l = logical(evaluate(expr.left, row, ctx), expr.left, ctx, op);
    if (op === 'AND' && l === false) return false;
    if (op === 'OR' && l === true) return true;
    const r = logical(evaluate(expr.right, row, ctx), expr.right, ctx, op);
    if (op === 'AND' && r === false) return false;
    if (op === 'OR' && r === true) return true;
    if (l === null || r === null) return null;
    return op === 'AND' ? l && r : op === 'OR' ? l || r : l !== r;
  }
  const left = evaluate(expr.left, row, ctx);
  if (op === 'IN') {
    const list = (expr.right as EvalCall).args.map((a) => evaluate(a, row, ctx));
    if (left === null) return null;
    return scalars(left).some((l) => list.some((v) => scalars(v).some((r) => equal(l, r))));
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
      return scalars(left).some((l) => likeMatch(toText(l), pattern));
    }
    case '.': {
      const a = asString(left);
      const b = asString(right);
      return a === null || b === null ? null : a + b;
    }
    case '+': {
      if (left === null || right === null) return null;
      const a = asNumber(left);
      const b = asNumber(right);
      if (a !== null && b !== null) return a + b;
      if (typeof left === 'string' && typeof right === 'string') return left + right;
      return null;
    }
    default: {
      const a = asNumber(left);
      const b = asNumber(right);
      if (a === null || b === null) return null;
      if (op === '-') return a - b;
      if (op === '*') return a * b;
      if (b === 0) return null;
      return op === '/' ? a / b : a % b;
    }
  }
}

function equal(a: Scalar, b: Scalar): boolean {
  const na = toNumber(a);
  const nb = toNumber(b);
  if (na !== null && nb !== null) return na === nb;
  return toText(a) === toText(b);
}

function order(a: Scalar, b: Scalar): number {
  const na = toNumber(a);
  const nb = toNumber(b);
  if (na !== null && nb !== null) return na < nb ? -1 : na > nb ? 1 : 0;
  return compareLex(toText(a), toText(b));
}

function compare(op: string, left: EvalValue, right: EvalValue): boolean | null {
  if (left === null || right === null) return null;
  if (typeof left === 'boolean' || typeof right === 'boolean') {
    if (op === '=' || op === '==') return left === right;
    if (op === '!=') return left !== right;
    return null;
  }
  const ls = scalars(left);
  const rs = scalars(right);
  const test = (a: Scalar, b: Scalar): boolean => {
    switch (op) {
      case '=':
      case '==':
        return equal(a, b);
      case '!=':
        return !equal(a, b);
      case '<':
        return order(a, b) < 0;
      case '<=':
        return order(a, b) <= 0;
      case '>':
        return order(a, b) > 0;
      default:
        return order(a, b) >= 0;
    }
  };
  return ls.some((a) => rs.some((b) => test(a, b)));
}

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

/** A regular-expression argument (match, mvfind, replace): bounded PCRE (regex.ts). */
function regexArg(node: EvalExpr, value: EvalValue, ctx: EvalContext): BoundedPcre | null {
  const p = asString(value);
  if (p === null) return null;
  const re = splRegex(p);
  if (typeof re === 'string') throw unsupported(`regular expression "${p}": ${re}`, node.span.start, ctx.query);
  return re;
}

/** A yes/no search; a search stopped by a PCRE limit is no match, noted for the report. */
function regexTest(re: BoundedPcre, text: string, fn: string, ctx: EvalContext): boolean {
  const r = re.test(text);
  if (typeof r === 'boolean') return r;
  ctx.notes?.add(limitNote(`${fn}()`, re.source, r.limit));
  return false;
}

function argCount(e: EvalCall, ctx: EvalContext, min: number, max = min): void {
  if (e.args.length < min || e.args.length > max) {
    const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw runtimeError(`${e.name}() takes ${want} argument${want === '1' ? '' : 's'}, got ${e.args.length}`, e.span.start, ctx.query);
  }
}

function hash(algorithm: string, v: string | null): string | null {
  return v === null ? null : createHash(algorithm).update(v, 'utf8').digest('hex');
}

function ipv4ToInt(ip: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip.trim());
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
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

/** Functions whose result depends on the wall clock or randomness: refused to keep runs reproducible. */
const NON_DETERMINISTIC = new Set(['now', 'time', 'relative_time', 'random']);

/** Eval functions this engine runs (lower-case names). */
export const EVAL_FUNCTIONS = new Set([
  'if', 'case', 'coalesce', 'isnull', 'isnotnull', 'isnum', 'isint', 'isstr', 'typeof', 'null', 'true', 'false', 'nullif',
  'len', 'lower', 'upper', 'substr', 'replace', 'trim', 'ltrim', 'rtrim', 'split', 'urldecode', 'mvcount', 'mvindex',
  'mvjoin', 'mvappend', 'mvdedup', 'mvfind', 'mvsort', 'mvzip', 'mvfilter', 'like', 'match', 'cidrmatch', 'tonumber',
  'tostring', 'round', 'floor', 'ceil', 'ceiling', 'abs', 'pow', 'sqrt', 'exp', 'ln', 'log', 'min', 'max', 'strftime',
  'in', 'md5', 'sha1', 'sha256', 'sha512', 'validate',
]);

/** Throws when an expression calls a function the engine does not run (checked before any data is read). */
export function checkEvalExpr(expr: EvalExpr, ctx: EvalContext): void {
  switch (expr.kind) {
    case 'call':
      if (expr.name !== '(list)' && !EVAL_FUNCTIONS.has(expr.name)) {
        const why = NON_DETERMINISTIC.has(expr.name) ? ' (its result depends on the wall clock or on chance)' : '';
        throw unsupported(`unsupported eval function: ${expr.name}${why}`, expr.nameSpan.start, ctx.query);
      }
      for (const a of expr.args) checkEvalExpr(a, ctx);
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

function call(e: EvalCall, row: Row, ctx: EvalContext): EvalValue {
  const arg = (i: number): EvalValue => evaluate(e.args[i] as EvalExpr, row, ctx);
  const str = (i: number): string | null => asString(arg(i));
  const num = (i: number): number | null => asNumber(arg(i));
  switch (e.name) {
    case 'if':
      argCount(e, ctx, 3);
      return truthy(arg(0), e.args[0] as EvalExpr, ctx, 'if()') ? arg(1) : arg(2);
    case 'case': {
      if (e.args.length % 2 !== 0) throw runtimeError('case() takes condition/value pairs', e.span.start, ctx.query);
      for (let i = 0; i < e.args.length; i += 2) if (truthy(arg(i), e.args[i] as EvalExpr, ctx, 'case()')) return arg(i + 1);
      return null;
    }
    case 'validate': {
      if (e.args.length % 2 !== 0) throw runtimeError('validate() takes condition/value pairs', e.span.start, ctx.query);
      for (let i = 0; i < e.args.length; i += 2) if (!truthy(arg(i), e.args[i] as EvalExpr, ctx, 'validate()')) return arg(i + 1);
      return null;
    }
    case 'coalesce':
      for (let i = 0; i < e.args.length; i++) {
        const v = arg(i);
        if (v !== null) return v;
      }
      return null;
    case 'isnull':
      argCount(e, ctx, 1);
      return arg(0) === null;
    case 'isnotnull':
      argCount(e, ctx, 1);
      return arg(0) !== null;
    case 'isnum': {
      argCount(e, ctx, 1);
      const v = arg(0);
      return typeof v === 'number' || (typeof v === 'string' && toNumber(v) !== null);
    }
    case 'isint': {
      argCount(e, ctx, 1);
      const n = num(0);
      return n !== null && Number.isInteger(n);
    }
    case 'isstr': {
      argCount(e, ctx, 1);
      const v = arg(0);
      return typeof v === 'string' && toNumber(v) === null;
    }
    case 'typeof': {
      argCount(e, ctx, 1);
      const v = arg(0);
      if (v === null) return 'Invalid';
      if (typeof v === 'boolean') return 'Boolean';
      if (isMv(v)) return 'Multivalue';
      return typeof v === 'number' || toNumber(v) !== null ? 'Number' : 'String';
    }
    case 'null':
      return null;
    case 'true':
      return true;
    case 'false':
      return false;
    case 'nullif': {
      argCount(e, ctx, 2);
      const a = arg(0);
      const b = arg(1);
      return a !== null && b !== null && !isMv(a) && !isMv(b) && typeof a !== 'boolean' && typeof b !== 'boolean' && equal(a, b) ? null : a;
    }
    case 'len': {
      argCount(e, ctx, 1);
      const s = str(0);
      return s === null ? null : [...s].length;
    }
    case 'lower':
    case 'upper': {
      argCount(e, ctx, 1);
      const v = arg(0);
      const f = (x: Scalar): Scalar => (typeof x === 'string' ? (e.name === 'lower' ? x.toLowerCase() : x.toUpperCase()) : x);
      if (v === null || typeof v === 'boolean') return null;
      return isMv(v) ? v.map(f) : f(v);
    }
    case 'substr': {
      argCount(e, ctx, 2, 3);
      const s = str(0);
      const start = num(1);
      if (s === null || start === null) return null;
      const chars = [...s];
      let from = start > 0 ? start - 1 : start < 0 ? chars.length + start : 0;
      from = Math.max(0, Math.trunc(from));
      const len = e.args.length > 2 ? num(2) : null;
      if (e.args.length > 2 && len === null) return null;
      return chars.slice(from, len === null ? undefined : from + Math.max(0, Math.trunc(len))).join('');
    }
    case 'replace': {
      argCount(e, ctx, 3);
      const s = str(0);
      const re = regexArg(e.args[1] as EvalExpr, arg(1), ctx);
      const repl = str(2);
      if (s === null || re === null || repl === null) return null;
      // Every match; \1..\9 in the replacement insert groups (../matching/pcre.ts pcreReplace).
      const r = pcreReplace(re, s, repl, 0);
      if (r.limit !== null) ctx.notes?.add(limitNote('replace()', re.source, r.limit));
      return r.text;
    }
    case 'trim':
    case 'ltrim':
    case 'rtrim': {
      argCount(e, ctx, 1, 2);
      const s = str(0);
      if (s === null) return null;
      const chars = e.args.length > 1 ? str(1) : ' \t';
      if (chars === null) return null;
      const set = new Set([...chars]);
      const arr = [...s];
      let a = 0;
      let b = arr.length;
      if (e.name !== 'rtrim') while (a < b && set.has(arr[a] as string)) a++;
      if (e.name !== 'ltrim') while (b > a && set.has(arr[b - 1] as string)) b--;
      return arr.slice(a, b).join('');
    }
    case 'split': {
      argCount(e, ctx, 2);
      const s = str(0);
      const d = str(1);
      if (s === null || d === null) return null;
      const parts = d === '' ? [...s] : s.split(d);
      return parts.length === 1 ? (parts[0] as string) : parts;
    }
    case 'urldecode': {
      argCount(e, ctx, 1);
      const s = str(0);
      if (s === null) return null;
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        return s;
      }
    }
    case 'mvcount': {
      argCount(e, ctx, 1);
      const v = arg(0);
      return v === null ? null : scalars(v).length;
    }
    case 'mvindex': {
      argCount(e, ctx, 2, 3);
      const v = scalars(arg(0));
      const s = num(1);
      if (v.length === 0 || s === null) return null;
      const norm = (i: number): number => (i < 0 ? v.length + i : i);
      const a = norm(Math.trunc(s));
      if (e.args.length === 2) return a >= 0 && a < v.length ? (v[a] as Scalar) : null;
      const t = num(2);
      if (t === null) return null;
      const b = norm(Math.trunc(t));
      if (a < 0 || a >= v.length || b < a) return null;
      const out = v.slice(a, Math.min(b, v.length - 1) + 1);
      return out.length === 1 ? (out[0] as Scalar) : out;
    }
    case 'mvjoin': {
      argCount(e, ctx, 2);
      const v = arg(0);
      const d = str(1);
      if (v === null || d === null) return null;
      return scalars(v).map(toText).join(d);
    }
    case 'mvappend': {
      const out: Scalar[] = [];
      for (let i = 0; i < e.args.length; i++) out.push(...scalars(arg(i)));
      return out.length === 0 ? null : out.length === 1 ? (out[0] as Scalar) : out;
    }
    case 'mvdedup': {
      argCount(e, ctx, 1);
      const v = arg(0);
      if (v === null) return null;
      const seen = new Set<string>();
      const out = scalars(v).filter((x) => (seen.has(toText(x)) ? false : (seen.add(toText(x)), true)));
      return out.length === 1 ? (out[0] as Scalar) : out;
    }
    case 'mvsort': {
      argCount(e, ctx, 1);
      const v = arg(0);
      if (v === null) return null;
      const out = scalars(v).map(toText).sort(compareLex);
      return out.length === 1 ? (out[0] as string) : out;
    }
    case 'mvfind': {
      argCount(e, ctx, 2);
      const v = scalars(arg(0));
      const re = regexArg(e.args[1] as EvalExpr, arg(1), ctx);
      if (re === null) return null;
      const i = v.findIndex((x) => regexTest(re, toText(x), 'mvfind', ctx));
      return i < 0 ? null : i;
    }
    case 'mvzip': {
      argCount(e, ctx, 2, 3);
      const a = scalars(arg(0));
      const b = scalars(arg(1));
      const d = e.args.length > 2 ? str(2) : ',';
      if (d === null || a.length === 0 || b.length === 0) return null;
      const n = Math.min(a.length, b.length);
      const out: string[] = [];
      for (let i = 0; i < n; i++) out.push(toText(a[i] as Scalar) + d + toText(b[i] as Scalar));
      return out.length === 1 ? (out[0] as string) : out;
    }
    case 'mvfilter': {
      argCount(e, ctx, 1);
      const predicate = e.args[0] as EvalExpr;
      const fields = new Set<string>();
      collectFields(predicate, fields);
      if (fields.size !== 1) throw runtimeError('mvfilter() takes an expression over exactly one field', e.span.start, ctx.query);
      const name = [...fields][0] as string;
      const out = scalars(fieldToEval(row.fields.get(name))).filter((x) => {
        const single: Row = { doc: row.doc, fields: new Map(row.fields).set(name, x) };
        return truthy(evaluate(predicate, single, ctx), predicate, ctx, 'mvfilter()');
      });
      return out.length === 0 ? null : out.length === 1 ? (out[0] as Scalar) : out;
    }
    case 'like': {
      argCount(e, ctx, 2);
      const v = arg(0);
      const p = str(1);
      if (v === null || p === null) return null;
      return scalars(v).some((x) => likeMatch(toText(x), p));
    }
    case 'match': {
      argCount(e, ctx, 2);
      const v = arg(0);
      const re = regexArg(e.args[1] as EvalExpr, arg(1), ctx);
      if (v === null || re === null) return null;
      return scalars(v).some((x) => regexTest(re, toText(x), 'match', ctx));
    }
    case 'cidrmatch': {
      argCount(e, ctx, 2);
      const c = str(0);
      const ip = arg(1);
      if (c === null || ip === null) return null;
      return scalars(ip).some((x) => cidrMatch(c, toText(x)));
    }
    case 'in': {
      if (e.args.length < 2) throw runtimeError('in() takes a field and at least one value', e.span.start, ctx.query);
      const v = arg(0);
      if (v === null) return null;
      const list = e.args.slice(1).map((_, i) => arg(i + 1));
      return scalars(v).some((l) => list.some((x) => scalars(x).some((r) => equal(l, r))));
    }
    case 'tonumber': {
      argCount(e, ctx, 1, 2);
      const s = str(0);
      if (s === null) return null;
      const base = e.args.length > 1 ? num(1) : 10;
      if (base === null) return null;
      if (base === 10) return toNumber(s);
      const t = s.trim().replace(/^0x/i, base === 16 ? '' : '0x');
      if (!/^[0-9a-z]+$/i.test(t)) return null;
      const n = parseInt(t, base);
      return Number.isNaN(n) ? null : n;
    }
    case 'tostring': {
      argCount(e, ctx, 1, 2);
      const v = arg(0);
      if (v === null) return null;
      if (e.args.length === 1) return typeof v === 'boolean' ? (v ? 'True' : 'False') : asString(v);
      const fmt = str(1);
      const n = asNumber(v);
      if (fmt === 'hex') return n === null ? null : '0x' + Math.trunc(n).toString(16).toUpperCase();
      if (fmt === 'commas') return n === null ? null : n.toLocaleString('en-US', { maximumFractionDigits: 2 });
      if (fmt === 'duration') {
        if (n === null) return null;
        const s = Math.trunc(n);
        const days = Math.floor(s / 86400);
        const hh = String(Math.floor((s % 86400) / 3600)).padStart(2, '0');
        const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
        const ss = String(s % 60).padStart(2, '0');
        return (days > 0 ? `${days}+` : '') + `${hh}:${mm}:${ss}`;
      }
      throw runtimeError(`tostring(): unknown format "${fmt}" (hex, commas or duration)`, e.span.start, ctx.query);
    }
    case 'round': {
      argCount(e, ctx, 1, 2);
      const n = num(0);
      const d = e.args.length > 1 ? num(1) : 0;
      if (n === null || d === null) return null;
      const f = 10 ** Math.trunc(d);
      return Math.round(n * f) / f;
    }
    case 'floor':
    case 'ceil':
    case 'ceiling':
    case 'abs':
    case 'sqrt':
    case 'exp':
    case 'ln': {
      argCount(e, ctx, 1);
      const n = num(0);
      if (n === null) return null;
      const f = { floor: Math.floor, ceil: Math.ceil, ceiling: Math.ceil, abs: Math.abs, sqrt: Math.sqrt, exp: Math.exp, ln: Math.log }[e.name] as (x: number) => number;
      const r = f(n);
      return Number.isFinite(r) ? r : null;
    }
    case 'log': {
      argCount(e, ctx, 1, 2);
      const n = num(0);
      const b = e.args.length > 1 ? num(1) : 10;
      if (n === null || b === null || n <= 0 || b <= 0 || b === 1) return null;
      return Math.log(n) / Math.log(b);
    }
    case 'pow': {
      argCount(e, ctx, 2);
      const a = num(0);
      const b = num(1);
      if (a === null || b === null) return null;
      const r = a ** b;
      return Number.isFinite(r) ? r : null;
    }
    case 'min':
    case 'max': {
      const all: Scalar[] = [];
      for (let i = 0; i < e.args.length; i++) all.push(...scalars(arg(i)));
      if (all.length === 0) return null;
      // Strings are greater than numbers; numbers compare numerically, strings lexicographically.
      const cmp = (a: Scalar, b: Scalar): number => {
        const na = toNumber(a);
        const nb = toNumber(b);
        if (na !== null && nb !== null) return na - nb;
        if (na !== null) return -1;
        if (nb !== null) return 1;
        return compareLex(toText(a), toText(b));
      };
      return all.reduce((best, x) => ((e.name === 'min' ? cmp(x, best) < 0 : cmp(x, best) > 0) ? x : best));
    }
    case 'strftime': {
      argCount(e, ctx, 2);
      const t = num(0);
      const f = str(1);
      if (t === null || f === null) return null;
      const out = formatTime(t, f);
      if (typeof out !== 'string') throw unsupported(`strftime(): ${out.error}`, (e.args[1] as EvalExpr).span.start, ctx.query);
      return out;
    }
    case 'md5':
      return hash('md5', str(0));
    case 'sha1':
      return hash('sha1', str(0));
    case 'sha256':
      return hash('sha256', str(0));
    case 'sha512':
      return hash('sha512', str(0));
    default: {
      const why = NON_DETERMINISTIC.has(e.name) ? ' (its result depends on the wall clock or on chance)' : '';
      throw unsupported(`unsupported eval function: ${e.name}${why}`, e.nameSpan.start, ctx.query);
    }
  }
}

function collectFields(expr: EvalExpr, out: Set<string>): void {
  if (expr.kind === 'field') out.add(expr.name);
  else if (expr.kind === 'binary') {
    collectFields(expr.left, out);
    collectFields(expr.right, out);
  } else if (expr.kind === 'unary') collectFields(expr.operand, out);
  else if (expr.kind === 'call') for (const a of expr.args) collectFields(a, out);
}
