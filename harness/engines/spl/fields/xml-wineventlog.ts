// Generic XmlWinEventLog extraction of the Splunk Add-on for Microsoft Windows (8.x): the add-on sets
// KV_MODE = none and extracts, with REPORT transforms, the <System> children and attributes, every
// <Data Name='...'> of <EventData>, and <RenderingInfo> children (all MV_ADD); then EventCode from
// EventID and RecordNumber from EventRecordID. Values are kept as they appear in _raw (XML entities
// such as &gt; are not decoded: the transforms are regular expressions over the raw text).
// Source: Splunk_TA_windows/default/props.conf [XmlWinEventLog] and transforms.conf stanzas
// system_xml_block, eventdata_xml_block, renderinginfo_xml_block, system_props_xml_kv,
// system_props_xml_attributes, eventdata_xml_data, rendering_info_xml_data, EventID_as_EventCode,
// EventID2_as_EventCode, EventRecordID_as_RecordNumber (as published in PMJeffery/splunk4windows).
import type { FieldSet } from './field-set.js';

const SYSTEM_BLOCK = /<System(?:\s+[^>]+)?>([\s\S]*?)<\/System>/;
const EVENTDATA_BLOCK = /<EventData(?:\s+[^>]+)?>([\s\S]*?)<\/EventData>/g;
const RENDERING_BLOCK = /<RenderingInfo(?:\s+[^>]+)?>([\s\S]*?)<\/RenderingInfo>/;
const TAG_KV = /<(\w*)>([^<]*)<\/\1>/g;
const ATTRIBUTE = /([^\s=]+)\s*=\s*('[^<']*'|"[^<"]*")/g;
const DATA_NAME = /<(?:\w+)\sName='([^>]*)'\/?>([^<]*)(?:<\/\1>)?/g;
const EVENT_ID_ANY = /<EventID.*?>(.+?)<\/EventID>/;

/** FORMAT values written in quotes lose them (the add-on relies on this: `FORMAT = user::"$1"`). */
function unquote(v: string): string {
  if (v.length >= 2 && (v[0] === "'" || v[0] === '"') && v[v.length - 1] === v[0]) return v.slice(1, -1);
  return v;
}

export function extractXmlWinEventLog(raw: string, f: FieldSet): void {
  const system = SYSTEM_BLOCK.exec(raw)?.[1];
  if (system !== undefined) {
    for (const m of system.matchAll(TAG_KV)) f.add(m[1] as string, m[2], true);
    for (const m of system.matchAll(ATTRIBUTE)) f.add(m[1] as string, unquote(m[2] as string), true);
  }
  for (const block of raw.matchAll(EVENTDATA_BLOCK)) {
    for (const m of (block[1] as string).matchAll(DATA_NAME)) f.add(m[1] as string, m[2], true);
  }
  const rendering = RENDERING_BLOCK.exec(raw)?.[1];
  if (rendering !== undefined) for (const m of rendering.matchAll(TAG_KV)) f.add(m[1] as string, m[2], true);
  f.add('RecordNumber', f.get('EventRecordID'));
  f.add('EventCode', f.get('EventID'));
  f.add('EventCode', EVENT_ID_ANY.exec(raw)?.[1]);
}

/** FIELDALIAS and EVAL settings of [XmlWinEventLog] that every XML Windows event gets. */
export function xmlWinEventLogAliases(f: FieldSet, host: string): void {
  f.set('dvc_nt_host', host);
  f.set('dvc', f.get('Computer'));
  f.set('event_id', f.get('RecordNumber'));
  f.set('id', f.get('RecordNumber'));
  f.set('signature_id', f.get('EventCode'));
  f.set('vendor_product', 'Microsoft Windows');
}
