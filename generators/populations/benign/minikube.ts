// minikube qemu2 driver: builtin user networking as `-nic user,model=virtio,hostfwd=…` (SSH and
// Docker ports), or socket_vmnet (`-netdev socket,id=net0,fd=3`); -display none, QMP on a UNIX
// socket, -pidfile, -daemonize except on Windows, the disk image as the last (positional) argument.
// kubernetes/minikube pkg/drivers/qemu/qemu.go.
import { pickVersion, launch, invocation, nicDevice, memory, displayNone } from '../build-helpers.js';
import { arg, flag, opts, type QemuOption } from '../../qemu/model.js';
import { fdValue, hostFwd, pathValue, prop, type ChardevSpec } from '../../qemu/values.js';
import { constantOption } from '../../qemu/render.js';
import { WINDOWS_QEMU_DIR } from '../../qemu/binaries.js';
import { param, type Population } from '../population.js';

// The argv template: the options the qemu2 driver writes the same way for every machine.
const DISPLAY_NONE = constantOption(displayNone());
const ACCEL_HVF = constantOption(arg('accel', 'hvf'));
const ACCEL_KVM = constantOption(arg('accel', 'kvm'));
const BOOT_CDROM = constantOption(arg('boot', 'd'));
const DAEMONIZE = constantOption(flag('daemonize'));

export const minikube: Population = {
  id: 'minikube',
  title: 'minikube qemu2 driver: -nic user hostfwd (builtin) or -netdev socket,fd=3 (socket_vmnet)',
  label: 'benign',
  os: ['macos', 'linux', 'windows'],
  hostProfile: 'developer',
  summary:
    'minikube → qemu-system-<arch> … -nic user,model=virtio,hostfwd=tcp::<ssh>-:22,hostfwd=tcp::<docker>-:2376,hostname=minikube (builtin network) or -device virtio-net-pci + -netdev socket,id=net0,fd=3 (socket_vmnet); -display none, -qmp unix:…,server,nowait, -pidfile, -daemonize off Windows. Contains hostfwd= but no -netdev argument in the builtin form.',
  sources: [{ title: 'kubernetes/minikube qemu driver', repo: 'kubernetes/minikube', path: 'pkg/drivers/qemu/qemu.go', confidence: 'source' }],
  parameterSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { network: { enum: ['builtin', 'socket_vmnet', 'mixed'] } },
  },
  build({ rng, os, host, params }) {
    const arm = os === 'macos' && host.context.architecture === 'arm64';
    const arch = arm ? 'aarch64' : 'x86_64';
    const sep = os === 'windows' ? '\\' : '/';
    const machineDir = [host.person.home, '.minikube', 'machines', 'minikube'].join(sep);
    const path = os === 'windows' ? `${WINDOWS_QEMU_DIR}\\qemu-system-x86_64.exe` : os === 'macos' ? `${arm ? '/opt/homebrew' : '/usr/local'}/bin/qemu-system-${arch}` : `/usr/bin/qemu-system-${arch}`;
    const requested = param(params, 'network', 'mixed');
    const network = os !== 'macos' ? 'builtin' : requested === 'mixed' ? rng.pick(['builtin', 'socket_vmnet'] as const) : requested;
    const qmp: ChardevSpec = { $v: 'chardev', backend: 'unix', path: pathValue(`${machineDir}${sep}monitor`, 'unix-listen'), flags: [prop('server'), prop('nowait')] };
    const options: QemuOption[] = [
      arg('M', arm ? 'virt,highmem=off' : 'q35'),
      arg('cpu', arm ? 'host' : 'max'),
      ...(arm ? [opts('drive', null, [prop('file', pathValue('/opt/homebrew/share/qemu/edk2-aarch64-code.fd', 'firmware')), prop('readonly', 'on'), prop('format', 'raw'), prop('if', 'pflash')])] : []),
      DISPLAY_NONE,
      ...(os === 'windows' ? [] : [os === 'macos' ? ACCEL_HVF : ACCEL_KVM]),
      memory(String(rng.pick([2200, 4000, 6000, 8000]))),
      arg('smp', String(rng.pick([2, 4]))),
      BOOT_CDROM,
      arg('cdrom', pathValue(`${machineDir}${sep}boot2docker.iso`, 'disk')),
      arg('qmp', qmp),
      arg('pidfile', pathValue(`${machineDir}${sep}qemu.pid`, 'file-write')),
    ];
    if (network === 'builtin') {
      options.push(opts('nic', 'user', [prop('model', 'virtio'), prop('hostfwd', hostFwd(rng.int(32768, 60999), 22)), prop('hostfwd', hostFwd(rng.int(32768, 60999), 2376)), prop('hostname', 'minikube')]));
    } else {
      options.push(nicDevice('virtio-net-pci', 'net0', rng.mac([0x52, 0x54, 0x00])), opts('netdev', 'socket', [prop('id', 'net0'), prop('fd', fdValue(3, 'socket'))]));
    }
    if (os !== 'windows') options.push(DAEMONIZE);
    options.push({ kind: 'positional', name: '', value: pathValue(`${machineDir}${sep}disk.qcow2`, 'disk') });
    const exe = os === 'windows' ? 'C:\\ProgramData\\chocolatey\\lib\\Minikube\\tools\\minikube.exe' : os === 'macos' ? `${arm ? '/opt/homebrew' : '/usr/local'}/bin/minikube` : '/usr/local/bin/minikube';
    return launch({
      invocation: invocation(os, path, path, arch, options),
      programQuoting: 'as-needed',
      parent: { executable: exe, argv: [os === 'windows' ? exe : 'minikube', 'start', '--driver=qemu2', ...(network === 'socket_vmnet' ? ['--network=socket_vmnet'] : [])] },
      account: 'person',
      workingDirectory: host.person.home,
      integrityLevel: 'Medium',
      tokenElevation: 'limited',
      qemuVersion: pickVersion(rng),
    });
  },
};
