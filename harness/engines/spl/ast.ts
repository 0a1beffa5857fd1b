// The SPL syntax tree. Plain data (no classes, no functions), so other parts of the harness can walk it,
// e.g. to derive a literal prefilter for streaming scans. Every node carries `span`: 0-based offsets
// [start, end) into the text the parser was given (the query after macro expansion and comment removal;
// see macros.ts for mapping offsets back to the original query).
//
// Layout follows graphql-js's language/ast: one discriminated union per syntactic category.

export interface Span {
  start: number;
  end: number;
}

/** A whole search: commands separated by `|`. */
export interface Pipeline {
  kind: 'pipeline';
  /** True when the text starts with `|` (a generating command such as `| tstats` comes first). */
  leadingPipe: boolean;
  commands: Command[];
  span: Span;
}

export type Command =
  | SearchCommand
  | WhereCommand
  | EvalCommand
  | TableCommand
  | FieldsCommand
  | RenameCommand
  | BinCommand
  | StatsCommand
  | DedupCommand
  | SortCommand
  | HeadCommand
  | TailCommand
  | GenericCommand;

/** What every command has: its name as written, where the name is, and the whole command's span. */
export interface CommandHead {
  /** The command name as written (`bucket` for `bin`'s alias, `search` for the implicit first search). */
  name: string;
  /** Span of the command name (for the implicit search: the start of the search text, zero width). */
  nameSpan: Span;
  span: Span;
}

/** `search <expr>`, also the implicit search at the start of a query. */
export interface SearchCommand extends CommandHead {
  kind: 'search';
  implicit: boolean;
  /** Null for an empty search (`search` alone or an empty query): matches every event. */
  expr: SearchExpr | null;
}

export interface WhereCommand extends CommandHead {
  kind: 'where';
  expr: EvalExpr;
}

export interface EvalAssignment {
  field: string;
  expr: EvalExpr;
  span: Span;
}

export interface EvalCommand extends CommandHead {
  kind: 'eval';
  assignments: EvalAssignment[];
}

/** A field name as written; may contain `*` wildcards. */
export interface FieldPattern {
  name: string;
  span: Span;
}

export interface TableCommand extends CommandHead {
  kind: 'table';
  fields: FieldPattern[];
}

export interface FieldsCommand extends CommandHead {
  kind: 'fields';
  /** `+` keeps the listed fields (the default), `-` removes them. */
  mode: '+' | '-';
  fields: FieldPattern[];
}

export interface RenameCommand extends CommandHead {
  kind: 'rename';
  renames: { from: FieldPattern; to: FieldPattern }[];
}

export interface BinCommand extends CommandHead {
  kind: 'bin';
  /** Options as written: span, bins, minspan, start, end, aligntime. */
  options: OptionArg[];
  /** The field to discretize; null when the search names none (see the `bin` command for what that means). */
  field: FieldPattern | null;
  as: FieldPattern | null;
}

export interface StatsAggregation {
  /** Function name, lower-cased (`count`, `values`, `dc`, ...). */
  fn: string;
  /** `count` alone has no argument; `values(*)` has a field pattern; `count(eval(...))` an expression. */
  arg: { kind: 'field'; name: string; span: Span } | { kind: 'eval'; expr: EvalExpr; span: Span } | null;
  /** `AS name`; may contain `*` when the argument does (`values(*) AS *`). */
  as: FieldPattern | null;
  span: Span;
}

export interface StatsCommand extends CommandHead {
  kind: 'stats';
  /** Options before the first function (`allnum=`, `delim=`, `partitions=`, `dedup_splitvals=`). */
  options: OptionArg[];
  aggregations: StatsAggregation[];
  by: FieldPattern[];
}

export interface DedupCommand extends CommandHead {
  kind: 'dedup';
  /** Number of events to keep per combination (default 1). */
  count: number;
  fields: FieldPattern[];
  options: OptionArg[];
  /** `sortby` clause, if any. */
  sortBy: SortKey[];
}

export interface SortKey {
  field: string;
  descending: boolean;
  /** `auto(x)`, `str(x)`, `num(x)`, `ip(x)`; `auto` when not written. */
  type: 'auto' | 'str' | 'num' | 'ip';
  span: Span;
}

export interface SortCommand extends CommandHead {
  kind: 'sort';
  /** Results to return; null = the default limit of 10000; 0 = all. */
  limit: number | null;
  keys: SortKey[];
  /** Trailing `desc` / `d`: reverses the whole result. */
  reverse: boolean;
}

export interface HeadCommand extends CommandHead {
  kind: 'head';
  /** Results to return (default 10). */
  count: number;
  /** `head (<eval-expr>)`: return results while the expression is true. */
  expr: EvalExpr | null;
  options: OptionArg[];
}

