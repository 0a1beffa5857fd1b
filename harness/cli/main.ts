#!/usr/bin/env node
// dth: the detection-harness command line. Each subcommand lives in commands/<name>.ts.
// Exit codes: 0 all held, 1 a gate or expectation failed, 2 bad input (including a real backend at a
// given URL that cannot be reached or answers wrongly), 3 internal error.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { ExpectationFailure, InputError } from '../errors.js';
import { BackendError } from '../backends/backend-error.js';
import { Redactor } from '../backends/credentials.js';
import { visible } from '../../reports/escape.js';
import { packageVersion } from '../paths.js';

/**
 * Subcommands in help order. Each module is imported only when needed: `dth scan` does not pay for the
 * Elasticsearch client, faker or ajv at start-up, which matters when it streams a file at disk speed.
 */
const COMMANDS: { name: string; load: () => Promise<{ register(program: Command): void }> }[] = [
  { name: 'run', load: () => import('./commands/run.js') },
  { name: 'generate', load: () => import('./commands/generate.js') },
  { name: 'eql', load: () => import('./commands/eql.js') },
  { name: 'spl', load: () => import('./commands/spl.js') },
  { name: 'rule', load: () => import('./commands/rule.js') },
  { name: 'gate', load: () => import('./commands/gate.js') },
  { name: 'pins', load: () => import('./commands/pins.js') },
  { name: 'scan', load: () => import('./commands/scan.js') },
];

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_INTERNAL = 3;

/** The program with the subcommands `argv` needs: the one it names, or all of them (help, unknown names). */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('dth')
    .description('detection-harness: test production detection rules against generated telemetry')
    .version(packageVersion())
    .showHelpAfterError()
    .exitOverride();
  if (argv[0] === '--version' || argv[0] === '-V') return program;
  const named = COMMANDS.find((c) => c.name === argv[0]);
  for (const command of named ? [named] : COMMANDS) (await command.load()).register(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    const program = await buildProgram(argv);
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
    }
    if (error instanceof InputError) {
      process.stderr.write(`dth: ${terminalSafe(withoutSecrets(error.format()))}\n`);
      return EXIT_BAD_INPUT;
    }
    if (error instanceof BackendError) {
      // One line naming the backend, the endpoint and what failed; never a stack trace or a credential.
      process.stderr.write(`dth: backend failed: ${terminalSafe(oneLine(withoutSecrets(error.message)))}\n`);
      return EXIT_BAD_INPUT;
    }
    if (error instanceof ExpectationFailure) {
      process.stderr.write(`dth: ${terminalSafe(withoutSecrets(error.message))}\n`);
      return EXIT_FAILED;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`dth: internal error: ${terminalSafe(withoutSecrets(detail))}\n`);
    return EXIT_INTERNAL;
  }
}

/** The first line of a message (transport errors carry OpenSSL's multi-line detail). */
function oneLine(text: string): string {
  const first = text.split(/\r?\n/)[0] ?? '';
  return first.length > 500 ? `${first.slice(0, 500)}…` : first;
}

/**
 * Removes the values of credential variables (DTH_*_PASSWORD, _TOKEN, _API_KEY) from a message, in
 * any case and in their URL-encoded and base64 forms, and credentials in URLs (Redactor).
 */
function withoutSecrets(text: string): string {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(process.env)) {
    if (/^DTH_.*(PASSWORD|TOKEN|API_KEY)$/.test(name) && value !== undefined) secrets.push(value);
  }
  return new Redactor(secrets).redactKnown(text);
}

/**
 * Messages quote input (a field's value, a line of a file): every line of one goes through
 * visible(), so an ESC or a bidi override in the input reaches the terminal inert. The message's own
 * line breaks (the caret under a quoted line) are kept.
 */
function terminalSafe(text: string): string {
  return text
    .split('\n')
    .map((line) => visible(line))
    .join('\n');
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
  // Output piped into `head` and closed early is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
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
