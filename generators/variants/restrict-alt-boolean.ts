// Row 2: restrict=no|n|false instead of restrict=off — QEMU's boolean parser takes them all, so the
// guest still reaches the host's networks, but `*restrict=off*` no longer matches.
import { prop } from '../qemu/values.js';
import { cloneLaunch, hasProp, keyvalNetdevs } from './network-options.js';
import { EVASION_TABLE, type Variant } from './variant.js';
import { QEMU_BOOLEAN_VALUES } from './public-sources.js';

export const restrictAltBoolean: Variant = {
  id: 'restrict-alt-boolean',
  title: 'restrict=no / n / false instead of restrict=off',
  rows: [2],
  summary: 'Any spelling QEMU reads as false (no, n, false) replaces off on -netdev user.',
  os: ['windows', 'linux', 'macos'],
  acceptance: 'qemu-7.2',
  sources: [EVASION_TABLE, QEMU_BOOLEAN_VALUES],
  parameterSchema: { type: 'object', additionalProperties: false, properties: { spelling: { enum: ['no', 'n', 'false'] } } },
  check(launch) {
    return keyvalNetdevs(launch.invocation).some((o) => hasProp(o, 'restrict', 'off')) ? null : 'needs restrict=off on a -netdev user';
  },
  apply(launch, { rng, params }) {
    const spelling = typeof params.spelling === 'string' ? params.spelling : rng.pick(['no', 'n', 'false']);
    const out = cloneLaunch(launch);
    for (const option of keyvalNetdevs(out.invocation)) {
      option.props = option.props.map((p) => (p.key === 'restrict' && p.value === 'off' ? prop('restrict', spelling) : p));
    }
    return out;
  },
};
