// Search-time fields of one event: the default fields, then what the configured add-ons extract for its
// source type and source. Dispatch (source type names compared case-insensitively, as security_content's
// lower-case `xmlwineventlog` and the add-on's `XmlWinEventLog` name the same data):
// - XmlWinEventLog: generic XML extraction; Security 4688 CIM for source XmlWinEventLog:Security;
//   Sysmon CIM for source XmlWinEventLog:Microsoft-Windows-Sysmon/Operational;
// - WinEventLog: classic text extraction; Security CIM for source WinEventLog:Security;
// - anything else (linux:audit included): automatic key=value extraction.
// Default fields: https://help.splunk.com/splunk-enterprise/manage-knowledge-objects/knowledge-management-manual/10.0/use-default-fields/use-default-fields
import type { SplunkRecord } from '../../../model/records.js';
import { FieldSet } from './field-set.js';
import { extractAutoKv } from './auto-kv.js';
import { SYSMON_SOURCE, sysmonProcessCim } from './sysmon.js';
import { classicSecurityCim, extractClassicWinEventLog, xmlSecurityCim } from './windows-security.js';
import { extractXmlWinEventLog, xmlWinEventLogAliases } from './xml-wineventlog.js';

/** Extracted (non-default) fields of an event: name -> values as strings. */
export function extractFields(record: Pick<SplunkRecord, '_raw' | 'host' | 'source' | 'sourcetype'>): Map<string, string[]> {
  const f = new FieldSet();
  const st = record.sourcetype.toLowerCase();
  const source = record.source.toLowerCase();
  if (st === 'xmlwineventlog' || st.startsWith('xmlwineventlog:')) {
    extractXmlWinEventLog(record._raw, f);
    xmlWinEventLogAliases(f, record.host);
    if (source === 'xmlwineventlog:security') xmlSecurityCim(record._raw, f);
    else if (source === SYSMON_SOURCE.toLowerCase()) sysmonProcessCim(f);
  } else if (st === 'wineventlog' || st.startsWith('wineventlog:')) {
    extractClassicWinEventLog(record._raw, f);
    if (source === 'wineventlog:security') classicSecurityCim(record._raw, f, record.host);
  } else {
    extractAutoKv(record._raw, f);
  }
  return f.values;
}

/** Number of lines of the raw text (the `linecount` default field). */
export function lineCount(raw: string): number {
  let n = 1;
  for (let i = 0; i < raw.length; i++) if (raw.charCodeAt(i) === 10) n++;
  if (raw.endsWith('\n')) n--;
  return Math.max(1, n);
}
