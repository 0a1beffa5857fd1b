// Splunk, sourcetype XmlWinEventLog, source XmlWinEventLog:Microsoft-Windows-Sysmon/Operational,
// index sysmon: Sysmon Event ID 1 as the forwarder renders it (one line, single-quoted attributes).
// Shape: splunk/security_content data_sources/sysmon_eventid_1.yml example_log and the real EVTX
// event in the SigmaHQ regression data (fixture sysmon-eid1-renamed-binary.evtx-dump.json).
import type { CanonicalEvent } from '../canonical-event.js';
import type { SplunkRecord } from '../../harness/model/records.js';
import { computerName, splunkTime } from './shared/splunk.js';
import { sysmon1Fields, SYSMON_1_FIELDS, SYSMON_CHANNEL, SYSMON_PROVIDER, SYSMON_PROVIDER_GUID } from './shared/sysmon-1.js';
import { epochMs, shiftWithinSecond, windowsSystemTime } from './shared/time.js';
import { escapeXmlText } from './shared/xml.js';

export const SPLUNK_SYSMON = { index: 'sysmon', sourcetype: 'XmlWinEventLog', source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational' } as const;

/** Sysmon writes the record a few milliseconds after the process start it reports. */
export function sysmonRecordTime(event: CanonicalEvent): string {
  return shiftWithinSecond(event.timestamp, 1 + ((event.recordId ?? 0) % 4));
}

export function sysmon1Xml(event: CanonicalEvent): string {
  const fields = sysmon1Fields(event);
  let data = '';
  for (const name of SYSMON_1_FIELDS) data += `<Data Name='${name}'>${escapeXmlText(fields[name])}</Data>`;
  const recordId = event.recordId ?? 0;
  return (
    `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='${SYSMON_PROVIDER}' Guid='${SYSMON_PROVIDER_GUID}'/>` +
    `<EventID>1</EventID><Version>5</Version><Level>4</Level><Task>1</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords>` +
    `<TimeCreated SystemTime='${windowsSystemTime(sysmonRecordTime(event), recordId)}'/><EventRecordID>${recordId}</EventRecordID><Correlation/>` +
    `<Execution ProcessID='${2000 + (recordId % 4000)}' ThreadID='${3000 + (recordId % 3000)}'/><Channel>${SYSMON_CHANNEL}</Channel><Computer>${escapeXmlText(computerName(event))}</Computer><Security UserID='S-1-5-18'/></System>` +
    `<EventData>${data}</EventData></Event>`
  );
}

export function renderSplunkSysmon1(event: CanonicalEvent): SplunkRecord {
  return { _raw: sysmon1Xml(event), _time: splunkTime(epochMs(event.timestamp)), host: event.host.name, ...SPLUNK_SYSMON, _id: event.id };
}
