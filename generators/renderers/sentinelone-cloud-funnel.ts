// SentinelOne Cloud Funnel (Deep Visibility) through the Elastic integration
// (logs-sentinel_one_cloud_funnel.event-default). In a ProcessCreation record tgt.process.* is the
// new process and src.process.* its creator; the current pipeline maps tgt → process.* and
// src → process.parent.* (pipeline-process.yml: `rename process → process.parent`, then process.*
// from tgt), sets event.type ["start"] and copies it into event.action, trims one pair of
// surrounding quotes from tgt.process.cmdline (default.yml, script_to_remove_quotes_from_begining_and_end),
// splits command lines with the Go-style splitter and finally drops empty values (so empty
// arguments disappear; this renderer never produces an empty value). Duplicate custom fields and event.original are removed as in the default
// configuration (preserve_duplicate_custom_fields / preserve_original_event off). The publisher of
// the new process lands in process.parent.code_signature (set on process.* before the rename).
// Shape: test-process.log and its expected output (fixtures sentinelone-cloud-funnel-process-creation.ndjson
// and sentinelone-cloud-funnel-process-creation.expected.json).
import type { CanonicalEvent, ProcessContext, UserContext } from '../canonical-event.js';
import type { ElasticRecord } from '../../harness/model/records.js';
import { splitWindowsCommandLine } from '../qemu/windows-cmdline.js';
import { stableId, unique } from './shared/elastic.js';
import { isSystem } from './shared/windows.js';
import { constantBlock, hostBlock } from './shared/shared-blocks.js';

export const SENTINELONE_INDEX = 'logs-sentinel_one_cloud_funnel.event-default';

/** S1 writes SYSTEM as `NTAUTHORITY\SYSTEM` (no space), domain users as `DOMAIN\user`. */
function s1User(user: UserContext, os: CanonicalEvent['os']): string {
  if (os !== 'windows') return user.name;
  if (isSystem(user)) return 'NTAUTHORITY\\SYSTEM';
  return user.domain ? `${user.domain}\\${user.name}` : user.name;
}

