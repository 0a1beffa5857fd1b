// Row 4: `--netdev` — QEMU accepts one or two dashes on every option; the args element is then
// `--netdev`, not `-netdev`.
import { cloneLaunch, isNetdev } from './network-options.js';
import { EVASION_TABLE, type Variant } from './variant.js';
import { QEMU_DOUBLE_DASH } from './public-sources.js';

export const doubleDashNetdev: Variant = {
  id: 'double-dash-netdev',
  title: '--netdev for every back end',
  rows: [4],
  summary: 'Every -netdev written --netdev (QEMU option names take one or two dashes).',
  os: ['windows', 'linux', 'macos'],
  acceptance: 'qemu-7.2',
  sources: [EVASION_TABLE, QEMU_DOUBLE_DASH],
  parameterSchema: { type: 'object', additionalProperties: false, properties: {} },
  check(launch) {
    return launch.invocation.options.some(isNetdev) ? null : 'needs a -netdev option';
  },
  apply(launch) {
    const out = cloneLaunch(launch);
    out.invocation.options = out.invocation.options.map((o) => (isNetdev(o) && o.kind !== 'foreign' && o.kind !== 'positional' ? { ...o, dashes: 2 as const } : o));
    return out;
  },
};
