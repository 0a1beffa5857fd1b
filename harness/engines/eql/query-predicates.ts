// Predicate building: turns a verified condition (typed-ir.ts) into a predicate over documents, the
// two ways Elasticsearch evaluates it:
// - A comparison of a field with constants (==, !=, <, :, like, regex, in, startsWith/endsWith/
//   stringContains/cidrMatch on a field, == null) becomes a Query DSL query: it matches when ANY
//   indexed value of the field matches; `not` and `!=` are bool must_not, so a document without
//   the field satisfies them (two-valued logic).
// - Anything else (functions of fields, arithmetic) runs as a script over doc values: the script is
//   tried on every combination of the values of the fields it reads (a missing field is one null),
//   matches when one combination gives true (null counts as false), and a `not` around it negates
//   that whole answer.
// Sources: Elasticsearch's EQL planner (QueryTranslator, MultiValueAwareScriptQuery,
// Scripts.multiValueDocValuesRewrite, read, not copied).
import type { FieldType } from './mappings/field-types.js';
import type { Loc } from './ast.js';
import { indexedConverter, ipConverter, makeFieldCollector, makeFieldPredicate, makeKeywordPredicate, scriptValueConverter, type ScriptValue } from './doc-values.js';
import { asciiFold } from '../matching/ascii-fold.js';
import { scriptEvaluator } from './script.js';
import { compileWildcard, luceneWildcardSegments, type StringTest } from './text-match.js';
import type { TypedCall, TypedComparison, TypedExpression, TypedField, TypedIn, TypedLiteral, TypedMatch } from './typed-ir.js';
import { childrenOf } from './typed-ir.js';
import { stringTests, termTest } from './value-tests.js';
import { javaDoubleToString, parseCidr } from './values.js';

/** A predicate over one document (nested objects, dotted keys or both). */
export type DocumentPredicate = (doc: object) => boolean;
const ALWAYS: DocumentPredicate = () => true;
const NEVER: DocumentPredicate = () => false;

/** Raises a positioned error at `loc` (a constant the field's query cannot take). */
export type PositionedFailure = (message: string, loc: Loc) => never;

/** The functions Elasticsearch translates into a query when their first argument is a field and the rest are constants. */
const QUERY_FUNCTIONS = new Set(['startsWith', 'endsWith', 'stringContains', 'cidrMatch']);

/** Whether Elasticsearch turns this boolean expression into a Query DSL query (else a script). */
function isQuery(node: TypedExpression): boolean {
  switch (node.kind) {
    case 'literal':
    case 'logical':
    case 'field':
      return true;
    case 'not':
      return isQuery(node.operand);
    case 'comparison':
      return node.left.kind === 'field' && node.right.kind === 'literal';
    case 'match':
      return node.value.kind === 'field';
    case 'in':
      return node.value.kind === 'field' && node.list.every((item) => item.kind === 'literal');
    case 'isNull':
      return node.operand.kind === 'field';
    case 'call': {
      const first = node.args[0];
      const restConstant = node.args.slice(1).every((arg) => arg.kind === 'literal');
      return QUERY_FUNCTIONS.has(node.function.name) && first !== undefined && first.kind === 'field' && restConstant;
    }
    default:
      return false;
  }
}

/**
 * The predicate of a verified boolean condition. `fail` reports a constant Elasticsearch cannot
 * turn into the field's query ("failed to create query: ...").
 */
export function buildPredicate(node: TypedExpression, fail: PositionedFailure): DocumentPredicate {
  return new PredicateBuilder(fail).predicate(node);
}

class PredicateBuilder {
  constructor(private readonly fail: PositionedFailure) {}

  predicate(node: TypedExpression): DocumentPredicate {
    if (!isQuery(node)) return scriptPredicate(node);
    switch (node.kind) {
      case 'literal':
        return node.value === true ? ALWAYS : NEVER;
      case 'logical': {
        // A chain of the same operator becomes one flat closure (fewer calls per document).
        const parts: DocumentPredicate[] = [];
        const flatten = (child: TypedExpression): void => {
          if (child.kind === 'logical' && child.operator === node.operator) {
            flatten(child.left);
            flatten(child.right);
          } else {
            parts.push(this.predicate(child));
          }
        };
        flatten(node);
        const absorbing = node.operator === 'and' ? NEVER : ALWAYS;
        const neutral = node.operator === 'and' ? ALWAYS : NEVER;
        if (parts.includes(absorbing)) return absorbing;
        const kept = parts.filter((part) => part !== neutral);
        return node.operator === 'and' ? all(kept) : any(kept);
      }
      case 'not': {
        const inner = this.predicate(node.operand);
        if (inner === ALWAYS) return NEVER;
        if (inner === NEVER) return ALWAYS;
        return (doc) => !inner(doc);
      }
      case 'isNull': {
        const exists = existsQuery((node.operand as TypedField).field);
        return node.negated ? exists : (doc) => !exists(doc);
      }
      case 'field':
        return NEVER; // unreachable: verification rewrote a bare field to `== true`
      case 'comparison':
        return this.fieldComparison(node);
      case 'match':
        return fieldMatch(node);
      case 'in':
        return this.fieldIn(node);
      case 'call':
        return this.fieldFunction(node);
      default:
        return scriptPredicate(node);
    }
  }

