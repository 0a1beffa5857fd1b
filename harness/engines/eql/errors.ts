// Errors of the EQL engine. All are InputErrors (CLI exit 2) positioned in the query text, so the
// message prints as `file:line:column: message` followed by the line and a caret.
import { InputError, positionAt } from '../../errors.js';

/** Where in a query an error points. */
export interface QueryPosition {
  text: string;
  file: string;
  offset: number;
}

function located(position: QueryPosition): { file: string; line: number; column: number } {
  const { line, column } = positionAt(position.text, position.offset);
  return { file: position.file, line, column };
}

/** An error at a position in the query text, printed with its line, column and a caret. */
abstract class EqlPositionedError extends InputError {
  readonly offset: number;
  constructor(message: string, position: QueryPosition) {
    super(message, located(position), position.text);
    this.offset = position.offset;
  }
}

/** The query text is not EQL as Elasticsearch parses it (Elasticsearch: `parsing_exception`). */
export class EqlSyntaxError extends EqlPositionedError {
  override readonly name = 'EqlSyntaxError';
}

/**
 * The query parses but Elasticsearch would reject it against these mappings
 * (Elasticsearch: `verification_exception`, or a query that fails to build): unknown field,
 * `text` field, wrong argument type, field-to-field comparison.
 */
export class EqlVerificationError extends EqlPositionedError {
  override readonly name = 'EqlVerificationError';
}

/** A feature that parses but that this engine does not evaluate (yet). The message starts with `unsupported:`. */
export class EqlUnsupportedError extends InputError {
  readonly feature: string;
  constructor(feature: string, position: QueryPosition) {
    super(`unsupported: ${feature}`, located(position), position.text);
    this.name = 'EqlUnsupportedError';
    this.feature = feature;
  }
}

/** A document value that the mapping cannot index (Elasticsearch rejects such a document: `document_parsing_exception`). */
export class DocumentMappingError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'DocumentMappingError';
  }
}
