// The generator: a scenario pack and a seed in, canonical events out. Deterministic: every random
// choice comes from Rng streams derived from the seed (per scenario and OS), so the same seed gives
// byte-identical events and a scenario generated alone equals the same scenario in the full pack.
import type { CanonicalEvent, OsFamily } from './canonical-event.js';
import { makeHost, makeOrganisation, type Host, type Organisation } from './context/hosts.js';
import { accountFor } from './context/people.js';
import { deriveSeed, Rng } from './context/rng.js';
import { isoTimestamp } from './context/iso-time.js';
import { DEFAULT_START, TimeSlots } from './context/time-slots.js';
import type { TimeWindow } from './context/time-window.js';
import { InputError } from '../harness/errors.js';
import { populationById, type Launch, type Population } from './populations/index.js';
import { buildHashes, qemuPeInfo } from './qemu/binaries.js';
import { posixCommandLine } from './qemu/posix-cmdline.js';
import { buildDeclarativeEvent } from './declarative/build.js';
import type { DeclarativePopulation } from './declarative/model.js';
import { eventId, parentContext, startedProcess } from './process-context.js';
import { renderArgv, renderConfigFile } from './qemu/render.js';
import { parseWindowsCommandLine, windowsCommandLine } from './qemu/windows-cmdline.js';
import { variantLabel, type Scenario, type ScenarioPack } from './scenario.js';
import { variantById } from './variants/index.js';

/** The seed `dth generate` and the runner use when none is given. */
export const DEFAULT_SEED = 1;

/** Events one generation may hold (each is also rendered once per data source). */
export const MAX_EVENTS = 1_000_000;

export interface GenerateOptions {
  seed: number;
  /** Multiplies every scenario's count (rounded, at least 1). Default 1. */
  scale?: number;
  /** Only these scenarios (ids); every other scenario keeps its time slots, so output is the same subset. */
  scenarioIds?: readonly string[];
  /** Events per scenario and OS, overriding the pack's counts (before scale). */
  count?: number;
  /** Start of the time window, ISO 8601 (resolveStart() turns `--start` text into one). Default 2026-03-02T00:00:00.000Z. */
  start?: string;
}

function hostPoolSize(rng: Rng, scenario: Scenario, count: number): number {
  const size = scenario.label === 'malicious' ? rng.int(2, 5) : rng.int(8, 24);
  return Math.max(1, Math.min(size, count));
}

function applyVariants(scenario: Pick<Scenario, 'variants' | 'location'>, population: Population, launch: Launch, rng: Rng): Launch {
  let current = launch;
  for (const use of scenario.variants) {
    const variant = variantById(use.id);
    if (variant === undefined) throw new InputError(`unknown variant '${use.id}'`, scenario.location);
    const reason = variant.check(current);
    if (reason !== null) throw new InputError(`variant '${use.id}' cannot apply to population '${population.id}': ${reason}`, scenario.location);
    current = variant.apply(current, { rng, params: use.params });
  }
  return current;
}

