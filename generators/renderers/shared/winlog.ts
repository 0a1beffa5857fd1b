// Windows event documents as the winlog input / winlogbeat emits them and the security and sysmon
// ingest pipelines finish them. Sources per field: the winlogbeat ingest goldens
// security-windows2019_4688_Process_Created.golden.json and sysmon-12-processcreate.golden.json
// (elastic/beats x-pack/winlogbeat/module/*/test/testdata/ingest), the security pipeline
// (security_standard.yml / system standard.yml, "Process Event 4688" and "Copy … User" scripts) and
// the sysmon pipeline (windows sysmon_operational default.yml).
import type { CanonicalEvent } from '../../canonical-event.js';
import type { ElasticRecord } from '../../../harness/model/records.js';
import { splitWindowsCommandLine } from '../../qemu/windows-cmdline.js';
import { computerName } from './splunk.js';
import { security4688Fields, security4688Message, SECURITY_4688_FIELDS, SECURITY_PROVIDER, SECURITY_PROVIDER_GUID, type Security4688 } from './security-4688.js';
import { sysmon1Fields, sysmon1Message, sysmonHashParts, SYSMON_CHANNEL, SYSMON_PROVIDER, SYSMON_PROVIDER_GUID } from './sysmon-1.js';
import { windowsSystemTime } from './time.js';
import { splitSecurity4688 } from './winlog-4688-split.js';
import { unique } from './elastic.js';
import { constantBlock, hostBlock } from './shared-blocks.js';

/** Newer winlog inputs resolve the %%193x insertion strings (the 8.17 golden shows "TokenElevationTypeFull (2)"). */
const TOKEN_ELEVATION_TEXT: Record<string, string> = {
  '%%1936': 'TokenElevationTypeDefault (1)',
  '%%1937': 'TokenElevationTypeFull (2)',
  '%%1938': 'TokenElevationTypeLimited (3)',
};

function resolvedSecurityFields(event: CanonicalEvent): Security4688 {
  const fields = security4688Fields(event);
  fields.TokenElevationType = TOKEN_ELEVATION_TEXT[fields.TokenElevationType] ?? fields.TokenElevationType;
  return fields;
}

// Blocks every record shares (shared-blocks.ts).
const ECS = constantBlock({ version: '8.17.0' });
const LOG = constantBlock({ level: 'information' });
const CATEGORY = constantBlock(['process']);
const TYPE = constantBlock(['start']);
const AUDIT_SUCCESS = constantBlock(['Audit Success']);
const SECURITY_GUID = SECURITY_PROVIDER_GUID.toUpperCase();
const SYSMON_USER = constantBlock({ domain: 'NT AUTHORITY', identifier: 'S-1-5-18', name: 'SYSTEM', type: 'Well Known Group' });

/** host as the winlog input writes it (before add_host_metadata): the host name alone. */
function winlogHost(event: CanonicalEvent): Record<string, unknown> {
  return hostBlock(event.host, 'winlogHost', () => ({ name: event.host.name }));
}

function basenameWindows(path: string): string {
  return path.slice(path.lastIndexOf('\\') + 1);
}

function parsePid(hexValue: string): number {
  return Number.parseInt(hexValue.slice(2), 16);
}

/** Where a winlog document goes and what its shipper adds around the pipeline's fields. */
/**
 * Copies the sources' properties into `target`, in order. Used instead of object spread in these
 * documents: spreading objects of varying shape is a slow path in V8 (see bench/generate.ts).
 */
export function copyInto<T extends Record<string, unknown>>(target: T, ...sources: Array<Record<string, unknown> | undefined>): T {
  const out = target as Record<string, unknown>;
  for (const source of sources) {
    if (source === undefined) continue;
    for (const key of Object.keys(source)) out[key] = source[key];
  }
  return target;
}

