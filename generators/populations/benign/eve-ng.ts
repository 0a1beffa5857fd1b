// EVE-NG: the unetlab QEMU wrapper starts QEMU from /opt/qemu-<version>/bin with one tap interface
// per node link (vunl<tenant>_<node>_<if>, script=no) as root. Argument details are unverified:
// public forum posts only (the source below says so).
import { launch, invocation, memory, nicDevice, nographic } from '../build-helpers.js';
import { arg, opts, type QemuOption } from '../../qemu/model.js';
import { pathValue, prop } from '../../qemu/values.js';
import type { Population } from '../population.js';

export const eveNg: Population = {
  id: 'eve-ng',
  title: 'EVE-NG lab node: tap interfaces per link from the unetlab wrapper',
  label: 'benign',
  os: ['linux'],
  hostProfile: 'lab',
  summary:
    'qemu_wrapper → /opt/qemu-<ver>/bin/qemu-system-x86_64 … -device e1000,netdev=netN,mac=50:00:… -netdev tap,id=netN,ifname=vunl0_<node>_<N>,script=no … -nographic, as root. No hostfwd or connect=.',
  sources: [{ title: 'EVE-NG node command lines (public forum posts)', confidence: 'unverified' }],
  parameterSchema: { type: 'object', additionalProperties: false, properties: {} },
  build({ rng }) {
    const version = rng.pick(['2.4.0', '5.2.0', '8.2.1']);
    const path = `/opt/qemu-${version}/bin/qemu-system-x86_64`;
    const node = rng.int(1, 40);
    const options: QemuOption[] = [];
    const links = rng.int(1, 4);
    for (let i = 0; i < links; i++) {
      options.push(
        nicDevice('e1000', `net${i}`, `50:00:00:${node.toString(16).padStart(2, '0')}:00:0${i}`),
        opts('netdev', 'tap', [prop('id', `net${i}`), prop('ifname', `vunl0_${node}_${i}`), prop('script', 'no')]),
      );
    }
    const image = rng.pick(['vios-adventerprisek9-m.SPA.159-3.M6', 'linux-ubuntu-22.04', 'fortinet-FGT-v7.2']);
    options.push(
      arg('smp', '1'),
      memory(String(rng.pick([512, 1024, 4096]))),
      arg('name', image.split('-')[0] ?? image),
      arg('uuid', rng.uuid()),
      arg('hda', pathValue(`/opt/unetlab/tmp/0/${rng.uuid()}/${node}/virtioa.qcow2`, 'disk')),
      opts('machine', null, [prop('type', 'pc'), prop('accel', 'kvm')]),
      nographic(),
    );
    const wrapper = '/opt/unetlab/wrappers/qemu_wrapper';
    return launch({
      invocation: invocation('linux', path, path, 'x86_64', options),
      programQuoting: 'as-needed',
      parent: { executable: wrapper, argv: [wrapper, '-T', '0', '-D', String(node), '-t', image, '-F', path, '-d', '0', '--'] },
      account: 'root',
      workingDirectory: `/opt/unetlab/tmp/0/${rng.uuid()}/${node}`,
      qemuVersion: version,
    });
  },
};
