// Microsoft Defender for Endpoint DeviceProcessEvents (Streaming API / Event Hub) through the Elastic
// M365 Defender integration, data stream event (logs-m365_defender.event-default). Per the current
// pipeline_device.yml: process.executable = FolderPath, process.name = FileName, the parent from
// InitiatingProcess*, process.args/process.parent.args from the Go-style splitter (keeps empty
// arguments), event.action "start" for ProcessCreated; duplicate custom fields and event.original are
// removed as in the default configuration. (An older pipeline split on single spaces and kept the
// quotes; the fixture's expected output is from that version — see test/fixtures/generators/README.md.)
// The command line is ProcessCommandLine exactly as the caller passed it to CreateProcess.
import type { CanonicalEvent } from '../canonical-event.js';
import type { ElasticRecord } from '../../harness/model/records.js';
import type { SourceSettings } from '../../harness/model/profile.js';
import { splitWindowsCommandLine } from '../qemu/windows-cmdline.js';
import { stableId, unique } from './shared/elastic.js';
import { computerName } from './shared/splunk.js';
import { isSystem } from './shared/windows.js';
import { constantBlock, hostBlock } from './shared/shared-blocks.js';

export const M365_INDEX = 'logs-m365_defender.event-default';

function elevation(event: CanonicalEvent): string {
  switch (event.tokenElevation) {
    case 'full':
      return 'TokenElevationTypeFull';
    case 'limited':
      return 'TokenElevationTypeLimited';
    default:
      return event.os === 'windows' ? 'TokenElevationTypeDefault' : 'None';
  }
}

function accountDomain(event: CanonicalEvent, user: CanonicalEvent['user']): string {
  if (event.os !== 'windows') return event.host.name.toLowerCase();
  return isSystem(user) ? 'nt authority' : user.domain.toLowerCase();
}

// Blocks every record shares, and per host (shared-blocks.ts).
const ECS = constantBlock({ version: '8.11.0' });
const CATEGORY = constantBlock(['process']);
const START = constantBlock(['start']);
const END = constantBlock(['end']);
const TENANT = constantBlock({ id: stableId('tenant', 'm365'), name: 'DefaultTenant' });

/** MDE's DeviceId of the host: 40 hex digits. */
function deviceId(event: CanonicalEvent): string {
  return hostBlock(event.host, 'mde-device', () => stableId('mde-device', event.host.id).replace(/-/g, '').slice(0, 40).padEnd(40, '0'));
}

function m365Host(event: CanonicalEvent, id: string, name: string): Record<string, unknown> {
  return hostBlock(event.host, 'm365-host', () => ({ id, name }));
}

