// Compiles an EQL event query, against the field types of a mapping, into a predicate over
// documents with Elasticsearch's semantics.
//
// Elasticsearch evaluates an event query in two ways, and so does this compiler:
// - A comparison of a field with constants (==, !=, <, :, like, regex, in, startsWith/endsWith/
//   stringContains/cidrMatch on a field, == null) becomes a Query DSL query: it matches when ANY
//   indexed value of the field matches; `not` and `!=` are bool must_not, so a document without
//   the field satisfies them (two-valued logic).
// - Anything else (functions of fields, arithmetic) runs as a script over doc values: the script is
//   tried on every combination of the values of the fields it reads (a missing field is one null),
//   matches when one combination gives true (null counts as false), and a `not` around it negates
//   that whole answer.
// Source of both behaviours: Elasticsearch's EQL planner (QueryTranslator, MultiValueAwareScriptQuery,
// Scripts.multiValueDocValuesRewrite, read, not copied) and
// https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax.
import type { FieldType, FieldTypes } from './mappings/field-types.js';
import type { Call, EqlQuery, Expr, Literal, Loc, SampleQuery, SequenceQuery, SequenceStage } from './ast.js';
import {
  indexedConverter,
  ipConverter,
  makeFieldCollector,
  makeFieldPredicate,
  makeKeywordPredicate,
  numericRounding,
  scriptValueConverter,
  type ScriptValue,
} from './doc-values.js';
import { EqlUnsupportedError, EqlVerificationError } from './errors.js';
import { acceptsKind, ARITHMETIC, lookupFunction, type DataType, type FunctionSpec } from './functions.js';
import { compileJavaRegex, compileLuceneRegex, RegexTranslationError } from './regex.js';
import { asciiEqualsFolded, asciiFold } from '../matching/ascii-fold.js';
import { type CaseMode, compileWildcard, eqlPatternTest, equalsFolded, foldCase, hasWildcard, luceneWildcardSegments, type StringTest } from './text-match.js';
import { compareVersions, javaDoubleToString, parseCidr, parseDateValue, parseIp, toMillisResolution, type EpochNanos } from './values.js';

export type EqlPredicate = (doc: Record<string, unknown>) => boolean;

export interface CompileOptions {
  /** The field behind `<category> where` (Elasticsearch's `event_category_field`). Default `event.category`. */
  eventCategoryField?: string;
  /**
   * Read a field the mapping does not have as null instead of failing. The embedded backend sets it
   * when searching several indices: a field unknown in one index but mapped in another is simply
   * absent from the first one's documents.
   */
  unmappedFieldsAsNull?: boolean;
}

export const DEFAULT_EVENT_CATEGORY_FIELD = 'event.category';

/**
 * Compiles an event query into a predicate over documents (nested objects, dotted keys or both).
 * Throws EqlVerificationError where Elasticsearch rejects the query against these field types
 * (unknown field, text field, type error) and EqlUnsupportedError for sequences and samples.
 * Pipes (`| head`, `| tail`) are not part of the predicate: they apply to the ordered result.
 */
export function compileEql(query: EqlQuery, fields: FieldTypes, options: CompileOptions = {}): EqlPredicate {
  const compiler = new Compiler(query, fields, options.eventCategoryField ?? DEFAULT_EVENT_CATEGORY_FIELD, options.unmappedFieldsAsNull ?? false);
  if (query.kind !== 'EventQuery') {
    // Verify every stage first, as Elasticsearch would, then refuse to evaluate.
    for (const stage of query.kind === 'SequenceQuery' && query.until ? [...query.stages, query.until] : query.stages) {
      compiler.verifyFilter(stage.filter.category, stage.filter.categoryLoc, stage.filter.condition);
      for (const key of stage.by) compiler.verifyKey(key);
    }
    for (const key of query.by) compiler.verifyKey(key);
    throw new EqlUnsupportedError(query.kind === 'SequenceQuery' ? 'sequence evaluation' : 'sequence evaluation (sample queries)', {
      text: query.text,
      file: query.file,
      offset: query.loc.start,
    });
  }
  const filter = query.filter;
  return compiler.compileFilter(filter.category, filter.categoryLoc, filter.condition);
}

/** The compiled filters of a sequence's or sample's stages (`with runs=N` not expanded) and of `until`. */
export interface CompiledStages {
  stages: EqlPredicate[];
  until: EqlPredicate | null;
}

/**
 * Compiles every stage of a sequence or sample into a predicate (the same semantics as an event
 * query's filter) and verifies its join keys against the field types. Join keys must be fields:
 * Elasticsearch's spec suite keeps `by unique_pid * 2` among its unsupported queries.
 */
