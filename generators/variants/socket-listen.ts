// Row 10: the victim listens (`socket,listen=:8443`) and the attacker connects in: no connect=.
import { hostPort, prop } from '../qemu/values.js';
import { cloneLaunch, socketConnect } from './network-options.js';
import { EVASION_TABLE, type Variant } from './variant.js';
import { QEMU_INVOCATION } from './public-sources.js';

export const socketListen: Variant = {
  id: 'socket-listen',
  title: 'socket,listen=:<port> instead of socket,connect=<ip>:<port>',
  rows: [10],
  summary: 'The socket back end listens on the victim; the attacker connects in.',
  os: ['windows', 'linux', 'macos'],
  acceptance: 'qemu-7.2',
  sources: [EVASION_TABLE, QEMU_INVOCATION],
  parameterSchema: { type: 'object', additionalProperties: false, properties: { port: { type: 'integer', minimum: 1, maximum: 65535 } } },
  check(launch) {
    return socketConnect(launch.invocation) ? null : 'needs -netdev socket,connect=';
  },
  apply(launch, { params }) {
    const out = cloneLaunch(launch);
    const found = socketConnect(out.invocation);
    if (!found) return out;
    const port = typeof params.port === 'number' ? params.port : 8443;
    found.option.props = found.option.props.map((p) => (p.key === 'connect' ? prop('listen', hostPort('', port, 'listen')) : p));
    return out;
  },
};
