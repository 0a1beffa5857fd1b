// The main job: generate the pack's events, render them for every data source, load each source into
// the backends of its SIEM, run every rule there, and collect, per rule, data source and event, whether
// the rule fired. The result is the report builder's input (run-input.ts), plus the parity
// comparison when the embedded and the real engines both ran.
import { mergeSourceErrors, type SourceError } from './rule-errors.js';
import type { TimeWindow } from '../../generators/context/time-window.js';
import type { CanonicalEvent } from '../../generators/canonical-event.js';
import { DATA_SOURCES, type DataSource, type ElasticDataSource, type SplunkDataSource } from '../../generators/data-sources.js';
import { generateEvents, generationWindow } from '../../generators/generate.js';
import type { ElasticRecord, Siem, SplunkRecord } from '../model/records.js';
import { loadPack } from '../../generators/scenario-pack.js';
import { variantLabel, type ScenarioPack } from '../../generators/scenario.js';
import type { CoverageFact, DataSourceInput, Observation, RuleInput, RunInput, ScenarioInput } from './run-input.js';
import type { ElasticBackend, SplunkBackend } from '../backends/backend.js';
import { EmbeddedElasticsearch } from '../backends/embedded-elasticsearch.js';
import { EmbeddedSplunkBackend, type RuleMacros } from '../backends/embedded-splunk.js';
import { packageVersion, reportPath } from '../paths.js';
import type { LoadedRule } from '../rules/rule-files.js';
import type { EqlRule, Rule, SplRule } from '../rules/rule.js';
import { freshPerSource, type BackendProvider } from './backend-provider.js';
import { elasticCoverage, splSelectors, splunkCoverage, type SelectorHits } from './coverage.js';
import { eqlSelectors } from './coverage-eql.js';
import { sourceSettings } from '../profiles/profile.js';
import type { DeploymentProfile } from '../model/profile.js';
import type { Progress } from './progress.js';
import { appendAll } from './append.js';
import { fitHeapGrowth } from './heap-growth.js';
import { renderSource, type RenderedSource } from './render.js';
import { runElasticSource, runSplunkSource, type SourceRun } from './run-source.js';

export interface RunPackOptions {
  packFile: string;
  rules: LoadedRule[];
  /** The macros each Splunk rule expands with (rule-macros.ts). */
  macros: RuleMacros;
  seed: number;
  scale: number;
  /** Start of the generation window, ISO 8601 (default: the generator's fixed start). */
  start?: string;
  /** Run EQL rules as Kibana's detection engine schedules them over the generation window (default true). */
  schedule?: boolean;
  /** Where each SIEM's rules run. A SIEM without a provider does not run (its rules and sources are left out). */
  providers: { elastic?: BackendProvider<ElasticBackend>; splunk?: BackendProvider<SplunkBackend> };
  /** Second providers whose verdicts are compared with the first, event for event (`--backend all`). */
  parityProviders?: { elastic?: BackendProvider<ElasticBackend>; splunk?: BackendProvider<SplunkBackend> };
  /** Rule ids a pinned expectation may name (a pin naming any other is a pack error); default: the rules run. */
  knownRuleIds?: readonly string[];
  /** Only these data sources (ids); default every source of a SIEM that has a provider. */
  sourceIds?: readonly string[];
  /** The deployment profile renderers and embedded engines obey (none: everything captured, no limits beyond logsdb). */
  profile?: DeploymentProfile;
  /** The pack as loaded from packFile with these rule ids (the sweep reuses the run's). */
  pack?: ScenarioPack;
  /** Canonical events already generated for this pack, seed and scale (the sweep reuses them). */
  events?: CanonicalEvent[];
  /** Skip the per-source coverage diagnosis (the sweep needs verdicts only). */
  skipCoverage?: boolean;
  progress: Progress;
}

/** One rule's verdicts on one data source by a second engine, for the parity check. */
export interface ParityRun {
  ruleId: string;
  dataSourceId: string;
  backend: string;
  fired: Set<string> | null;
  error: string | null;
}

export interface RunPackResult {
  input: RunInput;
  pack: ScenarioPack;
  events: CanonicalEvent[];
  /** Events per data source as loaded (for parity and diagnostics). */
  sourceRuns: SourceRun[];
  parityRuns: ParityRun[];
}