function trimQuotes(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

function s1Uid(process: ProcessContext): string {
  return (process.entityId ?? '').replace(/-/g, '').slice(0, 16).toUpperCase();
}

function integrity(level: ProcessContext['integrityLevel']): string {
  return (level ?? 'Medium').toUpperCase();
}

function hashList(hashes: CanonicalEvent['process']['hashes']): string[] {
  return hashes ? [hashes.md5, hashes.sha1, hashes.sha256] : [];
}

// Blocks every record shares, and per host (shared-blocks.ts).
const CROSS_PROCESS = constantBlock({ count: 0, dup: { remote_process_handle_count: 0, thread_handle_count: 0 }, open_process_count: 0, out_of_storyline_count: 0, thread_create_count: 0 });
const EXECUTABLE_IMAGE = constantBlock({ binary_is_executable: true });
const INDICATOR = constantBlock({ boot_configuration_update_count: 0, evasion_count: 0, exploitation_count: 0, general_count: 0, info_stealer_count: 0, injection_count: 0, persistence_count: 0, post_exploitation_count: 0, ransomware_count: 0, reconnaissance_count: 0 });
const NET_CONN = constantBlock({ count: 0, in_count: 0, out_count: 0 });
const TGT_FILE = constantBlock({ creation_count: 0, deletion_count: 0, modification_count: 0 });
const ECS = constantBlock({ version: '8.11.0' });
const START = constantBlock(['start']);
const CATEGORY = constantBlock(['process']);
const GROUP = constantBlock({ id: 'default' });
const DATA_SOURCE = constantBlock({ category: 'security', name: 'SentinelOne' });
const SCHEME = constantBlock({ scheme: 'edr', version: 'preprocess-lib-1.0' });
const SITE = constantBlock({ id: '1234567890123456789', name: 'Default site' });

/** The agent's UUID (no dashes) of the host. */
function agentUuidOf(event: CanonicalEvent): string {
  return hostBlock(event.host, 's1-agent', () => stableId('s1-agent', event.host.id).replace(/-/g, ''));
}

function s1Host(event: CanonicalEvent, agentUuid: string): Record<string, unknown> {
  const os = event.os;
  return hostBlock(event.host, `s1-host\u0000${os}`, () => ({ hostname: event.host.name, id: agentUuid, os: { name: event.host.osInfo?.name.replace(/\s/g, '') ?? os, platform: os, type: os }, type: event.host.name.startsWith('SRV') ? 'server' : 'laptop' }));
}

function s1Agent(event: CanonicalEvent, agentUuid: string): Record<string, unknown> {
  return hostBlock(event.host, 's1-event-agent', () => ({ uuid: agentUuid, version: '24.1.2.6' }));
}

function s1Mgmt(event: CanonicalEvent): Record<string, unknown> {
  return hostBlock(event.host, 's1-mgmt', () => ({ id: '1337', os_revision: event.host.osInfo?.kernel.split('.')[2] ?? '0', url: 'tenant.sentinelone.net' }));
}

export function renderSentinelOne(event: CanonicalEvent): ElasticRecord {
  const os = event.os;
  const creator = event.parent.user ?? event.user;
  const parentHex = (event.parent.entityId ?? event.id).replace(/-/g, '');
  const storyline = parentHex.slice(16, 32).toUpperCase();
  const traceId = event.id.slice(0, 26).toUpperCase();
  const agentUuid = agentUuidOf(event);
  const tgtCmd = trimQuotes(event.process.commandLine);
  const srcCmd = event.parent.commandLine;
  const args = splitWindowsCommandLine(tgtCmd, { dropEmpty: true });
  const parentArgs = splitWindowsCommandLine(srcCmd, { dropEmpty: true });
  const tgtHashes = event.process.hashes;
  const srcHashes = event.parent.hashes;
  const parentStart = event.parent.startTime ?? event.timestamp;
  const userText = s1User(creator, os);
  const [userDomain, userName] = userText.includes('\\') ? userText.split('\\') : [undefined, userText];
  const windows = os === 'windows';
  const srcProcess = {
    child_proc_count: 1 + ((event.recordId ?? 0) % 40),
    cross_process: CROSS_PROCESS,
    dns_count: (event.recordId ?? 0) % 30,
    image: EXECUTABLE_IMAGE,
    indicator: INDICATOR,
    integrity_level: integrity(event.parent.integrityLevel ?? event.process.integrityLevel),
    is_native_64_bit: false,
    is_redirect_cmd_processor: event.parent.name.toLowerCase() === 'cmd.exe',
    is_storyline_root: false,
    module_count: 40 + ((event.recordId ?? 0) % 200),
    net_conn: NET_CONN,
    parent: { integrity_level: 'SYSTEM', is_native_64_bit: false, is_redirect_cmd_processor: false, is_storyline_root: true, session_id: '0', signed_status: 'signed', storyline_id: storyline, subsystem: windows ? 'SYS_WIN32' : 'SYS_UNKNOWN', uid: parentHex.slice(8, 24).toUpperCase() },
    registry_change_count: 0,
    session_id: windows ? String(isSystem(creator) ? 0 : 1) : '0',
    signed_status: 'unsigned',
    storyline_id: storyline,
    subsystem: windows ? 'SYS_WIN32' : 'SYS_UNKNOWN',
    tgt_file: TGT_FILE,
    uid: s1Uid(event.parent),
    verified_status: 'unverified',
  };
  const tgtProcess = {
    cmd_line: tgtCmd,
    display_name: windows ? 'QEMU' : event.process.name,
    image: tgtHashes ? { binary_is_executable: true, md5: tgtHashes.md5, path: event.process.executable, sha1: tgtHashes.sha1, sha256: tgtHashes.sha256 } : { binary_is_executable: true, path: event.process.executable },
    integrity_level: integrity(event.process.integrityLevel),
    is_native_64_bit: false,
    is_redirect_cmd_processor: false,
    is_storyline_root: false,
    name: event.process.name,
    pid: String(event.process.pid),
    session_id: windows ? String(isSystem(event.user) ? 0 : 1) : '0',
    signed_status: windows ? 'signed' : 'unsigned',
    start_time: event.timestamp,
    storyline_id: storyline,
    subsystem: windows ? 'SYS_WIN32' : 'SYS_UNKNOWN',
    uid: s1Uid(event.process),
    verified_status: windows ? 'verified' : 'unverified',
  };
  const doc: ElasticRecord = {
    _index: SENTINELONE_INDEX,
    _id: event.id,
    '@timestamp': event.timestamp,
    ecs: ECS,
    event: { action: START, category: CATEGORY, id: `${traceId}_${1 + ((event.recordId ?? 0) % 90)}`, kind: 'event', type: START },
    group: GROUP,
    host: s1Host(event, agentUuid),
    process: {
      args,
      args_count: args.length,
      command_line: tgtCmd,
      entity_id: tgtProcess.uid,
      executable: event.process.executable,
      name: event.process.name,
      parent: {
        args: parentArgs,
        args_count: parentArgs.length,
        code_signature: windows ? { exists: tgtProcess.signed_status === 'signed', subject_name: 'STEFAN WEIL', trusted: tgtProcess.verified_status === 'verified' } : { exists: tgtProcess.signed_status === 'signed', trusted: tgtProcess.verified_status === 'verified' },
        command_line: srcCmd,
        entity_id: srcProcess.uid,
        executable: event.parent.executable,
        name: event.parent.name,
        pid: event.parent.pid,
        start: parentStart,
        title: event.parent.name,
        user: { name: userText },
      },
      pid: event.process.pid,
      start: event.timestamp,
      title: tgtProcess.display_name,
      user: { name: s1User(event.user, os) },
    },
    related: {
      hash: unique(hashList(srcHashes).concat(hashList(tgtHashes))),
      hosts: unique([event.host.name, os, event.host.name.startsWith('SRV') ? 'server' : 'laptop']),
      user: unique([userText, s1User(event.user, os)]),
    },
    sentinel_one_cloud_funnel: {
      event: {
        account_id: '1234567890123456789',
        agent: s1Agent(event, agentUuid),
        category: 'process',
        data_source: DATA_SOURCE,
        i: SCHEME,
        meta_event_name: 'PROCESSCREATION',
        mgmt: s1Mgmt(event),
        packet_id: event.id.toUpperCase(),
        process_unique_key: tgtProcess.uid,
        sca: { atlantis_ingest_time: event.timestamp, ingest_time: event.timestamp },
        site: SITE,
        src: { process: srcProcess },
        tgt: { file: { is_signed: tgtProcess.signed_status }, process: tgtProcess },
        timestamp: event.timestamp,
        trace_id: traceId,
        type: 'ProcessCreation',
      },
    },
    user: userDomain !== undefined ? { domain: userDomain, name: userName } : { name: userName },
  };
  // Optional fields are set after the fact: object spread of varying shapes is slow (bench/generate.ts).
  const process = doc.process as Record<string, unknown>;
  const parent = process.parent as Record<string, unknown>;
  if (tgtHashes) process.hash = { md5: tgtHashes.md5, sha1: tgtHashes.sha1, sha256: tgtHashes.sha256 };
  if (srcHashes) parent.hash = { md5: srcHashes.md5, sha1: srcHashes.sha1, sha256: srcHashes.sha256 };
  if (windows) {
    (srcProcess.parent as Record<string, unknown>).publisher = 'MICROSOFT WINDOWS';
    (tgtProcess as Record<string, unknown>).publisher = 'STEFAN WEIL';
  }
  return doc;
}