function sameArgv(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/**
 * The Windows command line and the argv the C runtime gives QEMU for it. A line with text edits
 * (quote insertion) is split again and checked against the model argv; an unedited line is the
 * quoter's output, whose round trip the property tests in test/generators/windows-cmdline.test.ts
 * cover, so it is not split per event.
 */
function windowsProcessLine(launch: Launch, argv: string[]): { commandLine: string; args: string[] } {
  let commandLine = windowsCommandLine(argv, launch.programQuoting);
  if (launch.commandLineEdits.length === 0) return { commandLine, args: argv };
  for (const edit of launch.commandLineEdits) commandLine = edit(commandLine);
  const args = parseWindowsCommandLine(commandLine);
  if (!sameArgv(args, argv)) {
    throw new Error(`internal: command line ${JSON.stringify(commandLine)} does not parse back to the model argv ${JSON.stringify(argv)}`);
  }
  return { commandLine, args };
}

/**
 * One QEMU launch of a scenario on `os`: the population's build with the scenario's variants applied.
 * The generator turns it into an event; the QEMU acceptance test starts its invocation.
 */
export function buildLaunch(scenario: Pick<Scenario, 'population' | 'parameters' | 'variants' | 'location'>, os: OsFamily, rng: Rng, host: Host): Launch {
  const population = populationById(scenario.population);
  if (population === undefined) throw new InputError(`unknown population '${scenario.population}'`, scenario.location);
  return applyVariants(scenario, population, population.build({ rng, os, host, params: scenario.parameters }), rng);
}

/** The files a launch's command line reads network configuration from, rendered (none for most launches). */
function launchFiles(invocation: Launch['invocation']): Array<{ path: string; content: string }> {
  const files = invocation.defaultConfig === null ? invocation.configFiles : [...invocation.configFiles, invocation.defaultConfig];
  return files.length === 0 ? [] : files.map((file) => ({ path: file.path.path, content: renderConfigFile(file) }));
}

function buildEvent(seed: number, scenario: Scenario, variant: string | null, population: Population, os: OsFamily, index: number, rng: Rng, host: Host, slots: TimeSlots): CanonicalEvent {
  const launch = buildLaunch(scenario, os, rng, host);
  const invocation = launch.invocation;
  const argv = renderArgv(invocation);
  const line = os === 'windows' ? windowsProcessLine(launch, argv) : { commandLine: posixCommandLine(argv), args: argv };
  const seconds = slots.take(host.context.name, rng.int(0, slots.slots - 1));
  const startMs = seconds * 1000 + rng.int(0, 999);
  const timestamp = isoTimestamp(startMs);
  const user = accountFor(launch.account, os, host.person);
  const files = launchFiles(invocation);
  const process = startedProcess(rng, os, {
    executable: invocation.binary.path,
    args: line.args,
    commandLine: line.commandLine,
    workingDirectory: launch.workingDirectory,
    startTime: timestamp,
    hashes: buildHashes(`qemu-${launch.qemuVersion}-${invocation.binary.arch}-${os}`),
  });
  if (os === 'windows') {
    process.pe = qemuPeInfo(launch.qemuVersion);
    process.integrityLevel = launch.integrityLevel ?? (launch.account === 'system' ? 'System' : 'Medium');
  }
  const event: CanonicalEvent = {
    id: eventId(seed, scenario.id, os, index),
    scenarioId: scenario.id,
    label: scenario.label,
    techniques: [...scenario.techniques],
    population: population.id,
    variant,
    os,
    host: host.context,
    user,
    timestamp,
    process,
    parent: parentContext(rng, os, launch.parent, launch.parentCommandLineEdits, launch.account, host, startMs),
    recordId: rng.int(10_000, 9_999_999),
  };
  if (os === 'windows') event.tokenElevation = launch.tokenElevation ?? 'default';
  if (files.length > 0) event.files = files;
  return event;
}

function scenarioCount(scenario: Scenario, options: GenerateOptions): number {
  const base = options.count ?? scenario.count;
  return Math.max(1, Math.round(base * (options.scale ?? 1)));
}

function* generateDeclarativeScenario(pack: ScenarioPack, scenario: Scenario, population: DeclarativePopulation, options: GenerateOptions, org: Organisation): Generator<CanonicalEvent> {
  const program = pack.programs?.[population.program];
  if (program === undefined) throw new InputError(`population '${population.id}' names no known program '${population.program}'`, population.location);
  const count = scenarioCount(scenario, options);
  const slots = new TimeSlots(options.start ?? DEFAULT_START, pack.scenarios.indexOf(scenario), pack.scenarios.length, count * scenario.os.length);
  for (const os of scenario.os) {
    const rng = new Rng(deriveSeed(options.seed, 'scenario', scenario.id, os));
    const hosts = Array.from({ length: hostPoolSize(rng, scenario, count) }, () => makeHost(rng, os, population.hostProfile, org));
    for (let index = 0; index < count; index++) {
      const head = buildDeclarativeEvent({ seed: options.seed, scenario, population, program, os, index, rng, host: rng.pick(hosts), slots });
      if (hasChain(scenario)) yield* withChain(head, scenario);
      else yield head;
    }
  }
}

function* generateScenario(pack: ScenarioPack, scenario: Scenario, options: GenerateOptions, org: Organisation): Generator<CanonicalEvent> {
  const declarative = (pack.populations ?? []).find((p) => p.id === scenario.population);
  if (declarative !== undefined) {
    yield* generateDeclarativeScenario(pack, scenario, declarative, options, org);
    return;
  }
  const population = populationById(scenario.population);
  if (population === undefined) throw new InputError(`unknown population '${scenario.population}'`, scenario.location);
  const count = scenarioCount(scenario, options);
  const slots = new TimeSlots(options.start ?? DEFAULT_START, pack.scenarios.indexOf(scenario), pack.scenarios.length, count * scenario.os.length);
  const variant = variantLabel(scenario);
  for (const os of scenario.os) {
    if (!population.os.includes(os)) throw new InputError(`population '${population.id}' does not run on ${os}`, scenario.location);
    const rng = new Rng(deriveSeed(options.seed, 'scenario', scenario.id, os));
    const hosts = Array.from({ length: hostPoolSize(rng, scenario, count) }, () => makeHost(rng, os, population.hostProfile, org));
    for (let i = 0; i < count; i++) {
      const head = buildEvent(options.seed, scenario, variant, population, os, i, rng, rng.pick(hosts), slots);
      if (hasChain(scenario)) yield* withChain(head, scenario);
      else yield head;
    }
  }
}

/**
 * The window the events of generateEvents(pack, options) fall in: from the start to the end of the
 * longest scenario's time slots (a week unless a scenario holds more events than a week's slots).
 */
export function generationWindow(pack: ScenarioPack, options: GenerateOptions): TimeWindow {
  const start = options.start ?? DEFAULT_START;
  const startMs = Date.parse(start);
  if (Number.isNaN(startMs)) throw new InputError(`invalid start time: ${start}`);
  const wanted = options.scenarioIds === undefined ? undefined : new Set(options.scenarioIds);
  const modulus = pack.scenarios.length;
  const span = pack.scenarios
    .filter((s) => wanted === undefined || wanted.has(s.id))
    .reduce((longest, s) => Math.max(longest, TimeSlots.spanSeconds(modulus, scenarioCount(s, options) * s.os.length)), 0);
  const startSeconds = Math.floor(startMs / 1000);
  return { start: new Date(startSeconds * 1000).toISOString(), end: new Date((startSeconds + span) * 1000).toISOString() };
}

/** The scenarios generation covers, after checking the options (bad ones are InputErrors, before any event is built). */
function plannedScenarios(pack: ScenarioPack, options: GenerateOptions): readonly Scenario[] {
  if (!Number.isSafeInteger(options.seed) || options.seed < 0) throw new InputError(`seed must be a non-negative integer, got ${options.seed}`);
  if (options.scale !== undefined && !(options.scale > 0)) throw new InputError(`scale must be positive, got ${options.scale}`);
  if (options.count !== undefined && (!Number.isSafeInteger(options.count) || options.count < 1)) throw new InputError(`count must be a positive integer, got ${options.count}`);
  let scenarios = pack.scenarios;
  if (options.scenarioIds !== undefined) {
    const wanted = new Set(options.scenarioIds);
    for (const id of wanted) {
      if (!pack.scenarios.some((s) => s.id === id)) throw new InputError(`no scenario '${id}' in ${pack.file} (known: ${pack.scenarios.map((s) => s.id).join(', ')})`);
    }
    scenarios = pack.scenarios.filter((s) => wanted.has(s.id));
  }
  // Checked before any event is built: a count or scale far beyond memory is bad input, not a crash.
  const planned = scenarios.reduce((n, s) => n + scenarioCount(s, options) * s.os.length, 0);
  if (planned > MAX_EVENTS) throw new InputError(`the pack would generate ${planned} events, more than ${MAX_EVENTS}: lower --count or --scale`, { file: pack.file });
  return scenarios;
}

/**
 * The event, then its scenario's chain (`chain:` in the pack): each step a child process of the
 * previous one, `after` seconds later, on the same host and account, labelled like the head and
 * pointing at it (`chainOf`), so sequence rules have an ordered chain to catch. Deterministic: no
 * random choice is drawn, so packs without chains generate the same bytes as before.
 */
/** Whether the scenario's events have chains; a chain-less event is yielded itself (a generator per event cost ~3% of generation). */
function hasChain(scenario: Scenario): boolean {
  return scenario.chain !== undefined && scenario.chain.length > 0;
}

function* withChain(head: CanonicalEvent, scenario: Scenario): Generator<CanonicalEvent> {
  yield head;
  let previous = head;
  for (const [n, step] of (scenario.chain ?? []).entries()) {
    const name = step.executable.split(/[\\/]/).pop() ?? step.executable;
    const argv = [step.executable, ...step.args];
    const timestamp = new Date(Date.parse(previous.timestamp) + step.afterSeconds * 1000).toISOString();
    const child: CanonicalEvent = {
      ...head,
      id: `${head.id}.chain${n + 1}`,
      timestamp,
      process: {
        executable: step.executable,
        name,
        args: argv,
        commandLine: argv.map((a) => (/[\s"]/.test(a) ? `"${a.replace(/"/g, '\\"')}"` : a)).join(' '),
        pid: previous.process.pid + 4 * (n + 1),
        ...(previous.process.entityId === undefined ? {} : { entityId: `${head.process.entityId ?? head.id}-chain${n + 1}` }),
        startTime: timestamp,
        ...(head.process.user === undefined ? {} : { user: head.process.user }),
      },
      parent: previous.process,
      ...(head.recordId === undefined ? {} : { recordId: head.recordId + n + 1 }),
      chainOf: head.id,
    };
    delete child.files;
    yield child;
    previous = child;
  }
}

function* eventsOf(pack: ScenarioPack, scenarios: readonly Scenario[], options: GenerateOptions): Generator<CanonicalEvent> {
  const org = makeOrganisation(new Rng(deriveSeed(options.seed, 'organisation')));
  for (const scenario of scenarios) yield* generateScenario(pack, scenario, options, org);
}

/**
 * Canonical events for the pack (or the chosen scenarios), one at a time, in pack order, then OS order,
 * then index: a writer streams them without holding the pack's events. The options are checked when
 * this is called, not when the first event is asked for.
 */
export function streamEvents(pack: ScenarioPack, options: GenerateOptions): Iterable<CanonicalEvent> {
  const scenarios = plannedScenarios(pack, options);
  return { [Symbol.iterator]: () => eventsOf(pack, scenarios, options) };
}

/** Canonical events for the pack (or the chosen scenarios), in pack order, then OS order, then index. */
export function generateEvents(pack: ScenarioPack, options: GenerateOptions): CanonicalEvent[] {
  return [...streamEvents(pack, options)];
}
