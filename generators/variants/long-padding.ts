// Row 20: a very long argument before the network options (a -name of ~20 000 characters). QEMU
// accepts it; products that cut long command lines (Splunk TRUNCATE, Defend's
// command_line_truncated, auditd's split EXECVE records) may lose the options after it.
import { opts } from '../qemu/model.js';
import { prop } from '../qemu/values.js';
import { cloneLaunch, firstNetworkIndex } from './network-options.js';
import { EVASION_TABLE, type Variant } from './variant.js';
import type { Rng } from '../context/rng.js';

// The padding is written into one buffer (words are a–z, one byte each) and read out as one flat
// string: ~3 000 words joined per event was most of this variant's cost.
const scratch = Buffer.alloc(30_000);
const HYPHEN = 0x2d;

/** Random words joined with '-', exactly `length` characters (the last word cut). */
function padding(rng: Rng, length: number): string {
  const buffer = length <= scratch.length ? scratch : Buffer.alloc(length);
  let at = 0;
  while (at < length) {
    if (at > 0) buffer[at++] = HYPHEN;
    if (at < length) at += buffer.write(rng.wordSlug(), at, length - at, 'latin1');
  }
  return buffer.toString('latin1', 0, length);
}

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
    out.invocation.options.splice(firstNetworkIndex(out.invocation), 0, opts('name', null, [prop('guest', padding(rng, length))]));
    return out;
  },
};
