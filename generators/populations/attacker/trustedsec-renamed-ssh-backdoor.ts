// TrustedSec, "Hiding in the Shadows: Covert Tunnels via QEMU Virtualization" (2025): QEMU shipped in
// a ZIP and renamed stl.exe, started hidden by a VBScript from C:\ProgramData\update\ without admin
// rights; a host port forward to the Tiny Core guest's SSH (2222 → 22).
import { drive, memory, netdev, pickVersion, launch, invocation, scriptHostParent } from '../build-helpers.js';
import { hostFwd, pathValue, prop } from '../../qemu/values.js';
import { param, type Population } from '../population.js';

export const trustedsecRenamedSshBackdoor: Population = {
  id: 'trustedsec-renamed-ssh-backdoor',
  title: 'TrustedSec: renamed QEMU (stl.exe) with an SSH hostfwd, started by a VBScript',
  label: 'malicious',
  os: ['windows'],
  hostProfile: 'workstation',
  summary:
    'wscript.exe/cscript.exe //B update.vbs → stl.exe (QEMU renamed) -m 256M -drive file=tc.qcow2,if=ide -netdev user,id=n0,hostfwd=tcp::2222-:22, no -device and no -nographic, as a standard user. The binary name no longer contains qemu-system-.',
  sources: [
    { title: 'TrustedSec, Hiding in the Shadows: Covert Tunnels via QEMU Virtualization (2025), via HackTricks', confidence: 'secondary' },
  ],
  parameterSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      name: { type: 'string', pattern: '^[^\\\\/:*?"<>|]+\\.exe$', description: 'renamed binary (stl.exe in the report)' },
      hostPort: { type: 'integer', minimum: 1, maximum: 65535 },
    },
  },
  build({ rng, params }) {
    const dir = 'C:\\ProgramData\\update';
    const name = param(params, 'name', 'stl.exe');
    const options = [
      memory('256M'),
      drive([['file', pathValue('tc.qcow2', 'disk')], ['if', 'ide']]),
      netdev('user', 'n0', [prop('hostfwd', hostFwd(param(params, 'hostPort', 2222), 22))]),
    ];
    const parent = rng.chance(0.5) ? scriptHostParent('cscript', `${dir}\\update.vbs`) : scriptHostParent('wscript', `${dir}\\update.vbs`);
    return launch({
      invocation: invocation('windows', `${dir}\\${name}`, name, 'x86_64', options),
      programQuoting: 'as-needed',
      parent,
      account: 'person',
      workingDirectory: `${dir}\\`,
      integrityLevel: 'Medium',
      tokenElevation: 'limited',
      qemuVersion: pickVersion(rng),
    });
  },
};
