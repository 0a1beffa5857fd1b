// CrowdStrike Falcon Data Replicator through the Elastic CrowdStrike integration, data stream fdr
// (logs-crowdstrike.fdr-default): a ProcessRollup2 record (every value a string) and what the fdr
// pipeline makes of it. process.args comes from the pipeline's Go-style splitter, which skips empty
// arguments and runs on every platform (elastic/integrations packages/crowdstrike data_stream/fdr
// pipeline, script "split_command_line"); process.executable is ImageFileName as the sensor wrote it
// (an NT device path on Windows); preserve_original_event is off by default, so no event.original.
// Shape: the pipeline test test-linux.log and its expected output (fixtures
// crowdstrike-fdr-processrollup2-linux.ndjson and crowdstrike-fdr-processrollup2-linux.expected.json).
import type { CanonicalEvent } from '../canonical-event.js';
import type { ElasticRecord } from '../../harness/model/records.js';
import { splitWindowsCommandLine } from '../qemu/windows-cmdline.js';
import { stableId, unique, uuidFromHex } from './shared/elastic.js';
import { epochSecondsString } from './shared/time.js';
import { constantBlock, hostBlock } from './shared/shared-blocks.js';

export const CROWDSTRIKE_INDEX = 'logs-crowdstrike.fdr-default';

const PLATFORM = { windows: 'Win', linux: 'Lin', macos: 'Mac' } as const;
const SCHEMA = { windows: 'ProcessRollup2V19', linux: 'ProcessRollup2LinV12', macos: 'ProcessRollup2MacV5' } as const;
const INTEGRITY = { Low: '4096', Medium: '8192', High: '12288', System: '16384' } as const;
const INTEGRITY_NAME: Record<string, string> = { '4096': 'LOW', '8192': 'MEDIUM', '12288': 'HIGH', '16384': 'SYSTEM' };

/** A Falcon process id: a 64-bit decimal, stable per canonical process. */
function falconId(uuid: string): string {
  return BigInt(`0x${uuid.replace(/-/g, '').slice(0, 15)}`).toString();
}

function ntPath(path: string): string {
  return path.replace(/^[A-Za-z]:/, '\\Device\\HarddiskVolume3');
}

function processName(executable: string): string {
  if (executable.startsWith('\\')) return executable.split('\\').pop() ?? executable;
  if (executable.startsWith('/')) return executable.split('/').pop() ?? executable;
  return executable;
}

// Blocks every record shares, and per host (shared-blocks.ts).
const CID = stableId('falcon-cid', 'tenant').replace(/-/g, '');
const TAGS = constantBlock(['874', '17179870274', '12094627905582']);
const CATEGORY = constantBlock(['process']);
const TYPE = constantBlock(['start']);

/** The sensor's agent id (aid) of the host. */
function agentId(event: CanonicalEvent): string {
  return hostBlock(event.host, 'falcon-aid', () => stableId('falcon-aid', event.host.id).replace(/-/g, ''));
}

/** The Falcon session process id of the host and user. */
function sessionId(event: CanonicalEvent): string {
  return hostBlock(event.host, `falcon-session\u0000${event.user.id}`, () => falconId(stableId('session', `${event.host.id}-${event.user.id}`)));
}

function falconHost(event: CanonicalEvent, aid: string): Record<string, unknown> {
  return hostBlock(event.host, `falcon-host\u0000${event.os}`, () => ({ hostname: event.host.name, id: aid, name: event.host.name, os: { type: event.os } }));
}

