// Row 18 (the accepted half) and row 22: the binary name changes but keeps `qemu-system-`:
// upper case on Windows' case-insensitive file system, another target architecture, or the
// `…w.exe` GUI twin Stefan Weil's builds install next to every target.
import { basenameOf, dirnameOf, systemBinaryName } from '../qemu/binaries.js';
import { arg } from '../qemu/model.js';
import type { Launch } from '../populations/population.js';
import { cloneLaunch } from './network-options.js';
import { EVASION_TABLE, type Variant } from './variant.js';
import { QEMU_WINDOWS_BUILDS } from './public-sources.js';

function rename(launch: Launch, name: string): Launch {
  const out = cloneLaunch(launch);
  const binary = out.invocation.binary;
  const sep = out.invocation.os === 'windows' ? '\\' : '/';
  const old = basenameOf(binary.path);
  binary.path = `${dirnameOf(binary.path)}${sep}${name}`;
  binary.argv0 = binary.argv0.endsWith(old) ? binary.argv0.slice(0, binary.argv0.length - old.length) + name : name;
  return out;
}

function qemuName(launch: Launch): string | null {
  const name = basenameOf(launch.invocation.binary.path);
  return name.toLowerCase().startsWith('qemu-system-') ? name : null;
}

export const uppercaseBinaryName: Variant = {
  id: 'uppercase-binary-name',
  title: 'Upper-case binary name (QEMU-SYSTEM-X86_64.EXE)',
  rows: [18],
  summary: 'Windows resolves the file case-insensitively; option names must stay lower case (QEMU rejects -NETDEV), only the image name changes case.',
  os: ['windows'],
  acceptance: 'qemu-7.2',
  sources: [EVASION_TABLE, { title: 'Both rules match case-insensitively: rules/splunk/qemu_network_tunneling_windows.yml (Splunk terms), rules/elastic/command_and_control_tunnel_qemu.toml (the : operator)', confidence: 'source' }],
  parameterSchema: { type: 'object', additionalProperties: false, properties: {} },
  check(launch) {
    return qemuName(launch) ? null : 'needs a qemu-system-* binary';
  },
  apply(launch) {
    return rename(launch, (qemuName(launch) ?? '').toUpperCase());
  },
};

/** Options that tie a launch to the x86 PC machine (an aarch64 `virt` machine has no IDE bus). */
function pcOnly(launch: Launch): boolean {
  return launch.invocation.options.some(
    (o) => ['hda', 'hdb', 'cdrom', 'machine', 'M', 'bios', 'vga'].includes(o.name) || (o.kind === 'opts' && o.props.some((p) => p.key === 'if' && p.value === 'ide')),
  );
}

export const otherArchBinary: Variant = {
  id: 'other-arch-binary',
  title: "Another target's binary or the …w.exe GUI twin",
  rows: [22],
  summary:
    'The same network options under qemu-system-i386 ↔ qemu-system-x86_64 (same PC machine), the …w.exe GUI twin on Windows, or qemu-system-aarch64 with -M virt when nothing ties the launch to the PC machine (no IDE disk, no -machine).',
  os: ['windows', 'linux', 'macos'],
  acceptance: 'qemu-7.2',
  sources: [EVASION_TABLE, QEMU_WINDOWS_BUILDS],
  parameterSchema: { type: 'object', additionalProperties: false, properties: { binary: { enum: ['x86-sibling', 'aarch64', 'gui-twin'] } } },
  check(launch) {
    if (!qemuName(launch)) return 'needs a qemu-system-* binary';
    return launch.invocation.binary.arch === 'aarch64' ? 'an aarch64 launch (-M virt, aarch64 firmware) runs only under qemu-system-aarch64' : null;
  },
  apply(launch, { rng, params }) {
    const windows = launch.invocation.os === 'windows';
    const choices = ['x86-sibling', ...(pcOnly(launch) ? [] : ['aarch64']), ...(windows ? ['gui-twin'] : [])];
    const wanted = typeof params.binary === 'string' ? params.binary : rng.pick(choices);
    const choice = choices.includes(wanted) ? wanted : 'x86-sibling';
    const current = launch.invocation.binary.arch;
    const arch = choice === 'aarch64' ? 'aarch64' : choice === 'gui-twin' ? current : current === 'i386' ? 'x86_64' : 'i386';
    const out = rename(launch, systemBinaryName(arch, launch.invocation.os, choice === 'gui-twin'));
    out.invocation.binary.arch = arch;
    // qemu-system-aarch64 has no default machine: the launch names one.
    if (arch === 'aarch64') out.invocation.options.unshift(arg('M', 'virt'));
    return out;
  },
};
