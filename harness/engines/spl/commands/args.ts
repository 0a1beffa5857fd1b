// Small readers over a generic command's arguments, shared by the commands whose parsers live beside
// their executors (rex, regex, fillnull, mvexpand, lookup, spath).
import type { GenericArg, GenericCommand, OptionArg } from '../ast.js';
import { runtimeError } from '../errors.js';
import { optionText } from '../parser.js';
import type { CommandContext } from './context.js';

/** The text of a word or quoted string argument; null for anything else. */
export function argText(arg: GenericArg | undefined): string | null {
  if (arg === undefined) return null;
  if (arg.kind === 'word') return arg.text;
  if (arg.kind === 'string') return arg.value;
  return null;
}

/** Arguments without separating commas. */
export function plainArgs(cmd: GenericCommand): GenericArg[] {
  return cmd.args.filter((a) => !(a.kind === 'punct' && a.text === ','));
}

/** A non-negative integer option (`max_match=10`); `fallback` when absent. */
export function intOption(o: OptionArg | undefined, fallback: number, command: string, ctx: CommandContext): number {
  if (o === undefined) return fallback;
  const t = optionText(o);
  if (!/^\d+$/.test(t)) throw runtimeError(`${command}: ${o.key} must be a non-negative integer, got "${t}"`, o.span.start, ctx.query);
  return Number(t);
}
