// Lookups the writers share over a Report: by id, cells by key, and the lists each section shows.
import type { Label } from '../../generators/canonical-event.js';
import { count, percent, plural } from '../format.js';
import type {
  AnyDataSourceCoverage,
  Evasion,
  Rate,
  ScenarioOutcomes,
  ParityDifferenceRow,
  Report,
  ReportDataSource,
  ReportEvent,
  ReportRule,
  ReportScenario,
  RuleDataSourceCell,
  RuleScenarioCell,
  RuleScenarioDataSourceCell,
  ScenarioVerdict,
} from '../model.js';

function byId<T extends { id: string }>(items: T[]): Map<string, T> {
  return new Map(items.map((item) => [item.id, item]));
}

function key(...parts: string[]): string {
  return parts.join('\u0000');
}

export class ReportView {
  private readonly rules: Map<string, ReportRule>;
  private readonly dataSources: Map<string, ReportDataSource>;
  private readonly scenarios: Map<string, ReportScenario>;
  private readonly ruleDs: Map<string, RuleDataSourceCell>;
  private readonly ruleScenario: Map<string, RuleScenarioCell>;

  constructor(readonly report: Report) {
    this.rules = byId(report.rules);
    this.dataSources = byId(report.dataSources);
    this.scenarios = byId(report.scenarios);
    this.ruleDs = new Map(report.ruleDataSource.map((c) => [key(c.ruleId, c.dataSourceId), c]));
    this.ruleScenario = new Map(report.ruleScenario.map((c) => [key(c.ruleId, c.scenarioId), c]));
  }

  rule(id: string): ReportRule | undefined {
    return this.rules.get(id);
  }

  ruleName(id: string): string {
    return this.rules.get(id)?.name ?? id;
  }

  dataSource(id: string): ReportDataSource | undefined {
    return this.dataSources.get(id);
  }

  scenario(id: string): ReportScenario | undefined {
    return this.scenarios.get(id);
  }

  event(id: string): ReportEvent | undefined {
    return Object.hasOwn(this.report.events, id) ? this.report.events[id] : undefined;
  }

  /** The first example's command line, if the report carries it. */
  exampleCommandLine(ids: string[]): { id: string; event: ReportEvent } | undefined {
    for (const id of ids) {
      const event = this.event(id);
      if (event !== undefined) return { id, event };
    }
    return undefined;
  }

  ruleDataSource(ruleId: string, dataSourceId: string): RuleDataSourceCell | undefined {
    return this.ruleDs.get(key(ruleId, dataSourceId));
  }

  ruleScenarioCell(ruleId: string, scenarioId: string): RuleScenarioCell | undefined {
    return this.ruleScenario.get(key(ruleId, scenarioId));
  }

  /** Cells of one rule in data source order. */
  dataSourceCells(ruleId: string): RuleDataSourceCell[] {
    return this.report.ruleDataSource.filter((c) => c.ruleId === ruleId);
  }

  scenarioDataSourceCells(ruleId: string): RuleScenarioDataSourceCell[] {
    return this.report.ruleScenarioDataSource.filter((c) => c.ruleId === ruleId);
  }

  /** Variants that appear in the report, unmodified (null) first. */
  variants(): (string | null)[] {
    const seen: (string | null)[] = [];
    for (const cell of this.report.ruleVariant) if (!seen.includes(cell.variant)) seen.push(cell.variant);
    return seen;
  }

  /** What a rule that failed to run affected: `affects 9 data sources and 40 pins`. */
  ruleErrorReach(ruleId: string): string {
    const sources = this.rule(ruleId)?.dataSourceIds.length ?? 0;
    const pins = this.report.expectations.filter((e) => e.ruleId === ruleId).length;
    return `affects ${plural(sources, 'data source')} and ${plural(pins, 'pin')}`;
  }

  failedExpectations() {
    return this.report.expectations.filter((e) => e.status === 'failed');
  }

  /** Parity figures summed per real backend, in `parity.backends` order; empty without a parity section. */
  parityByBackend(): ParityBackendTotals[] {
    const parity = this.report.parity;
    if (parity === undefined) return [];
    return parity.backends.map((backend) => {
      const totals: ParityBackendTotals = { backend, events: 0, agreeing: 0, accepted: 0, unexplained: 0 };
      for (const g of parity.groups.filter((group) => group.backend === backend)) {
        totals.events += g.events;
        totals.agreeing += g.agreeing;
        totals.accepted += g.accepted;
        totals.unexplained += g.unexplained;
      }
      return totals;
    });
  }

