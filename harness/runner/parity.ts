// Parity: the embedded engine's verdict and the real engine's verdict, event for event, per rule and data
// source. Pure: the runner hands in which events were loaded and which each engine matched; this returns
// every event where they differ (with the event), split into differences a known-differences entry accepts
// (with its reason) and unexplained ones, which fail the run.
import type { CanonicalEvent } from '../../generators/canonical-event.js';
import { formatLocation } from '../errors.js';
import type { KnownDifference } from './known-differences.js';

export interface ParityCase {
  ruleId: string;
  dataSource: string;
  /** The real backend's name (`elasticsearch`, `splunk`). */
  backend: string;
  /** Every event loaded for this data source, by canonical id. */
  events: ReadonlyMap<string, CanonicalEvent>;
  /** Ids the embedded engine matched. */
  embeddedMatches: ReadonlySet<string>;
  /** Ids the real engine matched. */
  realMatches: ReadonlySet<string>;
}

export interface ParityDifference {
  ruleId: string;
  dataSource: string;
  backend: string;
  eventId: string;
  embedded: boolean;
  real: boolean;
  /** Undefined when an engine matched an id that was not loaded for this data source (never accepted). */
  event?: CanonicalEvent;
  /** The known-differences entry that accepts this difference. */
  acceptedBy?: { reason: string; where: string };
}

export interface ParityGroup {
  ruleId: string;
  dataSource: string;
  backend: string;
  /** Events compared. */
  events: number;
  /** Events with the same verdict from both engines. */
  agreeing: number;
  differences: ParityDifference[];
}

export interface ParityReport {
  /** True when every difference is accepted. */
  ok: boolean;
  groups: ParityGroup[];
  unexplained: ParityDifference[];
  accepted: ParityDifference[];
  /** Entries that matched no difference this run: candidates for removal (reported, not failing). */
  unusedKnownDifferences: KnownDifference[];
}

function covers(entry: KnownDifference, difference: ParityDifference): boolean {
  if (entry.rule !== difference.ruleId) return false;
  if (entry.dataSource !== '*' && entry.dataSource !== difference.dataSource) return false;
  if (entry.backend !== undefined && entry.backend !== difference.backend) return false;
  if (difference.event === undefined) return false;
  if (entry.event !== undefined && entry.event !== difference.eventId) return false;
  if (entry.scenario !== undefined && entry.scenario !== difference.event.scenarioId) return false;
  if (entry.embedded !== undefined && entry.embedded !== difference.embedded) return false;
  if (entry.real !== undefined && entry.real !== difference.real) return false;
  return true;
}

export function compareParity(cases: readonly ParityCase[], known: readonly KnownDifference[]): ParityReport {
  const used = new Set<KnownDifference>();
  const groups: ParityGroup[] = [];
  const unexplained: ParityDifference[] = [];
  const accepted: ParityDifference[] = [];
  for (const c of cases) {
    const differences: ParityDifference[] = [];
    // Every id either engine matched, plus every loaded event: sorted, so the report is deterministic.
    const ids = [...new Set([...c.events.keys(), ...c.embeddedMatches, ...c.realMatches])].sort();
    let agreeing = 0;
    for (const eventId of ids) {
      const embedded = c.embeddedMatches.has(eventId);
      const real = c.realMatches.has(eventId);
      const event = c.events.get(eventId);
      if (embedded === real && event !== undefined) {
        agreeing += 1;
        continue;
      }
      const difference: ParityDifference = { ruleId: c.ruleId, dataSource: c.dataSource, backend: c.backend, eventId, embedded, real, ...(event !== undefined ? { event } : {}) };
      const entry = known.find((k) => covers(k, difference));
      if (entry !== undefined) {
        used.add(entry);
        difference.acceptedBy = { reason: entry.reason, where: formatLocation(entry.location) };
        accepted.push(difference);
      } else unexplained.push(difference);
      differences.push(difference);
    }
    groups.push({ ruleId: c.ruleId, dataSource: c.dataSource, backend: c.backend, events: c.events.size, agreeing, differences });
  }
  return { ok: unexplained.length === 0, groups, unexplained, accepted, unusedKnownDifferences: known.filter((k) => !used.has(k)) };
}

/** One line per unexplained difference, for the terminal and the failure message. */
export function describeUnexplained(report: ParityReport): string[] {
  return report.unexplained.map((d) => {
    const what = d.event === undefined ? 'an id that was not loaded for this data source' : `${d.event.label} event of scenario ${d.event.scenarioId}`;
    return `${d.ruleId} / ${d.dataSource} / ${d.backend}: event ${d.eventId} (${what}): embedded ${d.embedded ? 'matches' : 'does not match'}, ${d.backend} ${d.real ? 'matches' : 'does not match'}`;
  });
}
