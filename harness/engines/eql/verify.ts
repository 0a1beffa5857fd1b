// Verification: turns the parser's condition AST into the typed IR (typed-ir.ts) against the field
// types of a mapping, raising the positioned errors Elasticsearch gives for a query its verifier
// rejects: an unknown column, a text field without an exact sub-field, an object or unsupported
// field, an unknown function, a wrong argument count or type, a comparison of two fields, a bad
// regular expression. Expressions without fields are folded to constants, as Elasticsearch's
// optimizer does, with script semantics (script.ts).
// Sources: Elasticsearch's EQL/ql analyzer and verifier (Verifier, FieldAttribute resolution,
// TypeResolutions, read, not copied) and https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax.
import type { FieldType, FieldTypes } from './mappings/field-types.js';
import type { Call, EqlQuery, Expr, Literal, Loc } from './ast.js';
import { EqlUnsupportedError, EqlVerificationError } from './errors.js';
import { acceptsKind, lookupFunction, type DataType, type FunctionSpec } from './functions.js';
import { compileJavaRegex, compileLuceneRegex, RegexTranslationError } from './regex.js';
import { scriptEvaluator } from './script.js';
import { hasWildcard } from './text-match.js';
import { readsField, type ComparisonOperator, type TypedComparison, type TypedExpression, type TypedLiteral, type TypedMatch } from './typed-ir.js';

/** Elasticsearch's names for the data types, as its error messages print them. */
const TYPE_NAMES: Record<DataType, string> = {
  keyword: 'keyword',
  integer: 'integer',
  float: 'double',
  boolean: 'boolean',
  date: 'datetime',
  ip: 'ip',
  version: 'version',
  null: 'null',
};
const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth'];

/** The data type a mapped field's values have in EQL. */
function dataTypeOf(field: FieldType): DataType {
  switch (field.family) {
    case 'keyword':
      return 'keyword';
    case 'integer':
      return 'integer';
    case 'float':
      return 'float';
    case 'date':
      return 'date';
    case 'boolean':
      return 'boolean';
    case 'ip':
      return 'ip';
    case 'version':
      return 'version';
    default:
      return 'null';
  }
}

/** Whether values of the two types may be compared (in an `in` list). */
function compatible(a: DataType, b: DataType): boolean {
  if (a === 'null' || b === 'null' || a === b) return true;
  const numeric = (type: DataType): boolean => type === 'integer' || type === 'float';
  if (numeric(a) && numeric(b)) return true;
  // Dates, IPs and versions are written as strings in queries.
  const stringy = (type: DataType): boolean => type === 'keyword' || type === 'date' || type === 'ip' || type === 'version';
  if (stringy(a) && stringy(b)) return true;
  if (a === 'date' && numeric(b)) return true;
  return false;
}

/** Swapping the sides of a comparison: `0 <= exit_code` is `exit_code >= 0`. */
const FLIPPED: Record<ComparisonOperator, ComparisonOperator> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };

export interface VerifierOptions {
  /** The field behind `<category> where`. */
  eventCategoryField: string;
  /** Read an unmapped field as null instead of failing with "Unknown column". */
  unmappedFieldsAsNull: boolean;
}

/** Verifies the conditions and join keys of one query against one mapping's field types. */
export class Verifier {
  constructor(
    private readonly query: EqlQuery,
    private readonly fields: FieldTypes,
    private readonly options: VerifierOptions,
  ) {}

  /** Throws the positioned verification error Elasticsearch gives at `loc`. */
  fail(message: string, loc: Loc): never {
    throw new EqlVerificationError(message, { text: this.query.text, file: this.query.file, offset: loc.start });
  }

  private sourceText(loc: Loc): string {
    return this.query.text.slice(loc.start, loc.end);
  }

  /** A join key (`by` field or expression): resolved and type-checked. */
  verifyKey(key: Expr): TypedExpression {
    return this.resolve(key);
  }

