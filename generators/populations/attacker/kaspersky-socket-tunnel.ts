// Securelist, "Network tunneling with… QEMU?" (March 2024): QEMU as a pure network tunnel, no disk,
// 1 MiB of RAM; a `user` back end (the victim's networks) and a `socket` back end (raw Ethernet
// frames to the attacker on TCP 443) joined on hub 0 by two hubports.
import { netdev, memory, nographic, interactiveCmdParent, powershellParent, scheduleServiceParent, pickVersion, launch, invocation, shellParent } from '../build-helpers.js';
import type { QemuOption } from '../../qemu/model.js';
import { constantOption } from '../../qemu/render.js';
import { hostPort, prop } from '../../qemu/values.js';
import { ATTACKER_ADDRESS_SCHEMA, optionalAddress, param, type Launch, type Population } from '../population.js';
import type { Rng } from '../../context/rng.js';

// The argv template: every option but the socket back end's address is the same in every launch.
const ONE_MEGABYTE = constantOption(memory('1M'));
const USER_LAN = constantOption(netdev('user', 'lan', [prop('restrict', 'off')]));
const HUBPORT_LAN = constantOption(netdev('hubport', 'port-lan', [prop('hubid', '0'), prop('netdev', 'lan')]));
const HUBPORT_SOCK = constantOption(netdev('hubport', 'port-sock', [prop('hubid', '0'), prop('netdev', 'sock')]));
const NOGRAPHIC = constantOption(nographic());

function tunnelOptions(rng: Rng, port: number, address: string | undefined): QemuOption[] {
  // The report's address is not published; a documentation address keeps a replay harmless unless the
  // pack names one on purpose (parameter `address`).
  const c2 = hostPort(address ?? rng.documentationIpv4(), port, 'connect');
  return [ONE_MEGABYTE, USER_LAN, netdev('socket', 'sock', [prop('connect', c2)]), HUBPORT_LAN, HUBPORT_SOCK, NOGRAPHIC];
}

function linuxTunnel(rng: Rng, params: Readonly<Record<string, unknown>>): Launch {
  const dir = rng.pick(['/tmp/.q', '/var/tmp/.cache-x', '/dev/shm/.n']);
  const name = param(params, 'binary', 'qemu-system-i386.exe').includes('i386') ? 'qemu-system-i386' : 'qemu-system-x86_64';
  return launch({
    invocation: invocation('linux', `${dir}/${name}`, `./${name}`, name.includes('i386') ? 'i386' : 'x86_64', tunnelOptions(rng, param(params, 'port', 443), optionalAddress(params))),
    programQuoting: 'as-needed',
    parent: shellParent('linux', 'bash'),
    account: rng.chance(0.5) ? 'root' : 'person',
    workingDirectory: dir,
    qemuVersion: pickVersion(rng),
  });
}

export const kasperskySocketTunnel: Population = {
  id: 'kaspersky-socket-tunnel',
  title: 'Kaspersky IR: QEMU socket tunnel to an external host on 443',
  label: 'malicious',
  os: ['windows', 'linux'],
  hostProfile: 'workstation',
  summary:
    'On Windows, qemu-system-i386.exe with -m 1M, no disk, a user back end with restrict=off and a socket back end connecting to an external address on 443, bridged by two hubports, -nographic. The argv is the one recovered from memory in the Securelist report; install path, parent and user were not published, so they are drawn from the attacker habits of the same reports. On Linux the same technique is transposed to a dropped binary run from a shell (reconstructed), so the fd-passing variant has a host it applies to.',
  sources: [
    { title: 'Securelist, Network tunneling with… QEMU? (2024)', url: 'https://securelist.com/network-tunneling-with-qemu/111803/', confidence: 'secondary' },
    { title: 'SigmaHQ Potentially Suspicious Usage Of Qemu', repo: 'SigmaHQ/sigma', path: 'rules/windows/process_creation/proc_creation_win_qemu_suspicious_execution.yml', confidence: 'source' },
  ],
  parameterSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      port: { type: 'integer', minimum: 1, maximum: 65535, description: 'attacker port (443 in the report)' },
      binary: { enum: ['qemu-system-i386.exe', 'qemu-system-x86_64.exe'] },
      address: ATTACKER_ADDRESS_SCHEMA,
    },
  },
  build({ rng, os, host, params }) {
    if (os === 'linux') return linuxTunnel(rng, params);
    const dir = rng.pick([
      'C:\\ProgramData\\qemu',
      `C:\\ProgramData\\${rng.pick(['USOShared', 'ssh', 'Intel', 'Packages'])}`,
      'C:\\Users\\Public\\Libraries',
      `${host.person.home}\\AppData\\Local\\Temp\\${rng.alnum(6)}`,
    ]);
    const binary = param(params, 'binary', 'qemu-system-i386.exe');
    const path = `${dir}\\${binary}`;
    const options = tunnelOptions(rng, param(params, 'port', 443), optionalAddress(params));
    const parent = rng.weighted([
      [3, interactiveCmdParent()],
      [2, powershellParent()],
      [1, scheduleServiceParent()],
    ] as const);
    return launch({
      invocation: invocation('windows', path, rng.chance(0.5) ? path : binary, binary.includes('i386') ? 'i386' : 'x86_64', options),
      programQuoting: 'as-needed',
      parent,
      account: parent.account === 'system' ? 'system' : 'person',
      workingDirectory: `${dir}\\`,
      integrityLevel: parent.account === 'system' ? 'System' : 'High',
      tokenElevation: parent.account === 'system' ? 'default' : 'full',
      qemuVersion: pickVersion(rng),
    });
  },
};
