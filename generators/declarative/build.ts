// A declarative population's process start on one OS, with the scenario's generic evasions applied,
// and the canonical event made from it.
import type { CanonicalEvent, OsFamily } from '../canonical-event.js';
import type { Host } from '../context/hosts.js';
import { imageHashes, imagePeInfo } from '../context/images.js';
import { isoTimestamp } from '../context/iso-time.js';
import { accountFor } from '../context/people.js';
import type { Rng } from '../context/rng.js';
import type { TimeSlots } from '../context/time-slots.js';
import { evasionById } from '../evasion/index.js';
import { missingTraits } from '../evasion/operator.js';
import { bestFitToAscii } from '../evasion/windows-text.js';
import { eventId, parentContext, startedProcess } from '../process-context.js';
import { basenameOf } from '../qemu/binaries.js';
import { posixCommandLine } from '../qemu/posix-cmdline.js';
import { parseWindowsCommandLine, quoteWindowsArg, quoteWindowsProgram } from '../qemu/windows-cmdline.js';
import { variantLabel, type Scenario } from '../scenario.js';
import { InputError } from '../../harness/errors.js';
import { launchArgv, type DeclarativePopulation, type ProgramLaunch, type ProgramSpec } from './model.js';
import { fillPlaceholders } from './placeholders.js';
import { expandTemplate } from './template.js';

/** The population as written, on `os`, before any evasion. */
export function buildProgramLaunch(population: DeclarativePopulation, program: ProgramSpec, os: OsFamily, rng: Rng, host: Host): ProgramLaunch {
  const form = population.forms[os];
  if (form === undefined) throw new InputError(`population '${population.id}' has no ${os} form`, population.location);
  const env = { rng, os, host };
  const executable = fillPlaceholders(rng.pick(form.executable), env);
  const parentSpec = rng.weighted(form.parents.map((p) => [p.weight, p] as const));
  const parentExecutable = fillPlaceholders(parentSpec.executable, env);
  const parentArgs = expandTemplate(parentSpec.args, env).map((t) => t.text);
  const home = host.person.home;
  const launch: ProgramLaunch = {
    program,
    os,
    executable,
    argv0: form.argv0 === 'name' ? basenameOf(executable) : executable,
    tokens: expandTemplate(form.args, env),
    parent: { executable: parentExecutable, argv: [parentExecutable, ...parentArgs], ...(parentSpec.account ? { account: parentSpec.account } : {}) },
    account: form.account,
    workingDirectory: form.workingDirectory === undefined ? home : fillPlaceholders(form.workingDirectory, env),
    imageIdentity: `${program.id}:${basenameOf(executable).toLowerCase()}`,
    windowsText: { tokens: {}, separators: {} },
    bestFit: false,
  };
  if (form.integrity !== undefined) launch.integrity = form.integrity;
  if (form.pe !== undefined) launch.pe = { ...form.pe };
  return launch;
}

/** The scenario's evasions applied in order; a program that would reject the result is an input error. */
export function applyEvasions(scenario: Pick<Scenario, 'variants' | 'location'>, launch: ProgramLaunch, rng: Rng, host: Host): ProgramLaunch {
  let current = launch;
  for (const use of scenario.variants) {
    const operator = evasionById(use.id);
    if (operator === undefined) throw new InputError(`unknown evasion '${use.id}'`, scenario.location);
    const missing = missingTraits(operator, current.program.traits);
    if (missing.length > 0) throw new InputError(`evasion '${use.id}' needs a program that accepts it (${missing.join(', ')}); ${current.program.id} does not`, scenario.location);
    const reason = operator.check(current);
    if (reason !== null) throw new InputError(`evasion '${use.id}' cannot rewrite this ${current.program.id} start: ${reason}`, scenario.location);
    current = operator.apply(current, { rng, host, params: use.params });
  }
  return current;
}

function sameArgv(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** The Windows command line, checked to split back (through best-fit when used) into the program's argv. */
export function windowsLine(launch: ProgramLaunch): { commandLine: string; args: string[] } {
  const argv = launchArgv(launch);
  const parts = argv.map((arg, i) => launch.windowsText.tokens[i] ?? (i === 0 ? quoteWindowsProgram(arg, 'as-needed') : quoteWindowsArg(arg)));
  const commandLine = parts.map((part, i) => (i === 0 ? part : `${launch.windowsText.separators[i] ?? ' '}${part}`)).join('');
  const args = parseWindowsCommandLine(commandLine);
  const seen = launch.bestFit ? args.map(bestFitToAscii) : args;
  if (!sameArgv(seen, argv)) throw new Error(`internal: command line ${JSON.stringify(commandLine)} does not split back into ${JSON.stringify(argv)}`);
  return { commandLine, args };
}

export function processLine(launch: ProgramLaunch): { commandLine: string; args: string[] } {
  if (launch.os === 'windows') return windowsLine(launch);
  const argv = launchArgv(launch);
  return { commandLine: posixCommandLine(argv), args: argv };
}

export interface DeclarativeEventInput {
  seed: number;
  scenario: Scenario;
  population: DeclarativePopulation;
  program: ProgramSpec;
  os: OsFamily;
  index: number;
  rng: Rng;
  host: Host;
  slots: TimeSlots;
}

export function buildDeclarativeEvent(input: DeclarativeEventInput): CanonicalEvent {
  const { rng, os, host, scenario } = input;
  const launch = applyEvasions(scenario, buildProgramLaunch(input.population, input.program, os, rng, host), rng, host);
  const line = processLine(launch);
  const seconds = input.slots.take(host.context.name, rng.int(0, input.slots.slots - 1));
  const startMs = seconds * 1000 + rng.int(0, 999);
  const timestamp = isoTimestamp(startMs);
  const process = startedProcess(rng, os, { executable: launch.executable, args: line.args, commandLine: line.commandLine, workingDirectory: launch.workingDirectory, startTime: timestamp, hashes: imageHashes(launch.imageIdentity) });
  if (os === 'windows') {
    process.pe = launch.pe ?? imagePeInfo(launch.executable);
    process.integrityLevel = launch.integrity ?? (launch.account === 'system' ? 'System' : 'Medium');
  }
  const event: CanonicalEvent = {
    id: eventId(input.seed, scenario.id, os, input.index),
    scenarioId: scenario.id,
    label: scenario.label,
    techniques: [...scenario.techniques],
    population: input.population.id,
    variant: variantLabel(scenario),
    os,
    host: host.context,
    user: accountFor(launch.account, os, host.person),
    timestamp,
    process,
    parent: parentContext(rng, os, launch.parent, [], launch.account, host, startMs),
    recordId: rng.int(10_000, 9_999_999),
  };
  if (os === 'windows') event.tokenElevation = launch.account === 'system' ? 'default' : launch.integrity === 'High' ? 'full' : 'limited';
  return event;
}
