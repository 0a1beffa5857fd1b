// Sophos X-Ops, STAC4713 (2026): a scheduled task named TPMProfiler runs qemu-system-x86_64.exe as
// SYSTEM, booting a hidden Alpine VM from a disk image disguised as a database or DLL; a host port
// forward to the VM's SSH gives a reverse-SSH backdoor. The exact argv was not published: this is a
// reconstruction from the report's description (labelled as such in the sources below).
import { drive, memory, netdev, nicDevice, nographic, pickVersion, launch, invocation, scheduleServiceParent, WIN, highPort } from '../build-helpers.js';
import { arg } from '../../qemu/model.js';
import { hostFwd, pathValue, prop } from '../../qemu/values.js';
import { param, type Population } from '../population.js';

export const stac4713ScheduledTask: Population = {
  id: 'stac4713-scheduled-task',
  title: 'STAC4713: TPMProfiler scheduled task starts QEMU as SYSTEM with an SSH hostfwd',
  label: 'malicious',
  os: ['windows'],
  hostProfile: 'server',
  summary:
    'svchost.exe (Schedule) → qemu-system-x86_64.exe under C:\\ProgramData as NT AUTHORITY\\SYSTEM, a qcow2 disk named vault.db or bisrv.dll, user networking with hostfwd=tcp::<port>-:22, -nographic. Reconstructed from secondary copies of the Sophos report.',
  sources: [
    { title: 'Sophos X-Ops, QEMU abused to evade detection and enable ransomware delivery (2026)', url: 'https://www.sophos.com/en-us/blog/qemu-abused-to-evade-detection-and-enable-ransomware-delivery', confidence: 'secondary' },
    { title: 'QEMU argv reconstructed from the report (task TPMProfiler as SYSTEM, disk image named vault.db or bisrv.dll, hostfwd to the guest SSH); the report publishes no command line', confidence: 'reconstructed' },
  ],
  parameterSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      disk: { enum: ['vault.db', 'bisrv.dll'] },
      guestPort: { type: 'integer', minimum: 1, maximum: 65535 },
    },
  },
  build({ rng, params }) {
    const dir = `C:\\ProgramData\\${rng.pick(['TPMProfiler', 'Microsoft\\TPM', 'SystemCache', 'Wdf'])}`;
    const path = `${dir}\\qemu-system-x86_64.exe`;
    const disk = param(params, 'disk', rng.pick(['vault.db', 'bisrv.dll']));
    const options = [
      memory('1G'),
      arg('smp', '2'),
      drive([['file', pathValue(`${dir}\\${disk}`, 'disk')], ['format', 'qcow2']]),
      netdev('user', 'n0', [prop('hostfwd', hostFwd(highPort(rng), param(params, 'guestPort', 22)))]),
      nicDevice('e1000', 'n0'),
      nographic(),
    ];
    return launch({
      invocation: invocation('windows', path, path, 'x86_64', options),
      programQuoting: 'always',
      parent: scheduleServiceParent(),
      account: 'system',
      workingDirectory: `${WIN.system32}\\`,
      integrityLevel: 'System',
      tokenElevation: 'default',
      qemuVersion: pickVersion(rng),
    });
  },
};
