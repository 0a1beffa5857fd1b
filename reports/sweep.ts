// The report's deployment section: the profile the run used and the deployment-sensitivity sweep —
// for each other shipped profile, every rule × data source whose verdicts change and why (the settings
// that profile sets differently for that source), with the rule × scenario × source cells that change.
// Attached after buildReport() like the parity section, so the measurement model stays as it is.
// Counts are of events and of scenarios (behaviours); a scenario counts as caught on a source when the
// rule fired on at least one of its events there.
import type { SweepProfileRun } from '../harness/runner/sweep.js';
import type { DeploymentProfile } from '../harness/model/profile.js';
import type { Label } from '../generators/canonical-event.js';
import type { Observation } from '../harness/runner/run-input.js';
import type { Report } from './model.js';
import type { DeploymentSection, ProfileRef, SweepCellChange, SweepProfileSection, SweepSourceChange } from './deployment-section.js';

export function profileRef(profile: DeploymentProfile): ProfileRef {
  return { id: profile.id, title: profile.title, file: profile.file };
}

type Tally = { label: Label; events: number; fired: number };

/** Rule × data source key of the tallies' outer map. */
function cellKey(ruleId: string, dataSourceId: string): string {
  return `${ruleId}\u0000${dataSourceId}`;
}

/** Per rule × data source (cellKey), per scenario: its events and how many fired. */
function tallies(observations: readonly Observation[], labels: ReadonlyMap<string, { scenarioId: string; label: Label }>): Map<string, Map<string, Tally>> {
  const out = new Map<string, Map<string, Tally>>();
  // Observations come in runs of one rule and source: the cell is looked up once per run.
  let cell: Map<string, Tally> | undefined;
  let ruleId: string | null = null;
  let dataSourceId: string | null = null;
  for (const o of observations) {
    const event = labels.get(o.eventId);
    if (event === undefined) continue;
    if (cell === undefined || o.ruleId !== ruleId || o.dataSourceId !== dataSourceId) {
      ruleId = o.ruleId;
      dataSourceId = o.dataSourceId;
      const key = cellKey(ruleId, dataSourceId);
      cell = out.get(key);
      if (cell === undefined) out.set(key, (cell = new Map()));
    }
    let t = cell.get(event.scenarioId);
    if (t === undefined) cell.set(event.scenarioId, (t = { label: event.label, events: 0, fired: 0 }));
    t.events++;
    if (o.fired) t.fired++;
  }
  return out;
}

function sweepProfileSection(report: Report, baseObservations: readonly Observation[], run: SweepProfileRun, labels: ReadonlyMap<string, { scenarioId: string; label: Label }>): SweepProfileSection {
  const rerun = [...run.differences].filter(([, reasons]) => reasons.length > 0).map(([id]) => id);
  const rerunSet = new Set(rerun);
  const base = tallies(baseObservations.filter((o) => rerunSet.has(o.dataSourceId)), labels);
  const other = tallies(run.observations, labels);
  const changes: SweepSourceChange[] = [];
  const unchanged: SweepProfileSection['unchanged'] = [];
  const cells: SweepCellChange[] = [];
  for (const rule of report.rules) {
    for (const source of report.dataSources) {
      if (!rerunSet.has(source.id) || source.siem !== rule.siem) continue;
      const reasons = run.differences.get(source.id) ?? [];
      const row: SweepSourceChange = { ruleId: rule.id, dataSourceId: source.id, reasons, maliciousScenarios: 0, maliciousCaughtBase: 0, maliciousCaughtProfile: 0, benignScenarios: 0, benignFiringBase: 0, benignFiringProfile: 0, blind: false, changedScenarios: 0 };
      // A fixture (countsTowardRates false) is not a behaviour: it is not counted here either.
      const baseCell = base.get(cellKey(rule.id, source.id));
      const otherCell = other.get(cellKey(rule.id, source.id));
      for (const scenario of report.scenarios.filter((s) => s.countsTowardRates)) {
        const a = baseCell?.get(scenario.id);
        const b = otherCell?.get(scenario.id);
        if (a === undefined && b === undefined) continue;
        const label = (a ?? b)?.label ?? scenario.label;
        const firedBase = a?.fired ?? 0;
        const firedProfile = b?.fired ?? 0;
        if (label === 'malicious') {
          row.maliciousScenarios++;
          if (firedBase > 0) row.maliciousCaughtBase++;
          if (firedProfile > 0) row.maliciousCaughtProfile++;
        } else {
          row.benignScenarios++;
          if (firedBase > 0) row.benignFiringBase++;
          if (firedProfile > 0) row.benignFiringProfile++;
        }
        if (firedBase !== firedProfile || (a?.events ?? 0) !== (b?.events ?? 0)) {
          row.changedScenarios++;
          cells.push({ ruleId: rule.id, dataSourceId: source.id, scenarioId: scenario.id, label, events: Math.max(a?.events ?? 0, b?.events ?? 0), firedBase, firedProfile });
        }
      }
      row.blind = row.maliciousCaughtBase > 0 && row.maliciousCaughtProfile === 0;
      if (row.changedScenarios > 0) changes.push(row);
      else unchanged.push({ ruleId: rule.id, dataSourceId: source.id, reasons });
    }
  }
  return { profile: profileRef(run.profile), sourcesRerun: rerun, changes, unchanged, cells, errors: run.errors };
}

/** `report` with its deployment section: the profile it ran under and, unless skipped, the sweep. */
export function attachDeploymentSection(
  report: Report,
  profile: DeploymentProfile,
  sweep: { runs: readonly SweepProfileRun[]; baseObservations: readonly Observation[]; events: ReadonlyArray<{ id: string; scenarioId: string; label: Label }> } | null,
): Report {
  if (sweep === null) return { ...report, deployment: { profile: profileRef(profile), sweep: null } };
  const labels = new Map(sweep.events.map((e) => [e.id, { scenarioId: e.scenarioId, label: e.label }]));
  const profiles = sweep.runs.map((run) => sweepProfileSection(report, sweep.baseObservations, run, labels));
  return { ...report, deployment: { profile: profileRef(profile), sweep: { backend: 'embedded', profiles } } };
}

/** One line per changed rule × source, for terminal and Markdown: `profile  rule  source  caught a→b/n  benign firing a→b/n  why`. */
export function sweepLines(section: DeploymentSection): Array<{ profile: string; rule: string; source: string; caught: string; benign: string; why: string }> {
  const lines: Array<{ profile: string; rule: string; source: string; caught: string; benign: string; why: string }> = [];
  for (const p of section.sweep?.profiles ?? []) {
    for (const c of p.changes) {
      lines.push({
        profile: p.profile.id,
        rule: c.ruleId,
        source: c.dataSourceId,
        caught: `${c.maliciousCaughtBase}→${c.maliciousCaughtProfile}/${c.maliciousScenarios}${c.blind ? ' BLIND' : ''}`,
        benign: `${c.benignFiringBase}→${c.benignFiringProfile}/${c.benignScenarios}`,
        why: c.reasons.join('; '),
      });
    }
  }
  return lines;
}
