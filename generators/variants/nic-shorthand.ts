// Row 12: `-nic user,hostfwd=…` (or `-net nic -net user,hostfwd=…`): the forward is there, but no
// argument equals `-netdev`, so Rule B's `process.args : "-netdev"` fails.
import { opts, type QemuOption } from '../qemu/model.js';
import { prop } from '../qemu/values.js';
import { cloneLaunch, deviceMac, deviceModel, devicesFor, idOf, userNetdevsWithHostfwd } from './network-options.js';
import { EVASION_TABLE, type Variant } from './variant.js';
import { QEMU_INVOCATION } from './public-sources.js';

export const nicShorthand: Variant = {
  id: 'nic-shorthand',
  title: '-nic user,hostfwd=… or -net nic -net user,hostfwd=… instead of -netdev + -device',
  rows: [12],
  summary: 'The user back end with its forwards written as -nic (NIC and back end in one option) or as the legacy -net pair.',
  os: ['windows', 'linux', 'macos'],
  acceptance: 'qemu-7.2',
  sources: [EVASION_TABLE, QEMU_INVOCATION],
  parameterSchema: { type: 'object', additionalProperties: false, properties: { form: { enum: ['nic', 'net'] } } },
  check(launch) {
    return userNetdevsWithHostfwd(launch.invocation).length > 0 ? null : 'needs -netdev user with hostfwd=';
  },
  apply(launch, { rng, params }) {
    const form = typeof params.form === 'string' ? params.form : rng.pick(['nic', 'net']);
    const out = cloneLaunch(launch);
    const inv = out.invocation;
    for (const netdev of userNetdevsWithHostfwd(inv)) {
      const devices = devicesFor(inv, idOf(netdev));
      const device = devices[0];
      const model = device ? deviceModel(device) : undefined;
      const mac = device ? deviceMac(device) : undefined;
      const backendProps = netdev.props.filter((p) => p.key !== 'id');
      let replacement: QemuOption[];
      if (form === 'nic') {
        replacement = [opts('nic', 'user', [...(model ? [prop('model', model)] : []), ...(mac ? [prop('mac', mac)] : []), ...backendProps])];
      } else {
        replacement = [opts('net', 'nic', [...(model ? [prop('model', model)] : []), ...(mac ? [prop('macaddr', mac)] : [])]), opts('net', 'user', backendProps)];
      }
      const at = inv.options.indexOf(netdev);
      inv.options = inv.options.filter((o) => o !== netdev && !devices.includes(o));
      inv.options.splice(Math.min(at, inv.options.length), 0, ...replacement);
    }
    return out;
  },
};