export function compileStages(query: SequenceQuery | SampleQuery, fields: FieldTypes, options: CompileOptions = {}): CompiledStages {
  const compiler = new Compiler(query, fields, options.eventCategoryField ?? DEFAULT_EVENT_CATEGORY_FIELD, options.unmappedFieldsAsNull ?? false);
  const keys = [...query.by, ...query.stages.flatMap((s) => s.by), ...(query.kind === 'SequenceQuery' && query.until ? query.until.by : [])];
  for (const key of keys) {
    if (key.kind !== 'FieldRef') throw new EqlUnsupportedError('join keys that are not fields', { text: query.text, file: query.file, offset: key.loc.start });
    compiler.verifyKey(key);
  }
  const compile = (stage: SequenceStage): EqlPredicate => compiler.compileFilter(stage.filter.category, stage.filter.categoryLoc, stage.filter.condition);
  return { stages: query.stages.map(compile), until: query.kind === 'SequenceQuery' && query.until ? compile(query.until) : null };
}

// ---- typed intermediate form -----------------------------------------------------------------

type Value = ScriptValue;

interface Base {
  loc: Loc;
  /** Source text for error messages. */
  text: string;
}

type T =
  | (Base & { k: 'lit'; value: Value; dt: DataType })
  | (Base & { k: 'field'; field: FieldType; dt: DataType })
  | (Base & { k: 'not'; e: T; dt: 'boolean' })
  | (Base & { k: 'logic'; op: 'and' | 'or'; l: T; r: T; dt: 'boolean' })
  | (Base & { k: 'cmp'; op: '==' | '!=' | '<' | '<=' | '>' | '>='; l: T; r: T; dt: 'boolean' })
  | (Base & { k: 'match'; op: 'ieq' | 'like' | 'regex'; ci: boolean; e: T; patterns: string[]; dt: 'boolean' })
  | (Base & { k: 'in'; e: T; list: T[]; ci: boolean; dt: 'boolean' })
  | (Base & { k: 'isnull'; e: T; negated: boolean; dt: 'boolean' })
  | (Base & { k: 'arith'; op: '+' | '-' | '*' | '/' | '%'; l: T; r: T; dt: DataType })
  | (Base & { k: 'neg'; e: T; dt: DataType })
  | (Base & { k: 'call'; fn: FunctionSpec; ci: boolean; args: T[]; dt: DataType });

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

function hasField(t: T): boolean {
  switch (t.k) {
    case 'lit':
      return false;
    case 'field':
      return true;
    case 'not':
    case 'neg':
    case 'isnull':
      return hasField(t.e);
    case 'match':
      return hasField(t.e);
    case 'in':
      return hasField(t.e) || t.list.some(hasField);
    case 'logic':
    case 'cmp':
    case 'arith':
      return hasField(t.l) || hasField(t.r);
    case 'call':
      return t.args.some(hasField);
  }
}

type Pred = (doc: object) => boolean;
const ALWAYS: Pred = () => true;
const NEVER: Pred = () => false;

class Compiler {
  constructor(
    private readonly query: EqlQuery,
    private readonly fields: FieldTypes,
    private readonly categoryField: string,
    private readonly unmappedAsNull: boolean,
  ) {}

  private fail(message: string, loc: Loc): never {
    throw new EqlVerificationError(message, { text: this.query.text, file: this.query.file, offset: loc.start });
  }

  private sourceText(loc: Loc): string {
    return this.query.text.slice(loc.start, loc.end);
  }

  // ---- entry points ----------------------------------------------------------------------------

  compileFilter(category: string | null, categoryLoc: Loc, condition: Expr): EqlPredicate {
    const t = this.typedFilter(category, categoryLoc, condition);
    return this.predicate(t) as EqlPredicate;
  }

  verifyFilter(category: string | null, categoryLoc: Loc, condition: Expr): void {
    this.typedFilter(category, categoryLoc, condition);
  }

  verifyKey(key: Expr): void {
    this.resolve(key);
  }

  private typedFilter(category: string | null, categoryLoc: Loc, condition: Expr): T {
    const cond = this.booleanCondition(this.resolve(condition));
    if (category === null) return cond;
    // `process where c` is `event.category == "process" and c`: a case-sensitive term query.
    const categoryExpr: Expr = {
      kind: 'Comparison',
      operator: '==',
      left: { kind: 'FieldRef', name: this.categoryField, optional: false, loc: categoryLoc },
      right: { kind: 'Literal', value: category, type: 'string', loc: categoryLoc },
      loc: categoryLoc,
    };
    const cat = this.resolve(categoryExpr);
    // The category test goes last: it is the least selective part of most queries, and `and` of
    // side-effect-free tests gives the same answer in any order.
    return { k: 'logic', op: 'and', l: cond, r: cat, dt: 'boolean', loc: categoryLoc, text: '' };
  }

  /** The condition must be boolean; a bare boolean field means `field == true`. */
  private booleanCondition(t: T): T {
    if (t.dt === 'boolean' || t.dt === 'null') {
      if (t.k === 'field') {
        const lit: T = { k: 'lit', value: true, dt: 'boolean', loc: t.loc, text: 'true' };
        return { k: 'cmp', op: '==', l: t, r: lit, dt: 'boolean', loc: t.loc, text: t.text };
      }
      return t;
    }
    return this.fail(`condition expression needs to be boolean, found [${TYPE_NAMES[t.dt]}]`, t.loc);
  }

