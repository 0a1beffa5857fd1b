// Boolean command options (`keepempty=true`, `null=f`): SPL accepts true/false, t/f, 1/0, yes/no.
import type { OptionArg } from '../ast.js';
import { runtimeError } from '../errors.js';
import { optionText } from './args.js';
import type { CommandContext } from './context.js';

export function boolOption(options: OptionArg[], key: string, command: string, ctx: CommandContext): boolean {
  const o = options.find((x) => x.key.toLowerCase() === key);
  if (o === undefined) return false;
  const v = optionText(o).toLowerCase();
  if (['true', 't', '1', 'yes'].includes(v)) return true;
  if (['false', 'f', '0', 'no'].includes(v)) return false;
  throw runtimeError(`${command}: ${key} must be true or false`, o.span.start, ctx.query);
}
