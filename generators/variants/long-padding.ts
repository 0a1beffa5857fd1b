// Row 20: a very long argument before the network options (a -name of ~20 000 characters). QEMU
// accepts it; products that cut long command lines (Splunk TRUNCATE, Defend's
// command_line_truncated, auditd's split EXECVE records) may lose the options after it.
import { opts } from '../qemu/model.js';
import { prop } from '../qemu/values.js';
import { cloneLaunch, firstNetworkIndex } from './network-options.js';
import { EVASION_TABLE, type Variant } from './variant.js';

export const longPadding: Variant = {
  id: 'long-padding',
  title: 'A 20 000-character -name before the network options',
  rows: [20],
  summary: 'Padding pushes the network options past typical truncation points; the Windows command line stays under its 32 767-character limit.',
  os: ['windows', 'linux', 'macos'],
  acceptance: 'qemu-7.2',
  sources: [EVASION_TABLE, { title: 'elastic/endpoint-package changelog: process.Ext.command_line_truncated', repo: 'elastic/endpoint-package', path: 'package/endpoint/changelog.yml', confidence: 'source' }, { title: 'Splunk props.conf TRUNCATE (default 10000 bytes)', url: 'https://docs.splunk.com/Documentation/Splunk/latest/Admin/Propsconf', confidence: 'source' }],
  parameterSchema: { type: 'object', additionalProperties: false, properties: { length: { type: 'integer', minimum: 1000, maximum: 30000 } } },
  check(launch) {
    return launch.invocation.options.some((o) => o.name === 'name') ? 'the launch already has a -name' : null;
  },
  apply(launch, { rng, params }) {
    const length = typeof params.length === 'number' ? params.length : 20000;
    const out = cloneLaunch(launch);
    out.invocation.options.splice(firstNetworkIndex(out.invocation), 0, opts('name', null, [prop('guest', rng.wordSlugText(length))]));
    return out;
  },
};
