// Winlogbeat 9.1 with its security module ingest pipeline (winlogbeat-9.1.0): the document of the
// golden file security-windows2019_4688_Process_Created.golden.json plus the Beat's agent block.
import type { CanonicalEvent } from '../canonical-event.js';
import type { ElasticRecord } from '../../harness/model/records.js';
import { beatAgent } from './shared/elastic.js';
import { security4688Document } from './shared/winlog.js';

export const WINLOGBEAT_INDEX = 'winlogbeat-9.1.0';

export function renderWinlogbeatSecurity4688(event: CanonicalEvent): ElasticRecord {
  return security4688Document(event, { index: WINLOGBEAT_INDEX, module: 'security', envelope: { agent: beatAgent(event, 'winlogbeat') } });
}