  // ---- resolution: fields, types, folding --------------------------------------------------------

  private resolve(e: Expr): T {
    const loc = e.loc;
    const text = this.sourceText(loc);
    switch (e.kind) {
      case 'Literal':
        return this.literal(e);
      case 'FieldRef':
        return this.resolveField(e.name, e.optional, loc, text);
      case 'Not': {
        const inner = this.booleanCondition(this.resolve(e.operand));
        return this.fold({ k: 'not', e: inner, dt: 'boolean', loc, text });
      }
      case 'Logical': {
        const l = this.booleanCondition(this.resolve(e.left));
        const r = this.booleanCondition(this.resolve(e.right));
        return this.fold({ k: 'logic', op: e.operator, l, r, dt: 'boolean', loc, text });
      }
      case 'Comparison':
        return this.comparison(e.operator, this.resolve(e.left), this.resolve(e.right), loc, text);
      case 'PatternMatch':
        return this.patternMatch(e.operator, this.resolve(e.value), e.patterns, loc, text);
      case 'InList': {
        const value = this.resolve(e.value);
        const list = e.list.map((x) => this.resolve(x));
        for (const item of list) {
          if (hasField(item)) this.fail(`comparisons against fields are not supported; offender [${item.text}] in [${text}]`, item.loc);
          if (!this.compatible(value.dt, item.dt)) {
            this.fail(`argument of [${text}] must be [${TYPE_NAMES[value.dt]}], found value [${item.text}] type [${TYPE_NAMES[item.dt]}]`, item.loc);
          }
        }
        const t: T = this.fold({ k: 'in', e: value, list, ci: e.caseInsensitive, dt: 'boolean', loc, text });
        return e.negated ? this.fold({ k: 'not', e: t, dt: 'boolean', loc, text }) : t;
      }
      case 'Arithmetic': {
        const l = this.resolve(e.left);
        const r = this.resolve(e.right);
        this.requireNumeric(l, 'first', text);
        this.requireNumeric(r, 'second', text);
        const dt: DataType = l.dt === 'float' || r.dt === 'float' ? 'float' : 'integer';
        return this.fold({ k: 'arith', op: e.operator, l, r, dt, loc, text });
      }
      case 'Unary': {
        const operand = this.resolve(e.operand);
        this.requireNumeric(operand, '', text);
        if (e.operator === '+') return operand;
        return this.fold({ k: 'neg', e: operand, dt: operand.dt === 'null' ? 'integer' : operand.dt, loc, text });
      }
      case 'Call':
        return this.call(e, loc, text);
    }
  }

  private literal(e: Literal): T {
    const text = this.sourceText(e.loc);
    const dt: DataType = e.type === 'string' ? 'keyword' : e.type === 'integer' ? 'integer' : e.type === 'decimal' ? 'float' : e.type === 'boolean' ? 'boolean' : 'null';
    return { k: 'lit', value: e.value, dt, loc: e.loc, text };
  }

  private resolveField(name: string, optional: boolean, loc: Loc, text: string): T {
    const field = this.fields.get(name);
    if (!field) {
      if (optional || this.unmappedAsNull) return { k: 'lit', value: null, dt: 'null', loc, text };
      if (this.fields.isObject(name)) this.fail(`cannot use field [${name}] type [object] only its subfields`, loc);
      return this.fail(`Unknown column [${name}]`, loc);
    }
    switch (field.family) {
      case 'text': {
        if (!field.exactField) this.fail(field.exactError ?? `No keyword/multi-field defined exact matches for [${name}]`, loc);
        const exact = this.fields.get(field.exactField as string) as FieldType;
        return { k: 'field', field: exact, dt: dataTypeOf(exact), loc, text };
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
        return { k: 'field', field, dt: dataTypeOf(field), loc, text };
    }
  }

  private compatible(a: DataType, b: DataType): boolean {
    if (a === 'null' || b === 'null' || a === b) return true;
    const numeric = (t: DataType): boolean => t === 'integer' || t === 'float';
    if (numeric(a) && numeric(b)) return true;
    // Dates, IPs and versions are written as strings in queries.
    const stringy = (t: DataType): boolean => t === 'keyword' || t === 'date' || t === 'ip' || t === 'version';
    if (stringy(a) && stringy(b)) return true;
    if (a === 'date' && numeric(b)) return true;
    return false;
  }

  private requireNumeric(t: T, ordinal: string, text: string): void {
    if (t.dt !== 'integer' && t.dt !== 'float' && t.dt !== 'null') {
      this.fail(`${ordinal ? ordinal + ' ' : ''}argument of [${text}] must be [numeric], found value [${t.text}] type [${this.typeName(t)}]`, t.loc);
    }
  }

  private typeName(t: T): string {
    return t.k === 'field' ? t.field.type : TYPE_NAMES[t.dt];
  }

  private comparison(op: '==' | '!=' | '<' | '<=' | '>' | '>=', left: T, right: T, loc: Loc, text: string): T {
    let l = left;
    let r = right;
    let operator = op;
    // The optimizer moves a constant to the right: `0 <= exit_code` is `exit_code >= 0`.
    if (!hasField(l) && hasField(r)) {
      [l, r] = [r, l];
      const flip: Record<string, typeof op> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };
      operator = flip[op] as typeof op;
    }
    if (hasField(l) && hasField(r)) {
      this.fail(`comparisons against fields are not supported; offender [${r.text}] in [${text}]`, r.loc);
    }
    // `x == null` / `x != null` are existence tests.
    if (r.k === 'lit' && r.value === null && (operator === '==' || operator === '!=')) {
      return this.fold({ k: 'isnull', e: l, negated: operator === '!=', dt: 'boolean', loc, text });
    }
    // No type check here: a field compared with a constant becomes a term/range query that converts
    // the constant to the field's type when the query is built (failing there if it cannot), and a
    // script comparison of incompatible values is null.
    return this.fold({ k: 'cmp', op: operator, l, r, dt: 'boolean', loc, text });
  }

