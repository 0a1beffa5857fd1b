// -redir (removed in QEMU 3.1, docs/about/removed-features.rst): `-redir tcp:<host port>::<guest
// port>` on the default user network. Only QEMU ≤ 3.0 accepts it — QEMU 7.2 answers
// "-redir: invalid option", which the acceptance test asserts. Rule A has a "-redir" term for it.
import type { QemuOption } from '../qemu/model.js';
import { cloneLaunch, devicesFor, idOf, userNetdevsWithHostfwd } from './network-options.js';
import type { Variant } from './variant.js';
import { QEMU_REMOVED_REDIR } from './public-sources.js';

export const legacyRedir: Variant = {
  id: 'legacy-redir',
  title: '-redir tcp:<port>::22 (QEMU ≤ 3.0 only) instead of hostfwd=',
  rows: [],
  summary: 'Old-QEMU port redirection on the default user network; removed in QEMU 3.1.',
  os: ['windows', 'linux', 'macos'],
  acceptance: 'qemu-3.0-and-older',
  sources: [
    QEMU_REMOVED_REDIR,
    { title: 'QEMU 7.2 answers "-redir: invalid option": asserted by test/generators/qemu-acceptance.test.ts', path: 'test/generators/qemu-acceptance.test.ts', confidence: 'source' },
  ],
  parameterSchema: { type: 'object', additionalProperties: false, properties: {} },
  check(launch) {
    return userNetdevsWithHostfwd(launch.invocation).length > 0 ? null : 'needs -netdev user with hostfwd=';
  },
  apply(launch) {
    const out = cloneLaunch(launch);
    const inv = out.invocation;
    const redirs: QemuOption[] = [];
    for (const netdev of userNetdevsWithHostfwd(inv)) {
      for (const p of netdev.props) {
        if (p.key !== 'hostfwd' || p.value === null || typeof p.value === 'string' || p.value.$v !== 'hostfwd') continue;
        const f = p.value;
        redirs.push({ kind: 'foreign', name: 'redir', values: [`${f.proto || 'tcp'}:${f.hostPort}:${f.guestAddr}:${f.guestPort}`], note: 'removed in QEMU 3.1' });
      }
      const devices = devicesFor(inv, idOf(netdev));
      inv.options = inv.options.filter((o) => o !== netdev && !devices.includes(o));
    }
    inv.options.push(...redirs);
    return out;
  },
};
