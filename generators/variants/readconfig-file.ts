// Row 6: every -netdev moved into a file read with -readconfig ([netdev "id"] sections, QEMU's
// config syntax): no network term and no -netdev argument remain on the command line.
import { arg } from '../qemu/model.js';
import { dirnameOf } from '../qemu/binaries.js';
import { pathValue } from '../qemu/values.js';
import { netdevSections } from './config-sections.js';
import { cloneLaunch, firstNetworkIndex, keyvalNetdevs, removeOptions } from './network-options.js';
import { EVASION_TABLE, type Variant } from './variant.js';
import { QEMU_INVOCATION } from './public-sources.js';

export const readconfigFile: Variant = {
  id: 'readconfig-file',
  title: '-readconfig file holding the [netdev] sections',
  rows: [6],
  summary: 'The back ends live in a config file next to the binary; the command line keeps -readconfig <file> and the -device NICs.',
  os: ['windows', 'linux', 'macos'],
  acceptance: 'qemu-7.2',
  sources: [EVASION_TABLE, QEMU_INVOCATION],
  parameterSchema: { type: 'object', additionalProperties: false, properties: { file: { type: 'string', pattern: '^[A-Za-z0-9._-]+$' } } },
  check(launch) {
    return keyvalNetdevs(launch.invocation).length > 0 ? null : 'needs keyval -netdev options';
  },
  apply(launch, { rng, params }) {
    const out = cloneLaunch(launch);
    const inv = out.invocation;
    const netdevs = keyvalNetdevs(inv);
    const name = typeof params.file === 'string' ? params.file : rng.pick(['tun.cfg', 'net.conf', 'settings.ini', 'vm.cfg']);
    const sep = inv.os === 'windows' ? '\\' : '/';
    const dir = dirnameOf(inv.binary.path);
    const path = pathValue(dir ? `${dir}${sep}${name}` : name, 'config');
    const at = firstNetworkIndex(inv);
    removeOptions(inv, netdevs);
    inv.options.splice(Math.min(at, inv.options.length), 0, arg('readconfig', path));
    inv.configFiles.push({ path, sections: netdevSections(netdevs) });
    return out;
  },
};
