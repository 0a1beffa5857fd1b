// Hand-made Windows events for the SPL tests, in the three shapes Splunk receives them: Security 4688
// as XmlWinEventLog and as classic WinEventLog text (rendered by the generators' own 4688 renderers,
// generators/renderers/splunk-xmlwineventlog-4688.ts and splunk-wineventlog-4688.ts, from a canonical
// event built here), and Sysmon event 1 as XmlWinEventLog. The layouts follow the real records in
// test/fixtures/generators/ (sources in its README) and the examples of splunk/security_content
// data_sources (windows_event_log_security_4688.yml, sysmon_eventid_1.yml); every value is invented.
import { basename } from 'node:path';
import type { CanonicalEvent } from '../../generators/canonical-event.js';
import { renderSplunkWinEventLog4688 } from '../../generators/renderers/splunk-wineventlog-4688.js';
import { renderSplunkXmlWinEventLog4688 } from '../../generators/renderers/splunk-xmlwineventlog-4688.js';
import type { SplunkRecord } from '../../harness/model/records.js';

export interface ProcessStart {
  id: string;
  host: string;
  /** Epoch seconds. */
  time: number;
  image: string;
  commandLine: string;
  parentImage?: string;
  user?: string;
  domain?: string;
  pid?: number;
  parentPid?: number;
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function iso7(t: number): string {
  return new Date(Math.round(t * 1000)).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

/** The Windows path's last component (`C:\\Windows\\System32\\cmd.exe` -> `cmd.exe`). */
function imageName(path: string): string {
  return basename(path.replace(/\\/g, '/'));
}

/**
 * The canonical event (generators/canonical-event.ts) of a hand-made process start: a domain member
 * WSnn.corp.example, a domain user with an interactive logon, a medium-integrity process with a limited
 * token (%%1938) started by cmd.exe unless the test names another parent.
 */
function canonical4688(e: ProcessStart): CanonicalEvent {
  const parentImage = e.parentImage ?? 'C:\\Windows\\System32\\cmd.exe';
  return {
    id: e.id,
    scenarioId: 'spl-test',
    label: 'benign',
    techniques: [],
    population: 'hand-made',
    variant: null,
    os: 'windows',
    host: { name: e.host, domain: 'corp.example', ip: '192.0.2.10', id: '7a1c0b52-0000-4000-8000-000000000001' },
    user: { name: e.user ?? 'jdoe', domain: e.domain ?? 'CORP', id: 'S-1-5-21-1111111111-2222222222-3333333333-1104', logonId: '0x3a2f1' },
    timestamp: new Date(Math.round(e.time * 1000)).toISOString(),
    process: { executable: e.image, name: imageName(e.image), args: [], commandLine: e.commandLine, pid: e.pid ?? 7996, integrityLevel: 'Medium' },
    parent: { executable: parentImage, name: imageName(parentImage), args: [], commandLine: parentImage, pid: e.parentPid ?? 8920 },
    tokenElevation: 'limited',
    recordId: 880_000 + (Math.round(e.time) % 100_000),
  };
}

/** The test's own epoch seconds stay the record's `_time` (the renderer would round through ISO milliseconds). */
export function security4688Xml(e: ProcessStart): SplunkRecord {
  return { ...renderSplunkXmlWinEventLog4688(canonical4688(e)), _time: e.time };
}

/** Classic text; the event log ends lines in CRLF, `eol` = '\n' gives the LF form a non-Windows collector may store. */
export function security4688Classic(e: ProcessStart, eol = '\r\n'): SplunkRecord {
  const record = renderSplunkWinEventLog4688(canonical4688(e));
  return { ...record, _raw: eol === '\r\n' ? record._raw : record._raw.split('\r\n').join(eol), _time: e.time };
}

export function sysmon1Xml(e: ProcessStart): SplunkRecord {
  const parent = e.parentImage ?? 'C:\\Windows\\System32\\cmd.exe';
  const raw =
    `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Sysmon' Guid='{5770385F-C22A-43E0-BF4C-06F5698FFBD9}'/>` +
    `<EventID>1</EventID><Version>5</Version><Level>4</Level><Task>1</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords>` +
    `<TimeCreated SystemTime='${iso7(e.time)}'/><EventRecordID>4522</EventRecordID><Correlation/><Execution ProcessID='2912' ThreadID='3424'/>` +
    `<Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>${e.host}.corp.example</Computer><Security UserID='S-1-5-18'/></System><EventData>` +
    `<Data Name='RuleName'>-</Data><Data Name='UtcTime'>2025-01-15 10:22:33.615</Data><Data Name='ProcessGuid'>{7A1C0B52-4E10-6790-1A00-000000003C02}</Data>` +
    `<Data Name='ProcessId'>${e.pid ?? 7996}</Data><Data Name='Image'>${xmlEscape(e.image)}</Data><Data Name='FileVersion'>9.1.0</Data>` +
    `<Data Name='Description'>QEMU machine emulator</Data><Data Name='Product'>QEMU</Data><Data Name='Company'>-</Data><Data Name='OriginalFileName'>-</Data>` +
    `<Data Name='CommandLine'>${xmlEscape(e.commandLine)}</Data><Data Name='CurrentDirectory'>C:\\Users\\jdoe\\</Data>` +
    `<Data Name='User'>${e.domain ?? 'CORP'}\\${e.user ?? 'jdoe'}</Data><Data Name='LogonGuid'>{7A1C0B52-4D8E-6790-55E1-0A0000000000}</Data>` +
    `<Data Name='LogonId'>0x8d4ac</Data><Data Name='TerminalSessionId'>1</Data><Data Name='IntegrityLevel'>Medium</Data><Data Name='Hashes'>SHA256=0000</Data>` +
    `<Data Name='ParentProcessGuid'>{7A1C0B52-4E0F-6790-1900-000000003C02}</Data><Data Name='ParentProcessId'>${e.parentPid ?? 4624}</Data>` +
    `<Data Name='ParentImage'>${xmlEscape(parent)}</Data><Data Name='ParentCommandLine'>${xmlEscape(parent)} /c start.bat</Data></EventData></Event>`;
  return { _raw: raw, _time: e.time, host: e.host, source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational', sourcetype: 'XmlWinEventLog', index: 'sysmon', _id: e.id };
}