  private queryFailure(loc: Loc): (reason: string) => never {
    return (reason) => this.fail(`failed to create query: ${reason}`, loc);
  }

  /** A term or range query; `!=` is must_not(term): true when no indexed value equals (also when the field is missing). */
  private fieldComparison(node: TypedComparison): DocumentPredicate {
    const field = (node.left as TypedField).field;
    const constant = node.right as TypedLiteral;
    if (constant.value === null) return NEVER; // `f < null` has no value
    if (node.operator === '!=') {
      const equals = makeFieldPredicate(field, indexedConverter(field), termTest(field, '==', constant, this.queryFailure(constant.loc)) as (value: unknown) => boolean);
      return (doc) => !equals(doc);
    }
    const test = termTest(field, node.operator, constant, this.queryFailure(constant.loc));
    if (field.family === 'keyword') return makeKeywordPredicate(field, test as (value: string) => boolean);
    return makeFieldPredicate(field, indexedConverter(field), test as (value: unknown) => boolean);
  }

  /** A terms query (case-insensitive: ASCII-only folding, ../matching/ascii-fold.ts). */
  private fieldIn(node: TypedIn): DocumentPredicate {
    const field = (node.value as TypedField).field;
    const items = node.list.filter((item): item is TypedLiteral => item.kind === 'literal' && item.value !== null);
    if (items.length === 0) return NEVER;
    if (field.family === 'keyword' && !node.caseInsensitive) {
      const lower = field.normalizer === 'lowercase';
      const terms = items.map((item) => (typeof item.value === 'number' && item.dataType === 'float' ? javaDoubleToString(item.value) : String(item.value)));
      const set = new Set(terms.map((term) => (lower ? term.toLowerCase() : term)));
      return makeKeywordPredicate(field, (value: string) => set.has(value));
    }
    if (field.family === 'keyword') {
      const set = new Set(items.map((item) => asciiFold(String(item.value))));
      return makeKeywordPredicate(field, (value: string) => set.has(asciiFold(value)));
    }
    const tests = items.map((item) => termTest(field, '==', item, this.queryFailure(item.loc)) as (value: unknown) => boolean);
    return makeFieldPredicate(field, indexedConverter(field), (value: unknown) => tests.some((test) => test(value)));
  }

  /** startsWith -> prefix query; endsWith / stringContains -> wildcard query; cidrMatch -> terms query. */
  private fieldFunction(node: TypedCall): DocumentPredicate {
    const field = (node.args[0] as TypedField).field;
    const constants = node.args.slice(1).map((arg) => (arg as TypedLiteral).value);
    if (node.function.name === 'cidrMatch') {
      const ranges = constants.filter((constant): constant is string => typeof constant === 'string').map((constant) => parseCidr(constant));
      if (ranges.some((range) => range === null)) this.fail(`failed to create query: invalid CIDR in [${node.text}]`, node.loc);
      const valid = ranges as { low: bigint; high: bigint }[];
      return makeFieldPredicate(field, ipConverter(field), (ip: bigint) => valid.some((range) => ip >= range.low && ip <= range.high));
    }
    const argument = constants[0];
    if (typeof argument !== 'string') return NEVER; // f(x, null) has no value: the query matches nothing
    let test: StringTest;
    if (node.function.name === 'startsWith') {
      // A prefix query with case_insensitive: ASCII-only folding (../matching/ascii-fold.ts).
      const folded = asciiFold(argument);
      test = node.caseInsensitive ? (value) => asciiFold(value).startsWith(folded) : (value) => value.startsWith(argument);
    } else {
      // The text goes into a Lucene wildcard query as is: `*` and `?` in it are wildcards and a
      // backslash escapes the next character (QueryTranslator.CaseInsensitiveScalarFunctions).
      const pattern = node.function.name === 'endsWith' ? `*${argument}` : `*${argument}*`;
      test = compileWildcard(luceneWildcardSegments(pattern), node.caseInsensitive ? 'ascii' : 'sensitive');
    }
    return makeKeywordPredicate(field, test);
  }
}

