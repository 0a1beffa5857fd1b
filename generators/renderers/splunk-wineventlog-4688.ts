// Splunk, sourcetype WinEventLog, source WinEventLog:Security, index wineventlog: the 4688 event in
// the classic text rendering of the Splunk Add-on for Microsoft Windows — a header of key=value
// lines (LogName, EventCode, EventType, ComputerName, SourceName, Type, RecordNumber, Keywords,
// TaskCategory, OpCode) then Message= and the rendered message with literal tabs. Layout from a real
// capture: a DetectionLab (2020) event, ph20Eoow/Adversary-Detection
// tools/empire/Stager/stager_launcher_bat.md, copied to test/fixtures/generators/
// splunk-wineventlog-4688-classic.txt (its README gives the commit). Lines end in CRLF as the Windows
// event log renders them; that web copy cannot show CR, so this is unverified against a live forwarder.
import type { CanonicalEvent } from '../canonical-event.js';
import type { SplunkRecord } from '../../harness/model/records.js';
import { security4688Fields, security4688MessageLines } from './shared/security-4688.js';
import { computerName, splunkTime } from './shared/splunk.js';
import { classicHeaderTime, epochMs } from './shared/time.js';

export const CLASSIC_4688 = { index: 'wineventlog', sourcetype: 'WinEventLog', source: 'WinEventLog:Security' } as const;

const EOL = '\r\n';

export function security4688Classic(event: CanonicalEvent): string {
  const lines = [
    classicHeaderTime(event.timestamp),
    'LogName=Security',
    'EventCode=4688',
    'EventType=0',
    `ComputerName=${computerName(event)}`,
    'SourceName=Microsoft Windows security auditing.',
    'Type=Information',
    `RecordNumber=${event.recordId ?? 0}`,
    'Keywords=Audit Success',
    'TaskCategory=Process Creation',
    'OpCode=Info',
    ...security4688MessageLines(security4688Fields(event)).map((line, i) => (i === 0 ? `Message=${line}` : line)),
  ];
  return lines.join(EOL);
}

export function renderSplunkWinEventLog4688(event: CanonicalEvent): SplunkRecord {
  return { _raw: security4688Classic(event), _time: splunkTime(epochMs(event.timestamp)), host: event.host.name, ...CLASSIC_4688, _id: event.id };
}