export interface WinlogTarget {
  index: string;
  /** event.module (winlogbeat modules set it; the integrations do not). */
  module?: string;
  /** Extra event.* fields (dataset, created, ingested) the shipper adds. */
  event?: Record<string, unknown>;
  /** Top-level envelope fields (agent, data_stream, elastic_agent, input). */
  envelope: Record<string, unknown>;
}

/** A security-pipeline 4688 document. */
export function security4688Document(event: CanonicalEvent, target: WinlogTarget): ElasticRecord {
  const module = target.module;
  const fields = resolvedSecurityFields(event);
  const get = (name: keyof Security4688) => fields[name];
  const executable = get('NewProcessName');
  const parentExecutable = get('ParentProcessName');
  const userName = get('SubjectUserName');
  const targetSid = get('TargetUserSid');
  const targetName = get('TargetUserName');
  const effective: Record<string, string> = {};
  if (targetSid !== '' && targetSid !== '-') effective.id = targetSid;
  if (targetName !== '' && targetName !== '-') effective.name = targetName;
  const targetDomain = get('TargetDomainName');
  if (targetDomain !== '' && targetDomain !== '-') effective.domain = targetDomain;
  const eventData: Record<string, string> = {};
  for (const name of SECURITY_4688_FIELDS) {
    // The pipeline moves these three to process.* and removes them from event_data.
    if (name === 'NewProcessId' || name === 'NewProcessName' || name === 'ParentProcessName') continue;
    eventData[name] = fields[name];
  }
  const commandLine = get('CommandLine');
  const recordId = event.recordId ?? 0;
  const eventFields: Record<string, unknown> = { action: 'created-process', category: CATEGORY, code: '4688', kind: 'event' };
  if (module !== undefined) eventFields.module = module;
  eventFields.outcome = 'success';
  eventFields.provider = SECURITY_PROVIDER;
  eventFields.type = TYPE;
  copyInto(eventFields, target.event);
  const head: ElasticRecord = { _index: target.index, _id: event.id, '@timestamp': windowsSystemTime(event.timestamp, recordId) };
  return copyInto(head, target.envelope, {
    ecs: ECS,
    event: eventFields,
    host: winlogHost(event),
    log: LOG,
    message: security4688Message(fields),
    process: {
      args: splitSecurity4688(commandLine),
      command_line: commandLine,
      executable,
      name: basenameWindows(executable),
      parent: { executable: parentExecutable, name: basenameWindows(parentExecutable), pid: parsePid(get('ProcessId')) },
      pid: parsePid(get('NewProcessId')),
    },
    related: { user: targetName !== '-' ? unique([userName, targetName]) : [userName] },
    user: securityUser(get('SubjectDomainName'), effective, get('SubjectUserSid'), userName),
    winlog: {
      channel: 'Security',
      computer_name: computerName(event),
      event_data: eventData,
      event_id: '4688',
      keywords: AUDIT_SUCCESS,
      logon: { id: get('SubjectLogonId') },
      opcode: 'Info',
      process: { pid: 4, thread: { id: (recordId % 9000) + 100 } },
      provider_guid: SECURITY_GUID,
      provider_name: SECURITY_PROVIDER,
      record_id: String(recordId),
      task: 'Process Creation',
      version: 2,
    },
  });
}

function securityUser(domain: string, effective: Record<string, string>, id: string, name: string): Record<string, unknown> {
  const user: Record<string, unknown> = { domain };
  if (Object.keys(effective).length > 0) user.effective = effective;
  user.id = id;
  user.name = name;
  return user;
}