  unexplainedDifferences(): ParityDifferenceRow[] {
    return this.report.parity?.differences.filter((d) => d.status === 'unexplained') ?? [];
  }

  /** What a difference is about: `malicious event of scenario x`, or why there is no event. */
  differenceSubject(d: ParityDifferenceRow): string {
    const event = this.event(d.eventId);
    if (!d.loaded) return `an id not loaded for this data source${event === undefined ? '' : `: ${event.label} event of scenario ${event.scenarioId}`}`;
    return event === undefined ? 'event material missing' : `${event.label} event of scenario ${event.scenarioId}`;
  }
}

export interface ParityBackendTotals {
  backend: string;
  events: number;
  agreeing: number;
  accepted: number;
  unexplained: number;
}

/** `embedded does not match, elasticsearch matches`. */
export function parityVerdicts(d: ParityDifferenceRow): string {
  return `embedded ${matchWord(d.embedded)}, ${d.backend} ${matchWord(d.real)}`;
}

export function matchWord(matched: boolean): string {
  return matched ? 'matches' : 'does not match';
}

/** How a variant is named in reports: null is the population without evasion. */
export function variantName(variant: string | null): string {
  return variant ?? '(unmodified)';
}

export type Tone = 'good' | 'mixed' | 'bad' | 'none';

/** The "in any source" verdict in words: `caught in any source`, `missed in every source`, `quiet in every source`. */
export function anySourceWords(label: Label, verdict: ScenarioVerdict): { words: string; tone: Tone } {
  const { words, tone } = verdictWords(label, verdict);
  if (verdict === 'no-data') return { words, tone };
  if (verdict === 'missed') return { words: `${words} in every source`, tone };
  return { words: `${words} in ${verdict === 'partial' ? 'some source' : 'any source'}`, tone };
}

/** The "any searched source" row's scenario columns: `16 caught, 1 partial of 36` and `6 fire of 14`. */
export function anySourceTexts(any: AnyDataSourceCoverage): { attacks: string; benign: string } {
  const attacks = any.caught.length + any.partial.length + any.missed.length;
  return {
    attacks: attacks === 0 ? 'none recorded' : `${count(any.caught.length)} caught${any.partial.length > 0 ? `, ${count(any.partial.length)} partial` : ''} of ${count(attacks)}`,
    benign: any.falsePositiveRate.n === 0 ? 'none recorded' : `${count(any.firing.length)} fire of ${count(any.falsePositiveRate.n)}`,
  };
}

/** A scenario verdict in words a reader expects for the scenario's label (benign "caught" is "fires"). */
export function verdictWords(label: Label, verdict: ScenarioVerdict): { words: string; tone: Tone } {
  if (verdict === 'no-data') return { words: 'no data', tone: 'none' };
  if (verdict === 'partial') return { words: label === 'benign' ? 'fires sometimes' : 'partial', tone: 'mixed' };
  const fired = verdict === 'caught';
  if (label === 'benign') return fired ? { words: 'fires', tone: 'bad' } : { words: 'quiet', tone: 'good' };
  return fired ? { words: 'caught', tone: 'good' } : { words: 'missed', tone: 'bad' };
}

/** `15 caught, 1 partial of 36` (malicious) or `6 fire, 1 sometimes of 15` (benign); parts at 0 left out. */
export function outcomeText(label: 'malicious' | 'benign', o: ScenarioOutcomes): string {
  const total = o.caught + o.partial + o.missed;
  if (total === 0) return 'none recorded';
  const parts = label === 'malicious' ? [`${count(o.caught)} caught`] : [`${count(o.caught)} fire`];
  if (o.partial > 0) parts.push(`${count(o.partial)} ${label === 'malicious' ? 'partial' : 'sometimes'}`);
  return `${parts.join(', ')} of ${count(total)}`;
}

/** `8 of 8 covered sources` (recall below 1 there). */
export function evasionSources(e: Evasion): string {
  const beaten = e.dataSources.filter((d) => d.recall.value !== null && d.recall.value < 1).length;
  return `${beaten} of ${plural(e.dataSources.length, 'covered source')}`;
}

/** One rate per data source as `0%` or a range `25.0%–100%` when they differ. */
export function recallRange(rates: Rate[]): string {
  const values = rates.map((r) => r.value).filter((v): v is number => v !== null);
  if (values.length === 0) return 'n/a';
  const low = Math.min(...values);
  const high = Math.max(...values);
  return low === high ? percent(low) : `${percent(low)}\u2013${percent(high)}`;
}

