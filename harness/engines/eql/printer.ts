// Prints an EQL AST back as normalized query text: one spelling per construct (lowercase keywords,
// double-quoted strings with escapes, backquotes only where a field name needs them, parentheses
// only where precedence needs them). Parsing the printed text gives the same tree (test/eql covers it).
import type { EqlQuery, EventFilter, Expr, Pipe, SequenceStage } from './ast.js';
import { KEYWORDS } from './lexer.js';

// Binding strength, loosest first: or, and, not, comparison, + -, * / %, unary, primary.
const PRECEDENCE = { or: 1, and: 2, not: 3, comparison: 4, additive: 5, multiplicative: 6, unary: 7, primary: 8 } as const;

function precedenceOf(expression: Expr): number {
  switch (expression.kind) {
    case 'Logical':
      return expression.operator === 'or' ? PRECEDENCE.or : PRECEDENCE.and;
    case 'Not':
      return PRECEDENCE.not;
    case 'Comparison':
      return PRECEDENCE.comparison;
    case 'Arithmetic':
      return expression.operator === '+' || expression.operator === '-' ? PRECEDENCE.additive : PRECEDENCE.multiplicative;
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
  if (segments.every((segment) => PLAIN_SEGMENT.test(segment) && !KEYWORDS.has(segment))) return name;
  return '`' + name.replace(/`/g, '``') + '`';
}

function printNumber(value: number, decimal: boolean): string {
  const digits = String(value);
  return decimal && !/[.eE]/.test(digits) ? `${digits}.0` : digits;
}

export function printExpr(expression: Expr, parentPrecedence = 0): string {
  const own = precedenceOf(expression);
  const text = printBare(expression);
  return own < parentPrecedence ? `(${text})` : text;
}

function printBare(expression: Expr): string {
  switch (expression.kind) {
    case 'Literal':
      if (expression.type === 'string') return printString(expression.value as string);
      if (expression.type === 'null') return 'null';
      if (expression.type === 'boolean') return expression.value ? 'true' : 'false';
      return printNumber(expression.value as number, expression.type === 'decimal');
    case 'FieldRef':
      return (expression.optional ? '?' : '') + printFieldName(expression.name);
    case 'Not':
      return `not ${printExpr(expression.operand, PRECEDENCE.not)}`;
    case 'Logical': {
      const precedence = expression.operator === 'or' ? PRECEDENCE.or : PRECEDENCE.and;
      // Left-associative: the right operand needs parentheses at equal precedence. An `and` inside
      // an `or` gets parentheses too, for the reader (the grouping is the same).
      const side = (operand: Expr, min: number): string =>
        expression.operator === 'or' && operand.kind === 'Logical' && operand.operator === 'and' ? `(${printExpr(operand)})` : printExpr(operand, min);
      return `${side(expression.left, precedence)} ${expression.operator} ${side(expression.right, precedence + 1)}`;
    }
    case 'Comparison':
      return `${printExpr(expression.left, PRECEDENCE.comparison + 1)} ${expression.operator} ${printExpr(expression.right, PRECEDENCE.comparison + 1)}`;
    case 'Arithmetic': {
      const precedence = precedenceOf(expression);
      return `${printExpr(expression.left, precedence)} ${expression.operator} ${printExpr(expression.right, precedence + 1)}`;
    }
    case 'Unary':
      return `${expression.operator}${printExpr(expression.operand, PRECEDENCE.unary)}`;
    case 'PatternMatch': {
      const patterns = expression.patterns.map((pattern) => printExpr(pattern)).join(', ');
      const patternList = expression.list || expression.patterns.length > 1 ? `(${patterns})` : patterns;
      const operator = expression.operator === ':' ? ' : ' : ` ${expression.operator} `;
      return `${printExpr(expression.value, PRECEDENCE.primary)}${operator}${patternList}`;
    }
    case 'InList': {
      const keyword = `${expression.negated ? 'not ' : ''}${expression.caseInsensitive ? 'in~' : 'in'}`;
      return `${printExpr(expression.value, PRECEDENCE.primary)} ${keyword} (${expression.list.map((item) => printExpr(item)).join(', ')})`;
    }
    case 'Call':
      return `${expression.name}${expression.caseInsensitive ? '~' : ''}(${expression.args.map((arg) => printExpr(arg)).join(', ')})`;
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
  return keys.length ? ` by ${keys.map((key) => printExpr(key)).join(', ')}` : '';
}

function printStage(stage: SequenceStage): string {
  const runs = stage.runs !== null ? ` with runs=${stage.runs}` : '';
  return `  ${stage.missing ? '!' : ''}[${printEventFilter(stage.filter)}]${printKeys(stage.by)}${runs}`;
}

function printPipes(pipes: Pipe[]): string {
  return pipes.map((pipe) => ` | ${pipe.name} ${pipe.count}`).join('');
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
  const stage = (sequenceStage: SequenceStage): string =>
    `${sequenceStage.missing ? '!' : ''}[${expand(sequenceStage.filter)}]${printKeys(sequenceStage.by)}${sequenceStage.runs !== null ? ` with runs=${sequenceStage.runs}` : ''}`;
  const head = printEql(query).split('\n')[0] as string;
  const until = query.kind === 'SequenceQuery' && query.until ? `\nuntil ${stage(query.until)}` : '';
  return `${head}\n${query.stages.map((sequenceStage) => `  ${stage(sequenceStage)}`).join('\n')}${until}${printPipes(query.pipes)}`;
}
