// Vagrant with the vagrant-qemu provider (ppggff/vagrant-qemu): user networking with one hostfwd
// per forwarded port (SSH 50022 → 22 by default), the monitor and serial on UNIX-socket chardevs,
// started by Vagrant's ruby. -display none / -daemonize are from the driver code as read
// (ppggff/vagrant-qemu, lib/vagrant-qemu/driver.rb), not checked against a running Vagrant.
import { pickVersion, launch, invocation, netdev, nicDevice, memory, drive } from '../build-helpers.js';
import { arg, flag, opts, type QemuOption } from '../../qemu/model.js';
import { hostFwd, pathValue, prop, type ChardevSpec } from '../../qemu/values.js';
import { constantOption } from '../../qemu/render.js';
import type { Population } from '../population.js';

// The argv template: the options vagrant-qemu writes the same way for every box.
const CPU_HOST = constantOption(arg('cpu', 'host'));
const SMP_2 = constantOption(arg('smp', '2'));
const MONITOR_READLINE = constantOption(opts('mon', null, [prop('chardev', 'mon0'), prop('mode', 'readline')]));
const HEADLESS = [arg('parallel', 'null'), arg('monitor', 'none'), arg('display', 'none'), arg('vga', 'none'), flag('daemonize')].map(constantOption);

export const vagrantQemu: Population = {
  id: 'vagrant-qemu',
  title: 'Vagrant vagrant-qemu provider: user networking with SSH hostfwd 50022 → 22',
  label: 'benign',
  os: ['macos', 'linux'],
  hostProfile: 'developer',
  summary:
    'ruby (vagrant up) → qemu-system-<arch> … -device virtio-net-*,netdev=net0 -netdev user,id=net0,hostfwd=tcp::50022-:22[,hostfwd=…] -chardev socket,id=mon0,path=…,server=on,wait=off -mon chardev=mon0,mode=readline … -daemonize. Hits Rule B through hostfwd=.',
  sources: [
    { title: 'ppggff/vagrant-qemu driver', repo: 'ppggff/vagrant-qemu', path: 'lib/vagrant-qemu/driver.rb', confidence: 'source' },
    { title: '-display none / -daemonize', confidence: 'unverified' },
  ],
  parameterSchema: { type: 'object', additionalProperties: false, properties: {} },
  build({ rng, os, host }) {
    const arm = os === 'macos' && host.context.architecture === 'arm64';
    const arch = arm ? 'aarch64' : 'x86_64';
    const path = os === 'macos' ? `${arm ? '/opt/homebrew' : '/usr/local'}/bin/qemu-system-${arch}` : `/usr/bin/qemu-system-${arch}`;
    const project = `${host.person.home}/${rng.pick(['src', 'work', 'projects'])}/${rng.nounSlug()}`;
    const dir = `${project}/.vagrant/machines/default/qemu/${rng.alnum(10)}`;
    const forwards = [prop('hostfwd', hostFwd(50022, 22))];
    if (rng.chance(0.4)) forwards.push(prop('hostfwd', hostFwd(rng.pick([8080, 3000, 5432]), rng.pick([80, 3000, 5432]))));
    const monitor: ChardevSpec = { $v: 'chardev', backend: 'chardev', ref: 'ser0', flags: [] };
    const options: QemuOption[] = [
      opts('machine', arm ? 'virt' : 'q35', [prop('accel', os === 'macos' ? 'hvf' : 'kvm'), ...(arm ? [prop('highmem', 'off')] : [])]),
      CPU_HOST,
      SMP_2,
      memory('4G'),
      nicDevice(arm ? 'virtio-net-device' : 'virtio-net-pci', 'net0'),
      netdev('user', 'net0', forwards),
      drive([['if', 'virtio'], ['format', 'qcow2'], ['file', pathValue(`${dir}/linked-box.img`, 'disk')]]),
      opts('chardev', 'socket', [prop('id', 'mon0'), prop('path', pathValue(`${dir}/qemu_socket`, 'unix-listen')), prop('server', 'on'), prop('wait', 'off')]),
      MONITOR_READLINE,
      opts('chardev', 'socket', [prop('id', 'ser0'), prop('path', pathValue(`${dir}/qemu_socket_serial`, 'unix-listen')), prop('server', 'on'), prop('wait', 'off')]),
      arg('serial', monitor),
      arg('pidfile', pathValue(`${dir}/qemu.pid`, 'file-write')),
      ...HEADLESS,
    ];
    const ruby = os === 'macos' ? '/opt/vagrant/embedded/bin/ruby' : '/opt/vagrant/embedded/bin/ruby';
    return launch({
      invocation: invocation(os, path, path, arch, options),
      programQuoting: 'as-needed',
      parent: { executable: ruby, argv: [ruby, '/opt/vagrant/embedded/gems/gems/vagrant-2.4.1/bin/vagrant', 'up', '--provider', 'qemu'] },
      account: 'person',
      workingDirectory: project,
      qemuVersion: pickVersion(rng),
    });
  },
};