  /**
   * `category where condition` as one boolean expression: `process where c` is
   * `event.category == "process" and c` (a case-sensitive term query); `any where c` is `c`.
   */
  verifyFilter(category: string | null, categoryLoc: Loc, condition: Expr): TypedExpression {
    const verifiedCondition = this.booleanCondition(this.resolve(condition));
    if (category === null) return verifiedCondition;
    const categoryTest: Expr = {
      kind: 'Comparison',
      operator: '==',
      left: { kind: 'FieldRef', name: this.options.eventCategoryField, optional: false, loc: categoryLoc },
      right: { kind: 'Literal', value: category, type: 'string', loc: categoryLoc },
      loc: categoryLoc,
    };
    const verifiedCategory = this.resolve(categoryTest);
    // The category test goes last: it is the least selective part of most queries, and `and` of
    // side-effect-free tests gives the same answer in any order.
    return { kind: 'logical', operator: 'and', left: verifiedCondition, right: verifiedCategory, dataType: 'boolean', loc: categoryLoc, text: '' };
  }

  /** The condition must be boolean; a bare boolean field means `field == true`. */
  private booleanCondition(node: TypedExpression): TypedExpression {
    if (node.dataType === 'boolean' || node.dataType === 'null') {
      if (node.kind === 'field') {
        const trueLiteral: TypedLiteral = { kind: 'literal', value: true, dataType: 'boolean', loc: node.loc, text: 'true' };
        return { kind: 'comparison', operator: '==', left: node, right: trueLiteral, dataType: 'boolean', loc: node.loc, text: node.text };
      }
      return node;
    }
    return this.fail(`condition expression needs to be boolean, found [${TYPE_NAMES[node.dataType]}]`, node.loc);
  }

  /** Resolves one AST expression (and its operands) into the typed IR. */
  private resolve(expression: Expr): TypedExpression {
    const loc = expression.loc;
    const text = this.sourceText(loc);
    switch (expression.kind) {
      case 'Literal':
        return this.literal(expression);
      case 'FieldRef':
        return this.resolveField(expression.name, expression.optional, loc, text);
      case 'Not': {
        const operand = this.booleanCondition(this.resolve(expression.operand));
        return this.fold({ kind: 'not', operand, dataType: 'boolean', loc, text });
      }
      case 'Logical': {
        const left = this.booleanCondition(this.resolve(expression.left));
        const right = this.booleanCondition(this.resolve(expression.right));
        return this.fold({ kind: 'logical', operator: expression.operator, left, right, dataType: 'boolean', loc, text });
      }
      case 'Comparison':
        return this.comparison(expression.operator, this.resolve(expression.left), this.resolve(expression.right), loc, text);
      case 'PatternMatch':
        return this.patternMatch(expression.operator, this.resolve(expression.value), expression.patterns, loc, text);
      case 'InList': {
        const value = this.resolve(expression.value);
        const list = expression.list.map((item) => this.resolve(item));
        for (const item of list) {
          if (readsField(item)) this.fail(`comparisons against fields are not supported; offender [${item.text}] in [${text}]`, item.loc);
          if (!compatible(value.dataType, item.dataType)) {
            this.fail(`argument of [${text}] must be [${TYPE_NAMES[value.dataType]}], found value [${item.text}] type [${TYPE_NAMES[item.dataType]}]`, item.loc);
          }
        }
        const membership = this.fold({ kind: 'in', value, list, caseInsensitive: expression.caseInsensitive, dataType: 'boolean', loc, text });
        return expression.negated ? this.fold({ kind: 'not', operand: membership, dataType: 'boolean', loc, text }) : membership;
      }
      case 'Arithmetic': {
        const left = this.resolve(expression.left);
        const right = this.resolve(expression.right);
        this.requireNumeric(left, 'first', text);
        this.requireNumeric(right, 'second', text);
        const dataType: DataType = left.dataType === 'float' || right.dataType === 'float' ? 'float' : 'integer';
        return this.fold({ kind: 'arithmetic', operator: expression.operator, left, right, dataType, loc, text });
      }
      case 'Unary': {
        const operand = this.resolve(expression.operand);
        this.requireNumeric(operand, '', text);
        if (expression.operator === '+') return operand;
        return this.fold({ kind: 'negate', operand, dataType: operand.dataType === 'null' ? 'integer' : operand.dataType, loc, text });
      }
      case 'Call':
        return this.call(expression, loc, text);
    }
  }

  private literal(literal: Literal): TypedExpression {
    const text = this.sourceText(literal.loc);
    const dataType: DataType =
      literal.type === 'string' ? 'keyword' : literal.type === 'integer' ? 'integer' : literal.type === 'decimal' ? 'float' : literal.type === 'boolean' ? 'boolean' : 'null';
    return { kind: 'literal', value: literal.value, dataType, loc: literal.loc, text };
  }

