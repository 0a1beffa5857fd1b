// `sort [N] [+|-]field, [+|-]num(field) ... [desc]`: stable sort; results missing a field go last
// (treated as the largest value ascending and the smallest descending); without N at most 10000
// results are returned, N=0 returns all.
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.0/search-commands/sort
import type { CommandHead, SortCommand, SortKey } from '../ast.js';
import { syntaxError } from '../errors.js';
import { type ArgToken, lexArgs } from '../lexer.js';
import { type Row, type Scalar, compareAuto, compareLex, toNumber, toText, valuesOf } from '../values.js';
import type { CommandContext } from './context.js';

const DEFAULT_LIMIT = 10000;

/** SortCommand : "sort" (Count | "limit=" Count)? SortKey (","? SortKey)* ("d" | "desc")? */
export function parseSort(text: string, start: number, end: number, head: CommandHead): SortCommand {
  let tokens = lexArgs(text, start, end).filter((token) => token.t !== ',');
  let limit: number | null = null;
  const first = tokens[0];
  if (first?.t === 'word' && /^\d+$/.test(first.text)) {
    limit = Number(first.text);
    tokens = tokens.slice(1);
  } else if (first?.t === 'word' && /^limit=\d+$/i.test(first.text)) {
    limit = Number(first.text.slice(6));
    tokens = tokens.slice(1);
  }
  let reverse = false;
  const last = tokens[tokens.length - 1];
  if (last?.t === 'word' && /^(d|desc)$/i.test(last.text) && tokens.length > 1) {
    reverse = true;
    tokens = tokens.slice(0, -1);
  }
  const keys = parseSortKeys(text, tokens);
  if (keys.length === 0) throw syntaxError('sort needs at least one field', head.nameSpan.end, text);
  return { kind: 'sort', ...head, limit, keys, reverse };
}

/**
 * SortKey : ("+" | "-")? (Field | ("auto" | "str" | "num" | "ip") "(" Field ")")
 * (the sign glued to the field or standing alone before it); also dedup's `sortby` keys.
 */
export function parseSortKeys(text: string, tokens: ArgToken[]): SortKey[] {
  const keys: SortKey[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as ArgToken;
    if (token.t !== 'word' && token.t !== 'string') throw syntaxError('sort: expected a field', token.span.start, text);
    let name = token.t === 'word' ? token.text : token.value;
    let descending = false;
    let span = token.span;
    if (token.t === 'word' && (name === '-' || name === '+')) {
      const next = tokens[i + 1];
      if (next === undefined || (next.t !== 'word' && next.t !== 'string')) throw syntaxError(`sort: expected a field after "${name}"`, token.span.end, text);
      descending = name === '-';
      name = next.t === 'word' ? next.text : next.value;
      span = { start: token.span.start, end: next.span.end };
      i++;
    } else if (token.t === 'word' && (name.startsWith('-') || name.startsWith('+'))) {
      descending = name.startsWith('-');
      name = name.slice(1);
    }
    let type: SortKey['type'] = 'auto';
    const typeFunction = /^(auto|str|num|ip)$/i.exec(name);
    const open = tokens[i + 1];
    if (typeFunction && open?.t === '(' && open.glued) {
      const inner = tokens[i + 2];
      const close = tokens[i + 3];
      if (inner === undefined || (inner.t !== 'word' && inner.t !== 'string') || close?.t !== ')') throw syntaxError(`sort: expected ${name}(field)`, token.span.start, text);
      type = name.toLowerCase() as SortKey['type'];
      name = inner.t === 'word' ? inner.text : inner.value;
      span = { start: span.start, end: close.span.end };
      i += 3;
    }
    if (name === '') throw syntaxError('sort: expected a field', token.span.start, text);
    keys.push({ field: name, descending, type, span });
  }
  return keys;
}

function ipKey(v: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(v.trim());
  return m ? m.slice(1).reduce((acc, p) => acc * 256 + Number(p), 0) : null;
}

function compareBy(type: SortKey['type'], a: Scalar, b: Scalar): number {
  switch (type) {
    case 'str':
      return compareLex(toText(a), toText(b));
    case 'num': {
      const na = toNumber(a);
      const nb = toNumber(b);
      if (na !== null && nb !== null) return na - nb;
      return na !== null ? -1 : nb !== null ? 1 : compareLex(toText(a), toText(b));
    }
    case 'ip': {
      const ia = ipKey(toText(a));
      const ib = ipKey(toText(b));
      if (ia !== null && ib !== null) return ia - ib;
      return ia !== null ? -1 : ib !== null ? 1 : compareLex(toText(a), toText(b));
    }
    default:
      return compareAuto(a, b);
  }
}

export function sortRows(rows: Row[], keys: SortKey[]): Row[] {
  const indexed = rows.map((row, i) => ({ row, i }));
  indexed.sort((x, y) => {
    for (const k of keys) {
      const a = valuesOf(x.row.fields.get(k.field))[0];
      const b = valuesOf(y.row.fields.get(k.field))[0];
      if (a === undefined && b === undefined) continue;
      if (a === undefined) return 1;
      if (b === undefined) return -1;
      const c = compareBy(k.type, a, b);
      if (c !== 0) return k.descending ? -c : c;
    }
    return x.i - y.i;
  });
  return indexed.map((x) => x.row);
}

export function runSort(rows: Row[], cmd: SortCommand, _ctx: CommandContext): Row[] {
  let out = sortRows(rows, cmd.keys);
  if (cmd.reverse) out = out.reverse();
  const limit = cmd.limit ?? DEFAULT_LIMIT;
  return limit === 0 ? out : out.slice(0, limit);
}
