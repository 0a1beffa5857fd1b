// Test helper: index documents into field types (dynamic mapping as the index would) and return
// the positions of the documents the query matches.
import { compileEql } from '../../../harness/engines/eql/compile.js';
import { parseEql } from '../../../harness/engines/eql/parser.js';
import { indexDocument } from '../../../harness/engines/eql/mappings/document.js';
import type { EsMapping } from '../../../harness/engines/eql/mappings/es-mapping.js';
import type { FieldTypes } from '../../../harness/engines/eql/mappings/field-types.js';
import { ecsFieldTypes, fieldTypesFor, type IndexMappingOptions } from '../../../harness/engines/eql/mappings/index-mapping.js';

export function fieldsOf(mapping: EsMapping, options: IndexMappingOptions = {}): FieldTypes {
  return fieldTypesFor(mapping, { dynamicProfile: 'default', ...options });
}

export function matching(query: string, docs: Record<string, unknown>[], fields: FieldTypes = ecsFieldTypes()): number[] {
  const types = fields.clone();
  for (const doc of docs) indexDocument(doc, types);
  const predicate = compileEql(parseEql(query), types);
  return docs.flatMap((doc, i) => (predicate(doc) ? [i] : []));
}

/** The message of the error compiling `query` throws (or fails the test). */
export function compileError(query: string, docs: Record<string, unknown>[] = [], fields: FieldTypes = ecsFieldTypes()): string {
  try {
    matching(query, docs, fields);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`expected an error for ${query}`);
}
