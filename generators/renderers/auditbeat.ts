// Auditbeat 9.1, auditd module (auditbeat-9.1.0): the kernel's SYSCALL/EXECVE/CWD/PATH/PROCTITLE
// records for one execve, coalesced into one document. process.args is the real argv from EXECVE;
// there is no process.command_line (the auditd integration's coalesced execve test sample has none,
// and auditbeat's own execve.json example neither); process.title comes from PROCTITLE.
// Shape: elastic/integrations packages/auditd/data_stream/log/_dev/test/pipeline/
// test-coalesced-syscall-execve-events.json (fixture auditd-coalesced-execve-event.json) and
// elastic/beats auditbeat/module/auditd/_meta/execve.json. Raw lines are kept in `message` and
// auditd.messages as with include_raw_message: true, as in the sample.
import type { CanonicalEvent } from '../canonical-event.js';
import type { ElasticRecord } from '../../harness/model/records.js';
import { auditIds, auditStamp, type AuditIds, cwdRecord, execveRecords, pathRecord, proctitle, proctitleRecord, syscallRecord } from './shared/auditd.js';
import { beatAgent } from './shared/elastic.js';
import { constantBlock, hostBlock } from './shared/shared-blocks.js';

export const AUDITBEAT_INDEX = 'auditbeat-9.1.0';

const UNSET = '4294967295';

// Blocks every record shares (shared-blocks.ts).
const ECS = constantBlock({ version: '8.0.0' });
const SERVICE = constantBlock({ type: 'auditd' });
const EVENT = constantBlock({ action: 'executed', category: ['process'], kind: 'event', module: 'auditd', outcome: 'success', type: ['start'] });
const TAGS = constantBlock(['exec']);

/** records.join('\n') without copying: concatenation keeps the long EXECVE lines as rope pieces. */
function joinLines(records: string[]): string {
  let out = records[0] ?? '';
  for (let i = 1; i < records.length; i++) out += `\n${records[i]}`;
  return out;
}

function account(id: string, name: string, group: { id: string; name: string }) {
  return { group, id, name };
}

export function renderAuditbeat(event: CanonicalEvent): ElasticRecord {
  const ids = auditIds(event);
  const title = proctitle(event);
  const stamp = auditStamp(event);
  const records = [syscallRecord(event, ids, stamp), ...execveRecords(event, stamp), cwdRecord(event, stamp), pathRecord(event, stamp), proctitleRecord(event, title, stamp)];
  const group = { id: ids.gid, name: event.user.groupName ?? event.user.name };
  const auditName = ids.auid === UNSET ? undefined : ids.auid === event.user.id ? event.user.name : 'admin';
  const executable = event.process.executable;
  return {
    _index: AUDITBEAT_INDEX,
    _id: event.id,
    '@timestamp': event.timestamp,
    agent: beatAgent(event, 'auditbeat'),
    ecs: ECS,
    host: hostBlock(event.host, 'auditbeat-host', () => ({ name: event.host.name })),
    service: SERVICE,
    auditd: {
      data: { a0: '55d4c5a3b2a0', a1: '55d4c5a3b7c0', a2: '55d4c5a3c010', a3: '8', arch: 'x86_64', argc: String(event.process.args.length), exit: '0', syscall: 'execve', tty: ids.ses === 4294967295 ? '(none)' : 'pts0' },
      message_type: 'syscall',
      messages: records,
      paths: [{ dev: 'fd:01', inode: String(1_000_000 + ((event.recordId ?? 0) % 8_000_000)), item: '0', mode: '0100755', name: event.process.args[0] ?? executable, nametype: 'NORMAL', ogid: '0', ouid: '0', rdev: '00:00' }],
      result: 'success',
      sequence: event.recordId ?? 0,
      session: ids.ses === 4294967295 ? 'unset' : String(ids.ses),
      summary: {
        action: 'executed',
        actor: { primary: auditName ?? 'unset', secondary: event.user.name },
        how: executable,
        object: { primary: executable, type: 'file' },
      },
    },
    event: EVENT,
    file: { device: '00:00', gid: '0', group: 'root', inode: String(1_000_000 + ((event.recordId ?? 0) % 8_000_000)), mode: '0755', owner: 'root', path: executable, uid: '0' },
    message: joinLines(records),
    process: {
      args: event.process.args,
      executable,
      name: event.process.name,
      parent: { pid: event.parent.pid },
      pid: event.process.pid,
      title: title.text,
      working_directory: event.process.workingDirectory ?? '/',
    },
    tags: TAGS,
    user: auditUser(event, ids, auditName, group),
  };
}

// Built without object spread (a hot path: see bench/generate.ts).
function auditUser(event: CanonicalEvent, ids: AuditIds, auditName: string | undefined, group: { id: string; name: string }): Record<string, unknown> {
  const user: Record<string, unknown> = {};
  if (auditName !== undefined) user.audit = { id: ids.auid, name: auditName };
  user.effective = account(ids.uid, event.user.name, group);
  user.filesystem = account(ids.uid, event.user.name, group);
  user.group = group;
  user.id = ids.uid;
  user.name = event.user.name;
  user.saved = account(ids.uid, event.user.name, group);
  return user;
}
