// xpn, "Bring Your Own VM – Mac Edition" (2020) motivates a macOS bring-your-own-VM scenario; the
// post itself uses Virtualization.framework, so the QEMU analogue (Homebrew qemu-system-aarch64 with
// hvf and an SSH hostfwd, started by a LaunchAgent or a shell) is an inference, labelled so below.
import { drive, memory, netdev, nicDevice, nographic, pickVersion, launch, invocation, shellParent } from '../build-helpers.js';
import { arg } from '../../qemu/model.js';
import { hostFwd, pathValue, prop } from '../../qemu/values.js';
import type { Population } from '../population.js';

export const byovmMacos: Population = {
  id: 'byovm-macos',
  title: 'Bring your own VM on macOS: Homebrew QEMU with hvf and an SSH hostfwd from a LaunchAgent',
  label: 'malicious',
  os: ['macos'],
  hostProfile: 'workstation',
  summary:
    'launchd (a LaunchAgent) or zsh → qemu-system-aarch64 -M virt -accel hvf -cpu host with a hidden disk in ~/Library and -netdev user,hostfwd=tcp::2222-:22, -nographic. Inferred analogue of the xpn post.',
  sources: [
    { title: 'xpn, Bring Your Own VM – Mac Edition', url: 'https://blog.xpnsec.com/bring-your-own-vm-mac-edition/', confidence: 'secondary' },
    { title: 'QEMU analogue inferred: Homebrew qemu-system-aarch64 -accel hvf with an SSH hostfwd (QEMU documentation, Invocation)', url: 'https://www.qemu.org/docs/master/system/invocation.html', confidence: 'reconstructed' },
  ],
  parameterSchema: { type: 'object', additionalProperties: false, properties: {} },
  build({ rng, host }) {
    const arm = host.context.architecture === 'arm64';
    const prefix = arm ? '/opt/homebrew' : '/usr/local';
    const arch = arm ? 'aarch64' : 'x86_64';
    const path = `${prefix}/bin/qemu-system-${arch}`;
    const support = `${host.person.home}/Library/Application Support/${rng.pick(['com.apple.sbd', '.spotlightd', 'CloudKit'])}`;
    const options = [
      ...(arm ? [arg('M', 'virt'), arg('bios', pathValue(`${prefix}/share/qemu/edk2-aarch64-code.fd`, 'firmware'))] : []),
      arg('accel', 'hvf'),
      arg('cpu', 'host'),
      memory('1G'),
      drive([['if', 'virtio'], ['file', pathValue(`${support}/disk.qcow2`, 'disk')]]),
      netdev('user', 'n0', [prop('hostfwd', hostFwd(2222, 22))]),
      nicDevice('virtio-net-pci', 'n0'),
      nographic(),
    ];
    const parent = rng.chance(0.6)
      ? { executable: '/sbin/launchd', argv: ['/sbin/launchd'] }
      : shellParent('macos', 'zsh');
    return launch({
      invocation: invocation('macos', path, path, arch, options),
      programQuoting: 'as-needed',
      parent,
      account: 'person',
      workingDirectory: parent.executable === '/sbin/launchd' ? '/' : host.person.home,
      qemuVersion: pickVersion(rng),
    });
  },
};
