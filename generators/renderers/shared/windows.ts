// Windows facts several renderers share: the 4688 subject/target accounts, token and integrity
// spellings, Sysmon-style GUIDs, hex ids.
import type { CanonicalEvent, IntegrityLevel, UserContext } from '../../canonical-event.js';

export function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

/** 4688 TokenElevationType insertion strings (%%1936 default, %%1937 full, %%1938 limited; event-4688 docs). */
export function tokenElevationCode(event: CanonicalEvent): string {
  switch (event.tokenElevation) {
    case 'full':
      return '%%1937';
    case 'limited':
      return '%%1938';
    default:
      return '%%1936';
  }
}

export function mandatoryLabelSid(level: IntegrityLevel | undefined): string {
  switch (level) {
    case 'Low':
      return 'S-1-16-4096';
    case 'High':
      return 'S-1-16-12288';
    case 'System':
      return 'S-1-16-16384';
    default:
      return 'S-1-16-8192';
  }
}

export function isSystem(user: UserContext): boolean {
  return user.id === 'S-1-5-18';
}

/** The NetBIOS domain a host's machine account belongs to (HOST$ is the SYSTEM subject in 4688). */
export function machineDomain(event: CanonicalEvent): string {
  if (event.host.domain) return event.host.domain.split('.')[1]?.toUpperCase().slice(0, 15) ?? 'WORKGROUP';
  return 'WORKGROUP';
}

/** 4688 "Creator Subject": the account that called CreateProcess (the parent's account). */
export function creatorSubject(event: CanonicalEvent): { sid: string; name: string; domain: string; logonId: string } {
  const creator = event.parent.user ?? event.user;
  if (isSystem(creator)) return { sid: 'S-1-5-18', name: `${event.host.name.toUpperCase().slice(0, 15)}$`, domain: machineDomain(event), logonId: '0x3e7' };
  return { sid: creator.id, name: creator.name, domain: creator.domain, logonId: creator.logonId ?? '0x0' };
}

/** `DOMAIN\\user` as Sysmon and the event log render an account. */
export function qualifiedUser(user: UserContext): string {
  return user.domain ? `${user.domain}\\${user.name}` : user.name;
}

/** A Sysmon-style GUID `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`: first group from the host, rest from `id`. */
export function sysmonGuid(hostId: string, id: string): string {
  const rest = id.length === 36 && id.charCodeAt(8) === 0x2d ? `${id.slice(9, 13)}-${id.slice(14, 18)}-${id.slice(19, 23)}-${id.slice(24, 36)}` : dashed(id.replace(/-/g, ''));
  return `{${hostId.slice(0, 8)}-${rest}}`.toUpperCase();
}

function dashed(hex: string): string {
  return `${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Interactive sessions are 1 or 2; services and SYSTEM run in session 0. */
export function terminalSession(event: CanonicalEvent): number {
  return isSystem(event.user) ? 0 : 1 + (event.recordId ?? 0) % 2;
}
