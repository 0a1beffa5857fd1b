// Winlogbeat 9.1 with its sysmon module ingest pipeline (winlogbeat-9.1.0): the document of the
// golden file sysmon-12-processcreate.golden.json plus the Beat's agent block.
import type { CanonicalEvent } from '../canonical-event.js';
import type { ElasticRecord } from '../../harness/model/records.js';
import { beatAgent } from './shared/elastic.js';
import { sysmon1Document } from './shared/winlog.js';
import { WINLOGBEAT_INDEX } from './winlogbeat-security-4688.js';

export function renderWinlogbeatSysmon(event: CanonicalEvent): ElasticRecord {
  return sysmon1Document(event, { index: WINLOGBEAT_INDEX, module: 'sysmon', envelope: { agent: beatAgent(event, 'winlogbeat') } });
}
