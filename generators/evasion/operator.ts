// A generic evasion operator rewrites any declarative process start (generators/declarative/) into
// an evasive form of the same intent. Each declares the parser traits the program must have for the
// mutated form to still work: an evasion the real program rejects is not an evasion, so a scenario
// that applies an operator to a program without those traits is a pack error.
import type { OsFamily } from '../canonical-event.js';
import type { Host } from '../context/hosts.js';
import type { Rng } from '../context/rng.js';
import type { ProgramLaunch, ProgramTrait } from '../declarative/model.js';
import type { SourceRef } from '../populations/population.js';

export interface EvasionContext {
  rng: Rng;
  host: Host;
  params: Readonly<Record<string, unknown>>;
}

export interface EvasionOperator {
  id: string;
  title: string;
  summary: string;
  os: readonly OsFamily[];
  /** The program must have every one of these traits (its pack entry declares them). */
  requires: readonly ProgramTrait[];
  sources: readonly SourceRef[];
  parameterSchema: Record<string, unknown>;
  /** Why this launch cannot be rewritten (nothing to rewrite), or null. Traits are checked by the caller. */
  check(launch: ProgramLaunch): string | null;
  /** A rewritten copy; the input is never modified. */
  apply(launch: ProgramLaunch, context: EvasionContext): ProgramLaunch;
}

export function missingTraits(operator: EvasionOperator, traits: readonly ProgramTrait[]): ProgramTrait[] {
  return operator.requires.filter((t) => !traits.includes(t));
}

export function cloneLaunch(launch: ProgramLaunch): ProgramLaunch {
  return {
    ...launch,
    tokens: launch.tokens.map((t) => ({ ...t })),
    parent: { ...launch.parent, argv: [...launch.parent.argv] },
    windowsText: { tokens: { ...launch.windowsText.tokens }, separators: { ...launch.windowsText.separators } },
    ...(launch.pe ? { pe: { ...launch.pe } } : {}),
  };
}

export function fileNameOf(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1);
}

export function directoryOf(path: string): string {
  return path.slice(0, Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')));
}

/** Moves the executable (argv[0] follows when it is the path). */
export function withExecutable(launch: ProgramLaunch, executable: string): ProgramLaunch {
  const next = cloneLaunch(launch);
  const argv0IsPath = launch.argv0 === launch.executable;
  next.executable = executable;
  next.argv0 = argv0IsPath ? executable : fileNameOf(executable);
  return next;
}
