import { expect, test } from '@playwright/test';
import { extractFields } from '../../harness/engines/spl/fields/extract.js';
import { ev, search } from './helpers.js';
import { security4688Classic, security4688Xml, sysmon1Xml } from './events.js';

const QEMU = {
  id: 'q',
  host: 'WS01',
  time: 1_736_936_553.25,
  image: 'C:\\Program Files\\qemu\\qemu-system-x86_64.exe',
  commandLine: '"C:\\Program Files\\qemu\\qemu-system-x86_64.exe" -m 2048 -netdev user,id=n0,hostfwd=tcp::2222-:22 -device e1000,netdev=n0',
  parentImage: 'C:\\Windows\\System32\\cmd.exe',
  pid: 0x1f3c,
  parentPid: 0x22d8,
};

function one(fields: Map<string, string[]>, name: string): string | undefined {
  return fields.get(name)?.[0];
}

test('XmlWinEventLog: System children and attributes, every Data Name field, EventCode and RecordNumber', () => {
  // Splunk_TA_windows props.conf [XmlWinEventLog]: system_props_xml_kv, system_props_xml_attributes,
  // eventdata_xml_data, EventID_as_EventCode, EventRecordID_as_RecordNumber
  // https://github.com/PMJeffery/splunk4windows (Splunk_TA_windows/default/props.conf and transforms.conf)
  const f = extractFields(security4688Xml(QEMU));
  expect(one(f, 'EventCode')).toBe('4688');
  expect(one(f, 'Channel')).toBe('Security');
  expect(one(f, 'Computer')).toBe('WS01.corp.example');
  // Seven fractional digits as Windows writes them: the milliseconds, then the renderer's four deterministic
  // digits (generators/renderers/shared/time.ts windowsSystemTime: the record id 936553's last four).
  expect(one(f, 'SystemTime')).toBe('2025-01-15T10:22:33.2506553Z');
  expect(one(f, 'NewProcessName')).toBe(QEMU.image);
  expect(one(f, 'CommandLine')).toBe(QEMU.commandLine);
  expect(one(f, 'RecordNumber')).toBe(one(f, 'EventRecordID'));
});

test('XmlWinEventLog:Security 4688: the add-on\'s CIM process fields', () => {
  // Splunk_TA_windows props.conf [source::XmlWinEventLog:Security] EXTRACT-/REPORT-/EVAL- settings
  // https://github.com/PMJeffery/splunk4windows (Splunk_TA_windows/default/props.conf)
  const f = extractFields(security4688Xml(QEMU));
  expect(one(f, 'process')).toBe(QEMU.commandLine);
  expect(one(f, 'process_path')).toBe(QEMU.image);
  expect(one(f, 'process_name')).toBe('qemu-system-x86_64.exe');
  expect(one(f, 'process_exec')).toBe('qemu-system-x86_64.exe');
  expect(one(f, 'process_id')).toBe('0x1f3c');
  expect(one(f, 'process_command_line_process')).toBe('"C:\\Program Files\\qemu\\qemu-system-x86_64.exe"');
  expect(one(f, 'process_command_line_arguments')).toBe('-m 2048 -netdev user,id=n0,hostfwd=tcp::2222-:22 -device e1000,netdev=n0');
  expect(one(f, 'parent_process')).toBe(QEMU.parentImage);
  expect(one(f, 'parent_process_name')).toBe('cmd.exe');
  expect(one(f, 'parent_process_path')).toBe(QEMU.parentImage);
  expect(one(f, 'parent_process_id')).toBe('0x22d8');
  // TargetUserName is "-", so user falls back to the creator (src_user).
  expect(one(f, 'user')).toBe('jdoe');
  expect(one(f, 'src_user')).toBe('jdoe');
  expect(one(f, 'dest')).toBe('WS01.corp.example');
  expect(one(f, 'action')).toBe('allowed');
});

test('4688 whose command line starts with a bare name: process is rebuilt from the image path', () => {
  // EVAL-process: the command line only when its first token holds a backslash
  // https://github.com/PMJeffery/splunk4windows (Splunk_TA_windows/default/props.conf)
  const f = extractFields(security4688Xml({ ...QEMU, commandLine: 'qemu-system-x86_64.exe -netdev user,id=n0' }));
  expect(one(f, 'process')).toBe('"C:\\Program Files\\qemu\\qemu-system-x86_64.exe" -netdev user,id=n0');
  const noCmd = extractFields(security4688Xml({ ...QEMU, commandLine: '' }));
  expect(one(noCmd, 'process')).toBe(QEMU.image);
  expect(noCmd.has('Process_Command_Line')).toBe(false);
});