  private patternMatch(operator: ':' | 'like' | 'like~' | 'regex' | 'regex~', value: T, patterns: Literal[], loc: Loc, text: string): T {
    if (value.dt !== 'keyword' && value.dt !== 'null') {
      this.fail(`first argument of [${text}] must be [string], found value [${value.text}] type [${this.typeName(value)}]`, value.loc);
    }
    const strings: string[] = [];
    for (const p of patterns) {
      if (p.type !== 'string') this.fail(`second argument of [${text}] must be [string], found value [${this.sourceText(p.loc)}] type [${p.type}]`, p.loc);
      strings.push(p.value as string);
    }
    const parts: T[] = [];
    if (operator === ':') {
      // `:` without * or ? is a case-insensitive equality; with them, a case-insensitive `like`.
      const exact = strings.filter((s) => !hasWildcard(s));
      const wild = strings.filter((s) => hasWildcard(s));
      if (exact.length) parts.push({ k: 'match', op: 'ieq', ci: true, e: value, patterns: exact, dt: 'boolean', loc, text });
      if (wild.length) parts.push({ k: 'match', op: 'like', ci: true, e: value, patterns: wild, dt: 'boolean', loc, text });
    } else if (operator === 'like' || operator === 'like~') {
      parts.push({ k: 'match', op: 'like', ci: operator === 'like~', e: value, patterns: strings, dt: 'boolean', loc, text });
    } else {
      for (const s of strings) this.checkRegex(s, patterns[strings.indexOf(s)]?.loc ?? loc, value.k === 'field');
      parts.push({ k: 'match', op: 'regex', ci: operator === 'regex~', e: value, patterns: strings, dt: 'boolean', loc, text });
    }
    const combined = parts.reduce((a, b) => ({ k: 'logic', op: 'or', l: a, r: b, dt: 'boolean', loc, text }) as T);
    return this.fold(combined);
  }

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

  private call(e: Call, loc: Loc, text: string): T {
    const fn = lookupFunction(e.name);
    if (!fn) this.fail(`Unknown function [${e.name}]`, loc);
    const spec = fn as FunctionSpec;
    if (e.caseInsensitive && !spec.caseInsensitive) this.fail(`function [${e.name}] does not support case-insensitive matching (~)`, loc);
    const n = e.args.length;
    if (n < spec.minArgs || n > spec.maxArgs) {
      const expected = spec.maxArgs === Infinity ? `at least ${spec.minArgs}` : spec.minArgs === spec.maxArgs ? `${spec.minArgs}` : `${spec.minArgs} to ${spec.maxArgs}`;
      this.fail(`function [${spec.name}] takes ${expected} arguments, found [${n}]`, loc);
    }
    const args = e.args.map((a) => this.resolve(a));
    args.forEach((a, i) => {
      const ordinal = n === 1 ? '' : `${ORDINALS[i] ?? `argument ${i + 1}`} `;
      const kind = spec.argKind(i);
      const fieldIpRequired = kind === 'ip' && a.k === 'field' && a.dt !== 'ip';
      if (!acceptsKind(kind, a.dt) || fieldIpRequired) {
        const wanted = kind === 'numeric' ? 'numeric' : kind === 'string' ? 'string' : kind;
        this.fail(`${ordinal}argument of [${text}] must be [${wanted}], found value [${a.text}] type [${this.typeName(a)}]`, a.loc);
      }
      if (spec.constantArgs?.(i) && hasField(a)) this.fail(`${ordinal}argument of [${text}] must be a constant, received [${a.text}]`, a.loc);
    });
    const dt = spec.returnType(args.map((a) => a.dt));
    return this.fold({ k: 'call', fn: spec, ci: e.caseInsensitive, args, dt, loc, text });
  }

  /** Constant folding: an expression without fields is evaluated now, as Elasticsearch's optimizer does. */
  private fold(t: T): T {
    if (hasField(t)) return t;
    const value = this.evaluator(t, new Map())([]);
    const dt: DataType = value === null ? (t.dt === 'boolean' ? 'boolean' : 'null') : t.dt;
    return { k: 'lit', value, dt: t.k === 'call' && typeof value === 'number' && Number.isInteger(value) && t.fn.name === 'number' ? 'integer' : dt, loc: t.loc, text: t.text };
  }

