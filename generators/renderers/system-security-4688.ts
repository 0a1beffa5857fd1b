// Elastic Agent System integration, data stream system.security (logs-system.security-default):
// the winlog input plus the system package's security pipeline. Its 4688 script splits
// process.command_line with a naive quote-aware whitespace split that keeps the quotes
// (packages/system/data_stream/security/elasticsearch/ingest_pipeline/standard.yml, "Process Event
// 4688"; at the read commit it sets process.args but not process.args_count).
import type { CanonicalEvent } from '../canonical-event.js';
import type { ElasticRecord } from '../../harness/model/records.js';
import { agentEnvelope, ingested } from './shared/elastic.js';
import { security4688Document } from './shared/winlog.js';

export const SYSTEM_SECURITY_INDEX = 'logs-system.security-default';

export function renderSystemSecurity4688(event: CanonicalEvent): ElasticRecord {
  return security4688Document(event, {
    index: SYSTEM_SECURITY_INDEX,
    envelope: agentEnvelope(event, 'system.security', 'winlog'),
    event: { created: event.timestamp, dataset: 'system.security', ingested: ingested(event) },
  });
}
