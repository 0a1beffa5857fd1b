// Whether a document carries a field, written as nested objects, dotted keys, or a mix of both
// (Elasticsearch treats `{"process":{"args":...}}` and `{"process.args":...}` alike).

export function hasFieldPath(doc: unknown, path: string): boolean {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return false;
  const object = doc as Record<string, unknown>;
  if (path in object) return object[path] !== undefined && object[path] !== null;
  // Try every split point: `a.b.c` may be `{a:{b:{c}}}`, `{"a.b":{c}}`, `{a:{"b.c"}}`, ...
  for (let dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
    const head = path.slice(0, dot);
    const child = object[head];
    if (child === undefined) continue;
    const rest = path.slice(dot + 1);
    if (Array.isArray(child) ? child.some((c) => hasFieldPath(c, rest)) : hasFieldPath(child, rest)) return true;
  }
  return false;
}

/** Fields (dotted names) from `fields` that no document in `docs` carries. */
export function fieldsAbsentFromAll(docs: readonly unknown[], fields: readonly string[]): string[] {
  return fields.filter((field) => !docs.some((doc) => hasFieldPath(doc, field)));
}
