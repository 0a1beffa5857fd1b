// YAML documents into plain values with a bound on alias expansion. An "alias bomb" (anchors whose
// aliases refer to each other, 9 × 9 × 9 …) expands exponentially; the yaml library stops it past
// `maxAliasCount` with a ReferenceError, which is bad input in a rule, a pack or a profile, not an
// internal error. https://eemeli.org/yaml/#tojs-options (maxAliasCount, default 100)
import type { Document } from 'yaml';
import { InputError, positionAt } from './errors.js';

/** Alias expansions allowed per document (the yaml library's default). */
export const MAX_YAML_ALIAS_COUNT = 100;

/** `doc.toJS()`, with an alias bomb reported as an InputError at its first alias. */
export function yamlToJs(doc: Document, text: string, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    const alias = /(^|[\s[,{:-])\*[^\s,\]}]+/m.exec(text);
    const at = positionAt(text, alias === null ? 0 : alias.index + alias[1]!.length);
    throw new InputError(
      `YAML aliases expand more than ${MAX_YAML_ALIAS_COUNT} times (an alias bomb, or aliases this file does not need): ${error.message}`,
      { file, line: at.line, column: at.column },
      text,
    );
  }
}
