// The literal prefilter of an SPL search, derived from the base search of its parsed pipeline (macros
// expanded). Only search terms contribute: the embedded engine (harness/engines/spl/search.ts) matches a
// bare term, a quoted phrase and TERM() by finding the term's text in `_raw` (index terms folded by the
// segmenter's table, then the raw text with a case-insensitive regular expression; `*` is the only
// wildcard), so every literal piece between wildcards is in a matching event's `_raw`, ignoring case
// (CASE(): matching case). Field comparisons give up: `index=`, `sourcetype=`, `source=`, `host=` may
// come from the --source defaults rather than the line, and search-time extractions decode text (XML
// entities). `NOT`, subsearches and later commands give up too.
// https://help.splunk.com/splunk-enterprise/search/search-manual/10.0/search-primer/event-segmentation-and-searching
import type { Pipeline, SearchExpr } from '../../engines/spl/ast.js';
import { and, atom, or, TRUE, type Formula } from './formula.js';
import { requiredRuns, SPL_FOLD } from './literal.js';

function termAtoms(text: string, caseSensitive: boolean): Formula {
  const ci = !caseSensitive;
  const pieces = text.split('*');
  return and(pieces.flatMap((piece) => requiredRuns(piece, { ci, profile: SPL_FOLD, numbersIndexedAsText: false }).map((r) => atom(r, ci))));
}

function derive(expr: SearchExpr): Formula {
  switch (expr.kind) {
    case 'and':
      return and(expr.items.map(derive));
    case 'or':
      return or(expr.items.map(derive));
    case 'term':
      return termAtoms(expr.text, expr.caseSensitive);
    default:
      return TRUE;
  }
}

/** The prefilter of a parsed (macro-expanded) search: from its base search only. */
export function splPrefilter(pipeline: Pipeline): Formula {
  const first = pipeline.commands[0];
  if (pipeline.leadingPipe || first === undefined || first.kind !== 'search' || first.expr === null) return TRUE;
  return derive(first.expr);
}
