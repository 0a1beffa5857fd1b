// Field values in the pipeline and how SPL compares them. A field holds a string or a number, or a
// multivalue list of them; an absent field is simply not in the row.
// Ordering: Splunk sorts lexicographically "based on the values used to encode the items in computer
// memory ... almost always UTF-8" (numbers before letters, upper case before lower case):
// https://help.splunk.com/en/splunk-enterprise/search/spl2-search-manual/sort-and-order
// UTF-8 byte order is code-point order, which this module implements (JavaScript's `<` compares UTF-16
// code units, which differs for characters beyond U+FFFF).

export type Scalar = string | number;
export type FieldValue = Scalar | Scalar[];

/** One result: an event (doc >= 0, its event number in the index) or a computed row (doc = -1). */
export interface Row {
  doc: number;
  fields: Map<string, FieldValue>;
}

export function valuesOf(v: FieldValue | undefined): Scalar[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** Canonical field value for a list: absent when empty, single value when one, list otherwise. */
export function fromList(values: Scalar[]): FieldValue | undefined {
  if (values.length === 0) return undefined;
  return values.length === 1 ? (values[0] as Scalar) : values;
}

const NUMERIC = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** The number a value stands for, or null when it is not numeric (`"12"` -> 12, `"0x1f"` -> null). */
export function toNumber(v: Scalar | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (!NUMERIC.test(v)) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** How a number is written in results: integers without a decimal point, others in shortest form. */
export function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  return String(n);
}

export function toText(v: Scalar): string {
  return typeof v === 'number' ? formatNumber(v) : v;
}

/** Code-point (UTF-8 byte) order of two strings. */
export function compareLex(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i) as number;
    const cb = b.codePointAt(i) as number;
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (ca > 0xffff) i++;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/**
 * The `sort` command's automatic ordering: numbers numerically and before strings; strings
 * lexicographically (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.0/search-commands/sort).
 */
export function compareAuto(a: Scalar, b: Scalar): number {
  const na = toNumber(a);
  const nb = toNumber(b);
  if (na !== null && nb !== null) return na < nb ? -1 : na > nb ? 1 : 0;
  if (na !== null) return -1;
  if (nb !== null) return 1;
  return compareLex(toText(a), toText(b));
}

/** Deduplicated values in lexicographic order: what `values()` returns (a string compare of the values). */
export function distinctSorted(values: Iterable<Scalar>): string[] {
  if (Array.isArray(values) && values.length <= 1) return values.length === 0 ? [] : [toText(values[0] as Scalar)];
  const set = new Set<string>();
  for (const v of values) set.add(toText(v));
  return [...set].sort(compareLex);
}
