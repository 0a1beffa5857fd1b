// Parsing of numeric and repeatable CLI options, shared by the subcommands: bad values are bad input
// (exit 2) with the option's name and what was expected.
import { InputError } from '../errors.js';

/** commander accumulator for options given several times (`--rule a --rule b`). */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function integerOption(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(Number(text)) || Number(text) < min) {
    throw new InputError(`--${name}: expected an integer >= ${min}, got '${text}'`);
  }
  return Number(text);
}

export function scaleOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) throw new InputError(`--scale: expected a positive number, got '${text}'`);
  return value;
}
