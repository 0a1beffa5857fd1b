// Row 21: no -device NIC at all (the Kaspersky set-up has none; hubports do the wiring). Irrelevant
// to both rules; generated to show it.
import { cloneLaunch } from './network-options.js';
import { EVASION_TABLE, type Variant } from './variant.js';
import { SECURELIST_QEMU } from './public-sources.js';

function isNic(o: { name: string; kind: string; props?: Array<{ key: string }>; value?: unknown }): boolean {
  if (o.name !== 'device') return false;
  if (o.kind === 'opts') return (o.props ?? []).some((p) => p.key === 'netdev');
  if (o.kind === 'json') return typeof (o.value as Record<string, unknown>).netdev === 'string';
  return false;
}

export const noDevice: Variant = {
  id: 'no-device',
  title: 'No -device NIC (back ends only)',
  rows: [21],
  summary: 'Every -device wired to a -netdev is dropped; QEMU warns "netdev … has no peer" and starts.',
  os: ['windows', 'linux', 'macos'],
  acceptance: 'qemu-7.2',
  sources: [EVASION_TABLE, SECURELIST_QEMU],
  parameterSchema: { type: 'object', additionalProperties: false, properties: {} },
  check(launch) {
    return launch.invocation.options.some(isNic) ? null : 'has no -device NIC to drop';
  },
  apply(launch) {
    const out = cloneLaunch(launch);
    out.invocation.options = out.invocation.options.filter((o) => !isNic(o));
    return out;
  },
};
