// Podman machine, QEMU provider: podman starts QEMU with its network on gvproxy — `-netdev stream`
// to gvproxy's UNIX socket (Podman ≥ 4.x with QEMU ≥ 7.2) or, in older releases, `-netdev
// socket,fd=3` with the connected socket handed over — QMP on a UNIX socket, ignition via fw_cfg.
// containers/podman pkg/machine/qemu command builder; a CRC debug log.
import { pickVersion, launch, invocation, nicDevice, memory, drive } from '../build-helpers.js';
import { arg, opts } from '../../qemu/model.js';
import { fdValue, pathValue, prop, type ChardevSpec } from '../../qemu/values.js';
import { constantOption } from '../../qemu/render.js';
import { param, type Population } from '../population.js';

// The argv template: the options podman machine writes the same way for every machine.
const CPU_HOST = constantOption(arg('cpu', 'host'));
const GVPROXY_NIC = constantOption(nicDevice('virtio-net-pci', 'vlan', '5a:94:ef:e4:0c:ee'));
const VIRTIO_SERIAL = constantOption(opts('device', 'virtio-serial', []));

export const podmanMachine: Population = {
  id: 'podman-machine',
  title: 'Podman machine (QEMU provider) on gvproxy: -netdev stream to a UNIX socket, or socket,fd=3',
  label: 'benign',
  os: ['linux', 'macos'],
  hostProfile: 'developer',
  summary:
    'podman → qemu-system-<arch> -netdev stream,id=vlan,server=off,addr.type=unix,addr.path=…-gvproxy.sock (or -netdev socket,id=vlan,fd=3 in older releases) -device virtio-net-pci,netdev=vlan,mac=5a:94:ef:e4:0c:ee, QMP on a UNIX socket, fw_cfg ignition. Contains socket and -netdev, no hostfwd/connect=.',
  sources: [
    { title: 'containers/podman QEMU command builder', repo: 'containers/podman', path: 'pkg/machine/qemu/command/command.go', confidence: 'source' },
    { title: 'A CRC debug log showing the podman QEMU command line', confidence: 'source' },
  ],
  parameterSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { backend: { enum: ['stream', 'socket-fd', 'mixed'] } },
  },
  build({ rng, os, host, params }) {
    const arm = os === 'macos' && host.context.architecture === 'arm64';
    const arch = arm ? 'aarch64' : 'x86_64';
    const path = os === 'macos' ? `${arm ? '/opt/homebrew' : '/usr/local'}/bin/qemu-system-${arch}` : `/usr/bin/qemu-system-${arch}`;
    const machine = rng.pick(['podman-machine-default', 'podman-machine-dev', 'fedora-coreos']);
    const uid = host.person.account.id;
    const runDir = os === 'macos' ? `/var/folders/${rng.alnum(2)}/${rng.alnum(30)}/T/podman` : `/run/user/${uid}/podman`;
    const dataDir = os === 'macos' ? `${host.person.home}/.local/share/containers/podman/machine/qemu` : `${host.person.home}/.local/share/containers/podman/machine/qemu`;
    const requested = param(params, 'backend', 'mixed');
    const backend = requested === 'mixed' ? rng.weighted([[3, 'stream'], [1, 'socket-fd']] as const) : requested;
    const qmp: ChardevSpec = { $v: 'chardev', backend: 'unix', path: pathValue(`${runDir}/qmp_${machine}.sock`, 'unix-listen'), flags: [prop('server', 'on'), prop('wait', 'off')] };
    const options = [
      arg('accel', os === 'macos' ? 'hvf' : 'kvm'),
      CPU_HOST,
      memory(String(rng.pick([2048, 4096]))),
      arg('smp', String(rng.pick([2, 4, 6]))),
      opts('fw_cfg', null, [prop('name', 'opt/com.coreos/config'), prop('file', pathValue(`${dataDir}/${machine}.ign`, 'other'))]),
      arg('qmp', qmp),
      backend === 'stream'
        ? opts('netdev', 'stream', [prop('id', 'vlan'), prop('server', 'off'), prop('addr.type', 'unix'), prop('addr.path', pathValue(`${runDir}/${machine}-gvproxy.sock`, 'unix-connect'))])
        : opts('netdev', 'socket', [prop('id', 'vlan'), prop('fd', fdValue(3, 'socket'))]),
      GVPROXY_NIC,
      VIRTIO_SERIAL,
      opts('chardev', 'socket', [prop('path', pathValue(`${runDir}/${machine}_ready.sock`, 'unix-listen')), prop('server', 'on'), prop('wait', 'off'), prop('id', `a${machine}_ready`)]),
      opts('device', 'virtserialport', [prop('chardev', `a${machine}_ready`), prop('name', 'org.fedoraproject.port.0')]),
      arg('pidfile', pathValue(`${runDir}/${machine}_vm.pid`, 'file-write')),
      drive([['if', 'virtio'], ['file', pathValue(`${dataDir}/${machine}_fedora-coreos-${arch}.qcow2`, 'disk')]]),
    ];
    const podman = os === 'macos' ? '/opt/podman/bin/podman' : '/usr/bin/podman';
    return launch({
      invocation: invocation(os, path, path, arch, options),
      programQuoting: 'as-needed',
      parent: { executable: podman, argv: ['podman', 'machine', 'start', machine] },
      account: 'person',
      workingDirectory: host.person.home,
      qemuVersion: pickVersion(rng),
    });
  },
};