  // ---- predicates ------------------------------------------------------------------------------

  /** Whether Elasticsearch turns this boolean expression into a Query DSL query (else a script). */
  private isQuery(t: T): boolean {
    switch (t.k) {
      case 'lit':
        return true;
      case 'logic':
        return true;
      case 'not':
        return this.isQuery(t.e);
      case 'cmp':
        return t.l.k === 'field' && t.r.k === 'lit';
      case 'match':
        return t.e.k === 'field';
      case 'in':
        return t.e.k === 'field' && t.list.every((x) => x.k === 'lit');
      case 'isnull':
        return t.e.k === 'field';
      case 'call': {
        const first = t.args[0];
        const restConstant = t.args.slice(1).every((a) => a.k === 'lit');
        const translatable = ['startsWith', 'endsWith', 'stringContains', 'cidrMatch'].includes(t.fn.name);
        return translatable && first !== undefined && first.k === 'field' && restConstant;
      }
      case 'field':
        return true;
      default:
        return false;
    }
  }

  private predicate(t: T): Pred {
    if (!this.isQuery(t)) return this.scriptPredicate(t, false);
    switch (t.k) {
      case 'lit':
        return t.value === true ? ALWAYS : NEVER;
      case 'logic': {
        // A chain of the same operator becomes one flat closure (fewer calls per document).
        const parts: Pred[] = [];
        const flatten = (x: T): void => {
          if (x.k === 'logic' && x.op === t.op) {
            flatten(x.l);
            flatten(x.r);
          } else {
            parts.push(this.predicate(x));
          }
        };
        flatten(t);
        const absorbing = t.op === 'and' ? NEVER : ALWAYS;
        const neutral = t.op === 'and' ? ALWAYS : NEVER;
        if (parts.includes(absorbing)) return absorbing;
        return t.op === 'and' ? all(parts.filter((p) => p !== neutral)) : any(parts.filter((p) => p !== neutral));
      }
      case 'not': {
        const inner = this.predicate(t.e);
        if (inner === ALWAYS) return NEVER;
        if (inner === NEVER) return ALWAYS;
        return (d) => !inner(d);
      }
      case 'isnull': {
        const exists = this.exists((t.e as Extract<T, { k: 'field' }>).field);
        return t.negated ? exists : (d) => !exists(d);
      }
      case 'field':
        return NEVER; // unreachable: bare fields were rewritten to `== true`
      case 'cmp':
        return this.fieldComparison(t);
      case 'match':
        return this.fieldMatch(t);
      case 'in':
        return this.fieldIn(t);
      case 'call':
        return this.fieldFunction(t);
      default:
        return this.scriptPredicate(t, false);
    }
  }

  private exists(field: FieldType): Pred {
    return makeFieldPredicate(field, indexedConverter(field), () => true);
  }

  /** A term-level test for one indexed value against a constant, per field family. */
  private termTest(field: FieldType, op: '==' | '!=' | '<' | '<=' | '>' | '>=', lit: Extract<T, { k: 'lit' }>, where: Loc): (v: never) => boolean {
    const value = lit.value;
    const fail = (why: string): never => this.fail(`failed to create query: ${why}`, where);
    switch (field.family) {
      case 'keyword': {
        let target = typeof value === 'number' ? (lit.dt === 'float' ? javaDoubleToString(value) : String(value)) : String(value);
        if (field.normalizer === 'lowercase') target = target.toLowerCase();
        return compareWith<string>(op, target, (a, b) => (a < b ? -1 : a > b ? 1 : 0)) as (v: never) => boolean;
      }
      case 'version':
        return compareWith<string>(op, String(value), compareVersions) as (v: never) => boolean;
      case 'integer':
      case 'float': {
        const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
        if (!Number.isFinite(n)) fail(`For input string: "${String(value)}"`);
        if (field.family === 'integer' && (op === '==' || op === '!=') && !Number.isInteger(n)) {
          // A term query for 7.5 on an integer field matches nothing.
          return (op === '==' ? () => false : () => true) as (v: never) => boolean;
        }
        const target = field.family === 'float' ? numericRounding(field)(n) : n;
        return compareWith<number>(op, target, (a, b) => a - b) as (v: never) => boolean;
      }
      case 'boolean': {
        const b = value === true || value === 'true' ? true : value === false || value === 'false' || value === '' ? false : fail(`Can't parse boolean value [${String(value)}], expected [true] or [false]`);
        return compareWith<boolean>(op, b, (x, y) => Number(x) - Number(y)) as (v: never) => boolean;
      }
      case 'date':
        return this.dateTest(field, op, value, fail) as (v: never) => boolean;
      case 'ip': {
        if (typeof value !== 'string') fail(`'${String(value)}' is not an IP string literal.`);
        const text = value as string;
        if (text.includes('/') && (op === '==' || op === '!=')) {
          // A term query on an ip field accepts CIDR notation.
          const range = parseCidr(text) ?? fail(`'${text}' is not an IP string literal.`);
          const inRange = (v: bigint): boolean => v >= range.low && v <= range.high;
          return (op === '==' ? inRange : (v: bigint) => !inRange(v)) as (v: never) => boolean;
        }
        const ip = parseIp(text) ?? fail(`'${text}' is not an IP string literal.`);
        return compareWith<bigint>(op, ip, (a, b) => (a < b ? -1 : a > b ? 1 : 0)) as (v: never) => boolean;
      }
      default:
        return (() => false) as (v: never) => boolean;
    }
  }

