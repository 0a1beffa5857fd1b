// One error, said once: a rule that fails the same way on every data source (a typo in its query) is
// one message naming the data sources it affected, not the same message once per source.

export interface SourceError {
  dataSourceId: string;
  message: string;
}

/** Identical messages merged, in first-seen order: `message` + `(on data sources a, b, c)`. */
export function mergeSourceErrors(errors: readonly SourceError[]): string | null {
  if (errors.length === 0) return null;
  const bySource = new Map<string, string[]>();
  for (const { dataSourceId, message } of errors) {
    const list = bySource.get(message) ?? [];
    list.push(dataSourceId);
    bySource.set(message, list);
  }
  return [...bySource]
    .map(([message, sources]) => `${message}\n(on data source${sources.length === 1 ? '' : 's'} ${sources.join(', ')})`)
    .join('\n');
}