export function embeddedProviders(macros: RuleMacros, profile?: DeploymentProfile): { elastic: BackendProvider<ElasticBackend>; splunk: BackendProvider<SplunkBackend> } {
  const withProfile = profile === undefined ? {} : { profile };
  return {
    elastic: freshPerSource<ElasticBackend>('embedded-elasticsearch', () => new EmbeddedElasticsearch(withProfile)),
    splunk: freshPerSource<SplunkBackend>('embedded-splunk', () => new EmbeddedSplunkBackend({ ruleMacros: macros, ...withProfile })),
  };
}

function scenarioInputs(pack: ScenarioPack): ScenarioInput[] {
  return pack.scenarios.map((s) => ({
    id: s.id,
    title: s.title,
    label: s.label,
    techniques: s.techniques,
    population: s.population,
    variant: variantLabel(s),
    references: s.references,
    purpose: s.purpose,
    weight: s.weight,
    expectations: s.expectations.map((e) => ({ ...e, location: { ...e.location, ...(e.location.file !== undefined ? { file: reportPath(e.location.file) } : {}) } })),
  }));
}

function dedupe(lines: Iterable<string>): string[] {
  return [...new Set(lines)];
}

/**
 * Notes about which index patterns found data describe one data source's run, not the rule: each source
 * is loaded alone, so every other pattern is empty there. Coverage facts and the rule's selectors say
 * which patterns select which sources across the run.
 */
function isPerSourceIndexNote(note: string): boolean {
  return note.startsWith('index patterns with no data:') || note.startsWith("no index matches the rule's index patterns");
}

interface RuleAccumulator {
  rule: Rule;
  expandedQuery: string | null;
  notes: string[];
  errors: SourceError[];
}

async function runSource(
  rendered: RenderedSource,
  rules: readonly Rule[],
  provider: BackendProvider<ElasticBackend> | BackendProvider<SplunkBackend>,
  scheduleWindow: TimeWindow | null,
): Promise<SourceRun> {
  if (rendered.source.siem === 'elastic') {
    return runElasticSource(rendered, rules.filter((r): r is EqlRule => r.siem === 'elastic'), provider as BackendProvider<ElasticBackend>, scheduleWindow);
  }
  return runSplunkSource(rendered, rules.filter((r): r is SplRule => r.siem === 'splunk'), provider as BackendProvider<SplunkBackend>);
}

export async function runPack(options: RunPackOptions): Promise<RunPackResult> {
  const { progress } = options;
  const startedAt = new Date().toISOString();
  const activeSiems = new Set<Siem>((['elastic', 'splunk'] as const).filter((siem) => options.providers[siem] !== undefined));
  const rules = options.rules.map((l) => l.rule).filter((r) => activeSiems.has(r.siem));
  const sources = DATA_SOURCES.filter((s) => activeSiems.has(s.siem) && (options.sourceIds === undefined || options.sourceIds.includes(s.id)));

  const ruleIds = options.knownRuleIds ?? options.rules.map((l) => l.rule.id);
  const pack = options.pack ?? (await progress.stage('load pack', () => loadPack(options.packFile, { ruleIds }), (p) => p.scenarios.length));
  const generation = { seed: options.seed, scale: options.scale, ...(options.start === undefined ? {} : { start: options.start }) };
  const window = generationWindow(pack, generation);
  const scheduleWindow = options.schedule === false ? null : window;
  const events = options.events ?? (await progress.stage('generate', () => generateEvents(pack, generation), (e) => e.length));
  const eventsById = new Map(events.map((e) => [e.id, e]));

  const accumulators = new Map<string, RuleAccumulator>(rules.map((rule) => [rule.id, { rule, expandedQuery: null, notes: [], errors: [] }]));
  const observations: Observation[] = [];
  const dataSources: DataSourceInput[] = [];
  const coverage: CoverageFact[] = [];
  const sourceRuns: SourceRun[] = [];
  const parityRuns: ParityRun[] = [];
  const pending = new Map<string, Observation[]>(); // per rule, until we know it never errored
  const selectorHits = new Map<string, SelectorHits>(); // per Splunk data source

  const state: RunState = { events, rules, eventsById, scheduleWindow, accumulators, dataSources, coverage, sourceRuns, parityRuns, pending, selectorHits };
  // One data source at a time, in its own call: when it returns, the source's records and backend are
  // unreachable, so at most one source's records and index are alive at once (README "Memory").
  for (const source of sources) await runOneSource(source, options, state);

  const ruleInputs: RuleInput[] = [];
  for (const loaded of options.rules.filter((l) => activeSiems.has(l.rule.siem))) {
    const acc = accumulators.get(loaded.rule.id) as RuleAccumulator;
    const provider = options.providers[loaded.rule.siem] as { name: string };
    const error = mergeSourceErrors(acc.errors);
    if (error === null) appendAll(observations, pending.get(loaded.rule.id) ?? []);
    ruleInputs.push({
      id: loaded.rule.id,
      name: loaded.rule.name,
      siem: loaded.rule.siem,
      language: loaded.rule.language,
      sourceFile: reportPath(loaded.rule.sourceFile),
      query: loaded.rule.query,
      expandedQuery: acc.expandedQuery ?? (loaded.rule.siem === 'splunk' ? loaded.normalizedQuery : null),
      backend: provider.name,
      notes: dedupe(acc.notes),
      error,
      selectors:
        loaded.rule.siem === 'elastic'
          ? eqlSelectors(loaded.rule, sources.filter((s): s is ElasticDataSource => s.siem === 'elastic'))
          : splSelectors(loaded.rule, options.macros, selectorHits),
    });
  }

  const backends = (['elastic', 'splunk'] as const).flatMap((siem) => {
    const names = [options.providers[siem]?.name, options.parityProviders?.[siem]?.name];
    return names.filter((n): n is string => n !== undefined);
  });
  const input: RunInput = {
    meta: {
      seed: options.seed,
      scale: options.scale,
      window,
      packFile: reportPath(options.packFile),
      harnessVersion: packageVersion(),
      nodeVersion: process.version,
      backends,
      startedAt,
      finishedAt: new Date().toISOString(),
      stages: progress.timings(),
    },
    rules: ruleInputs,
    dataSources,
    scenarios: scenarioInputs(pack),
    events,
    observations,
    coverage,
  };
  return { input, pack, events, sourceRuns, parityRuns };
}

