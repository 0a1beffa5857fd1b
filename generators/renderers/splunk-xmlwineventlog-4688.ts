// Splunk, sourcetype XmlWinEventLog, source XmlWinEventLog:Security, index wineventlog: the 4688
// event as the Universal Forwarder renders it with renderXml=true — one line, single-quoted
// attributes, no whitespace between elements, text escaped (&, <, >), no RenderingInfo.
// Shape: the real event in cea-sec/openwec raw.rs (fixture windows-security-4688-wef-rendered.xml,
// which adds the RenderingInfo block WEF keeps) and splunk/security_content
// data_sources/windows_event_log_security_4688.yml (example_log, no RenderingInfo).
import type { CanonicalEvent } from '../canonical-event.js';
import type { SplunkRecord } from '../../harness/model/records.js';
import { security4688Fields, SECURITY_4688_FIELDS, SECURITY_PROVIDER, SECURITY_PROVIDER_GUID } from './shared/security-4688.js';
import { windowsSystemTime, epochMs } from './shared/time.js';
import { escapeXmlText } from './shared/xml.js';
import { computerName, splunkTime } from './shared/splunk.js';

export const XML_4688 = { index: 'wineventlog', sourcetype: 'XmlWinEventLog', source: 'XmlWinEventLog:Security' } as const;

export function security4688Xml(event: CanonicalEvent): string {
  const fields = security4688Fields(event);
  let data = '';
  for (const name of SECURITY_4688_FIELDS) data += `<Data Name='${name}'>${escapeXmlText(fields[name])}</Data>`;
  const recordId = event.recordId ?? 0;
  return (
    `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='${SECURITY_PROVIDER}' Guid='${SECURITY_PROVIDER_GUID}'/>` +
    `<EventID>4688</EventID><Version>2</Version><Level>0</Level><Task>13312</Task><Opcode>0</Opcode><Keywords>0x8020000000000000</Keywords>` +
    `<TimeCreated SystemTime='${windowsSystemTime(event.timestamp, recordId)}'/><EventRecordID>${recordId}</EventRecordID><Correlation/>` +
    `<Execution ProcessID='4' ThreadID='${(recordId % 9000) + 100}'/><Channel>Security</Channel><Computer>${escapeXmlText(computerName(event))}</Computer><Security/></System>` +
    `<EventData>${data}</EventData></Event>`
  );
}

export function renderSplunkXmlWinEventLog4688(event: CanonicalEvent): SplunkRecord {
  return { _raw: security4688Xml(event), _time: splunkTime(epochMs(event.timestamp)), host: event.host.name, ...XML_4688, _id: event.id };
}
