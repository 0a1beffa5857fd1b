// Windows Security 4688 events rendered as Splunk stores them, for the SPL benchmark (and the SPL tests'
// hand-made events): XmlWinEventLog (one line, single-quoted attributes, as the universal forwarder
// renders XML) and classic WinEventLog text (key=value header, then the message with "Label:\tvalue"
// lines). Layouts follow the real records in test/fixtures/generators/ (splunk-security-4688-example.xml,
// splunk-wineventlog-4688-classic.txt; sources in its README) and security_content's 4688 data source
// example. The stream of events comes from the project's seeded Rng, so a seed always gives
// the same events; about one in a thousand is a QEMU start, as a real fleet's noise would hold them.
import { Rng } from '../generators/context/rng.js';
import type { SplunkRecord } from '../harness/model/records.js';

/** What one 4688 event says. */
export interface Start4688 {
  host: string;
  /** Epoch seconds. */
  time: number;
  image: string;
  commandLine: string;
  parentImage: string;
  user: string;
  domain: string;
  /** Hex, e.g. `0x1f3c`. */
  pid: string;
  ppid: string;
  record: number;
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `2025-01-15T10:22:33.1230000Z`: UTC with seven fractional digits, as Windows writes SystemTime. */
function systemTime(t: number): string {
  return new Date(Math.round(t * 1000)).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

/** `01/15/2025 10:22:33 AM`, the classic rendering's first line. */
function classicDate(t: number): string {
  const d = new Date(t * 1000);
  const p = (n: number): string => String(n).padStart(2, '0');
  const h = d.getUTCHours();
  return `${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())}/${d.getUTCFullYear()} ${p(((h + 11) % 12) + 1)}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

export function render4688Xml(s: Start4688): string {
  return (
    `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-A5BA-3E3B0328C30D}'/>` +
    `<EventID>4688</EventID><Version>2</Version><Level>0</Level><Task>13312</Task><Opcode>0</Opcode><Keywords>0x8020000000000000</Keywords>` +
    `<TimeCreated SystemTime='${systemTime(s.time)}'/><EventRecordID>${s.record}</EventRecordID><Correlation/><Execution ProcessID='4' ThreadID='276'/>` +
    `<Channel>Security</Channel><Computer>${s.host}.corp.example</Computer><Security/></System><EventData>` +
    `<Data Name='SubjectUserSid'>S-1-5-21-1111111111-2222222222-3333333333-1104</Data><Data Name='SubjectUserName'>${s.user}</Data>` +
    `<Data Name='SubjectDomainName'>${s.domain}</Data><Data Name='SubjectLogonId'>0x3a2f1</Data>` +
    `<Data Name='NewProcessId'>${s.pid}</Data><Data Name='NewProcessName'>${xmlEscape(s.image)}</Data>` +
    `<Data Name='TokenElevationType'>%%1938</Data><Data Name='ProcessId'>${s.ppid}</Data>` +
    `<Data Name='CommandLine'>${xmlEscape(s.commandLine)}</Data><Data Name='TargetUserSid'>S-1-0-0</Data>` +
    `<Data Name='TargetUserName'>-</Data><Data Name='TargetDomainName'>-</Data><Data Name='TargetLogonId'>0x0</Data>` +
    `<Data Name='ParentProcessName'>${xmlEscape(s.parentImage)}</Data><Data Name='MandatoryLabel'>S-1-16-8192</Data></EventData></Event>`
  );
}

/** The classic text; `explanation` appends the explanatory paragraph Windows writes after the data. */
export function render4688Classic(s: Start4688, eol = '\r\n', explanation = true): string {
  const lines = [
    classicDate(s.time),
    'LogName=Security',
    'EventCode=4688',
    'EventType=0',
    `ComputerName=${s.host}.corp.example`,
    'SourceName=Microsoft Windows security auditing.',
    'Type=Information',
    `RecordNumber=${s.record}`,
    'Keywords=Audit Success',
    'TaskCategory=Process Creation',
    'OpCode=Info',
    'Message=A new process has been created.',
    '',
    'Creator Subject:',
    '\tSecurity ID:\t\tS-1-5-21-1111111111-2222222222-3333333333-1104',
    `\tAccount Name:\t\t${s.user}`,
    `\tAccount Domain:\t\t${s.domain}`,
    '\tLogon ID:\t\t0x3A2F1',
    '',
    'Target Subject:',
    '\tSecurity ID:\t\tS-1-0-0',
    '\tAccount Name:\t\t-',
    '\tAccount Domain:\t\t-',
    '\tLogon ID:\t\t0x0',
    '',
    'Process Information:',
    `\tNew Process ID:\t\t${s.pid}`,
    `\tNew Process Name:\t${s.image}`,
    '\tToken Elevation Type:\t%%1938',
    '\tMandatory Label:\t\tS-1-16-8192',
    `\tCreator Process ID:\t${s.ppid}`,
    `\tCreator Process Name:\t${s.parentImage}`,
    `\tProcess Command Line:\t${s.commandLine}`,
  ];
  if (explanation) lines.push('', 'Token Elevation Type indicates the type of token that was assigned to the new process in accordance with User Account Control policy.');
  return lines.join(eol);
}

