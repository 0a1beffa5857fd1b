// Row 5: the JSON form of -netdev (QAPI NetdevUserOptions / NetdevSocketOptions /
// NetdevHubPortOptions): `"restrict": false` and `"hostfwd": [{"str": …}]` carry the same meaning
// with no `restrict=off`, `connect=` or `hostfwd=` text on the command line.
import { json, type JsonNode, type JsonObject } from '../qemu/model.js';
import { cloneLaunch, headOf, keyvalNetdevs, replaceOption, type KeyvalOption } from './network-options.js';
import { EVASION_TABLE, type Variant } from './variant.js';

const BOOLEAN_KEYS = new Set(['restrict', 'ipv4', 'ipv6']);
const FALSE_WORDS = new Set(['off', 'no', 'n', 'false']);

function toJson(option: KeyvalOption): JsonObject {
  const out: JsonObject = { type: headOf(option) };
  for (const p of option.props) {
    if (p.value === null) {
      out[p.key] = true;
    } else if (p.key === 'hostfwd' || p.key === 'guestfwd') {
      const list = (out[p.key] as JsonNode[] | undefined) ?? [];
      list.push({ str: p.value });
      out[p.key] = list;
    } else if (BOOLEAN_KEYS.has(p.key) && typeof p.value === 'string') {
      out[p.key] = !FALSE_WORDS.has(p.value);
    } else if (p.key === 'hubid' && typeof p.value === 'string') {
      out[p.key] = Number(p.value);
    } else {
      out[p.key] = p.value;
    }
  }
  return out;
}

export const jsonNetdev: Variant = {
  id: 'json-netdev',
  title: 'JSON -netdev back ends ({"type":"socket","connect":…}, "restrict":false, "hostfwd":[{"str":…}])',
  rows: [5],
  summary: 'Every user/socket/hubport -netdev rewritten in QEMU\'s JSON syntax.',
  os: ['windows', 'linux', 'macos'],
  acceptance: 'qemu-7.2',
  sources: [EVASION_TABLE, { title: 'QEMU qapi/net.json (NetdevUserOptions, NetdevSocketOptions, NetdevHubPortOptions)', repo: 'qemu/qemu', path: 'qapi/net.json', confidence: 'source' }],
  parameterSchema: { type: 'object', additionalProperties: false, properties: {} },
  check(launch) {
    const netdevs = keyvalNetdevs(launch.invocation);
    if (netdevs.length === 0) return 'needs keyval -netdev options';
    const bad = netdevs.find((n) => !['user', 'socket', 'hubport'].includes(headOf(n)));
    return bad ? `JSON rewrite covers user/socket/hubport, not ${headOf(bad)}` : null;
  },
  apply(launch) {
    const out = cloneLaunch(launch);
    for (const option of keyvalNetdevs(out.invocation)) replaceOption(out.invocation, option, [{ ...json('netdev', toJson(option)), dashes: option.dashes }]);
    return out;
  },
};
