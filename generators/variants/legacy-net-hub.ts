// Row 1 (and the -net form of row 12): every back end as a legacy `-net`, which joins hub 0, so the
// Kaspersky user+socket bridge needs no hubports and the command line has no `-netdev` argument.
import { opts, type QemuOption } from '../qemu/model.js';
import { prop } from '../qemu/values.js';
import { cloneLaunch, deviceMac, deviceModel, devicesFor, headOf, idOf, keyvalNetdevs } from './network-options.js';
import { EVASION_TABLE, type Variant } from './variant.js';
import { QEMU_INVOCATION } from './public-sources.js';

export const legacyNetHub: Variant = {
  id: 'legacy-net-hub',
  title: 'Legacy -net back ends on hub 0 instead of -netdev (+ hubport)',
  rows: [1, 12],
  summary: '-net user,restrict=off -net socket,connect=IP:443 -nographic: same topology on hub 0, no -netdev argument; a NIC becomes -net nic,model=….',
  os: ['windows', 'linux', 'macos'],
  acceptance: 'qemu-7.2',
  sources: [EVASION_TABLE, QEMU_INVOCATION],
  parameterSchema: { type: 'object', additionalProperties: false, properties: {} },
  check(launch) {
    const netdevs = keyvalNetdevs(launch.invocation);
    if (netdevs.length === 0) return 'needs keyval -netdev options';
    const bad = netdevs.find((n) => !['user', 'socket', 'hubport'].includes(headOf(n)));
    return bad ? `-net has no equivalent for a ${headOf(bad)} back end here` : null;
  },
  apply(launch) {
    const out = cloneLaunch(launch);
    const inv = out.invocation;
    const replaced: QemuOption[] = [];
    for (const option of inv.options) {
      if (option.name === 'netdev' && option.kind === 'opts') {
        if (headOf(option) === 'hubport') continue;
        const id = idOf(option);
        for (const device of devicesFor(inv, id)) {
          const mac = deviceMac(device);
          replaced.push(opts('net', 'nic', [prop('model', deviceModel(device)), ...(mac ? [prop('macaddr', mac)] : [])]));
        }
        replaced.push(opts('net', option.head, option.props.filter((p) => p.key !== 'id')));
        continue;
      }
      if (option.name === 'device' && option.kind === 'opts' && option.props.some((p) => p.key === 'netdev')) continue;
      if (option.name === 'device' && option.kind === 'json' && typeof option.value.netdev === 'string') continue;
      replaced.push(option);
    }
    inv.options = replaced;
    return out;
  },
};
