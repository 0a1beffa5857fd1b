// Row 11: the TCP client as a `stream` back end (QEMU 7.2+), or a UDP tunnel as `dgram` or
// `socket,udp=…,localaddr=…`: the same outbound channel without the text `connect=`.
import { opts } from '../qemu/model.js';
import { hostOnly, hostPort, portOnly, prop } from '../qemu/values.js';
import { cloneLaunch, idOf, replaceOption, socketConnect } from './network-options.js';
import { EVASION_TABLE, type Variant } from './variant.js';
import { QEMU_INVOCATION, QEMU_NETDEV_SCHEMA } from './public-sources.js';

export const socketSuccessor: Variant = {
  id: 'socket-successor',
  title: 'stream client, dgram or socket,udp= instead of socket,connect=',
  rows: [11],
  summary: '-netdev stream,server=off,addr.type=inet,addr.host=IP,addr.port=P (or dgram local/remote, or socket udp/localaddr).',
  os: ['windows', 'linux', 'macos'],
  acceptance: 'qemu-7.2',
  sources: [EVASION_TABLE, QEMU_INVOCATION, QEMU_NETDEV_SCHEMA],
  parameterSchema: { type: 'object', additionalProperties: false, properties: { form: { enum: ['stream', 'dgram', 'udp'] } } },
  check(launch) {
    return socketConnect(launch.invocation) ? null : 'needs -netdev socket,connect=';
  },
  apply(launch, { rng, params }) {
    const out = cloneLaunch(launch);
    const found = socketConnect(out.invocation);
    if (!found) return out;
    const form = typeof params.form === 'string' ? params.form : rng.pick(['stream', 'dgram', 'udp']);
    const { address } = found;
    const id = idOf(found.option);
    const localPort = rng.int(30000, 60000);
    let replacement;
    if (form === 'stream') {
      replacement = opts('netdev', 'stream', [prop('id', id), prop('server', 'off'), prop('addr.type', 'inet'), prop('addr.host', hostOnly(address.host, 'connect')), prop('addr.port', portOnly(address.port, 'connect'))]);
    } else if (form === 'dgram') {
      replacement = opts('netdev', 'dgram', [
        prop('id', id),
        prop('local.type', 'inet'),
        prop('local.host', hostOnly('0.0.0.0', 'udp-local')),
        prop('local.port', portOnly(localPort, 'udp-local')),
        prop('remote.type', 'inet'),
        prop('remote.host', hostOnly(address.host, 'udp-remote')),
        prop('remote.port', portOnly(address.port, 'udp-remote')),
      ]);
    } else {
      replacement = opts('netdev', 'socket', [prop('id', id), prop('udp', hostPort(address.host, address.port, 'udp-remote')), prop('localaddr', hostPort('0.0.0.0', localPort, 'udp-local'))]);
    }
    replaceOption(out.invocation, found.option, [{ ...replacement, dashes: found.option.dashes }]);
    return out;
  },
};
