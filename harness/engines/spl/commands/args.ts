// Command arguments in argument mode (lexer.ts `lexArgs`): the small parsers the commands' argument
// parsers share (options, field names, field lists), and the readers over a generic command's parsed
// arguments that the executors share (rex, regex, fillnull, mvexpand, lookup, spath, ...).
import type { FieldPattern, GenericArg, GenericCommand, OptionArg } from '../ast.js';
import { runtimeError, syntaxError } from '../errors.js';
import { type ArgToken, lexArgs } from '../lexer.js';
import type { CommandContext } from './context.js';

export type ArgWordToken = Extract<ArgToken, { t: 'word' }>;

// ---- parsing argument tokens ---------------------------------------------------------------------------

/** A `key=value` word (an option), as opposed to a field name or value. */
export function isOptionWord(token: ArgToken | undefined): boolean {
  return token !== undefined && token.t === 'word' && /^[A-Za-z_][\w.-]*=/.test(token.text);
}

/**
 * Option : Key "=" Value   where the value is the rest of the word, or the word or quoted string glued
 * to the `=` (`key="quoted value"`), which it then consumes.
 */
export function optionOf(token: ArgWordToken, next: ArgToken | undefined): { option: OptionArg; consumedNext: boolean } {
  const eq = token.text.indexOf('=');
  const key = token.text.slice(0, eq);
  const rest = token.text.slice(eq + 1);
  if (rest === '' && next !== undefined && next.glued && (next.t === 'string' || next.t === 'word')) {
    const value: GenericArg = next.t === 'string' ? { kind: 'string', value: next.value, span: next.span } : { kind: 'word', text: next.text, span: next.span };
    return { option: { kind: 'option', key, value, span: { start: token.span.start, end: next.span.end } }, consumedNext: true };
  }
  const valueSpan = { start: token.span.start + eq + 1, end: token.span.end };
  return { option: { kind: 'option', key, value: { kind: 'word', text: rest, span: valueSpan }, span: token.span }, consumedNext: false };
}

/** A field name token (word or quoted string) as a FieldPattern. */
export function fieldOf(token: ArgToken): FieldPattern | null {
  if (token.t === 'word') return { name: token.text, span: token.span };
  if (token.t === 'string') return { name: token.value, span: token.span };
  return null;
}

/** Joins a word with a directly following parenthesised group into one name (`predicted(x)`, `count(eval(...))`). */
export function joinCallNames(text: string, tokens: ArgToken[]): ArgToken[] {
  const out: ArgToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as ArgToken;
    const next = tokens[i + 1];
    if (token.t === 'word' && next?.t === '(' && next.glued) {
      let level = 0;
      let j = i + 1;
      for (; j < tokens.length; j++) {
        const inner = tokens[j] as ArgToken;
        if (inner.t === '(') level++;
        else if (inner.t === ')' && --level === 0) break;
      }
      if (j < tokens.length) {
        const end = (tokens[j] as ArgToken).span.end;
        out.push({ t: 'word', text: text.slice(token.span.start, end), span: { start: token.span.start, end }, glued: token.glued });
        i = j;
        continue;
      }
    }
    out.push(token);
  }
  return out;
}

/** FieldList : Field (","? Field)*   over text[start, end); `command` labels the error. */
export function fieldList(text: string, start: number, end: number, command: string): FieldPattern[] {
  const out: FieldPattern[] = [];
  for (const token of joinCallNames(text, lexArgs(text, start, end))) {
    if (token.t === ',') continue;
    const field = fieldOf(token);
    if (field === null) throw syntaxError(`${command}: expected a field name`, token.span.start, text);
    out.push(field);
  }
  return out;
}

// ---- reading parsed arguments ---------------------------------------------------------------------------

/** The value of an option as text (a word's text or a string's value). */
export function optionText(option: OptionArg): string {
  const value = option.value;
  return value.kind === 'word' ? value.text : value.kind === 'string' ? value.value : '';
}

/** The text of a word or quoted string argument; null for anything else. */
export function argText(arg: GenericArg | undefined): string | null {
  if (arg === undefined) return null;
  if (arg.kind === 'word') return arg.text;
  if (arg.kind === 'string') return arg.value;
  return null;
}

/** Arguments without separating commas. */
export function plainArgs(cmd: GenericCommand): GenericArg[] {
  return cmd.args.filter((arg) => !(arg.kind === 'punct' && arg.text === ','));
}

/** A non-negative integer option (`max_match=10`); `fallback` when absent. */
export function intOption(option: OptionArg | undefined, fallback: number, command: string, ctx: CommandContext): number {
  if (option === undefined) return fallback;
  const text = optionText(option);
  if (!/^\d+$/.test(text)) throw runtimeError(`${command}: ${option.key} must be a non-negative integer, got "${text}"`, option.span.start, ctx.query);
  return Number(text);
}
