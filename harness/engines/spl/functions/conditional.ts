// Comparison, conditional and informational eval functions, and the LIKE and CIDR matching that the LIKE
// operator and the search command share.
import { runtimeError } from '../errors.js';
import { isMultivalue, scalars, scalarsEqual, truthy } from '../eval-values.js';
import { toNumber, toText } from '../values.js';
import { compileGlobParts, type Glob, globMatches, type GlobPart } from '../../matching/glob.js';
import { regexTestArgument } from './regex-arguments.js';
import { ANY, type EvalFunction, argumentNode, evenArguments, exactly } from './spec.js';

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

export const CONDITIONAL: EvalFunction[] = [
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
      const regex = regexTestArgument(call, 1);
      if (value === null || regex === null) return null;
      return scalars(value).some((x) => regex.test(toText(x)));
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

export const INFORMATIONAL: EvalFunction[] = [
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
