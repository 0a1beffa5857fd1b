#!/usr/bin/env node
// dth: the detection-harness command line. Each subcommand lives in commands/<name>.ts.
// Exit codes: 0 all held, 1 a gate or expectation failed, 2 bad input, 3 internal error.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { ExpectationFailure, InputError } from '../errors.js';
import { packageVersion } from '../paths.js';
import { register as registerEql } from './commands/eql.js';
import { register as registerRule } from './commands/rule.js';
import { register as registerSpl } from './commands/spl.js';
import { register as registerGenerate } from './commands/generate.js';
import { register as registerRun } from './commands/run.js';
import { register as registerGate } from './commands/gate.js';
import { register as registerScan } from './commands/scan.js';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_INTERNAL = 3;

export function buildProgram(): Command {
  const program = new Command('dth')
    .description('detection-harness: test production detection rules against generated telemetry')
    .version(packageVersion())
    .showHelpAfterError()
    .exitOverride();
  for (const register of [registerRun, registerGenerate, registerEql, registerSpl, registerRule, registerGate, registerScan]) {
    register(program);
  }
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
    }
    if (error instanceof InputError) {
      process.stderr.write(`dth: ${error.format()}\n`);
      return EXIT_BAD_INPUT;
    }
    if (error instanceof ExpectationFailure) {
      process.stderr.write(`dth: ${error.message}\n`);
      return EXIT_FAILED;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`dth: internal error: ${detail}\n`);
    return EXIT_INTERNAL;
  }
}

function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

// Run only when executed as the binary (directly or through the npm bin link), not when imported.
if (invokedDirectly()) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`dth: internal error: ${String(error)}\n`);
      process.exitCode = EXIT_INTERNAL;
    },
  );
}
