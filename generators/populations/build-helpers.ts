// Small builders shared by the populations: QEMU option shorthands and the parent processes that
// start QEMU on each OS (paths as Windows, Debian and macOS install them).
import type { OsFamily } from '../canonical-event.js';
import type { Rng } from '../context/rng.js';
import { QEMU_VERSIONS } from '../qemu/binaries.js';
import { arg, flag, opts, type QemuArch, type QemuInvocation, type QemuOption } from '../qemu/model.js';
import { prop, type Prop, type Value } from '../qemu/values.js';
import type { Launch, LaunchParent } from './population.js';

export function netdev(type: string, id: string, props: Prop[] = []): QemuOption {
  return opts('netdev', type, [prop('id', id), ...props]);
}

export function nicDevice(model: string, netdevId: string, mac?: string): QemuOption {
  const props = [prop('netdev', netdevId)];
  if (mac !== undefined) props.push(prop('mac', mac));
  return opts('device', model, props);
}

export function memory(size: string): QemuOption {
  return arg('m', size);
}

export function nographic(): QemuOption {
  return flag('nographic');
}

export function displayNone(): QemuOption {
  return arg('display', 'none');
}

export function drive(props: Array<[string, Value]>): QemuOption {
  return opts('drive', null, props.map(([key, value]) => prop(key, value)));
}

export function pickVersion(rng: Rng): string {
  return rng.pick(QEMU_VERSIONS);
}

export function invocation(os: OsFamily, path: string, argv0: string, arch: QemuArch, options: QemuOption[]): QemuInvocation {
  return { os, binary: { path, argv0, arch }, options, configFiles: [], defaultConfig: null };
}

/** A Launch with no text edits yet. Every launch gets the same fields in the same order (one object shape for the JIT). */
export function launch(fields: Omit<Launch, 'commandLineEdits' | 'parentCommandLineEdits'>): Launch {
  const made: Launch = {
    invocation: fields.invocation,
    programQuoting: fields.programQuoting,
    parent: fields.parent,
    account: fields.account,
    workingDirectory: fields.workingDirectory,
    qemuVersion: fields.qemuVersion,
    commandLineEdits: [],
    parentCommandLineEdits: [],
  };
  if (fields.integrityLevel !== undefined) made.integrityLevel = fields.integrityLevel;
  if (fields.tokenElevation !== undefined) made.tokenElevation = fields.tokenElevation;
  return made;
}

/** A free-looking TCP port above the registered range. */
export function highPort(rng: Rng): number {
  return rng.int(20000, 60999);
}

// ---- Windows parents ----------------------------------------------------------------------------

export const WIN = {
  cmd: 'C:\\Windows\\System32\\cmd.exe',
  powershell: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
  pwsh: 'C:\\Program Files\\PowerShell\\7\\pwsh.exe',
  svchost: 'C:\\Windows\\System32\\svchost.exe',
  explorer: 'C:\\Windows\\explorer.exe',
  wscript: 'C:\\Windows\\System32\\wscript.exe',
  cscript: 'C:\\Windows\\System32\\cscript.exe',
  system32: 'C:\\Windows\\system32',
} as const;

/** The Task Scheduler service host (STAC4713's TPMProfiler task runs QEMU from here as SYSTEM). */
export function scheduleServiceParent(): LaunchParent {
  return { executable: WIN.svchost, argv: [WIN.svchost, '-k', 'netsvcs', '-p', '-s', 'Schedule'], commandLine: 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule', account: 'system' };
}

export function interactiveCmdParent(): LaunchParent {
  return { executable: WIN.cmd, argv: [WIN.cmd], commandLine: '"C:\\Windows\\system32\\cmd.exe" ' };
}

export function batchCmdParent(batchPath: string): LaunchParent {
  return {
    executable: WIN.cmd,
    argv: [WIN.cmd, '/c', batchPath],
    commandLine: `C:\\Windows\\system32\\cmd.exe /c ""${batchPath}" "`,
  };
}

export function powershellParent(script?: string): LaunchParent {
  if (script === undefined) return { executable: WIN.powershell, argv: [WIN.powershell], commandLine: '"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" ' };
  return { executable: WIN.powershell, argv: [WIN.powershell, '-NoProfile', '-ExecutionPolicy', 'Bypass', '-File', script] };
}

export function scriptHostParent(host: 'wscript' | 'cscript', script: string): LaunchParent {
  const executable = host === 'wscript' ? WIN.wscript : WIN.cscript;
  const argv = host === 'wscript' ? [executable, script] : [executable, '//B', '//Nologo', script];
  return { executable, argv, programQuoting: 'always' };
}

// ---- POSIX parents ------------------------------------------------------------------------------

export function shellParent(os: OsFamily, shell: 'bash' | 'sh' | 'zsh' = 'bash', script?: string): LaunchParent {
  const executable = os === 'macos' ? `/bin/${shell}` : shell === 'sh' ? '/usr/bin/dash' : `/usr/bin/${shell}`;
  const argv0 = os === 'macos' ? `-${shell}` : shell;
  return { executable, argv: script === undefined ? [argv0] : [shell, script] };
}
