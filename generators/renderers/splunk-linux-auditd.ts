// Splunk, sourcetype linux:audit, source /var/log/audit/audit.log, index linux (Splunk Add-on for
// Unix and Linux). Every audit record is one line and one Splunk event; the event that carries the
// process start's arguments is the EXECVE record (splunk/security_content data source
// "Linux Auditd Execve": source /var/log/audit/audit.log, sourcetype linux:audit, example
// `type=EXECVE msg=audit(1723044684.257:15795): argc=3 a0="sudo" …`). The SYSCALL, CWD, PATH and
// PROCTITLE records of the same execve are separate Splunk events with the same host and second,
// which the harness does not load (one record per canonical event; see the pins' (host, second) rule);
// when an argv needs several EXECVE records, the first one (with argc) is the one rendered.
import type { CanonicalEvent } from '../canonical-event.js';
import type { SplunkRecord } from '../../harness/model/records.js';
import { execveRecords } from './shared/auditd.js';
import { splunkTime } from './shared/splunk.js';
import { epochMs } from './shared/time.js';

export const SPLUNK_AUDITD = { index: 'linux', sourcetype: 'linux:audit', source: '/var/log/audit/audit.log' } as const;

export function renderSplunkLinuxAuditd(event: CanonicalEvent): SplunkRecord {
  return { _raw: execveRecords(event)[0] ?? '', _time: splunkTime(epochMs(event.timestamp)), host: event.host.name, ...SPLUNK_AUDITD, _id: event.id };
}
