// 0xC9H, "Qemouflage" (2026): a dropper extracts the official QEMU installer into
// %LOCALAPPDATA%\AppServices\runtime\ without UAC, boots an Alpine cloud image with -accel tcg,
// -smp 2, 2 GB, user networking with an SSH hostfwd on 2222 and cloud-init via -smbios; a reverse
// SSH tunnel then gives the guest host access.
import { drive, memory, netdev, nicDevice, pickVersion, launch, invocation, displayNone } from '../build-helpers.js';
import { arg, opts } from '../../qemu/model.js';
import { hostFwd, pathValue, prop } from '../../qemu/values.js';
import type { Population } from '../population.js';

export const qemouflageRedteam: Population = {
  id: 'qemouflage-redteam',
  title: 'Qemouflage red-team dropper: QEMU from %LOCALAPPDATA% with hostfwd 2222 and cloud-init smbios',
  label: 'malicious',
  os: ['windows'],
  hostProfile: 'workstation',
  summary:
    'wsconfig.exe → %LOCALAPPDATA%\\AppServices\\runtime\\qemu-system-x86_64.exe -accel tcg -smp 2 -m 2G, an Alpine qcow2, -netdev user with hostfwd=tcp::2222-:22, -smbios type=1,serial=ds=nocloud;s=http://10.0.2.2:<port>/, no display, as a standard user.',
  sources: [{ title: '0xC9H, Qemouflage (2026), author blog', confidence: 'source' }],
  parameterSchema: { type: 'object', additionalProperties: false, properties: {} },
  build({ rng, host }) {
    const runtime = `${host.person.home}\\AppData\\Local\\AppServices\\runtime`;
    const path = `${runtime}\\qemu-system-x86_64.exe`;
    const seedPort = rng.int(8000, 8999);
    const options = [
      arg('accel', 'tcg'),
      arg('smp', '2'),
      memory('2G'),
      drive([['file', pathValue(`${runtime}\\alpine.qcow2`, 'disk')], ['if', 'virtio']]),
      netdev('user', 'net0', [prop('hostfwd', hostFwd(2222, 22))]),
      nicDevice('virtio-net-pci', 'net0'),
      opts('smbios', null, [prop('type', '1'), prop('serial', `ds=nocloud;s=http://10.0.2.2:${seedPort}/`)]),
      displayNone(),
    ];
    const dropper = `${host.person.home}\\Downloads\\wsconfig.exe`;
    return launch({
      invocation: invocation('windows', path, path, 'x86_64', options),
      programQuoting: 'always',
      parent: { executable: dropper, argv: [dropper] , programQuoting: 'always' },
      account: 'person',
      workingDirectory: `${runtime}\\`,
      integrityLevel: 'Medium',
      tokenElevation: 'limited',
      qemuVersion: pickVersion(rng),
    });
  },
};
