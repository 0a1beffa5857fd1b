// Row 7: the [netdev] sections in QEMU's default config file, <sysconfdir>/qemu/qemu.conf, which
// QEMU loads with no option at all (-no-user-config disables it). Verified on Linux (Debian's
// /etc/qemu/qemu.conf); where Windows builds look is unverified, so the operator is Linux-only.
import { pathValue } from '../qemu/values.js';
import { netdevSections } from './config-sections.js';
import { cloneLaunch, keyvalNetdevs, removeOptions } from './network-options.js';
import { EVASION_TABLE, type Variant } from './variant.js';
import { QEMU_INVOCATION } from './public-sources.js';

export const DEFAULT_QEMU_CONF = '/etc/qemu/qemu.conf';

export const defaultConfigFile: Variant = {
  id: 'default-config-file',
  title: 'Back ends in the default qemu.conf (nothing network-related on the command line)',
  rows: [7],
  summary: 'The -netdev options move into /etc/qemu/qemu.conf, which QEMU reads at start-up unless -no-user-config is given.',
  os: ['linux'],
  acceptance: 'qemu-7.2',
  sources: [EVASION_TABLE, { ...QEMU_INVOCATION, title: 'QEMU documentation, Invocation: -no-user-config ("do not load default user-provided config files at startup")' }],
  parameterSchema: { type: 'object', additionalProperties: false, properties: {} },
  check(launch) {
    if (launch.invocation.options.some((o) => o.name === 'no-user-config')) return 'the launch passes -no-user-config, which disables the default config';
    return keyvalNetdevs(launch.invocation).length > 0 ? null : 'needs keyval -netdev options';
  },
  apply(launch) {
    const out = cloneLaunch(launch);
    const netdevs = keyvalNetdevs(out.invocation);
    removeOptions(out.invocation, netdevs);
    out.invocation.defaultConfig = { path: pathValue(DEFAULT_QEMU_CONF, 'config'), sections: netdevSections(netdevs) };
    return out;
  },
};
