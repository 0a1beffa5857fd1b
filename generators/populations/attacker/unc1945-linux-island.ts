// Mandiant, UNC1945, "Live off the land? How about bringing your own island" (2020): a custom QEMU
// VM with offensive tooling deployed on compromised Linux/Solaris hosts, run as root. The argv was
// not published: user networking with an SSH forward, daemonized, is the reconstruction.
import { drive, memory, netdev, nicDevice, pickVersion, launch, invocation, displayNone, shellParent, highPort } from '../build-helpers.js';
import { flag } from '../../qemu/model.js';
import { hostFwd, pathValue, prop } from '../../qemu/values.js';
import type { Population } from '../population.js';

export const unc1945LinuxIsland: Population = {
  id: 'unc1945-linux-island',
  title: 'UNC1945: root starts a dropped QEMU with an SSH hostfwd on a Linux server',
  label: 'malicious',
  os: ['linux'],
  hostProfile: 'server',
  summary:
    'A root shell runs a QEMU binary dropped under /var/tmp or /dev/shm with a hidden disk image, user networking with hostfwd to the guest SSH, no display, -daemonize. Reconstructed; the report describes the island VM but not its command line.',
  sources: [
    { title: 'Mandiant, Live off the land? How about bringing your own island (UNC1945, 2020), via secondary copies', confidence: 'secondary' },
    { title: 'argv reconstructed', confidence: 'reconstructed' },
  ],
  parameterSchema: { type: 'object', additionalProperties: false, properties: {} },
  build({ rng }) {
    const dir = rng.pick(['/var/tmp/.x11-unix', '/dev/shm/.cache', '/usr/lib/.systemd-private', '/tmp/.ICE-unix/.s']);
    const path = `${dir}/qemu-system-x86_64`;
    const options = [
      memory('512M'),
      drive([['file', pathValue(`${dir}/.${rng.pick(['island', 'fs', 'core'])}.img`, 'disk')], ['format', 'qcow2']]),
      netdev('user', 'n0', [prop('hostfwd', hostFwd(highPort(rng), 22))]),
      nicDevice('e1000', 'n0'),
      displayNone(),
      flag('daemonize'),
    ];
    return launch({
      invocation: invocation('linux', path, rng.chance(0.5) ? path : './qemu-system-x86_64', 'x86_64', options),
      programQuoting: 'as-needed',
      parent: shellParent('linux', rng.pick(['bash', 'sh'] as const)),
      account: 'root',
      workingDirectory: dir,
      qemuVersion: pickVersion(rng),
    });
  },
};
