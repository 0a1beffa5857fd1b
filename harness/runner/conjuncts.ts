// The top-level conditions every match of a rule must satisfy (its conjuncts), as text a search can run
// on its own. A data source where no malicious event satisfies one of them is a blind spot, and that
// conjunct is its reason: e.g. Sysmon events never satisfy the Splunk rule's 4688 clause.
import type { Expr, EqlQuery } from '../engines/eql/ast.js';
import type { SearchExpr } from '../engines/spl/ast.js';

export interface Conjunct {
  /** Runnable text of the condition alone (an EQL `any where ...` query, or an SPL base search). */
  query: string;
  /** The condition as the rule writes it, for the report. */
  label: string;
}

function eqlAndItems(expr: Expr): Expr[] {
  if (expr.kind === 'Logical' && expr.operator === 'and') return [...eqlAndItems(expr.left), ...eqlAndItems(expr.right)];
  return [expr];
}

export function eqlConjuncts(query: EqlQuery, eventCategoryField = 'event.category'): Conjunct[] {
  if (query.kind !== 'EventQuery') return [];
  const out: Conjunct[] = [];
  const category = query.filter.category;
  if (category !== null) {
    const condition = `${eventCategoryField} == ${JSON.stringify(category)}`;
    out.push({ query: `any where ${condition}`, label: `${category} where (${condition})` });
  }
  for (const item of eqlAndItems(query.filter.condition)) {
    const text = query.text.slice(item.loc.start, item.loc.end);
    out.push({ query: `any where ${text}`, label: text.replace(/\s+/g, ' ') });
  }
  return out;
}

export function splConjuncts(expr: SearchExpr | null, expandedText: string): { expr: SearchExpr; text: string }[] {
  if (expr === null) return [];
  const items = expr.kind === 'and' ? expr.items : [expr];
  return items.map((item) => ({ expr: item, text: expandedText.slice(item.span.start, item.span.end) }));
}
