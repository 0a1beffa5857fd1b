// Sysmon Event ID 1 (Process Create, schema version 5 with ParentUser): EventData in schema order,
// and the rendered message text. Fields from the real event in the SigmaHQ regression data
// (test fixture sysmon-eid1-renamed-binary.evtx-dump.json) and Splunk's sysmon_eventid_1.yml example.
import type { CanonicalEvent } from '../../canonical-event.js';
import { qualifiedUser, sysmonGuid, terminalSession } from './windows.js';
import { sysmonUtcTime } from './time.js';

export const SYSMON_PROVIDER = 'Microsoft-Windows-Sysmon';
export const SYSMON_PROVIDER_GUID = '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}';
export const SYSMON_CHANNEL = 'Microsoft-Windows-Sysmon/Operational';

/** The hashes the modelled Sysmon configuration records (HashAlgorithms md5,sha256,IMPHASH), upper case. */
export interface SysmonHashParts {
  md5: string;
  sha256: string;
  imphash: string;
}

export function sysmonHashParts(event: CanonicalEvent): SysmonHashParts | undefined {
  const h = event.process.hashes;
  if (h === undefined) return undefined;
  return { md5: h.md5.toUpperCase(), sha256: h.sha256.toUpperCase(), imphash: h.sha1.slice(0, 32).toUpperCase() };
}

/** The Hashes value: `MD5=…,SHA256=…,IMPHASH=…`, or `-` without hashes. */
export function sysmonHashes(event: CanonicalEvent): string {
  const parts = sysmonHashParts(event);
  return parts === undefined ? '-' : `MD5=${parts.md5},SHA256=${parts.sha256},IMPHASH=${parts.imphash}`;
}

/** Sysmon's LogonGuid: host part, then the logon id (the same logon session gives the same GUID). */
export function logonGuid(event: CanonicalEvent): string {
  const logon = (event.user.logonId ?? '0x3e7').replace(/^0x/, '');
  return sysmonGuid(event.host.id, logon.padStart(32, '0'));
}

/** EventData names of Sysmon Event ID 1 (schema 5 with ParentUser), in the order Sysmon writes them. */
export const SYSMON_1_FIELDS = [
  'RuleName',
  'UtcTime',
  'ProcessGuid',
  'ProcessId',
  'Image',
  'FileVersion',
  'Description',
  'Product',
  'Company',
  'OriginalFileName',
  'CommandLine',
  'CurrentDirectory',
  'User',
  'LogonGuid',
  'LogonId',
  'TerminalSessionId',
  'IntegrityLevel',
  'Hashes',
  'ParentProcessGuid',
  'ParentProcessId',
  'ParentImage',
  'ParentCommandLine',
  'ParentUser',
] as const;

export type Sysmon1 = Record<(typeof SYSMON_1_FIELDS)[number], string>;

export function sysmon1Fields(event: CanonicalEvent): Sysmon1 {
  const pe = event.process.pe;
  const parentUser = event.parent.user ?? event.user;
  return {
    RuleName: '-',
    UtcTime: sysmonUtcTime(event.timestamp),
    ProcessGuid: sysmonGuid(event.host.id, event.process.entityId ?? event.id),
    ProcessId: String(event.process.pid),
    Image: event.process.executable,
    FileVersion: pe?.fileVersion || '-',
    Description: pe?.description || '-',
    Product: pe?.product || '-',
    Company: pe?.company || '-',
    OriginalFileName: pe?.originalFileName || '-',
    CommandLine: event.process.commandLine,
    CurrentDirectory: event.process.workingDirectory ?? 'C:\\Windows\\system32\\',
    User: qualifiedUser(event.user),
    LogonGuid: logonGuid(event),
    LogonId: event.user.logonId ?? '0x3e7',
    TerminalSessionId: String(terminalSession(event)),
    IntegrityLevel: event.process.integrityLevel ?? 'Medium',
    Hashes: sysmonHashes(event),
    ParentProcessGuid: sysmonGuid(event.host.id, event.parent.entityId ?? event.id),
    ParentProcessId: String(event.parent.pid),
    ParentImage: event.parent.executable,
    ParentCommandLine: event.parent.commandLine,
    ParentUser: qualifiedUser(parentUser),
  };
}

/** The rendered message ("Process Create:" then `Name: value` lines), as winlogbeat's message shows it. */
export function sysmon1Message(f: Sysmon1): string {
  // Spelled out in SYSMON_1_FIELDS order (a test keeps them in step): a loop over the names with a
  // computed key is several times slower on this hot path (bench/generate.ts).
  return (
    `Process Create:\nRuleName: ${f.RuleName}\nUtcTime: ${f.UtcTime}\nProcessGuid: ${f.ProcessGuid}\nProcessId: ${f.ProcessId}` +
    `\nImage: ${f.Image}\nFileVersion: ${f.FileVersion}\nDescription: ${f.Description}\nProduct: ${f.Product}\nCompany: ${f.Company}` +
    `\nOriginalFileName: ${f.OriginalFileName}\nCommandLine: ${f.CommandLine}\nCurrentDirectory: ${f.CurrentDirectory}\nUser: ${f.User}` +
    `\nLogonGuid: ${f.LogonGuid}\nLogonId: ${f.LogonId}\nTerminalSessionId: ${f.TerminalSessionId}\nIntegrityLevel: ${f.IntegrityLevel}` +
    `\nHashes: ${f.Hashes}\nParentProcessGuid: ${f.ParentProcessGuid}\nParentProcessId: ${f.ParentProcessId}\nParentImage: ${f.ParentImage}` +
    `\nParentCommandLine: ${f.ParentCommandLine}\nParentUser: ${f.ParentUser}`
  );
}

