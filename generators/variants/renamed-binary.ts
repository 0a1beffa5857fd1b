// Rows 8–9: the QEMU binary copied under another name (stl.exe, fontdiag.exe, svchost.exe outside
// System32; a kernel-thread-looking name on Linux). Rule A needs `qemu-system-` in the raw event;
// Rule B never looks at the name.
import { basenameOf, dirnameOf } from '../qemu/binaries.js';
import { cloneLaunch } from './network-options.js';
import { EVASION_TABLE, type Variant } from './variant.js';
import { RENAMED_QEMU_REPORTS } from './public-sources.js';

const WINDOWS_NAMES = ['stl.exe', 'fontdiag.exe', 'svchost.exe', 'RuntimeBroker.exe', 'OneDriveUpdater.exe'];
const POSIX_NAMES = ['kworker', 'dbus-daemon', 'systemd-resolve', 'rsyslogd'];

export const renamedBinary: Variant = {
  id: 'renamed-binary',
  title: 'Renamed QEMU binary with the original arguments',
  rows: [8, 9],
  summary: 'Same argv, binary renamed (the TrustedSec stl.exe and CRON#TRAP fontdiag.exe pattern); with an SSH hostfwd this is row 9.',
  os: ['windows', 'linux', 'macos'],
  acceptance: 'qemu-7.2',
  sources: [EVASION_TABLE, ...RENAMED_QEMU_REPORTS],
  parameterSchema: { type: 'object', additionalProperties: false, properties: { name: { type: 'string', pattern: '^[^\\\\/:*?"<>|]+$' } } },
  check(launch) {
    return basenameOf(launch.invocation.binary.path).toLowerCase().includes('qemu-system-') ? null : 'the binary is already renamed';
  },
  apply(launch, { rng, params }) {
    const out = cloneLaunch(launch);
    const binary = out.invocation.binary;
    const windows = out.invocation.os === 'windows';
    const name = typeof params.name === 'string' ? params.name : rng.pick(windows ? WINDOWS_NAMES : POSIX_NAMES);
    const sep = windows ? '\\' : '/';
    const oldName = basenameOf(binary.path);
    binary.path = `${dirnameOf(binary.path)}${sep}${name}`;
    binary.argv0 = binary.argv0.endsWith(oldName) ? binary.argv0.slice(0, binary.argv0.length - oldName.length) + name : name;
    return out;
  },
};
