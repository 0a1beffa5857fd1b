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
const DATA_NAME = /<(?:\w+)\sName='([^>]*)'\/?>([^<]*)(?:<\/\1>)?/g;
const EVENT_ID_ANY = /<EventID.*?>(.+?)<\/EventID>/;

/** `\s` of a JavaScript regular expression (WhiteSpace and LineTerminator code units). */
function isRegexSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Every match of the transform system_props_xml_attributes, `([^\s=]+)\s*=\s*('[^<']*'|"[^<"]*")`, in
 * the order a global regex finds them, in one linear pass. The regex itself is quadratic on the
 * System block, which has no whitespace between elements: from every start inside a run of
 * `[^\s=]` it scans to the run's end before failing. The scanner uses what fixes a match: the name is
 * the whole rest of the run (a shorter one is followed by a `[^\s=]` character, which is neither `\s`
 * nor `=`); after it, spaces, `=`, spaces, a quote and the text up to the same quote with no `<`. When
 * that fails, every later start inside the same run fails the same way, so the scan resumes at the
 * run's end. `value` keeps its quotes, as the regex's second group does.
 */
export function scanAttributes(text: string, found: (name: string, value: string) => void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x3d || isRegexSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    let end = i + 1;
    while (end < n) {
      const d = text.charCodeAt(end);
      if (d === 0x3d || isRegexSpace(d)) break;
      end++;
    }
    let j = end;
    while (j < n && isRegexSpace(text.charCodeAt(j))) j++;
    if (j < n && text.charCodeAt(j) === 0x3d) {
      j++;
      while (j < n && isRegexSpace(text.charCodeAt(j))) j++;
      const quote = j < n ? text.charCodeAt(j) : -1;
      if (quote === 0x27 || quote === 0x22) {
        let k = j + 1;
        while (k < n) {
          const d = text.charCodeAt(k);
          if (d === quote || d === 0x3c) break;
          k++;
        }
        if (k < n && text.charCodeAt(k) === quote) {
          found(text.slice(start, end), text.slice(j, k + 1));
          i = k + 1;
          continue;
        }
      }
    }
    i = end;
  }
}

/** FORMAT values written in quotes lose them (the add-on relies on this: `FORMAT = user::"$1"`). */
function unquote(v: string): string {
  if (v.length >= 2 && (v[0] === "'" || v[0] === '"') && v[v.length - 1] === v[0]) return v.slice(1, -1);
  return v;
}

export function extractXmlWinEventLog(raw: string, f: FieldSet): void {
  const system = SYSTEM_BLOCK.exec(raw)?.[1];
  if (system !== undefined) {
    for (const m of system.matchAll(TAG_KV)) f.add(m[1] as string, m[2], true);
    scanAttributes(system, (name, value) => f.add(name, unquote(value), true));
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