  /** A field name against the mapping, with Elasticsearch's error for each field it cannot search. */
  private resolveField(name: string, optional: boolean, loc: Loc, text: string): TypedExpression {
    const field = this.fields.get(name);
    if (!field) {
      if (optional || this.options.unmappedFieldsAsNull) return { kind: 'literal', value: null, dataType: 'null', loc, text };
      if (this.fields.isObject(name)) this.fail(`cannot use field [${name}] type [object] only its subfields`, loc);
      return this.fail(`Unknown column [${name}]`, loc);
    }
    switch (field.family) {
      case 'text': {
        if (!field.exactField) this.fail(field.exactError ?? `No keyword/multi-field defined exact matches for [${name}]`, loc);
        const exact = this.fields.get(field.exactField as string) as FieldType;
        return { kind: 'field', field: exact, dataType: dataTypeOf(exact), loc, text };
      }
      case 'object':
        return this.fail(
          field.type === 'nested' ? `cannot use field [${name}] of type [nested]: EQL cannot search nested fields` : `cannot use field [${name}] type [object] only its subfields`,
          loc,
        );
      case 'unsupported':
        return this.fail(`cannot use field [${name}] with unsupported type [${field.type}]`, loc);
      default:
        if (!field.indexed) this.fail(`cannot search on field [${name}] since it is not indexed`, loc);
        return { kind: 'field', field, dataType: dataTypeOf(field), loc, text };
    }
  }

  /** `ordinal` names the operand in the message ("first", "second"; empty for a unary minus). */
  private requireNumeric(node: TypedExpression, ordinal: string, text: string): void {
    if (node.dataType !== 'integer' && node.dataType !== 'float' && node.dataType !== 'null') {
      this.fail(`${ordinal ? ordinal + ' ' : ''}argument of [${text}] must be [numeric], found value [${node.text}] type [${this.typeName(node)}]`, node.loc);
    }
  }

  /** A field's own mapping type (`wildcard`, `long`), else the data type's name. */
  private typeName(node: TypedExpression): string {
    return node.kind === 'field' ? node.field.type : TYPE_NAMES[node.dataType];
  }

  private comparison(operator: ComparisonOperator, left: TypedExpression, right: TypedExpression, loc: Loc, text: string): TypedExpression {
    let fieldSide = left;
    let constantSide = right;
    let ordered = operator;
    // The optimizer moves a constant to the right: `0 <= exit_code` is `exit_code >= 0`.
    if (!readsField(fieldSide) && readsField(constantSide)) {
      [fieldSide, constantSide] = [constantSide, fieldSide];
      ordered = FLIPPED[operator];
    }
    if (readsField(fieldSide) && readsField(constantSide)) {
      this.fail(`comparisons against fields are not supported; offender [${constantSide.text}] in [${text}]`, constantSide.loc);
    }
    // `x == null` / `x != null` are existence tests.
    if (constantSide.kind === 'literal' && constantSide.value === null && (ordered === '==' || ordered === '!=')) {
      return this.fold({ kind: 'isNull', operand: fieldSide, negated: ordered === '!=', dataType: 'boolean', loc, text });
    }
    // No type check here: a field compared with a constant becomes a term/range query that converts
    // the constant to the field's type when the query is built (failing there if it cannot), and a
    // script comparison of incompatible values is null.
    const comparison: TypedComparison = { kind: 'comparison', operator: ordered, left: fieldSide, right: constantSide, dataType: 'boolean', loc, text };
    return this.fold(comparison);
  }

