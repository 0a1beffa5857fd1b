// The report's parity section and backend timings: what `dth run --backend all` found when it compared the
// embedded engines with a real Elasticsearch / Splunk event for event, and what each real backend cost.
// Attached after buildReport(), and only when there is something to attach, so an embedded-only run keeps
// its report byte for byte. Pure and deterministic: groups and differences follow the report's rule and
// data source order, then backend name and event id; unused known-difference entries follow the file.
import type { KnownDifference } from '../harness/runner/known-differences.js';
import type { ParityDifference, ParityGroup, ParityReport } from '../harness/runner/parity.js';
import type { BackendTimings } from '../harness/model/backend-timings.js';
import { formatLocation } from '../harness/errors.js';
import { reportEventOf } from './build-report.js';
import type { BackendTiming, ParityDifferenceRow, ParityGroupRow, ParitySection, Report, ReportEvent, UnusedKnownDifference } from './model.js';

export interface BackendSection {
  /** The parity check's result; null when no real backend ran beside the embedded engines. */
  parity: ParityReport | null;
  /** One per real backend that ran; empty for an embedded-only run. */
  timings: readonly BackendTimings[];
}

/** `report` with `parity` and `backendTimings` added where the run has them; the input is not modified. */
export function attachBackendSection(report: Report, section: BackendSection): Report {
  const out: Report = { ...report };
  if (section.parity !== null) {
    const backends = [...section.parity.groups.map((g) => g.backend), ...section.timings.map((t) => t.backend)];
    out.parity = paritySection(report, section.parity, backends);
    out.events = withParityEvents(report.events, section.parity);
  }
  if (section.timings.length > 0) out.backendTimings = backendTimings(section.timings);
  return out;
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Position in the report's list, unknown ids after every known one. */
function rankIn(ids: readonly string[]): (id: string) => number {
  const ranks = new Map(ids.map((id, index) => [id, index]));
  return (id) => ranks.get(id) ?? ids.length;
}

type GroupKey = { ruleId: string; dataSource: string; backend: string };

function groupOrder(report: Report): (a: GroupKey, b: GroupKey) => number {
  const ruleRank = rankIn(report.rules.map((r) => r.id));
  const sourceRank = rankIn(report.dataSources.map((d) => d.id));
  return (a, b) =>
    ruleRank(a.ruleId) - ruleRank(b.ruleId) ||
    compareText(a.ruleId, b.ruleId) ||
    sourceRank(a.dataSource) - sourceRank(b.dataSource) ||
    compareText(a.dataSource, b.dataSource) ||
    compareText(a.backend, b.backend);
}

function paritySection(report: Report, parity: ParityReport, backends: string[]): ParitySection {
  const order = groupOrder(report);
  const groups = [...parity.groups].sort(order);
  const differences = groups.flatMap((g) => [...g.differences].sort((a, b) => compareText(a.eventId, b.eventId)));
  return {
    backends: [...new Set(backends)].sort(compareText),
    ok: parity.ok,
    groups: groups.map(groupRow),
    differences: differences.map(differenceRow),
    unusedKnownDifferences: [...parity.unusedKnownDifferences].sort(byLocation).map(unusedRow),
  };
}

function groupRow(group: ParityGroup): ParityGroupRow {
  const accepted = group.differences.filter((d) => d.acceptedBy !== undefined).length;
  return {
    ruleId: group.ruleId,
    dataSourceId: group.dataSource,
    backend: group.backend,
    events: group.events,
    agreeing: group.agreeing,
    differences: group.differences.length,
    accepted,
    unexplained: group.differences.length - accepted,
  };
}

function differenceRow(d: ParityDifference): ParityDifferenceRow {
  return {
    ruleId: d.ruleId,
    dataSourceId: d.dataSource,
    backend: d.backend,
    eventId: d.eventId,
    embedded: d.embedded,
    real: d.real,
    loaded: d.event !== undefined,
    status: d.acceptedBy === undefined ? 'unexplained' : 'accepted',
    acceptedBy: d.acceptedBy === undefined ? null : { reason: d.acceptedBy.reason, where: d.acceptedBy.where },
  };
}

function byLocation(a: KnownDifference, b: KnownDifference): number {
  const { location: x } = a;
  const { location: y } = b;
  return compareText(x.file ?? '', y.file ?? '') || (x.line ?? 0) - (y.line ?? 0) || (x.column ?? 0) - (y.column ?? 0);
}

function unusedRow(entry: KnownDifference): UnusedKnownDifference {
  return {
    rule: entry.rule,
    dataSource: entry.dataSource,
    backend: entry.backend ?? null,
    event: entry.event ?? null,
    scenario: entry.scenario ?? null,
    embedded: entry.embedded ?? null,
    real: entry.real ?? null,
    reason: entry.reason,
    where: formatLocation(entry.location),
  };
}

/**
 * The report's event material plus every event a difference cites. An id an engine matched without it
 * being loaded for that data source has no event of its own; it gets the material another difference or
 * the report already holds for the same id, if any.
 */
function withParityEvents(events: Record<string, ReportEvent>, parity: ParityReport): Record<string, ReportEvent> {
  const table = Object.create(null) as Record<string, ReportEvent>;
  for (const id of Object.keys(events)) table[id] = events[id] as ReportEvent;
  const added = new Map<string, ReportEvent>();
  for (const group of parity.groups) {
    for (const { eventId, event } of group.differences) {
      if (event !== undefined && !Object.hasOwn(table, eventId) && !added.has(eventId)) added.set(eventId, reportEventOf(event));
    }
  }
  for (const id of [...added.keys()].sort(compareText)) table[id] = added.get(id) as ReportEvent;
  return table;
}

function backendTimings(timings: readonly BackendTimings[]): BackendTiming[] {
  return [...timings]
    .sort((a, b) => compareText(a.backend, b.backend))
    .map((t) => ({ backend: t.backend, mode: t.mode, readyMs: t.readyMs, loadMs: t.loadMs, searchMs: t.searchMs, searches: t.searches, ...(t.tls !== undefined ? { tls: t.tls } : {}) }));
}
