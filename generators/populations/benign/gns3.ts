// GNS3: gns3server starts one QEMU per appliance node; every link is a UDP tunnel
// (`-netdev socket,id=gns3-N,udp=127.0.0.1:<rport>,localaddr=127.0.0.1:<lport>`) to uBridge; the
// console is telnet on 127.0.0.1, the monitor a TCP server; -display none on QEMU ≥ 3.0, -nographic
// before. GNS3/gns3-server gns3server/compute/qemu/qemu_vm.py.
import { pickVersion, launch, invocation, memory, drive, nicDevice, displayNone } from '../build-helpers.js';
import { arg, flag, opts, type QemuOption } from '../../qemu/model.js';
import { hostPort, pathValue, prop, type ChardevSpec } from '../../qemu/values.js';
import { constantOption } from '../../qemu/render.js';
import { WINDOWS_QEMU_DIR } from '../../qemu/binaries.js';
import type { Population } from '../population.js';

// The argv template: the options GNS3 writes the same way for every node.
const SMP_1 = constantOption(opts('smp', null, [prop('cpus', '1'), prop('sockets', '1')]));
const ENABLE_KVM = constantOption(flag('enable-kvm'));
const MACHINE_NO_SMM = constantOption(opts('machine', null, [prop('smm', 'off')]));
const BOOT_DISK = constantOption(opts('boot', null, [prop('order', 'c')]));
const NET_NONE = constantOption(arg('net', 'none'));
const DISPLAY_NONE = constantOption(displayNone());

export const gns3: Population = {
  id: 'gns3',
  title: 'GNS3 appliance node: UDP socket links, telnet console, TCP monitor',
  label: 'benign',
  os: ['linux', 'windows'],
  hostProfile: 'lab',
  summary:
    'gns3server → qemu-system-x86_64 -name <node> … -serial telnet:127.0.0.1:<p>,server,nowait -monitor tcp:127.0.0.1:<p>,server,nowait -net none, per link -device e1000,mac=…,netdev=gns3-N -netdev socket,id=gns3-N,udp=127.0.0.1:<r>,localaddr=127.0.0.1:<l>, -display none. Contains -netdev, socket, -device: Rule A on Windows; no hostfwd/connect=: not Rule B.',
  sources: [{ title: 'GNS3/gns3-server qemu_vm.py', repo: 'GNS3/gns3-server', path: 'gns3server/compute/qemu/qemu_vm.py', confidence: 'source' }],
  parameterSchema: { type: 'object', additionalProperties: false, properties: {} },
  build({ rng, os, host }) {
    const node = rng.pick(['R1', 'R2', 'vIOS-1', 'CSR1000v-1', 'OpenWrt-1', 'pfSense-1', 'Alpine-1']);
    const project = os === 'windows' ? `${host.person.home}\\GNS3\\projects\\${rng.uuid()}` : `/opt/gns3/projects/${rng.uuid()}`;
    const sep = os === 'windows' ? '\\' : '/';
    const console: ChardevSpec = { $v: 'chardev', backend: 'telnet', address: hostPort('127.0.0.1', rng.int(5000, 5100), 'listen'), flags: [prop('server'), prop('nowait')] };
    const monitor: ChardevSpec = { $v: 'chardev', backend: 'tcp', address: hostPort('127.0.0.1', rng.int(40000, 50000), 'listen'), flags: [prop('server'), prop('nowait')] };
    const options: QemuOption[] = [
      arg('name', node),
      memory(`${rng.pick([256, 512, 1024, 2048])}M`),
      SMP_1,
      ...(os === 'windows' ? [] : [ENABLE_KVM]),
      MACHINE_NO_SMM,
      BOOT_DISK,
      drive([['file', pathValue(`${project}${sep}project-files${sep}qemu${sep}${rng.uuid()}${sep}hda_disk.qcow2`, 'disk')], ['if', 'ide'], ['index', '0'], ['media', 'disk'], ['id', 'drive0']]),
      arg('uuid', rng.uuid()),
      arg('serial', console),
      arg('monitor', monitor),
      NET_NONE,
    ];
    const links = rng.int(1, 4);
    let port = rng.int(10000, 20000) & ~1;
    for (let i = 0; i < links; i++) {
      options.push(
        nicDevice('e1000', `gns3-${i}`, `0c:${rng.hex(2)}:${rng.hex(2)}:${rng.hex(2)}:00:0${i}`),
        opts('netdev', 'socket', [prop('id', `gns3-${i}`), prop('udp', hostPort('127.0.0.1', port + 1, 'udp-remote')), prop('localaddr', hostPort('127.0.0.1', port, 'udp-local'))]),
      );
      port += 2;
    }
    options.push(DISPLAY_NONE);
    const path = os === 'windows' ? `${WINDOWS_QEMU_DIR}\\qemu-system-x86_64.exe` : '/usr/bin/qemu-system-x86_64';
    const server = os === 'windows' ? 'C:\\Program Files\\GNS3\\gns3server.exe' : '/usr/bin/python3';
    const serverArgv = os === 'windows' ? [server, '--local'] : [server, '/usr/bin/gns3server', '--local'];
    return launch({
      invocation: invocation(os, path, path, 'x86_64', options),
      programQuoting: 'as-needed',
      parent: { executable: server, argv: serverArgv },
      account: 'person',
      workingDirectory: `${project}${sep}project-files${sep}qemu`,
      integrityLevel: 'Medium',
      tokenElevation: 'limited',
      qemuVersion: pickVersion(rng),
    });
  },
};
