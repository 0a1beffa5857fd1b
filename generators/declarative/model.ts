// Declarative populations: a process technique (attacker use or benign look-alike) written in the pack
// YAML instead of TypeScript. Each OS form gives the executable, an argv template, the parents that
// start it and the account it runs as; the pack's `programs` say what the program's argument parser
// accepts, which is what decides whether a generic evasion operator applies (generators/evasion/).
import type { IntegrityLevel, Label, OsFamily, PeVersionInfo } from '../canonical-event.js';
import type { HostProfile } from '../context/hosts.js';
import type { AccountKind } from '../context/people.js';
import type { Confidence } from '../populations/population.js';
import type { SourceLocation } from '../../harness/errors.js';

/**
 * What a program's argument parser accepts, the facts generic evasions are checked against:
 * - `windows-argv`: argv is split from the command line by the Microsoft C runtime /
 *   CommandLineToArgvW rules (MSVC, MinGW and Go programs), so `""` inside a token and runs of
 *   spaces between tokens leave argv unchanged.
 * - `ansi-argv`: a Windows program with an ANSI `main`; the OS converts its command line with the
 *   code page's best-fit table, so some Unicode look-alikes arrive as ASCII.
 * - `go-flag`: Go's `flag` package: `-name` and `--name` are the same option, `-name=value` too.
 * - `getopt`: POSIX getopt short options: a value may be attached (`-R8080:h:22`), flags bundle (`-NfR`).
 * - `options-any-order`: options may come in any order before the operands.
 * - `slash-options`: `/name` is accepted for `-name`.
 * - `name-independent`: behaviour does not depend on the executable's file name (rename/copy works).
 */
export const PROGRAM_TRAITS = ['windows-argv', 'ansi-argv', 'go-flag', 'getopt', 'options-any-order', 'slash-options', 'name-independent'] as const;
export type ProgramTrait = (typeof PROGRAM_TRAITS)[number];

/** How a program's generated command lines are checked. */
export type ProgramCheck =
  /** Run through the real program's parser by a test (installable from Debian or npm). */
  | { kind: 'real'; command: string; package: string }
  /** Checked against the program's documented syntax (not installable here). */
  | { kind: 'documented'; reference: string };

export interface ProgramSpec {
  id: string;
  title: string;
  traits: ProgramTrait[];
  check: ProgramCheck;
}

/** One token of an argv template, after expansion: its text and what it is to the program's parser. */
export interface ArgToken {
  text: string;
  /** option: starts an option unit; value: an option's value; operand: a positional argument. */
  role: 'option' | 'value' | 'operand';
}

/** argv template items, as written in YAML (validated by the schema before they get here). */
export type TemplateItem =
  | string
  | { option: string; value?: string }
  | { oneOf: Array<TemplateItem | TemplateItem[]>; weights?: number[] }
  | { optional: TemplateItem | TemplateItem[]; p?: number };

export interface ParentSpec {
  executable: string;
  /** argv after argv[0], as a template. */
  args: TemplateItem[];
  account?: AccountKind;
  weight: number;
}

export interface OsForm {
  /** Executable path choices (placeholders allowed). */
  executable: string[];
  /** argv[0]: the full path (default) or the file name as a shell would pass it. */
  argv0: 'path' | 'name';
  args: TemplateItem[];
  parents: ParentSpec[];
  account: AccountKind;
  integrity?: IntegrityLevel;
  workingDirectory?: string;
  /** Windows PE version resource (OriginalFileName survives a rename). */
  pe?: PeVersionInfo;
}

export interface SourceCitation {
  title: string;
  url?: string;
  confidence: Confidence;
}

export interface DeclarativePopulation {
  id: string;
  title: string;
  label: Label;
  program: string;
  hostProfile: HostProfile;
  summary: string;
  sources: SourceCitation[];
  forms: Partial<Record<OsFamily, OsForm>>;
  location: SourceLocation;
}

/** A process start built from a declarative population, before it becomes a canonical event. */
export interface ProgramLaunch {
  program: ProgramSpec;
  os: OsFamily;
  executable: string;
  /** argv[0]. */
  argv0: string;
  /** argv[1..] with roles (evasion operators reorder and rewrite units). */
  tokens: ArgToken[];
  parent: { executable: string; argv: string[]; commandLine?: string; account?: AccountKind };
  account: AccountKind;
  integrity?: IntegrityLevel;
  workingDirectory: string;
  pe?: PeVersionInfo;
  /** The image the hashes are of: a renamed or copied binary keeps its original's hashes. */
  imageIdentity: string;
  /**
   * Windows command-line text: an argv index → the text written for it instead of its standard
   * quoting, and the separator written before it (default one space). The generator checks that the
   * C runtime splits the result back into argv.
   */
  windowsText: { tokens: Record<number, string>; separators: Record<number, string> };
  /** The command line carries look-alike characters the OS best-fit maps to argv's ASCII (ANSI programs). */
  bestFit: boolean;
}

export function launchArgv(launch: Pick<ProgramLaunch, 'argv0' | 'tokens'>): string[] {
  return [launch.argv0, ...launch.tokens.map((t) => t.text)];
}