async function sourceCoverage(
  source: DataSource,
  rendered: RenderedSource,
  rules: readonly Rule[],
  events: ReadonlyMap<string, CanonicalEvent>,
  macros: RuleMacros,
  diagnose: ReadonlySet<string>,
  selectorHits: SelectorHits,
  indexed: EmbeddedSplunkBackend | EmbeddedElasticsearch | undefined,
): Promise<CoverageFact[]> {
  if (source.siem === 'elastic') {
    const eql = rules.filter((r): r is EqlRule => r.siem === 'elastic');
    return elasticCoverage(eql, source, rendered.records as ElasticRecord[], events, diagnose, indexed instanceof EmbeddedElasticsearch ? indexed : undefined);
  }
  const spl = rules.filter((r): r is SplRule => r.siem === 'splunk');
  return splunkCoverage(spl, source as SplunkDataSource, rendered.records as SplunkRecord[], events, macros, diagnose, selectorHits, indexed instanceof EmbeddedSplunkBackend ? indexed : undefined);
}

/**
 * The provider, except that the backend the source's rules ran on stays open until `release()`, so the
 * coverage diagnosis can search the same index instead of building it again (`reusable()`).
 */
function holdingBackend<B extends ElasticBackend | SplunkBackend>(provider: BackendProvider<B>, source: DataSource): { provider: BackendProvider<B>; reusable(): EmbeddedSplunkBackend | EmbeddedElasticsearch | undefined; release(): Promise<void> } {
  let held: B | undefined;
  return {
    provider: {
      name: provider.name,
      acquire: async () => (held = await provider.acquire()),
      release: async () => undefined,
    },
    // An embedded Splunk index serves the diagnosis (diagnosis-index.ts); an embedded Elasticsearch one
    // when the diagnosis would build the same index (no profile setting for it).
    reusable: () => (held instanceof EmbeddedSplunkBackend || (held instanceof EmbeddedElasticsearch && source.siem === 'elastic' && held.indexesAsDefault(source.index)) ? held : undefined),
    release: async () => {
      if (held !== undefined) await provider.release(held);
      held = undefined;
    },
  };
}

/** Coverage facts with what the deployment profile removed from this source's records named first. */
function withProfileNotes(facts: CoverageFact[], source: DataSource, profile: DeploymentProfile | undefined): CoverageFact[] {
  if (profile === undefined || sourceSettings(profile, source.id).commandLine) return facts;
  const note = `command line not captured under deployment profile ${profile.id} (${profile.file})`;
  return facts.map((f) => ({ ...f, notes: [note, ...f.notes] }));
}

