// Resolving a search's index expressions to index / data stream names, as Elasticsearch's
// multi-target syntax does: a comma-separated list (a rule's `index` array is the same list), `*`
// wildcards, `-pattern` removing what earlier expressions matched, data stream names matched like
// index names; `*` does not reach hidden names (a leading `.`) unless the pattern starts with `.`
// (expand_wildcards=open).
// https://www.elastic.co/docs/reference/elasticsearch/rest-apis/api-conventions#api-multi-index
import { InputError } from '../errors.js';

export function splitIndexExpressions(patterns: string[]): string[] {
  return patterns.flatMap((p) => p.split(',')).map((p) => p.trim()).filter((p) => p !== '');
}

function wildcardToRegExp(pattern: string): RegExp {
  const body = pattern.split('*').map((part) => part.replace(/[\\^$.+?()[\]{}|/]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`);
}

/** The names (in `available` order) that `patterns` select. */
export function resolveIndexPatterns(patterns: string[], available: string[]): string[] {
  const selected = new Set<string>();
  let sawWildcard = false;
  for (const expression of splitIndexExpressions(patterns)) {
    if (expression.startsWith('<')) {
      throw new InputError(`date math index names are not supported by the embedded engine: [${expression}]`);
    }
    if (expression.startsWith('-') && sawWildcard) {
      const re = wildcardToRegExp(expression.slice(1));
      for (const name of [...selected]) if (re.test(name)) selected.delete(name);
      continue;
    }
    if (expression.includes('*')) sawWildcard = true;
    const re = wildcardToRegExp(expression);
    const allowHidden = expression.startsWith('.');
    for (const name of available) {
      if (name.startsWith('.') && !allowHidden) continue;
      if (re.test(name)) selected.add(name);
    }
  }
  return available.filter((name) => selected.has(name));
}

/** Whether one index name matches one simple pattern (used to pick a mapping per index). */
export function indexMatches(pattern: string, name: string): boolean {
  return resolveIndexPatterns([pattern], [name]).length === 1;
}

/**
 * The data stream a backing index belongs to, from its name: `.ds-<data-stream>-<yyyy.MM.dd>-<generation>`
 * (https://www.elastic.co/docs/manage-data/data-store/data-streams#data-streams-generation); null for
 * any other name. An index pattern such as `logs-endpoint.events.process-*` selects the data stream
 * and so searches every one of its backing indices, although `*` never reaches the hidden `.ds-` name
 * itself. Exports (`_search`, elasticdump, Discover) carry the backing index in `_index`.
 */
export function dataStreamOfBackingIndex(name: string): string | null {
  const m = /^\.ds-(.+)-\d{4}\.\d{2}\.\d{2}-\d{6,}$/.exec(name);
  return m === null ? null : (m[1] as string);
}

/** Whether index patterns search an index: by its own name, or by its data stream's when it is a backing index. */
export function patternsSearch(patterns: string[], indexName: string): boolean {
  if (resolveIndexPatterns(patterns, [indexName]).length > 0) return true;
  const stream = dataStreamOfBackingIndex(indexName);
  return stream !== null && resolveIndexPatterns(patterns, [stream]).length > 0;
}