/** The DeviceProcessEvents record (the `properties` of the Event Hub envelope), as MDE streams it. */
export function deviceProcessEvent(event: CanonicalEvent): Record<string, unknown> {
  const creator = event.parent.user ?? event.user;
  const pe = event.process.pe;
  const parentPe = event.parent.pe;
  const h = event.process.hashes;
  const ph = event.parent.hashes;
  const windows = event.os === 'windows';
  return {
    Timestamp: event.timestamp,
    DeviceId: deviceId(event),
    DeviceName: computerName(event).toLowerCase(),
    ActionType: 'ProcessCreated',
    FileName: event.process.name,
    FolderPath: event.process.executable,
    SHA1: h?.sha1 ?? null,
    SHA256: h?.sha256 ?? null,
    MD5: h?.md5 ?? null,
    FileSize: 5_000_000 + ((event.recordId ?? 0) % 40_000_000),
    ProcessVersionInfoCompanyName: pe?.company ?? null,
    ProcessVersionInfoProductName: pe?.product ?? null,
    ProcessVersionInfoProductVersion: pe?.fileVersion ?? null,
    ProcessVersionInfoInternalFileName: pe ? 'qemu-system' : null,
    ProcessVersionInfoOriginalFileName: pe?.originalFileName || null,
    ProcessVersionInfoFileDescription: pe?.description ?? null,
    ProcessId: event.process.pid,
    ProcessCommandLine: event.process.commandLine,
    ProcessIntegrityLevel: windows ? (event.process.integrityLevel ?? 'Medium') : null,
    ProcessTokenElevation: elevation(event),
    ProcessCreationTime: event.timestamp,
    AccountDomain: accountDomain(event, event.user),
    AccountName: event.user.name.toLowerCase(),
    AccountSid: windows ? event.user.id : null,
    AccountUpn: windows && !isSystem(event.user) ? `${event.user.name}@${event.host.domain || 'local'}` : null,
    AccountObjectId: windows && !isSystem(event.user) ? stableId('aad', event.user.id) : null,
    LogonId: windows ? Number.parseInt((event.user.logonId ?? '0x3e7').slice(2), 16) : 0,
    InitiatingProcessAccountDomain: accountDomain(event, creator),
    InitiatingProcessAccountName: creator.name.toLowerCase(),
    InitiatingProcessAccountSid: windows ? creator.id : null,
    InitiatingProcessAccountUpn: null,
    InitiatingProcessAccountObjectId: null,
    InitiatingProcessLogonId: windows ? Number.parseInt((creator.logonId ?? '0x3e7').slice(2), 16) : 0,
    InitiatingProcessIntegrityLevel: windows ? (isSystem(creator) ? 'System' : 'Medium') : null,
    InitiatingProcessTokenElevation: windows ? 'TokenElevationTypeDefault' : 'None',
    InitiatingProcessSHA1: ph?.sha1 ?? null,
    InitiatingProcessSHA256: ph?.sha256 ?? null,
    InitiatingProcessMD5: ph?.md5 ?? null,
    InitiatingProcessFileName: event.parent.name,
    InitiatingProcessFileSize: 200_000 + ((event.recordId ?? 0) % 900_000),
    InitiatingProcessVersionInfoCompanyName: parentPe?.company ?? null,
    InitiatingProcessVersionInfoProductName: parentPe?.product ?? null,
    InitiatingProcessVersionInfoProductVersion: parentPe?.fileVersion ?? null,
    InitiatingProcessVersionInfoInternalFileName: parentPe ? parentPe.originalFileName.replace(/\.exe$/i, '') : null,
    InitiatingProcessVersionInfoOriginalFileName: parentPe?.originalFileName ?? null,
    InitiatingProcessVersionInfoFileDescription: parentPe?.description ?? null,
    InitiatingProcessId: event.parent.pid,
    InitiatingProcessCommandLine: event.parent.commandLine,
    InitiatingProcessCreationTime: event.parent.startTime ?? null,
    InitiatingProcessFolderPath: event.parent.executable,
  };
}

/** Sets `key` only when `value` is defined (keeps documents free of undefined without object spread). */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined && value !== null) target[key] = value;
}

function peFields(pe: CanonicalEvent['process']['pe'], physicalSize: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (pe !== undefined) {
    out.company = pe.company;
    out.description = pe.description;
    out.file_version = pe.fileVersion;
    if (pe.originalFileName) out.original_file_name = pe.originalFileName;
    out.product = pe.product;
  }
  out.sections = { physical_size: physicalSize };
  return out;
}

/**
 * The older pipeline's process fields (test-device.log-expected.json at 404a082f, fixture
 * m365-defender-deviceprocessevents.expected.json): process.command_line from the initiating
 * process, args split on single spaces with quotes kept, and event.type "end" for ProcessCreated.
 */
function legacyProcessFields(event: CanonicalEvent): { commandLine: string; args: string[] } {
  const commandLine = event.parent.commandLine;
  return { commandLine, args: commandLine.split(' ').filter((a) => a !== '') };
}

