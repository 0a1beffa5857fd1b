// A population is one real way QEMU gets started: an attacker technique from a public report or a
// benign tool from its source code. It builds a Launch: the QEMU invocation (as data), its parent
// process, the account it runs as, and where it runs. Variant operators (generators/variants/)
// rewrite Launches; the generator (generators/generate.ts) turns them into canonical events.
import type { IntegrityLevel, Label, OsFamily } from '../canonical-event.js';
import type { HostProfile, Host } from '../context/hosts.js';
import type { AccountKind } from '../context/people.js';
import type { Rng } from '../context/rng.js';
import type { QemuInvocation } from '../qemu/model.js';
import type { ProgramQuoting } from '../qemu/windows-cmdline.js';

export type Confidence = 'source' | 'secondary' | 'reconstructed' | 'unverified';

/** Where a population's facts come from, with the notes' confidence vocabulary. */
export interface SourceRef {
  title: string;
  url?: string;
  /** owner/name and path for repository sources. */
  repo?: string;
  path?: string;
  confidence: Confidence;
}

export interface LaunchParent {
  executable: string;
  argv: string[];
  /** The raw Windows command line when it is not the standard quoting of argv (cmd.exe /c "…"). */
  commandLine?: string;
  programQuoting?: ProgramQuoting;
  /** Account of the parent when it differs from the QEMU process (e.g. svchost as SYSTEM). */
  account?: AccountKind;
}

export interface Launch {
  invocation: QemuInvocation;
  /** How the launcher quotes argv[0] on Windows (Task Scheduler and cmd's `start` always quote). */
  programQuoting: ProgramQuoting;
  parent: LaunchParent;
  account: AccountKind;
  workingDirectory: string;
  integrityLevel?: IntegrityLevel;
  tokenElevation?: 'default' | 'full' | 'limited';
  qemuVersion: string;
  /**
   * Text edits on the Windows command line after quoting (the quote-insertion evasions). Each must
   * leave the argv the C runtime builds unchanged; the generator checks that it does.
   */
  commandLineEdits: Array<(commandLine: string) => string>;
  /** The parent command line shown instead of the parent argv's quoting (e.g. carets typed in cmd.exe). */
  parentCommandLineEdits: Array<(commandLine: string) => string>;
}

export interface BuildEnv {
  rng: Rng;
  os: OsFamily;
  host: Host;
  params: Readonly<Record<string, unknown>>;
}

export interface Population {
  id: string;
  title: string;
  label: Label;
  os: readonly OsFamily[];
  hostProfile: HostProfile;
  /** One paragraph: who runs it, why, and what in it matters to the rules. */
  summary: string;
  sources: readonly SourceRef[];
  /** JSON Schema of `parameters` in a scenario (copied into scenarios/qemu-tunneling.schema.json; a test keeps them equal). */
  parameterSchema: Record<string, unknown>;
  build(env: BuildEnv): Launch;
}

export function param<T>(params: Readonly<Record<string, unknown>>, key: string, fallback: T): T {
  const value = params[key];
  return value === undefined ? fallback : (value as T);
}

/**
 * The `address` parameter of an attacker endpoint: generated command lines use documentation addresses
 * (RFC 5737) by default, so replaying them reaches no real host; a pack that needs a particular address
 * (its own lab's listener) names it here on purpose.
 */
export const ATTACKER_ADDRESS_SCHEMA = {
  type: 'string',
  minLength: 1,
  pattern: '^[A-Za-z0-9.:-]+$',
  description: 'attacker endpoint host (default: a random RFC 5737 documentation address, safe to replay); set it only on purpose',
} as const;

/** The pack's explicit attacker `address`, if it gave one. */
export function optionalAddress(params: Readonly<Record<string, unknown>>): string | undefined {
  const value = params['address'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
