// Elasticsearch mapping JSON, as an index template or `GET _mapping` carries it. This is the one
// form of field types in the project: the embedded EQL engine reads it, and the real-Elasticsearch
// backend puts the same object into its index templates, so both match against the same mapping.

export interface EsFieldMapping {
  type?: string;
  /** Sub-fields of an object (type `object`, `nested`, or omitted). */
  properties?: Record<string, EsFieldMapping>;
  /** Multi-fields, e.g. `process.command_line.text`. */
  fields?: Record<string, EsFieldMapping>;
  ignore_above?: number;
  null_value?: unknown;
  /** For `type: alias`: the field it reads. */
  path?: string;
  scaling_factor?: number;
  /** For `constant_keyword`. */
  value?: string;
  index?: boolean;
  doc_values?: boolean;
  normalizer?: string;
  format?: string;
  [setting: string]: unknown;
}

export interface EsMapping {
  dynamic?: boolean | 'strict' | 'runtime' | 'true' | 'false';
  dynamic_templates?: Record<string, unknown>[];
  properties: Record<string, EsFieldMapping>;
}