  /**
   * Date comparisons as range queries: a date string without every part rounds down for the lower
   * bound of gte/== and up for lte/==/gt (so == "2017-08-30T20:47:33Z" is that whole second);
   * values and bounds are cut to the field's resolution (milliseconds for `date`).
   * https://www.elastic.co/docs/reference/query-languages/query-dsl/query-dsl-range-query#range-query-date-math-rounding
   */
  private dateTest(field: FieldType, op: string, value: Value, fail: (why: string) => never): (v: EpochNanos) => boolean {
    const parse = (roundUp: boolean): EpochNanos => {
      const parsed = typeof value === 'number' || typeof value === 'string' ? parseDateValue(value, roundUp) : null;
      if (parsed === null) fail(`failed to parse date field [${String(value)}] with format [strict_date_optional_time||epoch_millis]`);
      const p = parsed as EpochNanos;
      return field.type === 'date' ? toMillisResolution(p) : p;
    };
    const low = parse(false);
    const high = parse(true);
    switch (op) {
      case '==':
        return (v) => v >= low && v <= high;
      case '!=':
        return (v) => v < low || v > high;
      case '<':
        return (v) => v < low;
      case '<=':
        return (v) => v <= high;
      case '>':
        return (v) => v > high;
      default:
        return (v) => v >= low;
    }
  }

  private fieldComparison(t: Extract<T, { k: 'cmp' }>): Pred {
    const field = (t.l as Extract<T, { k: 'field' }>).field;
    const lit = t.r as Extract<T, { k: 'lit' }>;
    if (lit.value === null) return NEVER; // `f < null` has no value
    // `!=` is must_not(term): true when no indexed value equals (also when the field is missing).
    if (t.op === '!=') {
      const eq = makeFieldPredicate(field, indexedConverter(field), this.termTest(field, '==', lit, lit.loc) as (v: unknown) => boolean);
      return (d) => !eq(d);
    }
    const test = this.termTest(field, t.op, lit, lit.loc);
    if (field.family === 'keyword') return makeKeywordPredicate(field, test as (v: string) => boolean);
    return makeFieldPredicate(field, indexedConverter(field), test as (v: unknown) => boolean);
  }

  /** `onField`: the test runs as a query on a keyword-family field (ASCII-only case folding), else in a script. */
  private stringTests(t: Extract<T, { k: 'match' }>, onField: boolean): StringTest[] {
    const mode: CaseMode = !t.ci ? 'sensitive' : onField ? 'ascii' : 'simple';
    return t.patterns.map((p) => {
      if (t.op === 'ieq') {
        if (onField) {
          const target = asciiFold(p);
          return (v: string) => asciiEqualsFolded(v, target);
        }
        const folded = foldCase(p);
        return (v: string) => equalsFolded(v, folded);
      }
      if (t.op === 'like') return eqlPatternTest(p, mode);
      return t.e.k === 'field' ? compileLuceneRegex(p, t.ci) : compileJavaRegex(p, t.ci);
    });
  }

  private fieldMatch(t: Extract<T, { k: 'match' }>): Pred {
    const field = (t.e as Extract<T, { k: 'field' }>).field;
    // A lowercase-normalized keyword field normalizes the query term as well.
    const normalized = field.normalizer === 'lowercase' && t.op !== 'ieq' ? { ...t, patterns: t.patterns.map((p) => p.toLowerCase()) } : t;
    const tests = this.stringTests(normalized, true);
    const test: StringTest = tests.length === 1 ? (tests[0] as StringTest) : (v) => tests.some((one) => one(v));
    return makeKeywordPredicate(field, test);
  }

  private fieldIn(t: Extract<T, { k: 'in' }>): Pred {
    const field = (t.e as Extract<T, { k: 'field' }>).field;
    const items = t.list.filter((x): x is Extract<T, { k: 'lit' }> => x.k === 'lit' && x.value !== null);
    if (items.length === 0) return NEVER;
    if (field.family === 'keyword' && !t.ci) {
      const lower = field.normalizer === 'lowercase';
      const set = new Set(items.map((x) => (typeof x.value === 'number' && x.dt === 'float' ? javaDoubleToString(x.value) : String(x.value))).map((s) => (lower ? s.toLowerCase() : s)));
      return makeKeywordPredicate(field, (v: string) => set.has(v));
    }
    if (field.family === 'keyword') {
      // Case-insensitive term queries: ASCII-only folding (../matching/ascii-fold.ts).
      const set = new Set(items.map((x) => asciiFold(String(x.value))));
      return makeKeywordPredicate(field, (v: string) => set.has(asciiFold(v)));
    }
    const tests = items.map((x) => this.termTest(field, '==', x, x.loc) as (v: unknown) => boolean);
    return makeFieldPredicate(field, indexedConverter(field), (v: unknown) => tests.some((test) => test(v)));
  }

