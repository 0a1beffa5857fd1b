// The QEMU command-line model: options as data. A QemuInvocation is what a launcher hands to the OS:
// the binary, its argv[0] as the launcher spells it, and the options in order. render.ts turns it
// into argv; windows-cmdline.ts / posix-cmdline.ts turn argv into the command line an OS records.
import type { OsFamily } from '../canonical-event.js';
import type { Prop, Value, PathValue } from './values.js';

export type QemuArch = 'x86_64' | 'i386' | 'aarch64';

/** JSON as QEMU's JSON option syntax takes it; leaves may be typed values (rendered as strings). */
export type JsonNode = null | boolean | number | Value | JsonNode[] | { [key: string]: JsonNode };
export type JsonObject = { [key: string]: JsonNode };

/** `-name` / `--name`: QEMU accepts one or two leading dashes for every option (qemu-options.hx). */
export type Dashes = 1 | 2;

export type QemuOption =
  /** `-nographic`, `-S`, `-daemonize`, `-no-user-config`, `-nodefaults`. */
  | { kind: 'flag'; name: string; dashes?: Dashes }
  /** An option with one argument taken verbatim: `-m 1M`, `-display none`, `-serial <chardev>`, `-readconfig <path>`. */
  | { kind: 'arg'; name: string; value: Value; dashes?: Dashes }
  /** A QemuOpts/keyval option: `-netdev user,id=n0,hostfwd=…`; head is the implied first value (backend, driver). */
  | { kind: 'opts'; name: string; head: Value | null; props: Prop[]; dashes?: Dashes }
  /** The JSON form QEMU accepts for -netdev / -device / -object: `-netdev '{"type":"user",…}'`. */
  | { kind: 'json'; name: string; value: JsonObject; dashes?: Dashes }
  /** An argument QEMU does not define (Android emulator flags, removed options such as -redir). */
  | { kind: 'foreign'; name: string; values: Value[]; note: string }
  /** A bare argument: QEMU reads a non-option argument as the first disk image (`… disk.qcow2`). */
  | { kind: 'positional'; name: ''; value: Value };

/** One `[group "id"]` section of a QEMU config file (-readconfig, or the default qemu.conf). */
export interface ConfigSection {
  group: string;
  id: string;
  entries: Array<[key: string, value: Value]>;
}

export interface ConfigFile {
  path: PathValue;
  sections: ConfigSection[];
}

export interface QemuBinary {
  /** Full path of the image the OS starts (what 4688 NewProcessName / Sysmon Image record). */
  path: string;
  /** argv[0] exactly as the launcher passes it: a full path, a relative name, or a bare name. */
  argv0: string;
  arch: QemuArch;
}

export interface QemuInvocation {
  os: OsFamily;
  binary: QemuBinary;
  options: QemuOption[];
  /** Files the command line references by path whose content carries network configuration. */
  configFiles: ConfigFile[];
  /** Content of QEMU's default config file (`<sysconfdir>/qemu/qemu.conf`), loaded without any option. */
  defaultConfig: ConfigFile | null;
}

export type FlagOption = Extract<QemuOption, { kind: 'flag' }>;
export type ArgOption = Extract<QemuOption, { kind: 'arg' }>;
export type OptsOption = Extract<QemuOption, { kind: 'opts' }>;
export type JsonOption = Extract<QemuOption, { kind: 'json' }>;

export function flag(name: string): FlagOption {
  return { kind: 'flag', name };
}

export function arg(name: string, value: Value): ArgOption {
  return { kind: 'arg', name, value };
}

export function opts(name: string, head: Value | null, props: Prop[]): OptsOption {
  return { kind: 'opts', name, head, props };
}

export function json(name: string, value: JsonObject): JsonOption {
  return { kind: 'json', name, value };
}

/** A copy of a JSON option tree; typed values (`$v`) are leaves, shared like strings. */
function copyJson(node: JsonNode): JsonNode {
  if (node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map(copyJson);
  if ('$v' in node) return node;
  const out: JsonObject = {};
  for (const key of Object.keys(node)) out[key] = copyJson((node as JsonObject)[key] ?? null);
  return out;
}

function copyOption(option: QemuOption): QemuOption {
  switch (option.kind) {
    case 'opts':
      return { ...option, props: option.props.map((p) => ({ key: p.key, value: p.value })) };
    case 'json':
      return { ...option, value: copyJson(option.value) as JsonObject };
    case 'foreign':
      return { ...option, values: [...option.values] };
    default:
      return { ...option };
  }
}

function copyConfigFile(file: ConfigFile): ConfigFile {
  return { path: file.path, sections: file.sections.map((s) => ({ group: s.group, id: s.id, entries: s.entries.map(([key, value]): [string, Value] => [key, value]) })) };
}

/**
 * A copy variant operators can mutate freely (options, props, binary, config files) without touching
 * the population's output. Typed values (values.ts) are shared, not copied: operators replace a value,
 * never edit one in place. Written out rather than structuredClone, which cost ~7% of generation.
 */
export function cloneInvocation(invocation: QemuInvocation): QemuInvocation {
  return {
    os: invocation.os,
    binary: { ...invocation.binary },
    options: invocation.options.map(copyOption),
    configFiles: invocation.configFiles.map(copyConfigFile),
    defaultConfig: invocation.defaultConfig === null ? null : copyConfigFile(invocation.defaultConfig),
  };
}
