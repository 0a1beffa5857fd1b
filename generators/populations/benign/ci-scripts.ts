// CI and developer scripts (GitHub Actions runners, kernel/OS test harnesses, k3os tests, hobby OS
// projects): the very common pair -nographic + `-netdev user,…,hostfwd=tcp::2222-:22` with a
// virtio NIC, or the k3os-style `-nic user,restrict=off,ipv6=off,hostfwd=::2222-:22`.
// Dozens of public repositories use this pair (e.g. rancher/k3os tests for the -nic form).
import { pickVersion, launch, invocation, netdev, nicDevice, memory, nographic, drive, shellParent } from '../build-helpers.js';
import { arg, opts, type QemuOption } from '../../qemu/model.js';
import { constantOption } from '../../qemu/render.js';
import { hostFwd, pathValue, prop } from '../../qemu/values.js';
import { WINDOWS_QEMU_DIR } from '../../qemu/binaries.js';
import type { LaunchParent } from '../population.js';
import { param, type Population } from '../population.js';

// The argv template: what every CI launch of a form writes the same way.
const NOGRAPHIC = constantOption(nographic());
const VIRTIO_NIC = constantOption(nicDevice('virtio-net-pci', 'net0'));
const NIC_USER = constantOption(opts('nic', 'user', [prop('restrict', 'off'), prop('ipv6', 'off'), prop('hostfwd', hostFwd(2222, 22, { proto: '' }))]));
const SERIAL_STDIO = constantOption(arg('serial', { $v: 'chardev', backend: 'mon:stdio', flags: [] }));

export const ciScripts: Population = {
  id: 'ci-scripts',
  title: 'CI and dev scripts: -nographic with an SSH hostfwd (netdev or -nic form)',
  label: 'benign',
  os: ['linux', 'macos', 'windows'],
  hostProfile: 'ci-runner',
  summary:
    'bash/python3/make/pwsh (often under Runner.Worker) → qemu-system-x86_64 -m … -nographic -drive … -netdev user,id=net0,hostfwd=tcp::2222-:22 -device virtio-net-pci,netdev=net0, or -nic user,restrict=off,ipv6=off,hostfwd=::2222-:22. The main Rule B false-positive source.',
  sources: [{ title: 'Public CI workflows and test harness scripts (k3os tests, kernel CI, hobby OS repos)', confidence: 'source' }],
  parameterSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      form: { enum: ['netdev', 'nic', 'mixed'] },
      name: { type: 'string', minLength: 1, maxLength: 4000, description: 'a -name value (lets a scenario carry hostile text)' },
    },
  },
  build({ rng, os, params }) {
    const requested = param(params, 'form', 'mixed');
    const form = requested === 'mixed' ? rng.weighted([[4, 'netdev'], [1, 'nic']] as const) : requested;
    const sep = os === 'windows' ? '\\' : '/';
    const workspace = os === 'windows' ? `D:\\a\\${rng.noun()}\\${rng.noun()}` : os === 'macos' ? `/Users/runner/work/${rng.noun()}` : `/home/runner/work/${rng.noun()}/${rng.noun()}`;
    const options: QemuOption[] = [memory(String(rng.pick([1024, 2048, 4096]))), arg('smp', String(rng.pick([2, 4])))];
    const name = params.name;
    // `guest=` spelled out: a bare -name value containing `=` would be read as a key by QemuOpts.
    if (typeof name === 'string') options.push(opts('name', null, [prop('guest', name)]));
    options.push(NOGRAPHIC, drive([['file', pathValue(`${workspace}${sep}${rng.pick(['image.qcow2', 'disk.img', 'test-vm.qcow2'])}`, 'disk')], ['if', 'virtio']]));
    if (form === 'netdev') {
      options.push(netdev('user', 'net0', [prop('hostfwd', hostFwd(rng.pick([2222, 10022, 2200, 5555]), 22))]), VIRTIO_NIC);
    } else {
      options.push(NIC_USER);
    }
    if (rng.chance(0.4)) options.push(SERIAL_STDIO);
    const path = os === 'windows' ? `${WINDOWS_QEMU_DIR}\\qemu-system-x86_64.exe` : os === 'macos' ? '/usr/local/bin/qemu-system-x86_64' : '/usr/bin/qemu-system-x86_64';
    let parent: LaunchParent;
    if (os === 'windows') {
      parent = { executable: 'C:\\Program Files\\PowerShell\\7\\pwsh.exe', argv: ['C:\\Program Files\\PowerShell\\7\\pwsh.exe', '-command', `. '${workspace}\\_temp\\${rng.uuid()}.ps1'`] };
    } else {
      parent = rng.weighted([
        [4, shellParent(os, 'bash', `${workspace}/ci/run-vm.sh`)],
        [2, { executable: os === 'macos' ? '/usr/bin/python3' : '/usr/bin/python3', argv: ['python3', 'tests/vm_test.py'] }],
        [1, { executable: '/usr/bin/make', argv: ['make', 'qemu-test'] }],
      ] as const);
    }
    return launch({
      invocation: invocation(os, path, os === 'windows' ? path : 'qemu-system-x86_64', 'x86_64', options),
      programQuoting: 'as-needed',
      parent,
      account: 'person',
      workingDirectory: workspace,
      integrityLevel: 'Medium',
      tokenElevation: 'default',
      qemuVersion: pickVersion(rng),
    });
  },
};
