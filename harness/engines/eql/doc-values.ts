// Reading a field's values from a document the way Elasticsearch indexes them.
//
// A document may write `process.args` as nested objects ({"process": {"args": [...]}}), as a dotted
// key ({"process.args": [...]}), or both; Elasticsearch indexes all of them as the one field, and an
// array (also an array of objects) makes the field multi-valued.
// https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/dots-in-field-names
// https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/array
//
// What is indexed then depends on the field type: a keyword value longer than ignore_above is not
// indexed (https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/ignore-above), an
// explicit null is indexed as null_value when the mapping has one
// (https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/null-value), numbers and
// dates are parsed (coerced) to the field type.
import type { FieldType } from './mappings/field-types.js';
import { formatIp, parseDateWithFormats, parseIp, toMillisResolution, type EpochNanos, type IpValue } from './values.js';

export type RawTest = (raw: unknown) => boolean;
/** Calls `test` with every raw leaf value at the path (arrays flattened) until one returns true. */
export type LeafVisitor = (doc: object, test: RawTest) => boolean;

const OBJECT_PROTOTYPE = Object.prototype;

/**
 * The non-array elements of an array of arrays, in order, as Elasticsearch flattens them: a loop
 * rather than recursion, so a value nested thousands of arrays deep cannot exhaust the stack. Only
 * called for an array inside an array; flat arrays (the usual case) never get here.
 */
function flattenNested(array: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  const stack: unknown[] = [array];
  while (stack.length > 0) {
    const next = stack.pop();
    if (Array.isArray(next)) for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]);
    else out.push(next);
  }
  return out;
}

/** Compiles a dotted path into a visitor that finds its values under every nested/dotted spelling. */
export function compilePathVisitor(path: string): LeafVisitor {
  const segments = path.split('.');
  const n = segments.length;
  // keys[i][j] = segments i..j joined with dots, precomputed so visiting allocates nothing.
  const keys: string[][] = [];
  for (let i = 0; i < n; i++) {
    keys.push([]);
    for (let j = i; j < n; j++) (keys[i] as string[])[j] = segments.slice(i, j + 1).join('.');
  }
  const visitLeaf = (value: unknown, test: RawTest): boolean => {
    if (typeof value !== 'object' || value === null) return test(value);
    if (Array.isArray(value)) {
      for (let k = 0; k < value.length; k++) {
        const item: unknown = value[k];
        if (Array.isArray(item)) {
          for (const leaf of flattenNested(item)) if (test(leaf)) return true;
        } else if (test(item)) {
          return true;
        }
      }
      return false;
    }
    return test(value);
  };
  const walk = (node: Record<string, unknown>, i: number, test: RawTest): boolean => {
    const row = keys[i] as string[];
    for (let j = i; j < n; j++) {
      const v = node[row[j] as string];
      if (v === undefined || typeof v === 'function' || v === OBJECT_PROTOTYPE) continue;
      if (j === n - 1) {
        if (visitLeaf(v, test)) return true;
      } else if (descend(v, j + 1, test)) {
        return true;
      }
    }
    return false;
  };
  const descend = (v: unknown, i: number, test: RawTest): boolean => {
    if (v === null || typeof v !== 'object') return false;
    if (Array.isArray(v)) {
      for (let k = 0; k < v.length; k++) {
        const item: unknown = v[k];
        if (Array.isArray(item)) {
          for (const leaf of flattenNested(item)) if (descend(leaf, i, test)) return true;
        } else if (descend(item, i, test)) {
          return true;
        }
      }
      return false;
    }
    return walk(v as Record<string, unknown>, i, test);
  };
  if (n === 2) {
    // The common ECS shape (`process.args`), without the generic walk: {a: {b}} or {"a.b"}.
    const [a, b] = segments as [string, string];
    return (doc, test) => {
      const o = (doc as Record<string, unknown>)[a];
      if (o !== undefined && o !== null && typeof o === 'object') {
        if (Array.isArray(o)) {
          if (descend(o, 1, test)) return true;
        } else if (o !== OBJECT_PROTOTYPE) {
          const v = (o as Record<string, unknown>)[b];
          if (v !== undefined && typeof v !== 'function' && v !== OBJECT_PROTOTYPE && visitLeaf(v, test)) return true;
        }
      }
      const dotted = (doc as Record<string, unknown>)[path];
      if (dotted === undefined || typeof dotted === 'function') return false;
      return visitLeaf(dotted, test);
    };
  }
  if (n === 1) {
    const key = segments[0] as string;
    return (doc, test) => {
      const v = (doc as Record<string, unknown>)[key];
      if (v === undefined || typeof v === 'function' || v === OBJECT_PROTOTYPE) return false;
      return visitLeaf(v, test);
    };
  }
  return (doc, test) => walk(doc as Record<string, unknown>, 0, test);
}

/** Converts a raw leaf to what the field indexes, or undefined when nothing is indexed for it. */
export type IndexedConverter<T> = (raw: unknown) => T | undefined;

function applyNullValue(field: FieldType, raw: unknown): unknown {
  return raw === null ? (field.nullValue ?? null) : raw;
}

/** keyword / wildcard / constant_keyword: the indexed term. */
export function keywordConverter(field: FieldType): IndexedConverter<string> {
  const limit = field.ignoreAbove ?? Infinity;
  const lowercase = field.normalizer === 'lowercase';
  return (raw) => {
    const v = raw === null ? field.nullValue : raw;
    let s: string;
    if (typeof v === 'string') s = v;
    else if (typeof v === 'number' || typeof v === 'boolean') s = String(v);
    else return undefined;
    if (s.length > limit) return undefined;
    return lowercase ? s.toLowerCase() : s;
  };
}

