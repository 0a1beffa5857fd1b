// Sysmon event ID 1 (process creation) as the Splunk Add-on for Sysmon maps it to CIM Endpoint.Processes,
// on top of the generic XmlWinEventLog extraction. The mapping is the one recorded for the data source
// `Sysmon EventID 1` in splunk/security_content (data_sources/sysmon_eventid_1.yml, field_mappings):
// ProcessGuid->process_guid, ProcessId->process_id, Image->process_path (basename->process_name),
// CommandLine->process, CurrentDirectory->process_current_directory, User->user,
// IntegrityLevel->process_integrity_level, Hashes->process_hash, ParentProcessGuid->parent_process_guid,
// ParentProcessId->parent_process_id, ParentImage->parent_process_path (basename->parent_process_name),
// ParentCommandLine->parent_process, Computer->dest, OriginalFileName->original_file_name.
import { type FieldSet, basename } from './field-set.js';

export const SYSMON_SOURCE = 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational';

export function sysmonProcessCim(f: FieldSet): void {
  const map: [string, string][] = [
    ['process_guid', 'ProcessGuid'],
    ['process_id', 'ProcessId'],
    ['process_path', 'Image'],
    ['process', 'CommandLine'],
    ['process_current_directory', 'CurrentDirectory'],
    ['user', 'User'],
    ['process_integrity_level', 'IntegrityLevel'],
    ['process_hash', 'Hashes'],
    ['parent_process_guid', 'ParentProcessGuid'],
    ['parent_process_id', 'ParentProcessId'],
    ['parent_process_path', 'ParentImage'],
    ['parent_process', 'ParentCommandLine'],
    ['dest', 'Computer'],
    ['original_file_name', 'OriginalFileName'],
  ];
  const evals = new Map<string, string | null>();
  for (const [cim, source] of map) evals.set(cim, f.get(source));
  evals.set('process_name', basename(f.get('Image')));
  evals.set('parent_process_name', basename(f.get('ParentImage')));
  evals.set('vendor_product', 'Microsoft Sysmon');
  for (const [k, v] of evals) f.set(k, v);
}
