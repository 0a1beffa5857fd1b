// Event 4688 ("A new process has been created"), version 2, as Windows records it: the EventData
// fields in their schema order and the rendered message text. Field list and order from the real
// event in cea-sec/openwec server/src/formats/raw.rs (test fixture windows-security-4688-wef-rendered.xml);
// message layout from the same event's RenderingInfo and from classic WinEventLog captures.
import type { CanonicalEvent } from '../../canonical-event.js';
import { creatorSubject, hex, mandatoryLabelSid, tokenElevationCode } from './windows.js';

export const SECURITY_PROVIDER = 'Microsoft-Windows-Security-Auditing';
export const SECURITY_PROVIDER_GUID = '{54849625-5478-4994-a5ba-3e3b0328c30d}';

/** EventData names of 4688 version 2, in the order Windows writes them. */
export const SECURITY_4688_FIELDS = [
  'SubjectUserSid',
  'SubjectUserName',
  'SubjectDomainName',
  'SubjectLogonId',
  'NewProcessId',
  'NewProcessName',
  'TokenElevationType',
  'ProcessId',
  'CommandLine',
  'TargetUserSid',
  'TargetUserName',
  'TargetDomainName',
  'TargetLogonId',
  'ParentProcessName',
  'MandatoryLabel',
] as const;

export type Security4688 = Record<(typeof SECURITY_4688_FIELDS)[number], string>;

export function security4688Fields(event: CanonicalEvent): Security4688 {
  const subject = creatorSubject(event);
  const creator = event.parent.user ?? event.user;
  const differentTarget = creator.id !== event.user.id;
  return {
    SubjectUserSid: subject.sid,
    SubjectUserName: subject.name,
    SubjectDomainName: subject.domain,
    SubjectLogonId: subject.logonId,
    NewProcessId: hex(event.process.pid),
    NewProcessName: event.process.executable,
    TokenElevationType: tokenElevationCode(event),
    ProcessId: hex(event.parent.pid),
    CommandLine: event.process.commandLine,
    TargetUserSid: differentTarget ? event.user.id : 'S-1-0-0',
    TargetUserName: differentTarget ? event.user.name : '-',
    TargetDomainName: differentTarget ? event.user.domain : '-',
    TargetLogonId: differentTarget ? (event.user.logonId ?? '0x0') : '0x0',
    ParentProcessName: event.parent.executable,
    MandatoryLabel: mandatoryLabelSid(event.process.integrityLevel),
  };
}

export const TOKEN_ELEVATION_EXPLANATION = [
  'Token Elevation Type indicates the type of token that was assigned to the new process in accordance with User Account Control policy.',
  '',
  'Type 1 is a full token with no privileges removed or groups disabled.  A full token is only used if User Account Control is disabled or if the user is the built-in Administrator account or a service account.',
  '',
  'Type 2 is an elevated token with no privileges removed or groups disabled.  An elevated token is used when User Account Control is enabled and the user chooses to start the program using Run as administrator.  An elevated token is also used when an application is configured to always require administrative privilege or to always require maximum privilege, and the user is a member of the Administrators group.',
  '',
  'Type 3 is a limited token with administrative privileges removed and administrative groups disabled.  The limited token is used when User Account Control is enabled, the application does not require administrative privilege, and the user does not choose to start the program using Run as administrator.',
];

/** The rendered message, one entry per line (the caller joins with its own line ending). */
export function security4688MessageLines(fields: Security4688): string[] {
  const get = (name: keyof Security4688) => fields[name];
  // The rendered message upper-cases the hex digits of logon ids (0x3E7), not of process ids.
  const logon = (id: string) => (id.startsWith('0x') ? `0x${id.slice(2).toUpperCase()}` : id);
  return [
    'A new process has been created.',
    '',
    'Creator Subject:',
    `\tSecurity ID:\t\t${get('SubjectUserSid')}`,
    `\tAccount Name:\t\t${get('SubjectUserName')}`,
    `\tAccount Domain:\t\t${get('SubjectDomainName')}`,
    `\tLogon ID:\t\t${logon(get('SubjectLogonId'))}`,
    '',
    'Target Subject:',
    `\tSecurity ID:\t\t${get('TargetUserSid')}`,
    `\tAccount Name:\t\t${get('TargetUserName')}`,
    `\tAccount Domain:\t\t${get('TargetDomainName')}`,
    `\tLogon ID:\t\t${logon(get('TargetLogonId'))}`,
    '',
    'Process Information:',
    `\tNew Process ID:\t\t${get('NewProcessId')}`,
    `\tNew Process Name:\t${get('NewProcessName')}`,
    `\tToken Elevation Type:\t${get('TokenElevationType')}`,
    `\tMandatory Label:\t\t${get('MandatoryLabel')}`,
    `\tCreator Process ID:\t${get('ProcessId')}`,
    `\tCreator Process Name:\t${get('ParentProcessName')}`,
    `\tProcess Command Line:\t${get('CommandLine')}`,
    '',
    ...TOKEN_ELEVATION_EXPLANATION,
  ];
}

/** The explanation every 4688 message ends with, joined once. */
const TOKEN_ELEVATION_EXPLANATION_TEXT = TOKEN_ELEVATION_EXPLANATION.join('\n');

/**
 * security4688MessageLines(fields).join('\n'), with the constant explanation appended as one shared
 * string: a string concatenation keeps it as a piece of the message (a rope) instead of copying its
 * 1.1 KB into every record's message.
 */
export function security4688Message(fields: Security4688): string {
  const lines = security4688MessageLines(fields);
  lines.length -= TOKEN_ELEVATION_EXPLANATION.length;
  return `${lines.join('\n')}\n${TOKEN_ELEVATION_EXPLANATION_TEXT}`;
}