/** Rules that ran on this source and fired on none of its malicious events: their reasons are worth finding. */
function blindSpotCandidates(run: SourceRun, events: ReadonlyMap<string, CanonicalEvent>): Set<string> {
  const malicious = run.storedIds.filter((id) => events.get(id)?.label === 'malicious');
  const candidates = new Set<string>();
  for (const [ruleId, outcome] of run.outcomes) {
    if (outcome.ok && !malicious.some((id) => outcome.fired.has(id))) candidates.add(ruleId);
  }
  return candidates;
}

/** What runPack accumulates across data sources (small per event: ids, verdicts, notes). */
interface RunState {
  events: readonly CanonicalEvent[];
  rules: readonly Rule[];
  eventsById: ReadonlyMap<string, CanonicalEvent>;
  scheduleWindow: TimeWindow | null;
  accumulators: Map<string, RuleAccumulator>;
  dataSources: DataSourceInput[];
  coverage: CoverageFact[];
  sourceRuns: SourceRun[];
  parityRuns: ParityRun[];
  pending: Map<string, Observation[]>;
  selectorHits: Map<string, SelectorHits>;
}

/** Renders, loads, searches and diagnoses one data source; keeps only its verdicts and facts in `state`. */
async function runOneSource(source: DataSource, options: RunPackOptions, state: RunState): Promise<void> {
  fitHeapGrowth();
  const rendered = await options.progress.stage(`render ${source.id}`, () => renderSource(source, state.events, options.profile), (r) => r.records.length);
  const holding = holdingBackend(options.providers[source.siem] as BackendProvider<ElasticBackend | SplunkBackend>, source);
  try {
    await searchAndDiagnose(source, rendered, holding, options, state);
  } finally {
    await holding.release();
  }
}

/** Loads and searches one rendered source (and its parity run), then diagnoses its blind spots. */
async function searchAndDiagnose(source: DataSource, rendered: RenderedSource, holding: ReturnType<typeof holdingBackend>, options: RunPackOptions, state: RunState): Promise<void> {
  const { progress } = options;
  const { rules, eventsById, scheduleWindow, accumulators, dataSources, coverage, sourceRuns, parityRuns, pending, selectorHits } = state;
  const provider = holding.provider as BackendProvider<ElasticBackend> | BackendProvider<SplunkBackend>;
  const run = await progress.stage(`load and search ${source.id} (${provider.name})`, () => runSource(rendered, rules, provider, scheduleWindow), (r) => r.storedIds.length);
  // A backend the diagnosis cannot reuse goes now: its index must not stay alive beside the diagnosis's.
  if (holding.reusable() === undefined) await holding.release();
  sourceRuns.push(run);
  dataSources.push({
    id: source.id,
    siem: source.siem,
    title: source.title,
    storedEventIds: run.storedIds,
    rejected: [...rendered.failed, ...run.load.rejected.map((r) => ({ eventId: r.id, reason: r.reason }))],
  });
  for (const [ruleId, outcome] of run.outcomes) {
    const acc = accumulators.get(ruleId) as RuleAccumulator;
    if (!outcome.ok) {
      acc.errors.push({ dataSourceId: source.id, message: outcome.error });
      continue;
    }
    acc.expandedQuery ??= outcome.result.expandedQuery;
    appendAll(acc.notes, outcome.result.notes.filter((n) => !isPerSourceIndexNote(n)));
    appendAll(acc.notes, outcome.notes);
    const list = pending.get(ruleId) ?? [];
    for (const eventId of run.storedIds) list.push({ ruleId, dataSourceId: source.id, eventId, fired: outcome.fired.has(eventId) });
    pending.set(ruleId, list);
  }
  const parityProvider = options.parityProviders?.[source.siem] as BackendProvider<ElasticBackend> | BackendProvider<SplunkBackend> | undefined;
  if (parityProvider !== undefined) {
    const second = await progress.stage(`load and search ${source.id} (${parityProvider.name})`, () => runSource(rendered, rules, parityProvider, scheduleWindow));
    for (const [ruleId, outcome] of second.outcomes) {
      parityRuns.push({ ruleId, dataSourceId: source.id, backend: parityProvider.name, fired: outcome.ok ? outcome.fired : null, error: outcome.ok ? null : outcome.error });
    }
  }
  const hits: SelectorHits = new Map();
  if (source.siem === 'splunk') selectorHits.set(source.id, hits);
  if (options.skipCoverage) return;
  const diagnose = blindSpotCandidates(run, eventsById);
  const facts = await progress.stage(`coverage ${source.id}`, () => sourceCoverage(source, rendered, rules, eventsById, options.macros, diagnose, hits, holding.reusable()));
  appendAll(coverage, withProfileNotes(facts, source, options.profile));
}
