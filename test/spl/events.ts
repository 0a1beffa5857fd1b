// Hand-made Windows events for the SPL tests, in the three shapes Splunk receives them: Security 4688
// as XmlWinEventLog and as classic WinEventLog text, and Sysmon event 1 as XmlWinEventLog, each rendered
// by the generators' own renderers (generators/renderers/splunk-xmlwineventlog-4688.ts,
// splunk-wineventlog-4688.ts, splunk-sysmon-1.ts) from a canonical event built here. The layouts follow the real records in
// test/fixtures/generators/ (sources in its README) and the examples of splunk/security_content
// data_sources (windows_event_log_security_4688.yml, sysmon_eventid_1.yml); every value is invented.
import { basename } from 'node:path';
import type { CanonicalEvent } from '../../generators/canonical-event.js';
import { renderSplunkWinEventLog4688 } from '../../generators/renderers/splunk-wineventlog-4688.js';
import { renderSplunkXmlWinEventLog4688 } from '../../generators/renderers/splunk-xmlwineventlog-4688.js';
import { renderSplunkSysmon1 } from '../../generators/renderers/splunk-sysmon-1.js';
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

/** The Windows path's last component (`C:\\Windows\\System32\\cmd.exe` -> `cmd.exe`). */
function imageName(path: string): string {
  return basename(path.replace(/\\/g, '/'));
}

/**
 * The canonical event (generators/canonical-event.ts) of a hand-made process start: a domain member
 * WSnn.corp.example, a domain user with an interactive logon, a medium-integrity process with a limited
 * token (%%1938) started by cmd.exe unless the test names another parent.
 */
function canonicalStart(e: ProcessStart, parentPid = 8920): CanonicalEvent {
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
    parent: { executable: parentImage, name: imageName(parentImage), args: [], commandLine: parentImage, pid: e.parentPid ?? parentPid },
    tokenElevation: 'limited',
    recordId: 880_000 + (Math.round(e.time) % 100_000),
  };
}

/** The test's own epoch seconds stay the record's `_time` (the renderer would round through ISO milliseconds). */
export function security4688Xml(e: ProcessStart): SplunkRecord {
  return { ...renderSplunkXmlWinEventLog4688(canonicalStart(e)), _time: e.time };
}

/** Classic text; the event log ends lines in CRLF, `eol` = '\n' gives the LF form a non-Windows collector may store. */
export function security4688Classic(e: ProcessStart, eol = '\r\n'): SplunkRecord {
  const record = renderSplunkWinEventLog4688(canonicalStart(e));
  return { ...record, _raw: eol === '\r\n' ? record._raw : record._raw.split('\r\n').join(eol), _time: e.time };
}

/** Sysmon event 1 of the same start, by the generators' renderer (generators/renderers/splunk-sysmon-1.ts): QEMU's version resource (no OriginalFileName), parent cmd.exe /c start.bat. */
export function sysmon1Xml(e: ProcessStart): SplunkRecord {
  const event = canonicalStart(e, 4624);
  const withSysmon: CanonicalEvent = {
    ...event,
    process: { ...event.process, workingDirectory: 'C:\\Users\\jdoe\\', pe: { fileVersion: '9.1.0', description: 'QEMU machine emulator', product: 'QEMU', company: '', originalFileName: '' } },
    parent: { ...event.parent, commandLine: `${event.parent.executable} /c start.bat` },
  };
  return { ...renderSplunkSysmon1(withSysmon), _time: e.time };
}