export function renderCrowdstrikeFdr(event: CanonicalEvent): ElasticRecord {
  const windows = event.os === 'windows';
  const aid = agentId(event);
  const cid = CID;
  const id = uuidFromHex(event.id);
  const aip = `198.51.100.${1 + ((event.recordId ?? 0) % 250)}`;
  const target = falconId(event.process.entityId ?? event.id);
  const parent = falconId(event.parent.entityId ?? event.id);
  const session = sessionId(event);
  const hashes = event.process.hashes;
  const executable = windows ? ntPath(event.process.executable) : event.process.executable;
  const configStateHash = String(1_000_000_000 + ((event.recordId ?? 0) % 3_000_000_000));
  const commandLine = event.process.commandLine;
  const args = splitWindowsCommandLine(commandLine, { dropEmpty: true });
  const crowdstrike: Record<string, unknown> = {
    ConfigStateHash: configStateHash,
    EffectiveTransmissionClass: '2',
    Entitlements: '15',
    EventOrigin: '17',
    LocalAddressIP4: [event.host.ip],
    MD5HashData: hashes?.md5 ?? '',
    SHA256HashData: hashes?.sha256 ?? '',
    SessionProcessId: session,
    SourceProcessId: parent,
    SourceThreadId: '0',
    Tags: TAGS,
    cid,
    id,
    name: SCHEMA[event.os],
  };
  const doc: ElasticRecord = {
    _index: CROWDSTRIKE_INDEX,
    _id: event.id,
    '@timestamp': event.timestamp,
    device: hostBlock(event.host, 'falcon-device', () => ({ id: aid })),
    event: { action: 'ProcessRollup2', category: CATEGORY, created: event.timestamp, id: `${id}|${aid}|${cid}`, kind: 'event', outcome: 'success', type: TYPE },
    host: falconHost(event, aid),
    message: 'ProcessRollup2',
    observer: { address: [aip], ip: [aip], serial_number: aid, version: '7.18.18306.0' },
    process: {
      args,
      args_count: args.length,
      command_line: commandLine,
      entity_id: target,
      executable,
      group_leader: { entity_id: session },
      name: processName(executable),
      parent: { entity_id: parent, name: event.parent.name },
      pgid: Number(session),
      pid: event.process.pid,
      start: event.timestamp,
    },
    related: {
      hash: hashes ? [hashes.md5, hashes.sha256, configStateHash] : [configStateHash],
      hosts: [event.host.name],
      ip: unique([aip, event.host.ip]),
    },
    source: { address: event.host.ip, ip: event.host.ip },
  };
  // Optional fields are set after the fact: object spread of varying shapes is slow (bench/generate.ts).
  const process = doc.process as Record<string, unknown>;
  if (hashes) process.hash = { md5: hashes.md5, sha256: hashes.sha256 };
  if (!windows) (doc.related as Record<string, unknown>).user = unique([event.user.name, event.user.id]);
  if (windows) {
    const level = INTEGRITY[event.process.integrityLevel ?? 'Medium'];
    crowdstrike.AuthenticationId = String(Number.parseInt((event.user.logonId ?? '0x3e7').slice(2), 16));
    crowdstrike.IntegrityLevel = level;
    crowdstrike.TokenType = '1';
    process.Ext = { token: { integrity_level_name: INTEGRITY_NAME[level] } };
    // Windows ProcessRollup2 carries the SID (UserSid), not a user name.
    doc.user = { id: event.user.id };
  } else {
    const gid = event.user.groupId ?? event.user.id;
    Object.assign(crowdstrike, { CapPrm: event.user.id === '0' ? '1099511627775' : '0', RGID: gid, RUID: event.user.id, RootPath: '/', SVGID: gid, SVUID: event.user.id });
    Object.assign(process, { group: { id: gid }, real_group: { id: gid }, real_user: { id: event.user.id } });
    doc.group = { Ext: { real: { id: gid } }, id: gid };
    doc.user = { Ext: { real: { id: event.user.id } }, group: { id: gid }, id: event.user.id, name: event.user.name };
  }
  doc.crowdstrike = crowdstrike;
  return doc;
}

/** The raw ProcessRollup2 line the sensor ships (what test-linux.log holds), for inspection and tests. */
export function processRollup2Raw(event: CanonicalEvent): Record<string, string> {
  const record = renderCrowdstrikeFdr(event);
  const cs = record.crowdstrike as Record<string, unknown>;
  const process = record.process as Record<string, unknown>;
  const raw: Record<string, string> = {
    ParentProcessId: String((process.parent as Record<string, unknown>).entity_id),
    SourceProcessId: String(cs.SourceProcessId),
    aip: String(((record.observer as Record<string, unknown>).ip as string[])[0]),
    SessionProcessId: String(cs.SessionProcessId),
    SHA1HashData: '0000000000000000000000000000000000000000',
    event_platform: PLATFORM[event.os],
    ParentBaseFileName: event.parent.name,
    EventOrigin: String(cs.EventOrigin),
    id: String(cs.id),
    EffectiveTransmissionClass: String(cs.EffectiveTransmissionClass),
    Tags: (cs.Tags as string[]).join(', '),
    timestamp: String(Date.parse(event.timestamp)),
    ProcessGroupId: String(cs.SessionProcessId),
    LocalAddressIP4: event.host.ip,
    event_simpleName: 'ProcessRollup2',
    RawProcessId: String(event.process.pid),
    ConfigStateHash: String(cs.ConfigStateHash),
    MD5HashData: String(cs.MD5HashData),
    SHA256HashData: String(cs.SHA256HashData),
    ConfigBuild: '7.18.18306.0',
    CommandLine: event.process.commandLine,
    TargetProcessId: String(process.entity_id),
    ImageFileName: String(process.executable),
    Entitlements: String(cs.Entitlements),
    name: String(cs.name),
    ProcessStartTime: epochSecondsString(event.timestamp),
    ComputerName: event.host.name,
    aid: String((record.device as Record<string, unknown>).id),
    cid: String(cs.cid),
  };
  if (event.os === 'windows') {
    raw.UserSid = event.user.id;
    raw.IntegrityLevel = String(cs.IntegrityLevel);
    raw.AuthenticationId = String(cs.AuthenticationId);
    raw.TokenType = String(cs.TokenType);
  } else {
    Object.assign(raw, { UserName: event.user.name, UID: event.user.id, GID: String(cs.RGID), RGID: String(cs.RGID), RUID: String(cs.RUID), SVGID: String(cs.SVGID), SVUID: String(cs.SVUID), CapPrm: String(cs.CapPrm), RootPath: '/' });
  }
  return raw;
}
