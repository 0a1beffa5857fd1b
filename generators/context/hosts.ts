// Hosts: names, domains, addresses, OS versions and the primary user, drawn from the scenario's
// random stream. A host profile says what kind of machine a population runs on.
import type { HostContext, HostOsInfo, OsFamily } from '../canonical-event.js';
import { domainSid, makePerson, type Person } from './people.js';
import type { Rng } from './rng.js';

export type HostProfile = 'workstation' | 'server' | 'developer' | 'ci-runner' | 'hypervisor' | 'lab';

export interface Host {
  context: HostContext;
  person: Person;
  /** NETBIOS domain name (Windows) used in `DOMAIN\\user`; the host name on workgroup machines. */
  netbiosDomain: string;
}

const WINDOWS_VERSIONS: ReadonlyArray<readonly [number, HostOsInfo]> = [
  [5, { name: 'Windows 10 Enterprise', version: '22H2', kernel: '10.0.19045.4291', platform: 'windows' }],
  [5, { name: 'Windows 11 Enterprise', version: '23H2', kernel: '10.0.22631.3593', platform: 'windows' }],
  [2, { name: 'Windows Server 2019 Datacenter', version: '1809', kernel: '10.0.17763.5820', platform: 'windows' }],
  [2, { name: 'Windows Server 2022 Standard', version: '21H2', kernel: '10.0.20348.2461', platform: 'windows' }],
];

const LINUX_VERSIONS: ReadonlyArray<readonly [number, HostOsInfo]> = [
  [5, { name: 'Ubuntu', version: '22.04.4 LTS (Jammy Jellyfish)', kernel: '6.5.0-35-generic', platform: 'ubuntu' }],
  [4, { name: 'Ubuntu', version: '24.04 LTS (Noble Numbat)', kernel: '6.8.0-31-generic', platform: 'ubuntu' }],
  [3, { name: 'Debian GNU/Linux', version: '12 (bookworm)', kernel: '6.1.0-21-amd64', platform: 'debian' }],
  [2, { name: 'Red Hat Enterprise Linux', version: '9.4 (Plow)', kernel: '5.14.0-427.13.1.el9_4.x86_64', platform: 'rhel' }],
  [1, { name: 'Fedora Linux', version: '40 (Workstation Edition)', kernel: '6.8.9-300.fc40.x86_64', platform: 'fedora' }],
];

const MACOS_VERSIONS: ReadonlyArray<readonly [number, HostOsInfo]> = [
  [3, { name: 'macOS', version: '14.5', kernel: '23.5.0', platform: 'darwin' }],
  [2, { name: 'macOS', version: '15.1', kernel: '24.1.0', platform: 'darwin' }],
  [1, { name: 'macOS', version: '13.6.7', kernel: '22.6.0', platform: 'darwin' }],
];

function windowsName(rng: Rng, profile: HostProfile): string {
  const n = rng.int(1000, 9999);
  switch (profile) {
    case 'server':
      return rng.pick(['SRV', 'APP', 'FS', 'WHD', 'SQL']) + `-${rng.pick(['PRD', 'INT', 'DMZ'])}-${String(n).slice(0, 2)}`;
    case 'developer':
      return `DEV-LT-${n}`;
    case 'ci-runner':
      return `CI-WIN-${n}`;
    case 'lab':
      return `LAB-${n}`;
    default:
      return rng.pick(['WS', 'LT', 'DT']) + `-${n}`;
  }
}

function posixName(rng: Rng, profile: HostProfile, person: Person): string {
  const word = rng.nounSlug();
  switch (profile) {
    case 'server':
    case 'hypervisor':
      return `${rng.pick(['kvm', 'virt', 'node', 'hv'])}-${word}-${rng.int(1, 40)}`;
    case 'ci-runner':
      return `runner-${rng.hex(8)}`;
    case 'lab':
      return `lab-${word}-${rng.int(1, 99)}`;
    default:
      return `${person.login.replace(/\./g, '-')}-${rng.pick(['laptop', 'dev', 'ws', 'box'])}-${rng.int(1, 99)}`;
  }
}

function macName(rng: Rng, person: Person): string {
  const first = person.login.split('.')[0] ?? person.login;
  const cap = first.charAt(0).toUpperCase() + first.slice(1);
  return `${cap}s-${rng.pick(['MacBook-Pro', 'MacBook-Air', 'Mac-mini', 'Mac-Studio'])}-${rng.int(2, 9)}`;
}

export interface Organisation {
  /** DNS domain of the Active Directory / corporate network. */
  dnsDomain: string;
  netbios: string;
  sidPrefix: string;
}

export function makeOrganisation(rng: Rng): Organisation {
  const word = rng.companySlug().slice(0, 12);
  return { dnsDomain: `corp.${word}.example`, netbios: word.toUpperCase().slice(0, 15), sidPrefix: domainSid(rng) };
}

export function makeHost(rng: Rng, os: OsFamily, profile: HostProfile, org: Organisation): Host {
  const managed = os === 'windows' && profile !== 'lab' && !(profile === 'developer' && rng.chance(0.3));
  const netbiosDomain = managed ? org.netbios : '';
  const person = makePerson(rng, os, netbiosDomain, org.sidPrefix);
  const name = os === 'windows' ? windowsName(rng, profile) : os === 'macos' ? macName(rng, person) : posixName(rng, profile, person);
  if (os === 'windows' && !managed) person.account.domain = name.toUpperCase().slice(0, 15);
  const osInfo = rng.weighted(os === 'windows' ? WINDOWS_VERSIONS : os === 'macos' ? MACOS_VERSIONS : LINUX_VERSIONS);
  const architecture = os === 'macos' ? rng.weighted([[3, 'arm64'], [1, 'x86_64']] as const) : 'x86_64';
  return {
    context: {
      name,
      domain: managed || (os !== 'windows' && profile === 'server') ? org.dnsDomain : '',
      ip: rng.privateIpv4(),
      id: rng.uuid(),
      osInfo,
      mac: rng.mac([rng.pick([0x00, 0x3c, 0x8c, 0xa4, 0xf0]), rng.int(0, 255), rng.int(0, 255)]),
      architecture,
    },
    person,
    netbiosDomain: person.account.domain || name.toUpperCase(),
  };
}
