// User accounts: the interactive person on a host, and the built-in accounts QEMU launchers run as
// (SYSTEM for a scheduled task, root, libvirt's service account).
import type { OsFamily, UserContext } from '../canonical-event.js';
import type { Rng } from './rng.js';

export interface Person {
  /** Login name as the OS shows it: `jdoe` (Windows sAMAccountName, POSIX user). */
  login: string;
  /** Home directory in the OS's own syntax. */
  home: string;
  account: UserContext;
}

/** Windows domain SID prefix of a domain (S-1-5-21-x-y-z). */
export function domainSid(rng: Rng): string {
  return `S-1-5-21-${rng.int(1_000_000_000, 4_294_967_295)}-${rng.int(1_000_000_000, 4_294_967_295)}-${rng.int(100_000_000, 4_294_967_295)}`;
}

function loginName(rng: Rng): string {
  const first = rng.firstNameSlug();
  const last = rng.lastNameSlug();
  const style = rng.int(0, 2);
  const name = style === 0 ? `${first}.${last}` : style === 1 ? `${first.charAt(0)}${last}` : first;
  return name.slice(0, 20) || 'user';
}

export function makePerson(rng: Rng, os: OsFamily, netbiosDomain: string, sidPrefix: string): Person {
  const login = loginName(rng);
  if (os === 'windows') {
    return {
      login,
      home: `C:\\Users\\${login}`,
      account: {
        name: login,
        domain: netbiosDomain,
        id: `${sidPrefix}-${rng.int(1104, 48000)}`,
        logonId: `0x${rng.int(0x20000, 0x9fffff).toString(16)}`,
      },
    };
  }
  if (os === 'macos') {
    return { login, home: `/Users/${login}`, account: { name: login, domain: '', id: '501', groupId: '20', groupName: 'staff' } };
  }
  const uid = String(rng.int(1000, 1999));
  return { login, home: `/home/${login}`, account: { name: login, domain: '', id: uid, groupId: uid, groupName: login } };
}

/** NT AUTHORITY\SYSTEM (S-1-5-18); logon id 0x3e7 is the SYSTEM logon session. */
export const WINDOWS_SYSTEM: UserContext = { name: 'SYSTEM', domain: 'NT AUTHORITY', id: 'S-1-5-18', logonId: '0x3e7' };

export const POSIX_ROOT: UserContext = { name: 'root', domain: '', id: '0', groupId: '0', groupName: 'root' };

/** Debian's libvirt runs QEMU as libvirt-qemu (uid/gid 64055 on Debian/Ubuntu). */
export const LIBVIRT_QEMU: UserContext = { name: 'libvirt-qemu', domain: '', id: '64055', groupId: '64055', groupName: 'kvm' };

export type AccountKind = 'person' | 'system' | 'root' | 'libvirt';

export function accountFor(kind: AccountKind, os: OsFamily, person: Person): UserContext {
  switch (kind) {
    case 'person':
      return person.account;
    case 'system':
      return os === 'windows' ? WINDOWS_SYSTEM : POSIX_ROOT;
    case 'root':
      return POSIX_ROOT;
    case 'libvirt':
      return os === 'linux' ? LIBVIRT_QEMU : person.account;
  }
}
