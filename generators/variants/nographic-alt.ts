// Row 3: `--nographic` or `-display none` instead of `-nographic`; `process.args : "-nographic"`
// is an exact element match, so either spelling defeats Rule B's connect branch.
import { arg, flag } from '../qemu/model.js';
import { cloneLaunch } from './network-options.js';
import { EVASION_TABLE, type Variant } from './variant.js';
import { QEMU_INVOCATION, QEMU_DOUBLE_DASH } from './public-sources.js';

export const nographicAlt: Variant = {
  id: 'nographic-alt',
  title: '--nographic or -display none instead of -nographic',
  rows: [3],
  summary: 'The console flag spelled with two dashes, or replaced by -display none (no window either way).',
  os: ['windows', 'linux', 'macos'],
  acceptance: 'qemu-7.2',
  sources: [EVASION_TABLE, QEMU_INVOCATION, QEMU_DOUBLE_DASH],
  parameterSchema: { type: 'object', additionalProperties: false, properties: { form: { enum: ['--nographic', '-display none'] } } },
  check(launch) {
    return launch.invocation.options.some((o) => o.kind === 'flag' && o.name === 'nographic') ? null : 'needs -nographic';
  },
  apply(launch, { rng, params }) {
    const form = typeof params.form === 'string' ? params.form : rng.pick(['--nographic', '-display none']);
    const out = cloneLaunch(launch);
    out.invocation.options = out.invocation.options.map((o) => {
      if (o.kind !== 'flag' || o.name !== 'nographic') return o;
      return form === '--nographic' ? { ...flag('nographic'), dashes: 2 as const } : arg('display', 'none');
    });
    return out;
  },
};
