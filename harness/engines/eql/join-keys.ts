// Join keys (`sequence by a, b`, `[...] by c`, `sample by ...`) read from a document as
// Elasticsearch reads them: the field's values as indexed (a keyword over ignore_above has none),
// formatted as the EQL API returns them in `join_keys` (numbers as numbers, dates as ISO 8601 text,
// IP addresses as text); a multi-valued field gives one key per value, several multi-valued fields
// the cartesian product (TumblingWindow.wrapValues in elastic/elasticsearch
// x-pack/plugin/eql/src/main/java/org/elasticsearch/xpack/eql/execution/sequence/, read, not copied).
// A document without a value for a non-optional key takes no part (Elasticsearch filters sequence
// stages on the key fields existing); a `?optional` key reads as null, and null joins null.
import type { FieldTypes } from './mappings/field-types.js';
import { indexedConverter, makeFieldCollector } from './doc-values.js';
import type { JoinKey } from './sequence.js';
import { formatDate, formatIp } from './values.js';

export interface KeyField {
  name: string;
  optional: boolean;
}

type KeyValue = { text: string | null; id: string; order: KeyOrder };
/** A key value as a composite aggregation sorts it (null first). */
export type KeyOrder = string | number | bigint | boolean | null;

export interface JoinKeyOptions {
  /** How a date key prints: `iso` (sequences' join_keys) or `epoch_millis` (samples, from a composite aggregation). */
  dates?: 'iso' | 'epoch_millis';
}
type Reader = (doc: object) => KeyValue[];

/**
 * Compiles a reader of a document's join keys. Returns null from the reader when the document takes
 * no part (a non-optional key without a value), else one JoinKey per value combination.
 */
export function compileJoinKeys(keys: KeyField[], fields: FieldTypes, options: JoinKeyOptions = {}): (doc: object) => JoinKey[] | null {
  if (keys.length === 0) return () => [{ values: [], id: '', order: [] }];
  const readers = keys.map((k) => keyReader(k, fields, options));
  return (doc) => {
    let partial: KeyValue[][] = [[]];
    for (let i = 0; i < readers.length; i++) {
      let values = (readers[i] as Reader)(doc);
      if (values.length === 0) {
        if (!(keys[i] as KeyField).optional) return null;
        values = [{ text: null, id: 'null', order: null }];
      }
      const next: KeyValue[][] = [];
      for (const v of values) for (const p of partial) next.push([...p, v]);
      partial = next;
    }
    return partial.map((tuple) => ({ values: tuple.map((v) => v.text), id: tuple.map((v) => v.id).join('\u0000'), order: tuple.map((v) => v.order) }));
  };
}

function keyReader(key: KeyField, fields: FieldTypes, options: JoinKeyOptions): Reader {
  const declared = fields.get(key.name);
  // A text field joins on its keyword sub-field, as it compares (EQL's exact-match rule).
  const field = declared?.family === 'text' && declared.exactField !== undefined ? fields.get(declared.exactField) : declared;
  if (!field) return () => [];
  const collect = makeFieldCollector(field, indexedConverter(field));
  const raw: (string | number | boolean | bigint)[] = [];
  const format = (v: string | number | boolean | bigint): KeyValue => {
    switch (field.family) {
      case 'date':
        return { text: options.dates === 'epoch_millis' ? String((v as bigint) / 1_000_000n) : formatDate(v as bigint), id: `d:${String(v)}`, order: v };
      case 'ip':
        return { text: formatIp(v as bigint), id: `i:${String(v)}`, order: v };
      case 'integer':
      case 'float':
        return { text: String(v), id: `n:${String(v)}`, order: v };
      case 'boolean':
        return { text: String(v), id: `b:${String(v)}`, order: v };
      default:
        return { text: String(v), id: `s:${String(v)}`, order: v };
    }
  };
  return (doc) => {
    collect(doc, raw);
    // Doc values: sorted, each value once.
    const unique = [...new Set(raw)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return unique.map(format);
  };
}
