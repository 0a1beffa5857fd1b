// Row 13: the forward is added at run time (`hostfwd_add` on the HMP monitor, or QMP's
// human-monitor-command) through a monitor listening on loopback; only `-netdev user,id=n0` and the
// monitor option are on the command line.
import { arg } from '../qemu/model.js';
import { hostPort, prop, type ChardevSpec } from '../qemu/values.js';
import { cloneLaunch, userNetdevsWithHostfwd, withoutProps } from './network-options.js';
import { EVASION_TABLE, type Variant } from './variant.js';
import { QEMU_MONITOR_HOSTFWD } from './public-sources.js';

export const runtimeHostfwd: Variant = {
  id: 'runtime-hostfwd',
  title: 'hostfwd_add at run time through a loopback monitor instead of hostfwd= on the command line',
  rows: [13],
  summary: '-netdev user,id=n0 without forwards plus -monitor tcp:127.0.0.1:<p>,server,nowait (or -qmp); the forward is added over the monitor after start.',
  os: ['windows', 'linux', 'macos'],
  acceptance: 'qemu-7.2',
  sources: [EVASION_TABLE, QEMU_MONITOR_HOSTFWD],
  parameterSchema: { type: 'object', additionalProperties: false, properties: { channel: { enum: ['monitor', 'qmp'] } } },
  check(launch) {
    return userNetdevsWithHostfwd(launch.invocation).length > 0 ? null : 'needs -netdev user with hostfwd=';
  },
  apply(launch, { rng, params }) {
    const channel = typeof params.channel === 'string' ? params.channel : rng.pick(['monitor', 'qmp']);
    const out = cloneLaunch(launch);
    for (const netdev of userNetdevsWithHostfwd(out.invocation)) netdev.props = withoutProps(netdev.props, 'hostfwd');
    const spec: ChardevSpec = { $v: 'chardev', backend: 'tcp', address: hostPort('127.0.0.1', rng.int(4000, 4999), 'listen'), flags: [prop('server'), prop('nowait')] };
    out.invocation.options.push(arg(channel, spec));
    return out;
  },
};
