// The fields a record must carry for an EQL rule to have any chance of matching it, as groups: each
// group is a set of fields of which at least one must hold a value. A scan where no record carries any
// field of some group cannot match at all (raw vendor records, a wrong export): it says so instead of
// reporting a quiet "matched 0".
// Derived soundly from the query: `a and b` needs what a needs and what b needs; `a or b` needs one of
// the fields either side names (when both sides need something); a comparison, `:`/like/regex or `in`
// against non-null constants is false on a missing field (Elasticsearch EQL: a null value never equals
// or matches a constant), so it needs its field. `not`, `!=`, `not in`, function calls and comparisons
// with null need nothing. With no group at all, the rule needs at least one of the fields it names.
// https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax#eql-syntax-null-values
import { referencedFields, walkExpr, type EqlQuery, type Expr } from '../engines/eql/ast.js';

function fieldsOf(expr: Expr): string[] {
  const out = new Set<string>();
  walkExpr(expr, (n) => {
    if (n.kind === 'FieldRef') out.add(n.name);
  });
  return [...out];
}

function isNullLiteral(expr: Expr): boolean {
  return expr.kind === 'Literal' && expr.value === null;
}

function needs(expr: Expr): string[][] {
  switch (expr.kind) {
    case 'Logical': {
      const left = needs(expr.left);
      const right = needs(expr.right);
      if (expr.operator === 'and') return [...left, ...right];
      if (left.length === 0 || right.length === 0) return [];
      return [[...new Set([...left.flat(), ...right.flat()])]];
    }
    case 'Comparison':
      if (expr.operator === '!=' || isNullLiteral(expr.left) || isNullLiteral(expr.right)) return [];
      return [fieldsOf(expr)].filter((g) => g.length > 0);
    case 'PatternMatch':
      return expr.value.kind === 'FieldRef' ? [[expr.value.name]] : [];
    case 'InList':
      if (expr.negated || expr.list.some(isNullLiteral)) return [];
      return expr.value.kind === 'FieldRef' ? [[expr.value.name]] : [];
    default:
      return [];
  }
}

/** The required field groups of a query (see the top of this file). */
export function requiredFieldGroups(query: EqlQuery): string[][] {
  const groups = query.kind === 'EventQuery' ? needs(query.filter.condition) : [];
  const unique = new Map(groups.map((g) => [[...g].sort().join('\u0000'), [...g].sort()]));
  if (unique.size > 0) return [...unique.values()];
  const all = [...new Set(referencedFields(query).map((f) => f.name))];
  return all.length > 0 ? [all] : [];
}