export function renderM365Defender(event: CanonicalEvent, settings?: SourceSettings): ElasticRecord {
  const p = deviceProcessEvent(event);
  const windows = event.os === 'windows';
  const legacy = settings?.pipeline === 'legacy' ? legacyProcessFields(event) : null;
  const args = legacy?.args ?? splitWindowsCommandLine(event.process.commandLine);
  const parentArgs = splitWindowsCommandLine(event.parent.commandLine);
  const h = event.process.hashes;
  const ph = event.parent.hashes;
  const pe = event.process.pe;
  const parentPe = event.parent.pe;
  const hostName = typeof p.DeviceName === 'string' ? p.DeviceName : event.host.name.toLowerCase();
  const hostId = typeof p.DeviceId === 'string' ? p.DeviceId : '';
  const creator = event.parent.user ?? event.user;
  const initiating: Record<string, unknown> = { account_domain: p.InitiatingProcessAccountDomain, account_name: p.InitiatingProcessAccountName };
  if (windows) put(initiating, 'account_sid', p.InitiatingProcessAccountSid);
  put(initiating, 'creation_time', p.InitiatingProcessCreationTime);
  if (windows) put(initiating, 'integrity_level', p.InitiatingProcessIntegrityLevel);
  initiating.logon_id = String(p.InitiatingProcessLogonId);
  initiating.token_elevation = p.InitiatingProcessTokenElevation;
  if (parentPe) initiating.version_info_internal_file_name = p.InitiatingProcessVersionInfoInternalFileName;
  const mdProcess: Record<string, unknown> = { command_line: event.process.commandLine, creation_time: event.timestamp, id: event.process.pid };
  if (windows) mdProcess.integrity_level = p.ProcessIntegrityLevel;
  mdProcess.token_elevation = p.ProcessTokenElevation;
  if (pe) mdProcess.version_info_internal_file_name = p.ProcessVersionInfoInternalFileName;
  if (pe?.originalFileName) mdProcess.version_info_original_file_name = pe.originalFileName;
  const mdEvent: Record<string, unknown> = {};
  const account: Record<string, unknown> = {};
  put(account, 'object_id', p.AccountObjectId);
  put(account, 'upn', p.AccountUpn);
  if (Object.keys(account).length > 0) mdEvent.account = account;
  mdEvent.category = 'AdvancedHunting-DeviceProcessEvents';
  mdEvent.initiating_process = initiating;
  mdEvent.logon = { id: String(p.LogonId) };
  mdEvent.operation_name = 'Publish';
  mdEvent.process = mdProcess;
  mdEvent.tenant = TENANT;
  mdEvent.time = new Date(Date.parse(event.timestamp) + 60_000).toISOString();
  mdEvent.timestamp = event.timestamp;
  const parent: Record<string, unknown> = {
    args: parentArgs,
    args_count: parentArgs.length,
    command_line: event.parent.commandLine,
    executable: event.parent.executable,
    group_leader: { pid: Math.max(4, event.parent.pid - 4 * (1 + ((event.recordId ?? 0) % 50))) },
  };
  if (ph) parent.hash = { md5: ph.md5, sha1: ph.sha1, sha256: ph.sha256 };
  parent.name = event.parent.name;
  if (parentPe) parent.pe = peFields(parentPe, p.InitiatingProcessFileSize);
  parent.pid = event.parent.pid;
  put(parent, 'start', event.parent.startTime);
  const process: Record<string, unknown> = { args, args_count: args.length, command_line: legacy?.commandLine ?? event.process.commandLine, executable: event.process.executable };
  if (h) process.hash = { md5: h.md5, sha1: h.sha1, sha256: h.sha256 };
  process.name = event.process.name;
  process.parent = parent;
  process.pe = peFields(pe, p.FileSize);
  process.pid = event.process.pid;
  process.start = event.timestamp;
  const related: Record<string, unknown> = {};
  if (h) related.hash = unique([h.md5, h.sha1, h.sha256]);
  related.hosts = unique([hostId, hostName, accountDomain(event, event.user), accountDomain(event, creator)]);
  related.user = unique([event.user.name.toLowerCase(), creator.name.toLowerCase()]);
  const user: Record<string, unknown> = { domain: accountDomain(event, event.user) };
  if (windows) user.id = event.user.id;
  user.name = event.user.name.toLowerCase();
  return {
    _index: M365_INDEX,
    _id: event.id,
    '@timestamp': event.timestamp,
    ecs: ECS,
    event: { action: 'start', category: CATEGORY, kind: 'event', type: legacy ? END : START },
    host: m365Host(event, hostId, hostName),
    m365_defender: { event: mdEvent },
    process,
    related,
    user,
  };
}
