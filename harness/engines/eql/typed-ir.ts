// The typed intermediate representation of an EQL condition: what verification (verify.ts) makes of
// the parser's AST once every field is resolved against the mapping, every function looked up and
// every type checked, and what predicate building (query-predicates.ts, script.ts) turns into a
// predicate over documents. Each node carries its data type and its source position and text (for
// the positioned errors predicate building can still raise, such as a constant the field's type
// cannot parse). Expressions without fields have already been folded to literals.
import type { FieldType } from './mappings/field-types.js';
import type { Loc } from './ast.js';
import type { DataType, FunctionSpec } from './functions.js';
import type { ScriptValue } from './doc-values.js';

interface TypedBase {
  /** Where the expression is in the query text. */
  loc: Loc;
  /** Its source text, quoted in error messages. */
  text: string;
  /** The data type Elasticsearch's verifier gives the expression. */
  dataType: DataType;
}

/** A constant: a literal of the query, `null`, or an expression without fields folded to its value. */
export interface TypedLiteral extends TypedBase {
  kind: 'literal';
  value: ScriptValue;
}

/** A field resolved against the mapping; a text field is already replaced by its exact (keyword) sub-field. */
export interface TypedField extends TypedBase {
  kind: 'field';
  field: FieldType;
}

/** `not operand`. */
export interface TypedNot extends TypedBase {
  kind: 'not';
  operand: TypedExpression;
  dataType: 'boolean';
}

/** `left and right`, `left or right`. */
export interface TypedLogical extends TypedBase {
  kind: 'logical';
  operator: 'and' | 'or';
  left: TypedExpression;
  right: TypedExpression;
  dataType: 'boolean';
}

/** `left op right`; a constant compared with a field is always on the right (the optimizer swaps it there). */
export interface TypedComparison extends TypedBase {
  kind: 'comparison';
  operator: ComparisonOperator;
  left: TypedExpression;
  right: TypedExpression;
  dataType: 'boolean';
}

export type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';

/**
 * A string test of `value` against constant patterns, true when any pattern matches: `:` without
 * wildcards is `equalsFolded`, `:` with them and `like`/`like~` are `like`, `regex`/`regex~` are `regex`.
 */
export interface TypedMatch extends TypedBase {
  kind: 'match';
  operator: 'equalsFolded' | 'like' | 'regex';
  caseInsensitive: boolean;
  value: TypedExpression;
  patterns: string[];
  dataType: 'boolean';
}

/** `value in (list)` (`in~` when caseInsensitive); `not in` is a TypedNot around it. */
export interface TypedIn extends TypedBase {
  kind: 'in';
  value: TypedExpression;
  list: TypedExpression[];
  caseInsensitive: boolean;
  dataType: 'boolean';
}

/** `operand == null` (or `!= null` when negated): an existence test. */
export interface TypedIsNull extends TypedBase {
  kind: 'isNull';
  operand: TypedExpression;
  negated: boolean;
  dataType: 'boolean';
}

/** `left op right` on numbers. */
export interface TypedArithmetic extends TypedBase {
  kind: 'arithmetic';
  operator: '+' | '-' | '*' | '/' | '%';
  left: TypedExpression;
  right: TypedExpression;
}

/** `-operand` (a unary `+` leaves no node). */
export interface TypedNegate extends TypedBase {
  kind: 'negate';
  operand: TypedExpression;
}

/** A call of a function of functions.ts (`name~(...)` when caseInsensitive). */
export interface TypedCall extends TypedBase {
  kind: 'call';
  function: FunctionSpec;
  caseInsensitive: boolean;
  args: TypedExpression[];
}

export type TypedExpression =
  | TypedLiteral
  | TypedField
  | TypedNot
  | TypedLogical
  | TypedComparison
  | TypedMatch
  | TypedIn
  | TypedIsNull
  | TypedArithmetic
  | TypedNegate
  | TypedCall;

/** The direct sub-expressions of a node. */
export function childrenOf(node: TypedExpression): TypedExpression[] {
  switch (node.kind) {
    case 'literal':
    case 'field':
      return [];
    case 'not':
    case 'negate':
    case 'isNull':
      return [node.operand];
    case 'match':
      return [node.value];
    case 'in':
      return [node.value, ...node.list];
    case 'logical':
    case 'comparison':
    case 'arithmetic':
      return [node.left, node.right];
    case 'call':
      return node.args;
  }
}

/** Whether the expression reads a field (else it is a constant, and verification folds it). */
export function readsField(node: TypedExpression): boolean {
  if (node.kind === 'field') return true;
  return childrenOf(node).some(readsField);
}
