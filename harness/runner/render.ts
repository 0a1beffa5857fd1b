// Render every canonical event for every data source that records its OS. A renderer that throws on
// an event is a lost record, reported with its reason; it never stops the run or vanishes silently.
import type { CanonicalEvent } from '../../generators/canonical-event.js';
import { appliesTo, renderRecord, type DataSource } from '../../generators/data-sources.js';
import type { DeploymentProfile } from '../model/profile.js';
import type { ElasticRecord, SplunkRecord } from '../model/records.js';

export interface RenderedSource<R extends ElasticRecord | SplunkRecord = ElasticRecord | SplunkRecord> {
  source: DataSource;
  records: R[];
  /** Events of an OS this source records whose rendering failed. */
  failed: { eventId: string; reason: string }[];
}

export function renderSource(source: DataSource, events: readonly CanonicalEvent[], profile?: DeploymentProfile): RenderedSource {
  const records: (ElasticRecord | SplunkRecord)[] = [];
  const failed: { eventId: string; reason: string }[] = [];
  for (const event of events) {
    if (!appliesTo(source, event)) continue;
    try {
      records.push(renderRecord(source, event, profile));
    } catch (error) {
      failed.push({ eventId: event.id, reason: `render failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return { source, records, failed };
}
