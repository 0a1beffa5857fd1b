// HashiCorp Nomad qemu task driver: the executor starts QEMU with -machine type=pc,accel=kvm,
// -name <task>, -nographic and, for each port in the job's port_map, user networking with
// hostfwd=tcp::${NOMAD_PORT_x}-:<guest port> on netdev user.0 (public job file and driver code).
import { pickVersion, launch, invocation, netdev, nicDevice, memory, nographic, drive } from '../build-helpers.js';
import { arg, opts } from '../../qemu/model.js';
import { hostFwd, pathValue, prop } from '../../qemu/values.js';
import type { Population } from '../population.js';

export const nomad: Population = {
  id: 'nomad',
  title: 'Nomad qemu task driver: -nographic with user networking and hostfwd per mapped port',
  label: 'benign',
  os: ['linux'],
  hostProfile: 'server',
  summary:
    'nomad executor → qemu-system-x86_64 -machine type=pc,accel=kvm -name <task> -m … -drive file=local/<image> -nographic -netdev user,id=user.0,hostfwd=tcp::<dynamic port>-:22 -device virtio-net,netdev=user.0, as root. Hits Rule B (hostfwd=).',
  sources: [
    { title: 'hashicorp/nomad drivers/qemu/driver.go', repo: 'hashicorp/nomad', path: 'drivers/qemu/driver.go', confidence: 'source' },
    { title: 'Public Nomad qemu job file', confidence: 'source' },
  ],
  parameterSchema: { type: 'object', additionalProperties: false, properties: {} },
  build({ rng }) {
    const alloc = rng.uuid();
    const task = rng.pick(['legacy-app', 'win-build', 'router-sim', 'appliance']);
    const taskDir = `/opt/nomad/data/alloc/${alloc}/${task}`;
    const forwards = [prop('hostfwd', hostFwd(rng.int(20000, 32000), 22))];
    if (rng.chance(0.5)) forwards.push(prop('hostfwd', hostFwd(rng.int(20000, 32000), rng.pick([80, 443, 8080]))));
    const options = [
      opts('machine', null, [prop('type', 'pc'), prop('accel', 'kvm')]),
      arg('name', task),
      memory(`${rng.pick([512, 1024, 2048])}M`),
      drive([['file', pathValue(`${taskDir}/local/${task}.qcow2`, 'disk')]]),
      nographic(),
      netdev('user', 'user.0', forwards),
      nicDevice('virtio-net', 'user.0'),
    ];
    return launch({
      invocation: invocation('linux', '/usr/bin/qemu-system-x86_64', '/usr/bin/qemu-system-x86_64', 'x86_64', options),
      programQuoting: 'as-needed',
      parent: { executable: '/usr/local/bin/nomad', argv: ['/usr/local/bin/nomad', 'executor', `{"LogFile":"${taskDir}/executor.out","LogLevel":"info"}`] },
      account: 'root',
      workingDirectory: taskDir,
      qemuVersion: pickVersion(rng),
    });
  },
};