  /** startsWith -> prefix query; endsWith / stringContains -> wildcard query; cidrMatch -> terms query. */
  private fieldFunction(t: Extract<T, { k: 'call' }>): Pred {
    const field = (t.args[0] as Extract<T, { k: 'field' }>).field;
    const constants = t.args.slice(1).map((a) => (a as Extract<T, { k: 'lit' }>).value);
    if (t.fn.name === 'cidrMatch') {
      const ranges = constants.filter((c): c is string => typeof c === 'string').map((c) => parseCidr(c));
      if (ranges.some((r) => r === null)) this.fail(`failed to create query: invalid CIDR in [${t.text}]`, t.loc);
      const valid = ranges as { low: bigint; high: bigint }[];
      return makeFieldPredicate(field, ipConverter(field), (v: bigint) => valid.some((r) => v >= r.low && v <= r.high));
    }
    const arg = constants[0];
    if (typeof arg !== 'string') return NEVER; // f(x, null) has no value: the query matches nothing
    let test: StringTest;
    if (t.fn.name === 'startsWith') {
      // A prefix query with case_insensitive: ASCII-only folding (../matching/ascii-fold.ts).
      const folded = asciiFold(arg);
      test = t.ci ? (v) => asciiFold(v).startsWith(folded) : (v) => v.startsWith(arg);
    } else {
      // The text goes into a Lucene wildcard query as is: `*` and `?` in it are wildcards and a
      // backslash escapes the next character (QueryTranslator.CaseInsensitiveScalarFunctions).
      const pattern = t.fn.name === 'endsWith' ? `*${arg}` : `*${arg}*`;
      test = compileWildcard(luceneWildcardSegments(pattern), t.ci ? 'ascii' : 'sensitive');
    }
    return makeKeywordPredicate(field, test);
  }

  // ---- scripts -----------------------------------------------------------------------------------

  /** A script predicate over every combination of the values of the fields it reads. */
  private scriptPredicate(t: T, negatedIn: boolean): Pred {
    let negated = negatedIn;
    let body = t;
    while (body.k === 'not' && !this.isQuery(body.e)) {
      negated = !negated;
      body = body.e;
    }
    const slots = new Map<Extract<T, { k: 'field' }>, number>();
    const fieldsBySlot: FieldType[] = [];
    const collectSlots = (x: T): void => {
      if (x.k === 'field') {
        slots.set(x, fieldsBySlot.length);
        fieldsBySlot.push(x.field);
        return;
      }
      for (const child of children(x)) collectSlots(child);
    };
    collectSlots(body);
    const evaluate = this.evaluator(body, slots);
    const collectors = fieldsBySlot.map((f) => makeFieldCollector(f, scriptValueConverter(f)));
    const lists: Value[][] = fieldsBySlot.map(() => []);
    const env: Value[] = fieldsBySlot.map(() => null);
    const n = fieldsBySlot.length;
    const tryFrom = (i: number): boolean => {
      if (i === n) return evaluate(env) === true;
      const list = lists[i] as Value[];
      if (list.length === 0) {
        env[i] = null; // a missing field is one null value
        return tryFrom(i + 1);
      }
      for (let k = 0; k < list.length; k++) {
        env[i] = list[k] as Value;
        if (tryFrom(i + 1)) return true;
      }
      return false;
    };
    return (doc) => {
      for (let i = 0; i < n; i++) (collectors[i] as (d: object, out: Value[]) => void)(doc, lists[i] as Value[]);
      const result = tryFrom(0);
      return negated ? !result : result;
    };
  }