function existsQuery(field: FieldType): DocumentPredicate {
  return makeFieldPredicate(field, indexedConverter(field), () => true);
}

/** A match query on a keyword-family field; a lowercase-normalized field normalizes the query term as well. */
function fieldMatch(node: TypedMatch): DocumentPredicate {
  const field = (node.value as TypedField).field;
  const normalized = field.normalizer === 'lowercase' && node.operator !== 'equalsFolded' ? { ...node, patterns: node.patterns.map((pattern) => pattern.toLowerCase()) } : node;
  const tests = stringTests(normalized, true);
  const test: StringTest = tests.length === 1 ? (tests[0] as StringTest) : (value) => tests.some((one) => one(value));
  return makeKeywordPredicate(field, test);
}

/**
 * A script predicate (MultiValueAwareScriptQuery): true when one combination of the values of the
 * fields the script reads makes it true; `not`s around a script negate that whole answer.
 */
function scriptPredicate(node: TypedExpression): DocumentPredicate {
  let negated = false;
  let body = node;
  while (body.kind === 'not' && !isQuery(body.operand)) {
    negated = !negated;
    body = body.operand;
  }
  const slots = new Map<TypedField, number>();
  const fieldsBySlot: FieldType[] = [];
  const collectSlots = (child: TypedExpression): void => {
    if (child.kind === 'field') {
      slots.set(child, fieldsBySlot.length);
      fieldsBySlot.push(child.field);
      return;
    }
    for (const grandchild of childrenOf(child)) collectSlots(grandchild);
  };
  collectSlots(body);
  const evaluate = scriptEvaluator(body, slots);
  const collectors = fieldsBySlot.map((field) => makeFieldCollector(field, scriptValueConverter(field)));
  const lists: ScriptValue[][] = fieldsBySlot.map(() => []);
  const env: ScriptValue[] = fieldsBySlot.map(() => null);
  const count = fieldsBySlot.length;
  const tryFrom = (slot: number): boolean => {
    if (slot === count) return evaluate(env) === true;
    const values = lists[slot] as ScriptValue[];
    if (values.length === 0) {
      env[slot] = null; // a missing field is one null value
      return tryFrom(slot + 1);
    }
    for (let k = 0; k < values.length; k++) {
      env[slot] = values[k] as ScriptValue;
      if (tryFrom(slot + 1)) return true;
    }
    return false;
  };
  return (doc) => {
    for (let slot = 0; slot < count; slot++) (collectors[slot] as (doc: object, out: ScriptValue[]) => void)(doc, lists[slot] as ScriptValue[]);
    const result = tryFrom(0);
    return negated ? !result : result;
  };
}

/** `and` of the parts as one closure (unrolled up to four: the common case). */
function all(parts: DocumentPredicate[]): DocumentPredicate {
  const [a, b, c, d] = parts as [DocumentPredicate, DocumentPredicate, DocumentPredicate, DocumentPredicate];
  switch (parts.length) {
    case 0:
      return ALWAYS;
    case 1:
      return a;
    case 2:
      return (doc) => a(doc) && b(doc);
    case 3:
      return (doc) => a(doc) && b(doc) && c(doc);
    case 4:
      return (doc) => a(doc) && b(doc) && c(doc) && d(doc);
    default:
      return (doc) => {
        for (let i = 0; i < parts.length; i++) if (!(parts[i] as DocumentPredicate)(doc)) return false;
        return true;
      };
  }
}

/** `or` of the parts as one closure. */
function any(parts: DocumentPredicate[]): DocumentPredicate {
  const [a, b, c, d] = parts as [DocumentPredicate, DocumentPredicate, DocumentPredicate, DocumentPredicate];
  switch (parts.length) {
    case 0:
      return NEVER;
    case 1:
      return a;
    case 2:
      return (doc) => a(doc) || b(doc);
    case 3:
      return (doc) => a(doc) || b(doc) || c(doc);
    case 4:
      return (doc) => a(doc) || b(doc) || c(doc) || d(doc);
    default:
      return (doc) => {
        for (let i = 0; i < parts.length; i++) if ((parts[i] as DocumentPredicate)(doc)) return true;
        return false;
      };
  }
}