/** A sysmon-pipeline Event ID 1 document. */
export function sysmon1Document(event: CanonicalEvent, target: WinlogTarget): ElasticRecord {
  const module = target.module;
  const fields = sysmon1Fields(event);
  const get = (name: keyof typeof fields) => fields[name];
  // The pipeline first drops every event_data value that is "", "-" or the null GUID.
  const present = (name: keyof typeof fields) => {
    const value = get(name);
    return value !== '' && value !== '-' ? value : undefined;
  };
  // The pipeline splits Hashes ("MD5=…,SHA256=…,IMPHASH=…") into lower-case process.hash.* and
  // process.pe.imphash, dropping all-zero values; taken from the parts Hashes is built from.
  const parts = sysmonHashParts(event);
  const processHash: Record<string, string> = {};
  const relatedHash: string[] = [];
  let imphash: string | undefined;
  if (parts !== undefined) {
    processHash.md5 = parts.md5.toLowerCase();
    processHash.sha256 = parts.sha256.toLowerCase();
    relatedHash.push(processHash.md5, processHash.sha256);
    if (!/^0*$/.test(parts.imphash)) {
      imphash = parts.imphash.toLowerCase();
      relatedHash.push(imphash);
    }
  }
  const pe: Record<string, string> = {};
  const company = present('Company');
  const description = present('Description');
  const fileVersion = present('FileVersion');
  const original = present('OriginalFileName');
  const product = present('Product');
  if (company) pe.company = company;
  if (description) pe.description = description;
  if (fileVersion) pe.file_version = fileVersion;
  if (imphash) pe.imphash = imphash;
  if (original) pe.original_file_name = original;
  if (product) pe.product = product;
  const commandLine = get('CommandLine');
  const parentCommandLine = get('ParentCommandLine');
  const args = splitWindowsCommandLine(commandLine);
  const parentArgs = splitWindowsCommandLine(parentCommandLine);
  // The pipeline splits User (DOMAIN\\name) into user.domain and user.name.
  const domain = event.user.domain;
  const name = event.user.name;
  const eventData: Record<string, string> = {};
  for (const key of ['Company', 'Description', 'FileVersion', 'IntegrityLevel', 'LogonGuid', 'LogonId', 'Product', 'TerminalSessionId'] as const) {
    const value = present(key);
    if (value !== undefined) eventData[key] = value;
  }
  const recordId = event.recordId ?? 0;
  const eventFields: Record<string, unknown> = { action: 'Process creation', category: CATEGORY, code: '1', kind: 'event' };
  if (module !== undefined) eventFields.module = module;
  eventFields.provider = SYSMON_PROVIDER;
  eventFields.type = TYPE;
  copyInto(eventFields, target.event);
  const message = sysmon1Message(fields);
  const head: ElasticRecord = { _index: target.index, _id: event.id, '@timestamp': event.timestamp };
  return copyInto(head, target.envelope, {
    ecs: ECS,
    event: eventFields,
    host: winlogHost(event),
    log: LOG,
    message,
    process: {
      args,
      args_count: args.length,
      command_line: commandLine,
      entity_id: get('ProcessGuid'),
      executable: get('Image'),
      hash: processHash,
      name: basenameWindows(get('Image')),
      parent: {
        args: parentArgs,
        args_count: parentArgs.length,
        command_line: parentCommandLine,
        entity_id: get('ParentProcessGuid'),
        executable: get('ParentImage'),
        name: basenameWindows(get('ParentImage')),
        pid: Number(get('ParentProcessId')),
      },
      pe,
      pid: Number(get('ProcessId')),
      working_directory: get('CurrentDirectory'),
    },
    related: { hash: relatedHash, user: [name] },
    user: { domain, id: 'S-1-5-18', name },
    winlog: {
      channel: SYSMON_CHANNEL,
      computer_name: computerName(event),
      event_data: eventData,
      event_id: '1',
      opcode: 'Info',
      process: { pid: 2000 + (recordId % 4000), thread: { id: 3000 + (recordId % 3000) } },
      provider_guid: SYSMON_PROVIDER_GUID,
      provider_name: SYSMON_PROVIDER,
      record_id: String(recordId),
      task: 'Process Create (rule: ProcessCreate)',
      user: SYSMON_USER,
      version: 5,
    },
  });
}
