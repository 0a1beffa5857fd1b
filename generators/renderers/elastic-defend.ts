// Elastic Defend, data stream endpoint.events.process (logs-endpoint.events.process-default): the
// endpoint sensor's own document — no ingest pipeline splits anything; process.args is the argv the
// sensor reads (on Windows the command line parsed by the Windows rules: the sensor's exact method is
// unverified). event.action is "start" on Windows, "exec" on Linux/macOS; event.type is an array.
// Shape: elastic/endpoint-package package/endpoint/data_stream/process/sample_event.json (Windows)
// and schemas/examples/v1/process_created_linux.json (Linux), fixtures in test/fixtures/generators.
import type { CanonicalEvent, ProcessContext } from '../canonical-event.js';
import type { ElasticRecord } from '../../harness/model/records.js';
import { ingested, stableId, STACK_VERSION } from './shared/elastic.js';
import { defendHostOs } from './shared/host-os.js';
import { windowsSystemTime } from './shared/time.js';
import { isSystem } from './shared/windows.js';
import { constantBlock, hostBlock } from './shared/shared-blocks.js';

export const DEFEND_INDEX = 'logs-endpoint.events.process-default';

function entityId(agentId: string, process: ProcessContext, timestamp: string): string {
  return Buffer.from(`${agentId}-${process.pid}-${Date.parse(process.startTime ?? timestamp)}`).toString('base64');
}

function integrityName(event: CanonicalEvent): string {
  return (event.process.integrityLevel ?? 'Medium').toLowerCase();
}

// Blocks every record shares (shared-blocks.ts).
const CODE_SIGNATURE = constantBlock({ trusted: true, subject_name: 'Stefan Weil', exists: true, status: 'trusted' });
const CODE_SIGNATURES = constantBlock([CODE_SIGNATURE]);
const DATA_STREAM = constantBlock({ namespace: 'default', type: 'logs', dataset: 'endpoint.events.process' });
const ECS = constantBlock({ version: '8.11.0' });
const CATEGORY = constantBlock(['process']);
const TYPE = constantBlock(['start']);

function defendAgent(event: CanonicalEvent, agentId: string): Record<string, unknown> {
  return hostBlock(event.host, 'defendAgent', () => ({ id: agentId, type: 'endpoint', version: STACK_VERSION }));
}

function defendHost(event: CanonicalEvent): Record<string, unknown> {
  return hostBlock(event.host, `defendHost\u0000${event.os}`, () => ({
    hostname: event.host.name,
    os: defendHostOs(event),
    ip: [event.host.ip],
    name: event.host.name,
    id: event.host.id,
    mac: [(event.host.mac ?? '00:00:00:00:00:00').replace(/:/g, '-').toUpperCase()],
    architecture: event.host.architecture ?? 'x86_64',
  }));
}

export function renderElasticDefend(event: CanonicalEvent): ElasticRecord {
  const agentId = stableId('endpoint', event.host.id);
  const windows = event.os === 'windows';
  const selfId = entityId(agentId, event.process, event.timestamp);
  const parentId = entityId(agentId, event.parent, event.timestamp);
  const grandparentId = Buffer.from(`${agentId}-${event.parent.pid % 997}-${Date.parse(event.parent.startTime ?? event.timestamp) - 60000}`).toString('base64');
  const hashes = event.process.hashes;
  const process: Record<string, unknown> = {
    Ext: windows
      ? {
          ancestry: [parentId, grandparentId],
          code_signature: CODE_SIGNATURES,
          token: { integrity_level_name: integrityName(event), elevation_level: event.tokenElevation ?? 'default' },
          authentication_id: event.user.logonId ?? '0x3e7',
        }
      : { ancestry: [parentId, grandparentId] },
    parent: {
      args: event.parent.args,
      name: event.parent.name,
      pid: event.parent.pid,
      args_count: event.parent.args.length,
      entity_id: parentId,
      command_line: event.parent.commandLine,
      executable: event.parent.executable,
    },
    pid: event.process.pid,
    working_directory: event.process.workingDirectory ?? (windows ? 'C:\\Windows\\system32\\' : '/'),
    entity_id: selfId,
    executable: event.process.executable,
    args: event.process.args,
    name: event.process.name,
    args_count: event.process.args.length,
    command_line: event.process.commandLine,
  };
  // Optional fields are set after the fact: object spread of varying shapes is slow (bench/generate.ts).
  if (windows) process.code_signature = CODE_SIGNATURE;
  if (hashes) process.hash = { sha1: hashes.sha1, sha256: hashes.sha256, md5: hashes.md5 };
  // The sensor reads OriginalFilename from the image's version resource (sample_event.json:
  // process.pe.original_file_name); an image without one (QEMU's) gets no field.
  if (windows && event.process.pe?.originalFileName) process.pe = { original_file_name: event.process.pe.originalFileName };
  const doc: ElasticRecord = {
    _index: DEFEND_INDEX,
    _id: event.id,
    '@timestamp': windows ? windowsSystemTime(event.timestamp, event.recordId ?? 0) : event.timestamp,
    agent: defendAgent(event, agentId),
    data_stream: DATA_STREAM,
    ecs: ECS,
    event: {
      agent_id_status: 'verified',
      sequence: event.recordId ?? 0,
      ingested: ingested(event),
      created: event.timestamp,
      kind: 'event',
      module: 'endpoint',
      action: windows ? 'start' : 'exec',
      id: Buffer.from(event.id.slice(0, 18), 'hex').toString('base64'),
      category: CATEGORY,
      type: TYPE,
      dataset: 'endpoint.events.process',
    },
    host: defendHost(event),
    message: 'Endpoint process event',
    process,
    user: windows
      ? { domain: isSystem(event.user) ? 'NT AUTHORITY' : event.user.domain, name: event.user.name, id: event.user.id }
      : { id: event.user.id, name: event.user.name },
  };
  if (!windows) doc.group = { id: event.user.groupId ?? event.user.id, name: event.user.groupName ?? event.user.name };
  return doc;
}