export interface TailCommand extends CommandHead {
  kind: 'tail';
  count: number;
}

/** Any other command: parsed into generic arguments so that every search parses; running it is refused. */
export interface GenericCommand extends CommandHead {
  kind: 'generic';
  args: GenericArg[];
}

export type GenericArg =
  | { kind: 'word'; text: string; span: Span }
  | { kind: 'string'; value: string; span: Span }
  | OptionArg
  | { kind: 'subsearch'; pipeline: Pipeline; span: Span }
  | { kind: 'group'; args: GenericArg[]; span: Span }
  | { kind: 'by'; fields: FieldPattern[]; span: Span }
  | { kind: 'punct'; text: string; span: Span };

/** `key=value` (value may be quoted or a parenthesised group). */
export interface OptionArg {
  kind: 'option';
  key: string;
  value: GenericArg;
  span: Span;
}

// ---- search expressions (the `search` command and the base search) --------------------------------

export type SearchExpr = SearchAnd | SearchOr | SearchNot | SearchTerm | SearchCompare | SearchIn | SearchSubsearch;

/** Implicit or explicit AND. Binds looser than OR in the search command. */
export interface SearchAnd {
  kind: 'and';
  items: SearchExpr[];
  span: Span;
}

export interface SearchOr {
  kind: 'or';
  items: SearchExpr[];
  span: Span;
}

export interface SearchNot {
  kind: 'not';
  expr: SearchExpr;
  span: Span;
}

/**
 * A keyword, quoted phrase, `TERM(...)` or `CASE(...)` term, matched against the raw event text:
 * first its index terms in the lexicon, then the text itself in `_raw`.
 */
export interface SearchTerm {
  kind: 'term';
  /** The term with search escapes (`\\`, `\"`, `\|`, ...) already resolved; `*` is a wildcard. */
  text: string;
  /** Written in double quotes. */
  quoted: boolean;
  /** Inside `TERM(...)`: must be one whole index term. */
  term: boolean;
  /** Inside `CASE(...)`: matched case-sensitively. */
  caseSensitive: boolean;
  span: Span;
}

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** `field=value`, `field!=value`, `field<value`, ...; `index=`, `sourcetype=`, `host=`, `source=` included. */
export interface SearchCompare {
  kind: 'compare';
  field: string;
  op: CompareOp;
  /** The value with escapes resolved; `*` is a wildcard for `=` and `!=`. */
  value: string;
  valueQuoted: boolean;
  /** Inside `CASE(...)`. */
  caseSensitive: boolean;
  span: Span;
}

/** `field IN (v1, v2, ...)`: true when the field equals any value (wildcards allowed). */
export interface SearchIn {
  kind: 'in';
  field: string;
  values: { text: string; quoted: boolean; span: Span }[];
  span: Span;
}

/** `[ subsearch ]` used as a search term. */
export interface SearchSubsearch {
  kind: 'subsearch';
  pipeline: Pipeline;
  span: Span;
}

// ---- eval expressions (`eval`, `where`, `stats ... eval(...)`) ------------------------------------

export type EvalExpr = EvalLiteral | EvalField | EvalCall | EvalBinary | EvalUnary;

export interface EvalLiteral {
  kind: 'literal';
  /** Strings from double quotes, numbers, or null for `null()`-like literals. */
  value: string | number;
  span: Span;
}

/** A field reference: a bare name, or a name in single quotes. */
export interface EvalField {
  kind: 'field';
  name: string;
  span: Span;
}

export interface EvalCall {
  kind: 'call';
  /** Function name, lower-cased. */
  name: string;
  args: EvalExpr[];
  nameSpan: Span;
  span: Span;
}

export type EvalBinaryOp =
  | 'OR'
  | 'XOR'
  | 'AND'
  | '='
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'LIKE'
  | 'IN'
  | '+'
  | '-'
  | '.'
  | '*'
  | '/'
  | '%';

export interface EvalBinary {
  kind: 'binary';
  op: EvalBinaryOp;
  left: EvalExpr;
  /** For `IN`, a call node named `(list)` holding the values. */
  right: EvalExpr;
  opSpan: Span;
  span: Span;
}

export interface EvalUnary {
  kind: 'unary';
  op: 'NOT' | '-' | '+';
  operand: EvalExpr;
  span: Span;
}

/** Depth-first visit of every search expression node under `expr` (including itself). */
export function walkSearchExpr(expr: SearchExpr, visit: (node: SearchExpr) => void): void {
  visit(expr);
  if (expr.kind === 'and' || expr.kind === 'or') for (const item of expr.items) walkSearchExpr(item, visit);
  else if (expr.kind === 'not') walkSearchExpr(expr.expr, visit);
}