test('classic WinEventLog:Security 4688: header key=value, label: value lines, and the same CIM names', () => {
  // wel-eq-kv / wel-col-kv and Splunk_TA_windows [source::WinEventLog:Security]
  // https://github.com/PMJeffery/splunk4windows (Splunk_TA_windows/default/props.conf)
  // https://splunk.github.io/splunk-add-on-for-microsoft-windows/SPL2/FieldExtractions/index_wineventlog_field_extractions/
  const f = extractFields(security4688Classic(QEMU));
  expect(one(f, 'EventCode')).toBe('4688');
  expect(one(f, 'Type')).toBe('Information');
  expect(f.get('Account_Name')).toEqual(['jdoe', '-']);
  expect(one(f, 'New_Process_Name')).toBe(QEMU.image);
  expect(one(f, 'Process_Command_Line')).toBe(QEMU.commandLine);
  expect(one(f, 'process')).toBe(QEMU.commandLine);
  expect(one(f, 'process_path')).toBe(QEMU.image);
  expect(one(f, 'process_name')).toBe('qemu-system-x86_64.exe');
  expect(one(f, 'process_id')).toBe('0x1f3c');
  expect(one(f, 'parent_process_name')).toBe('cmd.exe');
  expect(one(f, 'parent_process_id')).toBe('0x22d8');
  expect(one(f, 'parent_process_path')).toBe(QEMU.parentImage);
  expect(one(f, 'user')).toBe('jdoe');
  expect(one(f, 'dest')).toBe('WS01.corp.example');
  expect(one(f, 'action')).toBe('allowed');
});

test('classic text with LF line ends extracts the same fields as CRLF', () => {
  // Lines end in CRLF when collected on Windows; the extractions must not keep the CR.
  // https://splunk.github.io/splunk-add-on-for-microsoft-windows/SPL2/FieldExtractions/index_wineventlog_field_extractions/
  const crlf = extractFields(security4688Classic(QEMU, '\r\n'));
  const lf = extractFields(security4688Classic(QEMU, '\n'));
  for (const k of ['process', 'process_id', 'user', 'EventCode', 'Process_Command_Line']) expect(lf.get(k)).toEqual(crlf.get(k));
});

test('Sysmon event 1: the Sysmon add-on\'s CIM process fields', () => {
  // https://github.com/splunk/security_content/blob/develop/data_sources/sysmon_eventid_1.yml (field mappings)
  const f = extractFields(sysmon1Xml(QEMU));
  expect(one(f, 'EventCode')).toBe('1');
  expect(one(f, 'process')).toBe(QEMU.commandLine);
  expect(one(f, 'process_path')).toBe(QEMU.image);
  expect(one(f, 'process_name')).toBe('qemu-system-x86_64.exe');
  expect(one(f, 'process_id')).toBe(String(QEMU.pid));
  expect(one(f, 'parent_process_name')).toBe('cmd.exe');
  expect(one(f, 'parent_process_id')).toBe(String(QEMU.parentPid));
  expect(one(f, 'user')).toBe('CORP\\jdoe');
});

test('automatic key=value extraction for other source types (Linux audit)', () => {
  // KV_MODE = auto: https://help.splunk.com/splunk-enterprise/manage-knowledge-objects/knowledge-management-manual/10.0/use-the-configuration-files-to-configure-field-extractions/configure-automatic-key-value-field-extraction
  const raw = 'type=EXECVE msg=audit(1700000000.123:456): argc=3 a0="qemu-system-x86_64" a1="-netdev" a2="user,hostfwd=tcp::2222-:22"';
  const f = extractFields({ _raw: raw, host: 'lin1', source: '/var/log/audit/audit.log', sourcetype: 'linux:audit' });
  expect(one(f, 'type')).toBe('EXECVE');
  expect(one(f, 'a0')).toBe('qemu-system-x86_64');
  expect(one(f, 'a2')).toBe('user,hostfwd=tcp::2222-:22');
  expect(one(f, 'argc')).toBe('3');
});

test('default fields exist on every event: _raw, _time, host, source, sourcetype, index, linecount', () => {
  // https://help.splunk.com/splunk-enterprise/manage-knowledge-objects/knowledge-management-manual/10.0/use-default-fields/use-default-fields
  const r = search([ev('a', 'one\ntwo', { host: 'H', index: 'main' })], '* | table _raw, _time, host, source, sourcetype, index, linecount');
  expect(r.rows).toEqual([
    { _raw: 'one\ntwo', _time: '2023-11-14T22:13:20.000+00:00', host: 'H', source: 'test.log', sourcetype: 'test', index: 'main', linecount: '2' },
  ]);
});
