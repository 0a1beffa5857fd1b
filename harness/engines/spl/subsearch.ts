// Subsearches in a search expression (`index=x [search ... | fields user]`): the subsearch runs first,
// over the same events, and its results become a search expression the way the implicit `format` writes
// them: each result is the AND of its fields (a multivalue field: the OR of its values), the results are
// OR'ed, and no result at all gives `NOT ()`, which matches nothing.
// https://help.splunk.com/splunk-enterprise/search/search-manual/10.0/subsearches/about-subsearches
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/format
// - fields whose names start with `_` are internal and left out (`_time`, `_raw`);
// - a `search` or `query` field (whose value format inserts as search text) is refused;
// - limits.conf [subsearch] maxout = 10000: only the first 10000 results are used (the run says so when
//   more were returned); maxtime (60 s) is not modelled: the embedded engine runs a subsearch to its end.
import type { Pipeline, SearchCompare, SearchExpr, Span } from './ast.js';
import { runtimeError, unsupported } from './errors.js';
import { type Row, toText, valuesOf } from './values.js';

export const SUBSEARCH_MAXOUT = 10_000;

/** Visits every subsearch pipeline of the pipeline's search expressions (not nested ones). */
export function forEachSubsearch(pipeline: Pipeline, visit: (sub: Pipeline, span: Span) => void): void {
  const walk = (e: SearchExpr): void => {
    if (e.kind === 'subsearch') visit(e.pipeline, e.span);
    else if (e.kind === 'and' || e.kind === 'or') e.items.forEach(walk);
    else if (e.kind === 'not') walk(e.expr);
  };
  for (const c of pipeline.commands) if (c.kind === 'search' && c.expr !== null) walk(c.expr);
}

/** The search expression `format` makes of a subsearch's results. */
export function formatResults(rows: Row[], span: Span, query: string): SearchExpr {
  const results: SearchExpr[] = [];
  for (const row of rows) {
    const terms: SearchExpr[] = [];
    for (const [name, value] of row.fields) {
      if (name.startsWith('_')) continue;
      if (name === 'search' || name === 'query') throw unsupported(`subsearch: a result field named "${name}" (inserted as search text by format) is not supported`, span.start, query);
      const alternatives = valuesOf(value).map((v): SearchCompare => ({ kind: 'compare', field: name, op: '=', value: toText(v), valueQuoted: true, caseSensitive: false, span }));
      if (alternatives.length === 1) terms.push(alternatives[0] as SearchCompare);
      else if (alternatives.length > 1) terms.push({ kind: 'or', items: alternatives, span });
    }
    if (terms.length > 0) results.push(terms.length === 1 ? (terms[0] as SearchExpr) : { kind: 'and', items: terms, span });
  }
  if (results.length === 0) return { kind: 'not', expr: { kind: 'and', items: [], span }, span };
  return results.length === 1 ? (results[0] as SearchExpr) : { kind: 'or', items: results, span };
}

/**
 * A copy of the pipeline whose search expressions hold the formatted results of their subsearches in
 * place of the subsearches. `run` runs one subsearch pipeline to its result rows.
 */
export function resolveSubsearches(pipeline: Pipeline, query: string, run: (sub: Pipeline) => Row[], notes: Set<string>): Pipeline {
  const resolve = (e: SearchExpr): SearchExpr => {
    switch (e.kind) {
      case 'subsearch': {
        let rows = run(e.pipeline);
        if (rows.length > SUBSEARCH_MAXOUT) {
          notes.add(`a subsearch returned ${rows.length} results; only the first ${SUBSEARCH_MAXOUT} were used (limits.conf [subsearch] maxout)`);
          rows = rows.slice(0, SUBSEARCH_MAXOUT);
        }
        return formatResults(rows, e.span, query);
      }
      case 'and':
      case 'or':
        return { ...e, items: e.items.map(resolve) };
      case 'not':
        return { ...e, expr: resolve(e.expr) };
      default:
        return e;
    }
  };
  let depth = 0;
  forEachSubsearch(pipeline, () => depth++);
  if (depth === 0) return pipeline;
  return { ...pipeline, commands: pipeline.commands.map((c) => (c.kind === 'search' && c.expr !== null ? { ...c, expr: resolve(c.expr) } : c)) };
}

/** Subsearch nesting beyond this is refused (Splunk's own limit is not documented; this bounds recursion). */
export const MAX_SUBSEARCH_DEPTH = 8;

export function tooDeep(span: Span, query: string): never {
  throw runtimeError(`subsearches nested more than ${MAX_SUBSEARCH_DEPTH} deep`, span.start, query);
}
