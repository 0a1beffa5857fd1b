// `eval f=expr[, g=expr]`: assignments run left to right, so later ones see earlier results; a null
// result removes the field. https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/eval
import type { CommandHead, EvalAssignment, EvalCommand, Span } from '../ast.js';
import { syntaxError } from '../errors.js';
import { evaluate } from '../eval.js';
import { parseEvalExpr } from '../eval-parser.js';
import { evalToField } from '../eval-values.js';
import { quotedEnd, skipSpace, trimEnd } from '../lexer.js';
import type { Row } from '../values.js';
import type { CommandContext } from './context.js';

/**
 * EvalCommand : "eval" Assignment ("," Assignment)*
 * Assignment : (Field | QuotedField) "=" EvalExpression
 */
export function parseEval(text: string, start: number, end: number, head: CommandHead): EvalCommand {
  if (start >= end) throw syntaxError('eval needs field=expression', head.nameSpan.end, text);
  const assignments: EvalAssignment[] = [];
  for (const segment of splitTopLevel(text, start, end)) {
    const assignmentStart = skipSpace(text, segment.start, segment.end);
    if (assignmentStart >= segment.end) throw syntaxError('expected an assignment (field=expression)', segment.start, text);
    const eq = assignmentEquals(text, assignmentStart, segment.end);
    if (eq < 0) throw syntaxError('expected "=" in an eval assignment (field=expression)', assignmentStart, text);
    let field = text.slice(assignmentStart, trimEnd(text, assignmentStart, eq));
    const quoted = field.length >= 2 && ((field.startsWith('"') && field.endsWith('"')) || (field.startsWith("'") && field.endsWith("'")));
    if (quoted) field = field.slice(1, -1);
    if (field === '' || (!quoted && /[\s()]/.test(field))) throw syntaxError(`expected a field name before "=", found "${field}"`, assignmentStart, text);
    const exprStart = skipSpace(text, eq + 1, segment.end);
    if (exprStart >= segment.end) throw syntaxError(`expected an expression after "${field}="`, eq, text);
    const expr = parseEvalExpr(text, exprStart, segment.end);
    assignments.push({ field, expr, span: { start: assignmentStart, end: expr.span.end } });
  }
  return { kind: 'eval', ...head, assignments };
}

/** Segments of text[start, end) separated by commas outside quotes, single-quoted names and parentheses. */
function splitTopLevel(text: string, start: number, end: number): Span[] {
  const out: Span[] = [];
  let depth = 0;
  let segmentStart = start;
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (c === '"') i = quotedEnd(text, i, end) - 1;
    else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close > 0 && close < end) i = close;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push({ start: segmentStart, end: i });
      segmentStart = i + 1;
    }
  }
  out.push({ start: segmentStart, end });
  return out;
}

/** Offset of the assignment's `=` (not part of `==`, `!=`, `<=`, `>=`), outside quotes; -1 when none. */
function assignmentEquals(text: string, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (c === '"') {
      i = quotedEnd(text, i, end) - 1;
      continue;
    }
    if (c === '(') return -1;
    if (c === '=' && text[i + 1] !== '=' && !['!', '<', '>', '='].includes(text[i - 1] ?? '')) return i;
  }
  return -1;
}

export function runEval(rows: Row[], cmd: EvalCommand, ctx: CommandContext): Row[] {
  for (const row of rows) {
    for (const assignment of cmd.assignments) {
      const value = evalToField(evaluate(assignment.expr, row, ctx), assignment.expr, ctx);
      if (value === undefined) row.fields.delete(assignment.field);
      else row.fields.set(assignment.field, value);
    }
  }
  return rows;
}
