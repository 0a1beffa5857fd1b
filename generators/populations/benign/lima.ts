// Lima (and Colima, which drives Lima): limactl's host agent starts QEMU with user-mode networking
// on 192.168.5.0/24, an SSH hostfwd bound to 127.0.0.1, serial and QMP on UNIX sockets, and
// -display none; optional socket_vmnet adds `-netdev socket,fd=3`. lima-vm/lima pkg/qemu/qemu.go.
import { pickVersion, launch, invocation, netdev, nicDevice, displayNone, memory, drive } from '../build-helpers.js';
import { arg, opts, type QemuOption } from '../../qemu/model.js';
import { fdValue, hostFwd, pathValue, prop } from '../../qemu/values.js';
import { constantOption } from '../../qemu/render.js';
import type { OsFamily } from '../../canonical-event.js';
import type { Rng } from '../../context/rng.js';
import type { Host } from '../../context/hosts.js';
import { WINDOWS_QEMU_DIR } from '../../qemu/binaries.js';
import { param, type Launch, type Population } from '../population.js';

function smpTopology(cpus: string): QemuOption {
  return opts('smp', cpus, [prop('sockets', '1'), prop('cores', cpus), prop('threads', '1')]);
}

// The argv template: the options limactl writes the same way for every instance.
const BOOT = constantOption(opts('boot', null, [prop('order', 'c'), prop('splash-time', '0'), prop('menu', 'on')]));
const SCSI_CONTROLLER = constantOption(opts('device', 'virtio-scsi-pci', [prop('id', 'scsi0')]));
const SCSI_CD = constantOption(opts('device', 'scsi-cd', [prop('bus', 'scsi0.0'), prop('drive', 'cdrom0')]));
const DEVICES_AFTER_NETWORK = [
  opts('device', 'virtio-rng-pci', []),
  displayNone(),
  opts('device', 'virtio-vga', []),
  opts('device', 'virtio-keyboard-pci', []),
  opts('device', 'virtio-mouse-pci', []),
  opts('device', 'qemu-xhci', [prop('id', 'usb-bus')]),
  arg('parallel', 'none'),
].map(constantOption);
const SERIAL = constantOption(arg('serial', { $v: 'chardev', backend: 'chardev', ref: 'char-serial', flags: [] }));
const QMP = constantOption(arg('qmp', { $v: 'chardev', backend: 'chardev', ref: 'char-qmp', flags: [] }));

function joinPath(os: OsFamily, ...parts: string[]): string {
  return parts.join(os === 'windows' ? '\\' : '/');
}

export function limaLaunch(rng: Rng, os: OsFamily, host: Host, instance: string, limaHome: string, vmnet: 'none' | 'socket_vmnet' | 'vmnet-shared'): Launch {
  const dir = joinPath(os, limaHome, instance);
  const arm = os === 'macos' && host.context.architecture === 'arm64';
  const arch = arm ? 'aarch64' : 'x86_64';
  const path =
    os === 'windows' ? `${WINDOWS_QEMU_DIR}\\qemu-system-x86_64.exe` : os === 'macos' ? `${arm ? '/opt/homebrew' : '/usr/local'}/bin/qemu-system-${arch}` : `/usr/bin/qemu-system-${arch}`;
  const accel = os === 'windows' ? 'whpx' : os === 'macos' ? 'hvf' : 'kvm';
  const sshPort = rng.int(49152, 65000);
  const options: QemuOption[] = [
    memory(String(rng.pick([2048, 4096, 8192]))),
    arg('cpu', os === 'windows' ? 'max' : 'host'),
    opts('machine', arm ? 'virt' : 'q35', [prop('accel', accel)]),
    // Lima: -smp <cpus>,sockets=1,cores=<cpus>,threads=1 (QEMU 7.2 rejects a topology that does not multiply out).
    smpTopology(String(rng.pick([2, 4]))),
    ...(arm ? [drive([['if', 'pflash'], ['format', 'raw'], ['readonly', 'on'], ['file', pathValue('/opt/homebrew/share/qemu/edk2-aarch64-code.fd', 'firmware')]])] : []),
    BOOT,
    drive([['file', pathValue(joinPath(os, dir, 'diffdisk'), 'disk')], ['if', 'virtio'], ['discard', 'on']]),
    drive([['id', 'cdrom0'], ['if', 'none'], ['format', 'raw'], ['readonly', 'on'], ['file', pathValue(joinPath(os, dir, 'cidata.iso'), 'disk')]]),
    SCSI_CONTROLLER,
    SCSI_CD,
    netdev('user', 'net0', [prop('net', '192.168.5.0/24'), prop('dhcpstart', '192.168.5.15'), prop('hostfwd', hostFwd(sshPort, 22, { hostAddr: '127.0.0.1' }))]),
    nicDevice('virtio-net-pci', 'net0', rng.mac([0x52, 0x55, 0x55])),
  ];
  if (vmnet === 'socket_vmnet') {
    options.push(netdev('socket', 'net1', [prop('fd', fdValue(3, 'socket'))]), nicDevice('virtio-net-pci', 'net1', rng.mac([0x52, 0x55, 0x55])));
  } else if (vmnet === 'vmnet-shared') {
    options.push(netdev('vmnet-shared', 'net1'), nicDevice('virtio-net-pci', 'net1', rng.mac([0x52, 0x55, 0x55])));
  }
  options.push(
    ...DEVICES_AFTER_NETWORK,
    opts('chardev', 'socket', [prop('id', 'char-serial'), prop('path', pathValue(joinPath(os, dir, 'serial.sock'), 'unix-listen')), prop('server', 'on'), prop('wait', 'off'), prop('logfile', pathValue(joinPath(os, dir, 'serial.log'), 'file-write'))]),
    SERIAL,
    opts('chardev', 'socket', [prop('id', 'char-qmp'), prop('path', pathValue(joinPath(os, dir, 'qmp.sock'), 'unix-listen')), prop('server', 'on'), prop('wait', 'off')]),
    QMP,
    arg('name', `lima-${instance}`),
    arg('pidfile', pathValue(joinPath(os, dir, 'qemu.pid'), 'file-write')),
  );
  const limactl = os === 'windows' ? `${host.person.home}\\scoop\\apps\\lima\\current\\limactl.exe` : os === 'macos' ? `${arm ? '/opt/homebrew' : '/usr/local'}/bin/limactl` : '/usr/local/bin/limactl';
  const parentArgv = [limactl, 'hostagent', '--pidfile', joinPath(os, dir, 'ha.pid'), '--socket', joinPath(os, dir, 'ha.sock'), instance];
  return launch({
    invocation: invocation(os, path, path, arch, options),
    programQuoting: 'as-needed',
    parent: { executable: limactl, argv: parentArgv },
    account: 'person',
    workingDirectory: host.person.home,
    integrityLevel: 'Medium',
    tokenElevation: 'limited',
    qemuVersion: pickVersion(rng),
  });
}

