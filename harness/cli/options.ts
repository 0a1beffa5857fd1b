// Parsing of numeric and repeatable CLI options, shared by the subcommands: bad values are bad input
// (exit 2) with the option's name and what was expected.
import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { resolveStart } from '../../generators/context/time-window.js';

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


/**
 * The largest --scale: every count of the pack multiplied (the QEMU pack has 3,450 events at scale 1,
 * each rendered for 13 data sources). Beyond it a run would exhaust memory and the generation window
 * (each event keeps a unique host and second) would run past the dates JavaScript can represent.
 */
export const MAX_SCALE = 100;

export function scaleOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) throw new InputError(`--scale: expected a positive number, got '${text}'`);
  if (value > MAX_SCALE) throw new InputError(`--scale: at most ${MAX_SCALE}, got '${text}' (the QEMU pack is 3,450 events at scale 1)`);
  return value;
}

/** `--start`: ISO 8601 or `now` date math, resolved once (to the second) against the clock `nowMs` reads. */
export function startOption(text: string | undefined, nowMs: number = Date.now()): string | undefined {
  return text === undefined ? undefined : resolveStart(text, nowMs);
}

/**
 * Checks a report directory before any work: it must be a directory or not exist yet, and be writable
 * (or, when missing, its nearest existing parent must be). InputError naming it otherwise.
 */
export function outputDirectoryOption(name: string, path: string): string {
  if (path.trim() === '') throw new InputError(`--${name}: expected a directory, got an empty path`);
  let target = resolve(path);
  for (;;) {
    let stats: Stats | undefined;
    try {
      stats = statSync(target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new InputError(`--${name}: cannot use ${path}: ${(error as Error).message}`);
    }
    if (stats !== undefined) {
      if (!stats.isDirectory()) {
        throw new InputError(target === resolve(path) ? `--${name}: ${path} exists and is not a directory` : `--${name}: cannot create ${path}: ${target} is not a directory`);
      }
      try {
        accessSync(target, constants.W_OK | constants.X_OK);
      } catch (error) {
        throw new InputError(`--${name}: cannot write to ${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      return path;
    }
    const parent = dirname(target);
    if (parent === target) return path;
    target = parent;
  }
}
