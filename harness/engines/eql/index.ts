// The embedded EQL engine's public surface.
export type * from './ast.js';
export { referencedFields, walkExpr } from './ast.js';
export { parseEql, DEFAULT_QUERY_LABEL } from './parser.js';
export { compileEql, DEFAULT_EVENT_CATEGORY_FIELD, type CompileOptions, type EqlPredicate } from './compile.js';
export { printEql, printExpanded, printExpr } from './printer.js';
export { EqlSyntaxError, EqlUnsupportedError, EqlVerificationError, DocumentMappingError } from './errors.js';
export { evaluateNdjson, type NdjsonMatch } from './ndjson.js';
