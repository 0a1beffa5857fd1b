// Prints an EQL AST back as normalized query text: one spelling per construct (lowercase keywords,
// double-quoted strings with escapes, backquotes only where a field name needs them, parentheses
// only where precedence needs them). Parsing the printed text gives the same tree (test/eql covers it).
import type { EqlQuery, EventFilter, Expr, Pipe, SequenceStage } from './ast.js';
import { KEYWORDS } from './lexer.js';

// Binding strength, loosest first: or, and, not, comparison, + -, * / %, unary, primary.
const PRECEDENCE = { or: 1, and: 2, not: 3, comparison: 4, additive: 5, multiplicative: 6, unary: 7, primary: 8 } as const;

function precedenceOf(e: Expr): number {
  switch (e.kind) {
    case 'Logical':
      return e.operator === 'or' ? PRECEDENCE.or : PRECEDENCE.and;
    case 'Not':
      return PRECEDENCE.not;
    case 'Comparison':
      return PRECEDENCE.comparison;
    case 'Arithmetic':
      return e.operator === '+' || e.operator === '-' ? PRECEDENCE.additive : PRECEDENCE.multiplicative;
    case 'Unary':
      return PRECEDENCE.unary;
    case 'PatternMatch':
    case 'InList':
      // The grammar attaches these to a primary expression.
      return PRECEDENCE.unary;
    default:
      return PRECEDENCE.primary;
  }
}

export function printString(value: string): string {
  let out = '"';
  for (const ch of value) {
    switch (ch) {
      case '"':
        out += '\\"';
        break;
      case '\\':
        out += '\\\\';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      case '\b':
        out += '\\b';
        break;
      case '\f':
        out += '\\f';
        break;
      default: {
        const cp = ch.codePointAt(0) as number;
        out += cp < 0x20 || cp === 0x7f ? `\\u{${cp.toString(16).padStart(2, '0')}}` : ch;
      }
    }
  }
  return out + '"';
}

const PLAIN_SEGMENT = /^[A-Za-z_@][A-Za-z0-9_]*$/;

