// Row 14: `-netdev user,id=n0 -set netdev.n0.hostfwd=…`. QEMU applies the forward, and the text
// `hostfwd=` is still on the command line: listed in the table as "not an evasion", generated as a
// control that both rules should still catch.
import { opts } from '../qemu/model.js';
import { prop } from '../qemu/values.js';
import { cloneLaunch, idOf, userNetdevsWithHostfwd, withoutProps } from './network-options.js';
import { EVASION_TABLE, type Variant } from './variant.js';
import { QEMU_INVOCATION } from './public-sources.js';

export const setHostfwd: Variant = {
  id: 'set-hostfwd',
  title: '-set netdev.<id>.hostfwd=… after a bare -netdev user (control: still visible)',
  rows: [14],
  summary: 'The forward moved from the -netdev option to a -set option; hostfwd= stays in the text.',
  os: ['windows', 'linux', 'macos'],
  acceptance: 'qemu-7.2',
  sources: [EVASION_TABLE, QEMU_INVOCATION],
  parameterSchema: { type: 'object', additionalProperties: false, properties: {} },
  check(launch) {
    return userNetdevsWithHostfwd(launch.invocation).length > 0 ? null : 'needs -netdev user with hostfwd=';
  },
  apply(launch) {
    const out = cloneLaunch(launch);
    for (const netdev of userNetdevsWithHostfwd(out.invocation)) {
      const forwards = netdev.props.filter((p) => p.key === 'hostfwd' && p.value !== null);
      netdev.props = withoutProps(netdev.props, 'hostfwd');
      for (const forward of forwards) {
        // Rendered as `netdev.<id>.hostfwd=<rule>`; kept typed so the forward's port stays data.
        if (forward.value !== null) out.invocation.options.push(opts('set', null, [prop(`netdev.${idOf(netdev)}.hostfwd`, forward.value)]));
      }
    }
    return out;
  },
};