const EVERYDAY: [string, string[]][] = [
  ['C:\\Windows\\System32\\cmd.exe', ['/c dir', '/c echo %TEMP%', '/c whoami', '/c ipconfig /all', '/c start.bat']],
  ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', ['-NoProfile -Command Get-Process', '-ExecutionPolicy Bypass -File C:\\Scripts\\inventory.ps1', '-Command "Get-Service | Where-Object Status -eq Running"']],
  ['C:\\Windows\\System32\\svchost.exe', ['-k netsvcs -p -s Schedule', '-k LocalService -p -s EventLog', '-k NetworkService -p']],
  ['C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', ['--type=renderer --lang=en-US --field-trial-handle=1784', '--type=gpu-process --gpu-preferences=UAAAAAAAAADg', '--no-startup-window']],
  ['C:\\Windows\\System32\\conhost.exe', ['0xffffffff -ForceV1']],
  ['C:\\Windows\\System32\\taskhostw.exe', ['{222A245B-E637-4AE9-A93F-A59CA119A75E}']],
  ['C:\\Program Files\\Git\\cmd\\git.exe', ['fetch --all --prune', 'status --porcelain', 'log -n 20 --oneline']],
  ['C:\\Windows\\System32\\net.exe', ['use Z: \\\\fileserver\\share', 'user jdoe /domain']],
];

const QEMU: string[] = [
  '-m 2048 -netdev user,id=n0,hostfwd=tcp::2222-:22 -device e1000,netdev=n0 -nographic',
  '-m 1M -netdev user,id=lan,restrict=off -netdev socket,id=sock,connect=203.0.113.7:443 -netdev hubport,id=port-lan,hubid=0,netdev=lan -netdev hubport,id=port-sock,hubid=0,netdev=sock -nographic',
  '-m 4096 -smp 2 -drive file=C:\\VMs\\dev.qcow2,format=qcow2 -display sdl',
  '-avd Pixel_7 -netdelay none -netspeed full',
];

const USERS = ['jdoe', 'asmith', 'bwayne', 'ckent', 'dprince', 'SYSTEM'];

/** Event `n` (0-based) of the benchmark stream: even events XML, odd events classic text. */
export function benchEvent(rng: Rng, n: number, start: number): SplunkRecord {
  const time = start + n * 0.05 + rng.int(0, 9) / 1000;
  const host = `WS${String(rng.int(0, 499)).padStart(3, '0')}`;
  let image: string;
  let args: string;
  if (rng.chance(0.001)) {
    image = rng.chance(0.5) ? 'C:\\Program Files\\qemu\\qemu-system-x86_64.exe' : 'C:\\ProgramData\\update\\qemu-system-i386.exe';
    args = rng.pick(QEMU);
  } else {
    const [img, options] = rng.pick(EVERYDAY);
    image = img;
    args = rng.pick(options);
  }
  const s: Start4688 = {
    host,
    time,
    image,
    commandLine: `"${image}" ${args}`,
    parentImage: 'C:\\Windows\\explorer.exe',
    user: rng.pick(USERS),
    domain: 'CORP',
    pid: '0x' + rng.int(0, 65535).toString(16),
    ppid: '0x' + rng.int(0, 65535).toString(16),
    record: 1_000_000 + n,
  };
  if (n % 2 === 0) return { _raw: render4688Xml(s), _time: time, host, source: 'XmlWinEventLog:Security', sourcetype: 'XmlWinEventLog', index: 'wineventlog', _id: `e${n}` };
  return { _raw: render4688Classic(s, '\r\n', false), _time: time, host, source: 'WinEventLog:Security', sourcetype: 'WinEventLog', index: 'wineventlog', _id: `e${n}` };
}

/**
 * A small seeded PRNG (mulberry32) returning floats in [0, 1). Kept for benchmarks that need a fast
 * stream of plain numbers (bench/eql.ts uses it); the SPL benchmark draws from the project's Rng.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
