// containers/gvisor-tap-vsock test suites and examples: QEMU with -nographic and a socket back end
// connecting to the gvproxy listener on 127.0.0.1 — within one token (restrict=off) of Rule B's
// connect branch. containers/gvisor-tap-vsock tests and README.
import { pickVersion, launch, invocation, nicDevice, memory, nographic, drive } from '../build-helpers.js';
import { arg, opts } from '../../qemu/model.js';
import { hostPort, pathValue, prop } from '../../qemu/values.js';
import { constantOption } from '../../qemu/render.js';
import type { Population } from '../population.js';

// The argv template: the options the e2e harness writes the same way for every run.
const NOGRAPHIC = constantOption(nographic());
const GVPROXY_NIC = constantOption(nicDevice('virtio-net-pci', 'vlan', '5a:94:ef:e4:0c:ee'));

export const gvisorTapVsock: Population = {
  id: 'gvisor-tap-vsock',
  title: 'gvisor-tap-vsock e2e tests: -nographic + -netdev socket,connect=127.0.0.1 (near miss)',
  label: 'benign',
  os: ['linux', 'macos'],
  hostProfile: 'ci-runner',
  summary:
    'the Go e2e test binary → qemu-system-x86_64 -m 2048 -nographic -serial file:… -drive … -netdev socket,id=vlan,connect=127.0.0.1:<port> -device virtio-net-pci,netdev=vlan,mac=5a:94:ef:e4:0c:ee. Has -netdev, -nographic and connect=; lacks restrict=off.',
  sources: [{ title: 'containers/gvisor-tap-vsock tests and README', repo: 'containers/gvisor-tap-vsock', path: 'test/', confidence: 'source' }],
  parameterSchema: { type: 'object', additionalProperties: false, properties: {} },
  build({ rng, os }) {
    const tmp = os === 'macos' ? `/var/folders/${rng.alnum(2)}/${rng.alnum(30)}/T/TestSuite${rng.int(100000, 999999)}` : `/tmp/TestSuite${rng.int(100000, 999999)}`;
    const options = [
      memory('2048'),
      NOGRAPHIC,
      arg('serial', { $v: 'chardev', backend: 'file', path: pathValue(`${tmp}/serial.log`, 'file-write'), flags: [] }),
      drive([['if', 'virtio'], ['file', pathValue(`${tmp}/fedora-coreos.qcow2`, 'disk')]]),
      opts('netdev', 'socket', [prop('id', 'vlan'), prop('connect', hostPort('127.0.0.1', rng.int(30000, 60000), 'connect'))]),
      GVPROXY_NIC,
    ];
    const testBinary = `/tmp/go-build${rng.int(100000000, 999999999)}/b001/e2e.test`;
    return launch({
      invocation: invocation(os, os === 'macos' ? '/usr/local/bin/qemu-system-x86_64' : '/usr/bin/qemu-system-x86_64', 'qemu-system-x86_64', 'x86_64', options),
      programQuoting: 'as-needed',
      parent: { executable: testBinary, argv: [testBinary, '-test.paniconexit0', '-test.timeout=10m0s', '-test.v=true'] },
      account: 'person',
      workingDirectory: tmp,
      qemuVersion: pickVersion(rng),
    });
  },
};
