// Securonix, CRON#TRAP (2024): a phishing ZIP unpacks to %UserProfile%\datax, start.bat starts QEMU
// renamed fontdiag.exe booting a Tiny Core "PivotBox" whose Chisel-based backdoor calls out through
// user-mode networking. The QEMU arguments were not retrieved; this argv is reconstructed
// (user networking, no forwards: the backdoor dials out, so nothing needs to listen on the host).
import { drive, memory, netdev, nicDevice, pickVersion, launch, invocation, batchCmdParent, displayNone } from '../build-helpers.js';
import { pathValue } from '../../qemu/values.js';
import type { Population } from '../population.js';

export const crontrapFontdiag: Population = {
  id: 'crontrap-fontdiag',
  title: 'CRON#TRAP: QEMU renamed fontdiag.exe started from start.bat in %UserProfile%\\datax',
  label: 'malicious',
  os: ['windows'],
  hostProfile: 'workstation',
  summary:
    'cmd.exe /c start.bat → fontdiag.exe (QEMU) -m 1G -hda PivotBox.qcow2 -netdev user,id=n0 -device e1000,netdev=n0 -display none, as the phished user. Renamed binary, no forward, no connect=: a gap for both rules.',
  sources: [
    { title: 'Securonix Threat Research, CRON#TRAP (2024), via news copies', confidence: 'secondary' },
    { title: 'QEMU arguments reconstructed (not published)', confidence: 'reconstructed' },
  ],
  parameterSchema: { type: 'object', additionalProperties: false, properties: {} },
  build({ rng, host }) {
    const dir = `${host.person.home}\\datax`;
    const options = [
      memory(rng.pick(['512M', '1G'])),
      drive([['file', pathValue('PivotBox.qcow2', 'disk')], ['if', 'ide'], ['index', '0'], ['media', 'disk']]),
      netdev('user', 'n0'),
      nicDevice('e1000', 'n0'),
      displayNone(),
    ];
    return launch({
      invocation: invocation('windows', `${dir}\\fontdiag.exe`, 'fontdiag.exe', 'x86_64', options),
      programQuoting: 'as-needed',
      parent: batchCmdParent(`${dir}\\start.bat`),
      account: 'person',
      workingDirectory: `${dir}\\`,
      integrityLevel: 'Medium',
      tokenElevation: 'limited',
      qemuVersion: pickVersion(rng),
    });
  },
};