/** Numeric fields: the indexed number (integer types truncate, `float` rounds to 32 bits). */
export function numberConverter(field: FieldType): IndexedConverter<number> {
  const integer = field.family === 'integer';
  const round = numericRounding(field);
  return (raw) => {
    const v = applyNullValue(field, raw);
    let n: number;
    if (typeof v === 'number') n = v;
    else if (typeof v === 'string' && v.trim() !== '') n = Number(v);
    else return undefined;
    if (!Number.isFinite(n)) return undefined;
    return integer ? Math.trunc(n) : round(n);
  };
}

/** How a floating point field stores a number; applied to query values too so equality agrees. */
export function numericRounding(field: FieldType): (n: number) => number {
  switch (field.type) {
    case 'float':
    case 'half_float':
      return Math.fround;
    case 'scaled_float': {
      const factor = field.scalingFactor ?? 1;
      return (n) => Math.round(n * factor) / factor;
    }
    default:
      return (n) => n;
  }
}

/** date / date_nanos: epoch nanoseconds at the field's resolution. */
export function dateConverter(field: FieldType): IndexedConverter<EpochNanos> {
  const millis = field.type === 'date';
  return (raw) => {
    const v = applyNullValue(field, raw);
    if (v === null || v === undefined || typeof v === 'object' || typeof v === 'boolean') return undefined;
    const parsed = parseDateWithFormats(v, field.dateFormats);
    if (parsed === null) return undefined;
    return millis ? toMillisResolution(parsed) : parsed;
  };
}

export function ipConverter(field: FieldType): IndexedConverter<IpValue> {
  return (raw) => {
    const v = applyNullValue(field, raw);
    return typeof v === 'string' ? (parseIp(v) ?? undefined) : undefined;
  };
}

export function booleanConverter(field: FieldType): IndexedConverter<boolean> {
  return (raw) => {
    const v = applyNullValue(field, raw);
    if (v === true || v === 'true') return true;
    if (v === false || v === 'false' || v === '') return false;
    return undefined;
  };
}

/** A script's view of a value (painless doc values): strings, numbers, booleans, dates as epoch nanos. */
export type ScriptValue = string | number | boolean | bigint | null;

/** The indexed value of a raw leaf, per field family (undefined: nothing indexed). */
export function indexedConverter(field: FieldType): IndexedConverter<string | number | boolean | bigint> {
  switch (field.family) {
    case 'keyword':
    case 'version':
      return keywordConverter(field);
    case 'integer':
    case 'float':
      return numberConverter(field);
    case 'date':
      return dateConverter(field);
    case 'ip':
      return ipConverter(field);
    case 'boolean':
      return booleanConverter(field);
    default:
      return () => undefined;
  }
}

/** Converts raw leaves to script doc values: as indexed, with IP addresses as their canonical text. */
export function scriptValueConverter(field: FieldType): IndexedConverter<ScriptValue> {
  if (field.family !== 'ip') return indexedConverter(field);
  const ip = ipConverter(field);
  return (raw) => {
    const v = ip(raw);
    return v === undefined ? undefined : formatIp(v);
  };
}

/**
 * A predicate true when any indexed value of the field passes `test`. Built once per query: the
 * closures are created here, so evaluating a document allocates nothing. A constant_keyword with a
 * value in the mapping is in every document of its index.
 */
export function makeFieldPredicate<T>(field: FieldType, convert: IndexedConverter<T>, test: (value: T) => boolean): (doc: object) => boolean {
  if (field.type === 'constant_keyword' && field.constantValue !== undefined) {
    const constant = convert(field.constantValue);
    const result = constant !== undefined && test(constant);
    return () => result;
  }
  const visit = compilePathVisitor(field.sourcePath);
  const rawTest: RawTest = (raw) => {
    const v = convert(raw);
    return v !== undefined && test(v);
  };
  return (doc) => visit(doc, rawTest);
}

/**
 * makeFieldPredicate for keyword-family fields with the string case inlined (the hot path of
 * `==`, `:` and `like` on ECS keyword and wildcard fields).
 */
export function makeKeywordPredicate(field: FieldType, test: (value: string) => boolean): (doc: object) => boolean {
  if (field.normalizer !== undefined || (field.type === 'constant_keyword' && field.constantValue !== undefined)) {
    return makeFieldPredicate(field, keywordConverter(field), test);
  }
  const limit = field.ignoreAbove ?? Infinity;
  const slow = keywordConverter(field);
  const visit = compilePathVisitor(field.sourcePath);
  const rawTest: RawTest = (raw) => {
    if (typeof raw === 'string') return raw.length <= limit && test(raw);
    const v = slow(raw);
    return v !== undefined && test(v);
  };
  return (doc) => visit(doc, rawTest);
}

/** Collects every indexed value of the field into `out` (cleared first). Allocates nothing but `out`'s growth. */
export function makeFieldCollector<T>(field: FieldType, convert: IndexedConverter<T>): (doc: object, out: T[]) => void {
  if (field.type === 'constant_keyword' && field.constantValue !== undefined) {
    const constant = convert(field.constantValue);
    return (_doc, out) => {
      out.length = 0;
      if (constant !== undefined) out.push(constant);
    };
  }
  const visit = compilePathVisitor(field.sourcePath);
  let target: T[] = [];
  const push: RawTest = (raw) => {
    const v = convert(raw);
    if (v !== undefined) target.push(v);
    return false;
  };
  return (doc, out) => {
    out.length = 0;
    target = out;
    visit(doc, push);
  };
}
