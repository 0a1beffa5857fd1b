// libvirt (virt-manager, virsh, OpenStack, KubeVirt): libvirtd/virtqemud starts QEMU as
// libvirt-qemu with tap devices it opened itself and hands over as fds. Modern libvirt writes
// -netdev/-device as JSON; older releases used keyval. Shapes from many pasted libvirt command
// lines, and libvirt's own expected command lines (libvirt/libvirt tests/qemuxmlconfdata/*.args).
import { pickVersion, launch, invocation } from '../build-helpers.js';
import { arg, flag, json, opts } from '../../qemu/model.js';
import { fdValue, hostPort, pathValue, prop } from '../../qemu/values.js';
import { param, type Population } from '../population.js';

export const libvirt: Population = {
  id: 'libvirt',
  title: 'libvirt-managed VM with tap networking (JSON or keyval -netdev, fds from libvirtd)',
  label: 'benign',
  os: ['linux'],
  hostProfile: 'hypervisor',
  summary:
    'virtqemud/libvirtd → qemu-system-x86_64 (Debian) or /usr/libexec/qemu-kvm (RHEL) as libvirt-qemu with -no-user-config -nodefaults, a QMP chardev socket on an inherited fd, and -netdev tap with fd/vhostfd handed over by libvirt, in JSON (libvirt ≥ 7.x) or keyval form. No hostfwd, no connect=.',
  sources: [
    { title: 'Public libvirt-generated QEMU command lines (domain logs)', confidence: 'source' },
    { title: "libvirt's expected QEMU command lines per domain XML (e.g. net-user, net-virtio)", repo: 'libvirt/libvirt', path: 'tests/qemuxmlconfdata/', confidence: 'source' },
  ],
  parameterSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { style: { enum: ['json', 'keyval', 'mixed'] } },
  },
  build({ rng, host, params }) {
    const style = param(params, 'style', 'mixed') === 'mixed' ? rng.pick(['json', 'keyval'] as const) : param(params, 'style', 'json');
    const rhel = host.context.osInfo?.platform === 'rhel';
    const path = rhel ? '/usr/libexec/qemu-kvm' : '/usr/bin/qemu-system-x86_64';
    const vm = rng.pick(['win11', 'ubuntu22.04', 'debian12', 'rhel9', 'k8s-worker', 'build-vm']) + `-${rng.int(1, 20)}`;
    const monitorFd = rng.int(28, 40);
    const tapFd = monitorFd + rng.int(2, 6);
    const mac = rng.mac([0x52, 0x54, 0x00]);
    const options = [
      opts('name', null, [prop('guest', vm), prop('debug-threads', 'on')]),
      flag('S'),
      opts('machine', 'pc-i440fx-7.2', [prop('usb', 'off'), prop('dump-guest-core', 'off')]),
      arg('accel', 'kvm'),
      opts('cpu', 'host', [prop('migratable', 'on')]),
      arg('m', String(rng.pick([2048, 4096, 8192]))),
      // libvirt's default topology for <vcpu>N</vcpu>: N sockets of one core.
      ((cpus: string) => opts('smp', cpus, [prop('sockets', cpus), prop('cores', '1'), prop('threads', '1')]))(String(rng.pick([2, 4]))),
      arg('uuid', rng.uuid()),
      flag('no-user-config'),
      flag('nodefaults'),
      opts('chardev', 'socket', [prop('id', 'charmonitor'), prop('fd', fdValue(monitorFd, 'chardev')), prop('server', 'on'), prop('wait', 'off')]),
      opts('mon', null, [prop('chardev', 'charmonitor'), prop('id', 'monitor'), prop('mode', 'control')]),
      opts('rtc', null, [prop('base', 'utc')]),
      flag('no-shutdown'),
      opts('boot', null, [prop('strict', 'on')]),
      json('blockdev', {
        driver: 'file',
        filename: pathValue(`/var/lib/libvirt/images/${vm}.qcow2`, 'disk'),
        'node-name': 'libvirt-1-storage',
        'auto-read-only': true,
        discard: 'unmap',
      }),
      ...(style === 'json'
        ? [
            json('netdev', { type: 'tap', fd: fdValue(tapFd, 'tap'), vhost: true, vhostfd: fdValue(tapFd + 2, 'vhost'), id: 'hostnet0' }),
            json('device', { driver: 'virtio-net-pci', netdev: 'hostnet0', id: 'net0', mac, bus: 'pci.0', addr: '0x3' }),
          ]
        : [
            opts('netdev', 'tap', [prop('fd', fdValue(tapFd, 'tap')), prop('id', 'hostnet0'), prop('vhost', 'on'), prop('vhostfd', fdValue(tapFd + 2, 'vhost'))]),
            opts('device', 'virtio-net-pci', [prop('netdev', 'hostnet0'), prop('id', 'net0'), prop('mac', mac), prop('bus', 'pci.0'), prop('addr', '0x3')]),
          ]),
      rng.chance(0.5) ? arg('vnc', hostPort('127.0.0.1', 0, 'vnc')) : arg('display', 'none'),
      opts('sandbox', 'on', [prop('obsolete', 'deny'), prop('elevateprivileges', 'deny'), prop('spawn', 'deny'), prop('resourcecontrol', 'deny')]),
      opts('msg', null, [prop('timestamp', 'on')]),
    ];
    const daemon = rng.chance(0.6) ? '/usr/sbin/virtqemud' : '/usr/sbin/libvirtd';
    return launch({
      invocation: invocation('linux', path, path, 'x86_64', options),
      programQuoting: 'as-needed',
      parent: { executable: daemon, argv: [daemon, '--timeout', '120'], account: 'root' },
      account: 'libvirt',
      workingDirectory: '/',
      qemuVersion: pickVersion(rng),
    });
  },
};
