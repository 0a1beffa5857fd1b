// Row 23 (Linux/macOS): a helper connects out and execs QEMU with the connected socket as fd 3
// (`-netdev socket,id=s,fd=3`); the destination appears only in the helper's own events.
import { fdValue, prop } from '../qemu/values.js';
import { cloneLaunch, socketConnect } from './network-options.js';
import { EVASION_TABLE, type Variant } from './variant.js';
import { QEMU_INVOCATION } from './public-sources.js';

export const inheritedSocketFd: Variant = {
  id: 'inherited-socket-fd',
  title: 'Pre-connected socket passed as fd=3 by a helper',
  rows: [23],
  summary: 'socket,connect=IP:P becomes socket,fd=3; the parent is the helper that connected (socat-style).',
  os: ['linux', 'macos'],
  acceptance: 'qemu-7.2',
  sources: [EVASION_TABLE, QEMU_INVOCATION],
  parameterSchema: { type: 'object', additionalProperties: false, properties: {} },
  check(launch) {
    return socketConnect(launch.invocation) ? null : 'needs -netdev socket,connect=';
  },
  apply(launch, { rng }) {
    const out = cloneLaunch(launch);
    const found = socketConnect(out.invocation);
    if (!found) return out;
    found.option.props = found.option.props.map((p) => (p.key === 'connect' ? prop('fd', fdValue(3, 'socket')) : p));
    const helper = rng.pick(['/tmp/.q/netd', '/usr/local/bin/socat', '/var/tmp/.cache-x/dbus-launch']);
    out.parent = { executable: helper, argv: [helper.endsWith('socat') ? 'socat' : helper, '-d', `TCP:${found.address.host}:${found.address.port}`, 'EXEC'] };
    return out;
  },
};