export function printFieldName(name: string): string {
  const segments = name.split('.');
  if (segments.every((s) => PLAIN_SEGMENT.test(s) && !KEYWORDS.has(s))) return name;
  return '`' + name.replace(/`/g, '``') + '`';
}

function printNumber(value: number, decimal: boolean): string {
  const s = String(value);
  return decimal && !/[.eE]/.test(s) ? `${s}.0` : s;
}

export function printExpr(e: Expr, parentPrecedence = 0): string {
  const own = precedenceOf(e);
  const text = printBare(e);
  return own < parentPrecedence ? `(${text})` : text;
}

function printBare(e: Expr): string {
  switch (e.kind) {
    case 'Literal':
      if (e.type === 'string') return printString(e.value as string);
      if (e.type === 'null') return 'null';
      if (e.type === 'boolean') return e.value ? 'true' : 'false';
      return printNumber(e.value as number, e.type === 'decimal');
    case 'FieldRef':
      return (e.optional ? '?' : '') + printFieldName(e.name);
    case 'Not':
      return `not ${printExpr(e.operand, PRECEDENCE.not)}`;
    case 'Logical': {
      const p = e.operator === 'or' ? PRECEDENCE.or : PRECEDENCE.and;
      // Left-associative: the right operand needs parentheses at equal precedence. An `and` inside
      // an `or` gets parentheses too, for the reader (the grouping is the same).
      const side = (x: Expr, min: number): string => (e.operator === 'or' && x.kind === 'Logical' && x.operator === 'and' ? `(${printExpr(x)})` : printExpr(x, min));
      return `${side(e.left, p)} ${e.operator} ${side(e.right, p + 1)}`;
    }
    case 'Comparison':
      return `${printExpr(e.left, PRECEDENCE.comparison + 1)} ${e.operator} ${printExpr(e.right, PRECEDENCE.comparison + 1)}`;
    case 'Arithmetic': {
      const p = precedenceOf(e);
      return `${printExpr(e.left, p)} ${e.operator} ${printExpr(e.right, p + 1)}`;
    }
    case 'Unary':
      return `${e.operator}${printExpr(e.operand, PRECEDENCE.unary)}`;
    case 'PatternMatch': {
      const patterns = e.patterns.map((p) => printExpr(p)).join(', ');
      const rhs = e.list || e.patterns.length > 1 ? `(${patterns})` : patterns;
      const op = e.operator === ':' ? ' : ' : ` ${e.operator} `;
      return `${printExpr(e.value, PRECEDENCE.primary)}${op}${rhs}`;
    }
    case 'InList': {
      const kw = `${e.negated ? 'not ' : ''}${e.caseInsensitive ? 'in~' : 'in'}`;
      return `${printExpr(e.value, PRECEDENCE.primary)} ${kw} (${e.list.map((x) => printExpr(x)).join(', ')})`;
    }
    case 'Call':
      return `${e.name}${e.caseInsensitive ? '~' : ''}(${e.args.map((a) => printExpr(a)).join(', ')})`;
  }
}

function printCategory(category: string | null): string {
  if (category === null) return 'any';
  return PLAIN_SEGMENT.test(category) && !KEYWORDS.has(category) ? category : printString(category);
}

export function printEventFilter(filter: EventFilter): string {
  return `${printCategory(filter.category)} where ${printExpr(filter.condition)}`;
}

function printKeys(keys: Expr[]): string {
  return keys.length ? ` by ${keys.map((k) => printExpr(k)).join(', ')}` : '';
}

function printStage(stage: SequenceStage): string {
  const runs = stage.runs !== null ? ` with runs=${stage.runs}` : '';
  return `  ${stage.missing ? '!' : ''}[${printEventFilter(stage.filter)}]${printKeys(stage.by)}${runs}`;
}

function printPipes(pipes: Pipe[]): string {
  return pipes.map((p) => ` | ${p.name} ${p.count}`).join('');
}

/** The whole query as normalized text. */
export function printEql(query: EqlQuery): string {
  switch (query.kind) {
    case 'EventQuery':
      return printEventFilter(query.filter) + printPipes(query.pipes);
    case 'SequenceQuery': {
      const head = `sequence${printKeys(query.by)}${query.maxspan ? ` with maxspan=${query.maxspan.value}${query.maxspan.unit}` : ''}`;
      const until = query.until ? `\nuntil ${printStage(query.until).trim()}` : '';
      return `${head}\n${query.stages.map(printStage).join('\n')}${until}${printPipes(query.pipes)}`;
    }
    case 'SampleQuery':
      return `sample${printKeys(query.by)}\n${query.stages.map(printStage).join('\n')}${printPipes(query.pipes)}`;
  }
}

/**
 * The query with the category filter written out, as Elasticsearch runs it:
 * `process where c` becomes `any where event.category == "process" and (c)`.
 */
export function printExpanded(query: EqlQuery, eventCategoryField = 'event.category'): string {
  const expand = (filter: EventFilter): string => {
    if (filter.category === null) return printEventFilter(filter);
    const category = `${printFieldName(eventCategoryField)} == ${printString(filter.category)}`;
    return `any where ${category} and ${printExpr(filter.condition, PRECEDENCE.and + 1)}`;
  };
  if (query.kind === 'EventQuery') return expand(query.filter) + printPipes(query.pipes);
  const stage = (st: SequenceStage): string => `${st.missing ? '!' : ''}[${expand(st.filter)}]${printKeys(st.by)}${st.runs !== null ? ` with runs=${st.runs}` : ''}`;
  const head = printEql(query).split('\n')[0] as string;
  const until = query.kind === 'SequenceQuery' && query.until ? `\nuntil ${stage(query.until)}` : '';
  return `${head}\n${query.stages.map((st) => `  ${stage(st)}`).join('\n')}${until}${printPipes(query.pipes)}`;
}