  private patternMatch(operator: ':' | 'like' | 'like~' | 'regex' | 'regex~', value: TypedExpression, patterns: Literal[], loc: Loc, text: string): TypedExpression {
    if (value.dataType !== 'keyword' && value.dataType !== 'null') {
      this.fail(`first argument of [${text}] must be [string], found value [${value.text}] type [${this.typeName(value)}]`, value.loc);
    }
    const strings: string[] = [];
    for (const pattern of patterns) {
      if (pattern.type !== 'string') this.fail(`second argument of [${text}] must be [string], found value [${this.sourceText(pattern.loc)}] type [${pattern.type}]`, pattern.loc);
      strings.push(pattern.value as string);
    }
    const match = (matchOperator: TypedMatch['operator'], caseInsensitive: boolean, matchPatterns: string[]): TypedMatch => ({
      kind: 'match',
      operator: matchOperator,
      caseInsensitive,
      value,
      patterns: matchPatterns,
      dataType: 'boolean',
      loc,
      text,
    });
    const parts: TypedExpression[] = [];
    if (operator === ':') {
      // `:` without * or ? is a case-insensitive equality; with them, a case-insensitive `like`.
      const exact = strings.filter((s) => !hasWildcard(s));
      const wild = strings.filter((s) => hasWildcard(s));
      if (exact.length) parts.push(match('equalsFolded', true, exact));
      if (wild.length) parts.push(match('like', true, wild));
    } else if (operator === 'like' || operator === 'like~') {
      parts.push(match('like', operator === 'like~', strings));
    } else {
      for (const s of strings) this.checkRegex(s, patterns[strings.indexOf(s)]?.loc ?? loc, value.kind === 'field');
      parts.push(match('regex', operator === 'regex~', strings));
    }
    const combined = parts.reduce((left, right): TypedExpression => ({ kind: 'logical', operator: 'or', left, right, dataType: 'boolean', loc, text }));
    return this.fold(combined);
  }

  /** A regex on a field is a Lucene regexp query; on an expression, a Java regex in a script. */
  private checkRegex(pattern: string, loc: Loc, lucene: boolean): void {
    try {
      if (lucene) compileLuceneRegex(pattern, false);
      else compileJavaRegex(pattern, false);
    } catch (error) {
      if (error instanceof RegexTranslationError) {
        if (error.message.includes('not supported by this engine')) {
          throw new EqlUnsupportedError(`regular expression feature: ${error.message}`, { text: this.query.text, file: this.query.file, offset: loc.start });
        }
        this.fail(`invalid regular expression [${pattern}]: ${error.message}`, loc);
      }
      throw error;
    }
  }

  private call(call: Call, loc: Loc, text: string): TypedExpression {
    const found = lookupFunction(call.name);
    if (!found) this.fail(`Unknown function [${call.name}]`, loc);
    const spec = found as FunctionSpec;
    if (call.caseInsensitive && !spec.caseInsensitive) this.fail(`function [${call.name}] does not support case-insensitive matching (~)`, loc);
    const count = call.args.length;
    if (count < spec.minArgs || count > spec.maxArgs) {
      const expected = spec.maxArgs === Infinity ? `at least ${spec.minArgs}` : spec.minArgs === spec.maxArgs ? `${spec.minArgs}` : `${spec.minArgs} to ${spec.maxArgs}`;
      this.fail(`function [${spec.name}] takes ${expected} arguments, found [${count}]`, loc);
    }
    const args = call.args.map((arg) => this.resolve(arg));
    args.forEach((arg, index) => {
      const ordinal = count === 1 ? '' : `${ORDINALS[index] ?? `argument ${index + 1}`} `;
      const kind = spec.argKind(index);
      const fieldIpRequired = kind === 'ip' && arg.kind === 'field' && arg.dataType !== 'ip';
      if (!acceptsKind(kind, arg.dataType) || fieldIpRequired) {
        const wanted = kind === 'numeric' ? 'numeric' : kind === 'string' ? 'string' : kind;
        this.fail(`${ordinal}argument of [${text}] must be [${wanted}], found value [${arg.text}] type [${this.typeName(arg)}]`, arg.loc);
      }
      if (spec.constantArgs?.(index) && readsField(arg)) this.fail(`${ordinal}argument of [${text}] must be a constant, received [${arg.text}]`, arg.loc);
    });
    const dataType = spec.returnType(args.map((arg) => arg.dataType));
    return this.fold({ kind: 'call', function: spec, caseInsensitive: call.caseInsensitive, args, dataType, loc, text });
  }

  /** Constant folding: an expression without fields is evaluated now, as Elasticsearch's optimizer does. */
  private fold(node: TypedExpression): TypedExpression {
    if (readsField(node)) return node;
    const value = scriptEvaluator(node, new Map())([]);
    const dataType: DataType = value === null ? (node.dataType === 'boolean' ? 'boolean' : 'null') : node.dataType;
    // `number("7")` folds to an integer when the value is one.
    const integerNumber = node.kind === 'call' && typeof value === 'number' && Number.isInteger(value) && node.function.name === 'number';
    return { kind: 'literal', value, dataType: integerNumber ? 'integer' : dataType, loc: node.loc, text: node.text };
  }
}