export const lima: Population = {
  id: 'lima',
  title: 'Lima VM (limactl host agent) with user networking and a 127.0.0.1 SSH hostfwd',
  label: 'benign',
  os: ['macos', 'linux', 'windows'],
  hostProfile: 'developer',
  summary:
    'limactl hostagent → qemu-system-<arch> with -netdev user,net=192.168.5.0/24,dhcpstart=192.168.5.15,hostfwd=tcp:127.0.0.1:<port>-:22, serial/QMP chardev sockets and -display none; optionally socket_vmnet (-netdev socket,fd=3) or QEMU vmnet-shared on macOS. Hits Rule B through hostfwd=.',
  sources: [{ title: 'lima-vm/lima pkg/qemu/qemu.go (several versions)', repo: 'lima-vm/lima', path: 'pkg/qemu/qemu.go', confidence: 'source' }],
  parameterSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { vmnet: { enum: ['none', 'socket_vmnet', 'vmnet-shared', 'mixed'] } },
  },
  build({ rng, os, host, params }) {
    const requested = param(params, 'vmnet', 'mixed');
    const vmnet = os !== 'macos' ? 'none' : requested === 'mixed' ? rng.weighted([[6, 'none'], [3, 'socket_vmnet'], [1, 'vmnet-shared']] as const) : requested;
    const home = os === 'windows' ? `${host.person.home}\\.lima` : `${host.person.home}/.lima`;
    return limaLaunch(rng, os, host, rng.pick(['default', 'docker', 'k8s', 'dev', 'podman']), home, vmnet);
  },
};

export const colima: Population = {
  id: 'colima',
  title: 'Colima (Lima underneath) container runtime VM',
  label: 'benign',
  os: ['macos', 'linux'],
  hostProfile: 'developer',
  summary: 'colima start runs Lima with LIMA_HOME=~/.colima/_lima and instance "colima": the same QEMU shape as Lima (user networking with a 127.0.0.1 SSH hostfwd), named lima-colima.',
  sources: [
    { title: 'abiosoft/colima (drives Lima; instance colima under ~/.colima/_lima)', repo: 'abiosoft/colima', confidence: 'unverified' },
    { title: 'lima-vm/lima pkg/qemu/qemu.go', repo: 'lima-vm/lima', path: 'pkg/qemu/qemu.go', confidence: 'source' },
  ],
  parameterSchema: { type: 'object', additionalProperties: false, properties: {} },
  build({ rng, os, host }) {
    return limaLaunch(rng, os, host, 'colima', `${host.person.home}/.colima/_lima`, os === 'macos' && rng.chance(0.3) ? 'socket_vmnet' : 'none');
  },
};
