// Structural comparison of JSON documents: every leaf path (arrays as `[]`) with the JSON types seen
// there. Two documents have the same shape when their paths and per-path types agree; values are
// never compared.

export type Shape = Map<string, Set<string>>;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function walk(value: unknown, path: string, out: Shape): void {
  const type = typeOf(value);
  if (type === 'object') {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) walk(child, path === '' ? key : `${path}.${key}`, out);
    return;
  }
  if (type === 'array') {
    const items = value as unknown[];
    // An empty array says nothing about its elements: recorded as `path[]` of any type.
    if (items.length === 0) add(out, `${path}[]`, 'empty');
    for (const item of items) walk(item, `${path}[]`, out);
    return;
  }
  add(out, path, type);
}

function add(out: Shape, path: string, type: string): void {
  let types = out.get(path);
  if (types === undefined) {
    types = new Set();
    out.set(path, types);
  }
  types.add(type);
}

/** The shape of one or more documents (union of their paths and types). */
export function shapeOf(...documents: unknown[]): Shape {
  const out: Shape = new Map();
  for (const document of documents) walk(document, '', out);
  return out;
}

export interface ShapeRule {
  /** A path prefix (ends in `.`, `[]` or `*`: `cloud.`, `tags[]`, `process.entry_leader.attested_*`) or an exact path. */
  path: string;
  why: string;
}

export interface ShapeDiff {
  /** In both, with different types. */
  typeMismatches: string[];
  /** In the sample only and not explained by a rule. */
  unexplainedMissing: string[];
  /** In the rendered record only and not explained by a rule. */
  unexplainedExtra: string[];
  /** Rules that explained nothing (stale documentation). */
  unusedRules: string[];
}

function matches(rule: ShapeRule, path: string): boolean {
  if (rule.path.endsWith('*')) return path.startsWith(rule.path.slice(0, -1));
  return rule.path.endsWith('.') || rule.path.endsWith('[]') ? path.startsWith(rule.path) : path === rule.path;
}

function compatible(a: Set<string>, b: Set<string>): boolean {
  if (a.has('empty') || b.has('empty')) return true;
  return [...a].every((t) => b.has(t)) && [...b].every((t) => a.has(t));
}

/** Compare a rendered shape with a sample shape; `omitted` explains sample-only paths, `added` render-only paths. */
export function compareShapes(rendered: Shape, sample: Shape, omitted: readonly ShapeRule[], added: readonly ShapeRule[]): ShapeDiff {
  const used = new Set<ShapeRule>();
  const explain = (rules: readonly ShapeRule[], path: string) => {
    const rule = rules.find((r) => matches(r, path));
    if (rule) used.add(rule);
    return rule !== undefined;
  };
  const typeMismatches: string[] = [];
  const unexplainedMissing: string[] = [];
  const unexplainedExtra: string[] = [];
  for (const [path, types] of sample) {
    const got = rendered.get(path);
    if (got === undefined) {
      if (types.has('empty') && [...rendered.keys()].some((p) => p.startsWith(path))) continue;
      if (!explain(omitted, path)) unexplainedMissing.push(`${path}: ${[...types].join('|')}`);
    } else if (!compatible(got, types)) {
      typeMismatches.push(`${path}: sample ${[...types].join('|')}, rendered ${[...got].join('|')}`);
    }
  }
  for (const [path, types] of rendered) {
    if (sample.has(path)) continue;
    const emptyInSample = [...sample].some(([p, t]) => t.has('empty') && path.startsWith(p));
    if (!emptyInSample && !explain(added, path)) unexplainedExtra.push(`${path}: ${[...types].join('|')}`);
  }
  const unusedRules = [...omitted, ...added].filter((r) => !used.has(r)).map((r) => r.path);
  return { typeMismatches, unexplainedMissing, unexplainedExtra, unusedRules };
}
