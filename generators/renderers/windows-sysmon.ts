// Elastic Agent Windows integration, data stream windows.sysmon_operational
// (logs-windows.sysmon_operational-default): the winlog input plus the package's sysmon pipeline,
// which fills process.args/process.parent.args with its Painless port of Go's commandLineToArgv,
// keeping empty arguments (packages/windows/data_stream/sysmon_operational/elasticsearch/ingest_pipeline/default.yml).
import type { CanonicalEvent } from '../canonical-event.js';
import type { ElasticRecord } from '../../harness/model/records.js';
import { agentEnvelope, ingested } from './shared/elastic.js';
import { sysmon1Document } from './shared/winlog.js';
import { sysmonRecordTime } from './splunk-sysmon-1.js';

export const WINDOWS_SYSMON_INDEX = 'logs-windows.sysmon_operational-default';

export function renderWindowsSysmon(event: CanonicalEvent): ElasticRecord {
  return sysmon1Document(event, {
    index: WINDOWS_SYSMON_INDEX,
    envelope: agentEnvelope(event, 'windows.sysmon_operational', 'winlog'),
    event: { created: sysmonRecordTime(event), dataset: 'windows.sysmon_operational', ingested: ingested(event) },
  });
}
