// The EQL abstract syntax tree: plain, serialisable objects (no classes, no methods), so other
// parts of the project can walk them (the printer, the compiler, a literal prefilter for streaming
// scans). Every node carries `loc`, 0-based UTF-16 offsets into the query text, for error messages.
//
// Grammar followed: Elasticsearch's EQL (x-pack/plugin/eql EqlBase.g4, read, not copied) as
// documented at https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax.
// Parentheses leave no node: the tree's shape is the grouping.

/** Half-open range [start, end) of 0-based offsets into the query text. */
export interface Loc {
  start: number;
  end: number;
}

/** A parsed query: one event query, a sequence or a sample, then its pipes. */
export type EqlQuery = EventQuery | SequenceQuery | SampleQuery;

interface QueryBase {
  /** The query text the offsets point into. */
  text: string;
  /** File or label the text came from, for error messages (`<query>` when not given). */
  file: string;
  /** `| head N`, `| tail N` in order. Elasticsearch supports no other pipe. */
  pipes: Pipe[];
  loc: Loc;
}

/** `<category> where <condition>` or `any where <condition>`. */
export interface EventQuery extends QueryBase {
  kind: 'EventQuery';
  filter: EventFilter;
}

/** `sequence [by k, ...] [with maxspan=T] stage stage+ [until stage]`. */
export interface SequenceQuery extends QueryBase {
  kind: 'SequenceQuery';
  /** Keys shared by every stage (`sequence by ...`). */
  by: Expr[];
  maxspan: TimeSpan | null;
  stages: SequenceStage[];
  until: SequenceStage | null;
}

/** `sample [by k, ...] stage stage+` (unordered). */
export interface SampleQuery extends QueryBase {
  kind: 'SampleQuery';
  by: Expr[];
  stages: SequenceStage[];
}

export interface SequenceStage {
  kind: 'SequenceStage';
  filter: EventFilter;
  /** Stage-specific join keys (`[...] by a, b`). */
  by: Expr[];
  /** `with runs=N`: the stage repeats N times. null when not given. */
  runs: number | null;
  /** `![ ... ]`: a missing-event stage. */
  missing: boolean;
  loc: Loc;
}

export interface EventFilter {
  kind: 'EventFilter';
  /** Event category name, or null for `any`. */
  category: string | null;
  categoryLoc: Loc;
  condition: Expr;
  loc: Loc;
}

export interface TimeSpan {
  kind: 'TimeSpan';
  value: number;
  /** As written: `ms`, `s`, `m`, `h`, `d` (none means milliseconds). */
  unit: 'ms' | 's' | 'm' | 'h' | 'd';
  /** The span in milliseconds. */
  millis: number;
  loc: Loc;
}

export interface Pipe {
  kind: 'Pipe';
  name: 'head' | 'tail';
  count: number;
  loc: Loc;
}

export type Expr =
  | Literal
  | FieldRef
  | Not
  | Logical
  | Comparison
  | PatternMatch
  | InList
  | Arithmetic
  | Unary
  | Call;

export type LiteralValue = string | number | boolean | null;

export interface Literal {
  kind: 'Literal';
  value: LiteralValue;
  /** `integer` and `decimal` are Elasticsearch's integer and double literal types. */
  type: 'string' | 'integer' | 'decimal' | 'boolean' | 'null';
  loc: Loc;
}

/** A field: `process.name`, `` `my-field` ``, `?user.id` (optional). */
export interface FieldRef {
  kind: 'FieldRef';
  /** The full dotted name, as Elasticsearch resolves it (`a.b`, or `` `a.b` `` which is the same field). */
  name: string;
  /** `?name`: an unmapped optional field reads as null instead of failing the query. */
  optional: boolean;
  loc: Loc;
}

export interface Not {
  kind: 'Not';
  operand: Expr;
  loc: Loc;
}

export interface Logical {
  kind: 'Logical';
  operator: 'and' | 'or';
  left: Expr;
  right: Expr;
  loc: Loc;
}

export type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';

export interface Comparison {
  kind: 'Comparison';
  operator: ComparisonOperator;
  left: Expr;
  right: Expr;
  loc: Loc;
}

/**
 * `value : pattern`, `value like pattern`, `value regex pattern` and their `~` (case-insensitive)
 * forms, each against one constant or a parenthesised list of constants (any may match).
 * `:` is case-insensitive; `*` and `?` in its patterns are wildcards.
 */
export interface PatternMatch {
  kind: 'PatternMatch';
  operator: ':' | 'like' | 'like~' | 'regex' | 'regex~';
  value: Expr;
  patterns: Literal[];
  /** Written with parentheses (`: ("a", "b")`). */
  list: boolean;
  loc: Loc;
}

/** `value in (...)`, `value not in (...)`, `in~` (case-insensitive). */
export interface InList {
  kind: 'InList';
  value: Expr;
  list: Expr[];
  negated: boolean;
  caseInsensitive: boolean;
  loc: Loc;
}

export interface Arithmetic {
  kind: 'Arithmetic';
  operator: '+' | '-' | '*' | '/' | '%';
  left: Expr;
  right: Expr;
  loc: Loc;
}

export interface Unary {
  kind: 'Unary';
  operator: '-' | '+';
  operand: Expr;
  loc: Loc;
}

/** A function call. `name` as written; `caseInsensitive` for the `name~(...)` form. */
export interface Call {
  kind: 'Call';
  name: string;
  caseInsensitive: boolean;
  args: Expr[];
  loc: Loc;
}

/** Visits `expr` and every expression below it, parents first. */
export function walkExpr(expr: Expr, visit: (node: Expr) => void): void {
  visit(expr);
  switch (expr.kind) {
    case 'Not':
    case 'Unary':
      walkExpr(expr.operand, visit);
      break;
    case 'Logical':
    case 'Comparison':
    case 'Arithmetic':
      walkExpr(expr.left, visit);
      walkExpr(expr.right, visit);
      break;
    case 'PatternMatch':
      walkExpr(expr.value, visit);
      for (const p of expr.patterns) walkExpr(p, visit);
      break;
    case 'InList':
      walkExpr(expr.value, visit);
      for (const e of expr.list) walkExpr(e, visit);
      break;
    case 'Call':
      for (const a of expr.args) walkExpr(a, visit);
      break;
    case 'Literal':
    case 'FieldRef':
      break;
  }
}

/** Every field a query names (conditions and join keys), in order of appearance, without duplicates. */
export function referencedFields(query: EqlQuery): FieldRef[] {
  const seen = new Map<string, FieldRef>();
  const add = (e: Expr): void =>
    walkExpr(e, (n) => {
      if (n.kind === 'FieldRef' && !seen.has(n.name)) seen.set(n.name, n);
    });
  if (query.kind !== 'EventQuery') {
    for (const k of query.by) add(k);
    const stages = query.kind === 'SequenceQuery' && query.until ? [...query.stages, query.until] : query.stages;
    for (const s of stages) {
      add(s.filter.condition);
      for (const k of s.by) add(k);
    }
  } else {
    add(query.filter.condition);
  }
  return [...seen.values()];
}
