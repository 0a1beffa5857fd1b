// Splunk record fields shared by the Splunk renderers.
import type { CanonicalEvent } from '../../canonical-event.js';

/** `_time`: epoch seconds with milliseconds (pins: "Splunk _time = epoch seconds (with milliseconds)"). */
export function splunkTime(ms: number): number {
  return ms / 1000;
}

/** The event log's Computer: the host's DNS name (FQDN on domain members). */
export function computerName(event: CanonicalEvent): string {
  return event.host.domain ? `${event.host.name}.${event.host.domain}` : event.host.name;
}
