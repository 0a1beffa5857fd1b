// `sort [N] [+|-]field, [+|-]num(field) ... [desc]`: stable sort; results missing a field go last
// (treated as the largest value ascending and the smallest descending); without N at most 10000
// results are returned, N=0 returns all.
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.0/search-commands/sort
import type { SortCommand, SortKey } from '../ast.js';
import { type Row, type Scalar, compareAuto, compareLex, toNumber, toText, valuesOf } from '../values.js';
import type { CommandContext } from './context.js';

const DEFAULT_LIMIT = 10000;

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
