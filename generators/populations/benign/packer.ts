// HashiCorp Packer qemu builder: the plugin starts QEMU with user networking and an SSH hostfwd on
// a random port in 2222–4444, a VNC display on 127.0.0.1, -name packer-<build> and the install ISO.
// Public Packer build logs ("Executing … qemu-system-x86_64: [[-netdev user,id=user.0,hostfwd=…").
import { pickVersion, launch, invocation, nicDevice, netdev, memory, drive } from '../build-helpers.js';
import { arg, opts } from '../../qemu/model.js';
import { hostFwd, hostPort, pathValue, prop } from '../../qemu/values.js';
import { constantOption } from '../../qemu/render.js';
import { WINDOWS_QEMU_DIR } from '../../qemu/binaries.js';
import type { Population } from '../population.js';

// The argv template: the options the Packer QEMU plugin writes the same way for every build.
const VIRTIO_NIC = constantOption(nicDevice('virtio-net', 'user.0'));
const BOOT_ONCE_CDROM = constantOption(opts('boot', null, [prop('once', 'd')]));

export const packer: Population = {
  id: 'packer',
  title: 'Packer qemu builder: user networking with an SSH hostfwd in 2222–4444 and VNC',
  label: 'benign',
  os: ['linux', 'macos', 'windows'],
  hostProfile: 'ci-runner',
  summary:
    'packer-plugin-qemu → qemu-system-x86_64 -netdev user,id=user.0,hostfwd=tcp::<2222-4444>-:22 -vnc 127.0.0.1:<n> -m … -machine type=pc,accel=… -name packer-<build> -drive … -device virtio-net,netdev=user.0. Hits Rule B (hostfwd=) and, on Windows, Rule A.',
  sources: [{ title: 'Public Packer build logs (qemu builder)', confidence: 'source' }],
  parameterSchema: { type: 'object', additionalProperties: false, properties: {} },
  build({ rng, os, host }) {
    const sep = os === 'windows' ? '\\' : '/';
    const build = rng.pick(['ubuntu-22.04', 'debian-12', 'rocky-9', 'windows-2022', 'alpine-3.20']);
    const work = os === 'windows' ? `C:\\build\\${build}` : `${host.person.home}/builds/${build}`;
    const path = os === 'windows' ? `${WINDOWS_QEMU_DIR}\\qemu-system-x86_64.exe` : os === 'macos' ? '/usr/local/bin/qemu-system-x86_64' : '/usr/bin/qemu-system-x86_64';
    const accel = os === 'windows' ? 'whpx' : os === 'macos' ? 'hvf' : 'kvm';
    const options = [
      netdev('user', 'user.0', [prop('hostfwd', hostFwd(rng.int(2222, 4444), 22))]),
      arg('vnc', hostPort('127.0.0.1', rng.int(5, 99), 'vnc')),
      memory(`${rng.pick([1024, 2048, 4096])}M`),
      arg('smp', String(rng.pick([1, 2, 4]))),
      opts('machine', null, [prop('type', 'pc'), prop('accel', accel)]),
      arg('name', `packer-${build}`),
      drive([['file', pathValue(`${work}${sep}output-qemu${sep}packer-${build}`, 'disk')], ['if', 'virtio'], ['cache', 'writeback'], ['discard', 'ignore'], ['format', 'qcow2']]),
      drive([['file', pathValue(`${work}${sep}packer_cache${sep}${rng.hex(40)}.iso`, 'disk')], ['media', 'cdrom']]),
      VIRTIO_NIC,
      BOOT_ONCE_CDROM,
    ];
    const plugin =
      os === 'windows'
        ? `${host.person.home}\\AppData\\Roaming\\packer.d\\plugins\\github.com\\hashicorp\\qemu\\packer-plugin-qemu_v1.1.0_x5.0_windows_amd64.exe`
        : `${host.person.home}/.config/packer/plugins/github.com/hashicorp/qemu/packer-plugin-qemu_v1.1.0_x5.0_${os === 'macos' ? 'darwin' : 'linux'}_amd64`;
    return launch({
      invocation: invocation(os, path, path, 'x86_64', options),
      programQuoting: 'as-needed',
      parent: { executable: plugin, argv: [plugin, 'start', 'builder', '-protocol-version', 'v5', 'qemu'] },
      account: 'person',
      workingDirectory: work,
      integrityLevel: 'Medium',
      tokenElevation: 'limited',
      qemuVersion: pickVersion(rng),
    });
  },
};