  /** Compiles a value expression with script semantics; fields read from `env` by slot. */
  private evaluator(t: T, slots: Map<Extract<T, { k: 'field' }>, number>): (env: Value[]) => Value {
    switch (t.k) {
      case 'lit': {
        const v = t.value;
        return () => v;
      }
      case 'field': {
        const slot = slots.get(t) ?? -1;
        return (env) => env[slot] ?? null;
      }
      case 'not': {
        const e = this.evaluator(t.e, slots);
        return (env) => {
          const v = e(env);
          return v === null ? null : !v;
        };
      }
      case 'logic': {
        const l = this.evaluator(t.l, slots);
        const r = this.evaluator(t.r, slots);
        // Three-valued logic inside scripts, as SQL: null and false = false, null or true = true.
        return t.op === 'and'
          ? (env) => {
              const a = l(env);
              if (a === false) return false;
              const b = r(env);
              if (b === false) return false;
              return a === null || b === null ? null : true;
            }
          : (env) => {
              const a = l(env);
              if (a === true) return true;
              const b = r(env);
              if (b === true) return true;
              return a === null || b === null ? null : false;
            };
      }
      case 'cmp': {
        const l = this.evaluator(t.l, slots);
        const r = this.evaluator(t.r, slots);
        const op = t.op;
        const ldt = t.l.dt;
        const rdt = t.r.dt;
        return (env) => {
          const c = compareScript(l(env), r(env), ldt, rdt);
          if (c === null) return null;
          switch (op) {
            case '==':
              return c === 0;
            case '!=':
              return c !== 0;
            case '<':
              return c < 0;
            case '<=':
              return c <= 0;
            case '>':
              return c > 0;
            default:
              return c >= 0;
          }
        };
      }
      case 'match': {
        const e = this.evaluator(t.e, slots);
        const tests = this.stringTests({ ...t, e: { ...t.e, k: 'lit', value: null, dt: 'keyword' } as T }, false);
        return (env) => {
          const v = e(env);
          if (typeof v !== 'string') return null;
          for (const test of tests) if (test(v)) return true;
          return false;
        };
      }
      case 'in': {
        const e = this.evaluator(t.e, slots);
        const items = t.list.map((x) => this.evaluator(x, slots));
        const ci = t.ci;
        const edt = t.e.dt;
        return (env) => {
          const v = e(env);
          if (v === null) return null;
          let sawNull = false;
          for (const item of items) {
            const x = item(env);
            if (x === null) {
              sawNull = true;
              continue;
            }
            if (ci && typeof v === 'string' && typeof x === 'string' ? foldCase(v) === foldCase(x) : compareScript(v, x, edt, edt) === 0) return true;
          }
          return sawNull ? null : false;
        };
      }
      case 'isnull': {
        const e = this.evaluator(t.e, slots);
        return t.negated ? (env) => e(env) !== null : (env) => e(env) === null;
      }
      case 'arith': {
        const l = this.evaluator(t.l, slots);
        const r = this.evaluator(t.r, slots);
        const op = ARITHMETIC[t.op];
        const integer = t.dt === 'integer';
        return (env) => {
          const a = l(env);
          const b = r(env);
          if (typeof a !== 'number' || typeof b !== 'number') return null;
          return op(a, b, integer);
        };
      }
      case 'neg': {
        const e = this.evaluator(t.e, slots);
        return (env) => {
          const v = e(env);
          return typeof v === 'number' ? -v : null;
        };
      }
      case 'call': {
        const args = t.args.map((a) => this.evaluator(a, slots));
        const types = t.args.map((a) => a.dt);
        const fn = t.fn;
        const ci = t.ci;
        const values: Value[] = new Array<Value>(args.length).fill(null);
        return (env) => {
          for (let i = 0; i < args.length; i++) values[i] = (args[i] as (env: Value[]) => Value)(env);
          return fn.evaluate(values, ci, types);
        };
      }
    }
  }
}

function all(parts: Pred[]): Pred {
  const [a, b, c, d] = parts as [Pred, Pred, Pred, Pred];
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
        for (let i = 0; i < parts.length; i++) if (!(parts[i] as Pred)(doc)) return false;
        return true;
      };
  }
}

function any(parts: Pred[]): Pred {
  const [a, b, c, d] = parts as [Pred, Pred, Pred, Pred];
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
        for (let i = 0; i < parts.length; i++) if ((parts[i] as Pred)(doc)) return true;
        return false;
      };
  }
}

function children(t: T): T[] {
  switch (t.k) {
    case 'lit':
    case 'field':
      return [];
    case 'not':
    case 'neg':
    case 'isnull':
    case 'match':
      return [t.e];
    case 'in':
      return [t.e, ...t.list];
    case 'logic':
    case 'cmp':
    case 'arith':
      return [t.l, t.r];
    case 'call':
      return t.args;
  }
}

function compareWith<V>(op: string, target: V, cmp: (a: V, b: V) => number): (v: V) => boolean {
  switch (op) {
    case '==':
      if (typeof target === 'string' || typeof target === 'number' || typeof target === 'boolean') return (v) => v === target;
      return (v) => cmp(v, target) === 0;
    case '!=':
      return (v) => cmp(v, target) !== 0;
    case '<':
      return (v) => cmp(v, target) < 0;
    case '<=':
      return (v) => cmp(v, target) <= 0;
    case '>':
      return (v) => cmp(v, target) > 0;
    default:
      return (v) => cmp(v, target) >= 0;
  }
}

/**
 * Script comparison (ql Comparisons.compare): numbers by value, strings by UTF-16 order, booleans,
 * dates; anything else (a string against a number) is not comparable and gives null.
 */
function compareScript(a: Value, b: Value, adt: DataType, bdt: DataType): number | null {
  if (a === null || b === null) return null;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : a === b ? 0 : null;
  if (typeof a === 'string' && typeof b === 'string') {
    if (adt === 'version' || bdt === 'version') return compareVersions(a, b);
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'bigint') {
    const other = typeof b === 'bigint' ? b : parseDateValue(b as string | number);
    if (other === null) return null;
    return a < other ? -1 : a > other ? 1 : 0;
  }
  return null;
}
