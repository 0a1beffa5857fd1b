// `head [N | (expr)] [limit=N] [null=bool] [keeplast=bool]`: the first N results (default 10), or the
// results up to the first one for which the expression is not true (null counts as false unless
// null=true; keeplast=true keeps that last result too).
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/head
import type { CommandHead, EvalExpr, HeadCommand, OptionArg } from '../ast.js';
import { runtimeError, syntaxError } from '../errors.js';
import { evaluate } from '../eval.js';
import { parseEvalExpr } from '../eval-parser.js';
import { type ArgToken, lexArgs, parenEnd } from '../lexer.js';
import type { Row } from '../values.js';
import { type ArgWordToken, isOptionWord, optionOf, optionText } from './args.js';
import type { CommandContext } from './context.js';
import { boolOption } from './options.js';

/** HeadCommand : "head" ("(" EvalExpression ")" | Count)? Option* */
export function parseHead(text: string, start: number, end: number, head: CommandHead): HeadCommand {
  let count = 10;
  let expr: EvalExpr | null = null;
  const options: OptionArg[] = [];
  let argsStart = start;
  if (text[argsStart] === '(') {
    const close = parenEnd(text, argsStart, end);
    expr = parseEvalExpr(text, argsStart + 1, close - 1);
    argsStart = close;
  }
  const tokens = lexArgs(text, argsStart, end).filter((token) => token.t !== ',');
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as ArgToken;
    if (token.t === 'word' && /^\d+$/.test(token.text) && expr === null && i === 0) {
      count = Number(token.text);
    } else if (isOptionWord(token)) {
      const { option, consumedNext } = optionOf(token as ArgWordToken, tokens[i + 1]);
      options.push(option);
      if (option.key.toLowerCase() === 'limit') {
        const limit = Number(optionText(option));
        if (!Number.isInteger(limit) || limit < 0) throw syntaxError('head: limit must be a whole number', option.value.span.start, text);
        count = limit;
      }
      if (consumedNext) i++;
    } else {
      throw syntaxError('head: expected a count, (expression) or limit=', token.span.start, text);
    }
  }
  return { kind: 'head', ...head, count, expr, options };
}

export function checkHead(cmd: HeadCommand, ctx: CommandContext): void {
  for (const o of cmd.options) if (!['limit', 'null', 'keeplast'].includes(o.key.toLowerCase())) throw runtimeError(`head: unknown option ${o.key}`, o.span.start, ctx.query);
  boolOption(cmd.options, 'null', 'head', ctx);
  boolOption(cmd.options, 'keeplast', 'head', ctx);
}

export function runHead(rows: Row[], cmd: HeadCommand, ctx: CommandContext): Row[] {
  if (cmd.expr === null) return rows.slice(0, cmd.count);
  const nullTrue = boolOption(cmd.options, 'null', 'head', ctx);
  const keepLast = boolOption(cmd.options, 'keeplast', 'head', ctx);
  const out: Row[] = [];
  for (const row of rows) {
    if (out.length >= cmd.count && cmd.options.some((o) => o.key.toLowerCase() === 'limit')) break;
    const v = evaluate(cmd.expr, row, ctx);
    const ok = v === null ? nullTrue : v === true;
    if (v !== null && typeof v !== 'boolean') throw runtimeError('head: the expression must be true or false', cmd.expr.span.start, ctx.query);
    if (!ok) {
      if (keepLast) out.push(row);
      break;
    }
    out.push(row);
  }
  return out;
}
