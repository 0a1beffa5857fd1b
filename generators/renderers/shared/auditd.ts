// Linux audit records for one execve, as the kernel writes them to /var/log/audit/audit.log.
// EXECVE argument encoding (kernel/auditsc.c audit_log_execve_info, audit_string_contains_control):
// an argument containing `"`, a byte below 0x21 or above 0x7e is written as upper-case hex, other
// arguments in double quotes; an argument too long for one record is split into aN_len=… and
// aN[i]=… chunks; PROCTITLE is the hex of argv joined with NUL, capped at 128 bytes.
// Record layout from the auditd integration test input (fixture auditd-coalesced-execve-event.json)
// and splunk/security_content data_sources/linux_auditd_execve.yml (example_logs).
import type { CanonicalEvent } from '../../canonical-event.js';
import { epochMs } from './time.js';

/** MAX_EXECVE_AUDIT_LEN in kernel/auditsc.c. */
const MAX_EXECVE_AUDIT_LEN = 7500;
const MAX_PROCTITLE_AUDIT_LEN = 128;

/** Any non-ASCII character is > 0x7e as a UTF-16 code unit too, so the check can run on the string. */
// eslint-disable-next-line no-control-regex -- the kernel's rule is about control bytes
const NEEDS_HEX = /["\u0000-\u0020\u007f-\uffff]/;

function needsHex(value: string): boolean {
  return NEEDS_HEX.test(value);
}

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex').toUpperCase();
}

export function auditEncode(value: string): string {
  return needsHex(value) ? Buffer.from(value, 'utf8').toString('hex').toUpperCase() : `"${value}"`;
}

/** `audit(<seconds>.<ms>:<serial>)`. */
export function auditStamp(event: CanonicalEvent): string {
  const ms = epochMs(event.timestamp);
  return `audit(${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}:${event.recordId ?? 0})`;
}

/**
 * The EXECVE records of one execve. A long argument is split into chunks (`aN[i]=`), and a new
 * record starts whenever the current one would pass MAX_EXECVE_AUDIT_LEN; only the first record
 * carries argc.
 */
export function execveRecords(event: CanonicalEvent, stamp: string = auditStamp(event)): string[] {
  const head = `type=EXECVE msg=${stamp}:`;
  const records: string[] = [];
  let current = ` argc=${event.process.args.length}`;
  const push = (field: string) => {
    if (current.length + field.length > MAX_EXECVE_AUDIT_LEN && current.length > 0) {
      records.push(head + current);
      current = '';
    }
    current += field;
  };
  event.process.args.forEach((arg, i) => {
    const encoded = auditEncode(arg);
    if (encoded.length <= MAX_EXECVE_AUDIT_LEN - 32) {
      push(` a${i}=${encoded}`);
      return;
    }
    // Long argument: hex-encoded or quoted chunks of at most MAX_EXECVE_AUDIT_LEN - 32 characters.
    const bytes = Buffer.from(arg, 'utf8');
    const hex = needsHex(arg);
    const chunkBytes = Math.floor((MAX_EXECVE_AUDIT_LEN - 32) / (hex ? 2 : 1));
    push(` a${i}_len=${bytes.length}`);
    for (let offset = 0, k = 0; offset < bytes.length; offset += chunkBytes, k++) {
      const chunk = bytes.subarray(offset, offset + chunkBytes);
      push(` a${i}[${k}]=${hex ? toHex(chunk) : `"${chunk.toString('utf8')}"`}`);
    }
  });
  if (current.length > 0) records.push(head + current);
  return records;
}

const HEX = Array.from({ length: 128 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'));

export function proctitle(event: CanonicalEvent): { hex: string; text: string } {
  // Only the first MAX_PROCTITLE_AUDIT_LEN bytes matter: join no more arguments than that needs.
  let joined = '';
  for (const arg of event.process.args) {
    joined += joined === '' ? arg : `\u0000${arg}`;
    if (joined.length >= MAX_PROCTITLE_AUDIT_LEN) break;
  }
  const head = joined.slice(0, MAX_PROCTITLE_AUDIT_LEN);
  // ASCII: one byte per character, no Buffer needed.
  let hex = '';
  for (let i = 0; i < head.length; i++) {
    const code = head.charCodeAt(i);
    if (code > 0x7f) {
      const bytes = Buffer.from(joined, 'utf8').subarray(0, MAX_PROCTITLE_AUDIT_LEN);
      return { hex: toHex(bytes), text: bytes.toString('utf8').replaceAll('\u0000', ' ') };
    }
    hex += HEX[code];
  }
  return { hex, text: head.replaceAll('\u0000', ' ') };
}

export interface AuditIds {
  uid: string;
  gid: string;
  auid: string;
  ses: number;
}

const SHELLS = new Set(['bash', 'dash', 'sh', 'zsh']);

/**
 * Login ids: a process started from a login session (a person, or root in a shell someone logged
 * into) carries that session's auid/ses; daemons (libvirt's QEMU, nomad's executor) have none
 * (auid and ses are the unset value 4294967295).
 */
export function auditIds(event: CanonicalEvent): AuditIds {
  const uid = event.user.id;
  const gid = event.user.groupId ?? uid;
  const loginSession = uid !== '64055' && (uid !== '0' || SHELLS.has(event.parent.name));
  return {
    uid,
    gid,
    auid: loginSession ? (uid === '0' ? '1000' : uid) : '4294967295',
    ses: loginSession ? 1 + ((event.recordId ?? 0) % 40) : 4294967295,
  };
}

export function syscallRecord(event: CanonicalEvent, ids: AuditIds = auditIds(event), stamp: string = auditStamp(event)): string {
  const exe = event.process.executable;
  const comm = event.process.name.slice(0, 15);
  return (
    `type=SYSCALL msg=${stamp}: arch=c000003e syscall=59 success=yes exit=0 a0=55d4c5a3b2a0 a1=55d4c5a3b7c0 a2=55d4c5a3c010 a3=8 items=2 ` +
    `ppid=${event.parent.pid} pid=${event.process.pid} auid=${ids.auid} uid=${ids.uid} gid=${ids.gid} euid=${ids.uid} suid=${ids.uid} fsuid=${ids.uid} egid=${ids.gid} sgid=${ids.gid} fsgid=${ids.gid} ` +
    `tty=${ids.ses === 4294967295 ? '(none)' : 'pts0'} ses=${ids.ses} comm=${auditEncode(comm)} exe=${auditEncode(exe)} key="exec"`
  );
}

export function cwdRecord(event: CanonicalEvent, stamp: string = auditStamp(event)): string {
  return `type=CWD msg=${stamp}: cwd=${auditEncode(event.process.workingDirectory ?? '/')}`;
}

export function pathRecord(event: CanonicalEvent, stamp: string = auditStamp(event)): string {
  return `type=PATH msg=${stamp}: item=0 name=${auditEncode(event.process.args[0] ?? event.process.executable)} inode=${1_000_000 + ((event.recordId ?? 0) % 8_000_000)} dev=fd:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0`;
}

export function proctitleRecord(event: CanonicalEvent, title = proctitle(event), stamp: string = auditStamp(event)): string {
  return `type=PROCTITLE msg=${stamp}: proctitle=${title.hex}`;
}
