// Coverage facts: for each rule and data source of its SIEM, whether the rule selects the source (index
// patterns; macros and index/sourcetype/source terms), which fields it reads that the records never
// carry, and which of its conditions no malicious event of the source satisfies. Computed with the
// embedded engines over the rendered records, whatever backend ran the rule, so the reasons are the same.
import type { CanonicalEvent } from '../../generators/canonical-event.js';
import type { ElasticDataSource, SplunkDataSource } from '../../generators/data-sources.js';
import type { ElasticRecord, SplunkRecord } from '../model/records.js';
import type { CoverageFact, RuleSelector } from './run-input.js';
import { EmbeddedElasticsearch } from '../backends/embedded-elasticsearch.js';
import { EmbeddedSplunkBackend, type RuleMacros } from '../backends/embedded-splunk.js';
import { walkSearchExpr, type SearchExpr } from '../engines/spl/ast.js';
import { prepareSearch } from '../engines/spl/engine.js';
import type { MacroLibrary } from '../engines/spl/macros.js';
import { parseEql } from '../engines/eql/parser.js';
import { InputError } from '../errors.js';
import type { EqlRule, SplRule } from '../rules/rule.js';
import { eqlConjuncts, splConjuncts } from './conjuncts.js';
import { eqlCoverage } from './coverage-eql.js';
import { diagnosisIndex, type DiagnosisIndex } from './diagnosis-index.js';

const SELECTOR_FIELDS = new Set(['index', 'sourcetype', 'source']);

function maliciousIds(records: readonly { _id: string }[], events: ReadonlyMap<string, CanonicalEvent>): Set<string> {
  return new Set(records.map((r) => r._id).filter((id) => events.get(id)?.label === 'malicious'));
}

function unsatisfiedNote(label: string): string {
  return `no malicious event here satisfies: ${label}`;
}

/**
 * `diagnose`: rules that fired on no malicious event of this source (blind-spot candidates). Only for
 * them is each condition searched on its own, to say which one no malicious event satisfies.
 */
/**
 * `indexed`: the run's own embedded backend for the source, holding exactly `records` in an index the
 * diagnosis would build alike (EmbeddedElasticsearch.indexesAsDefault): searched instead of loading the
 * records a second time. The caller closes it.
 */
export async function elasticCoverage(
  rules: readonly EqlRule[],
  source: ElasticDataSource,
  records: readonly ElasticRecord[],
  events: ReadonlyMap<string, CanonicalEvent>,
  diagnose: ReadonlySet<string>,
  indexed?: EmbeddedElasticsearch,
): Promise<CoverageFact[]> {
  const malicious = maliciousIds(records, events);
  let engine: EmbeddedElasticsearch | undefined;
  const facts: CoverageFact[] = [];
  for (const rule of rules) {
    const fact = eqlCoverage(rule, source, records);
    if (fact.selected && malicious.size > 0 && diagnose.has(rule.id)) {
      if (engine === undefined) {
        engine = indexed ?? new EmbeddedElasticsearch();
        if (engine !== indexed) await engine.load([...records]);
      }
      for (const conjunct of eqlConjuncts(parseEql(rule.query, rule.sourceFile))) {
        try {
          const hits = engine.search({ index: source.index, query: conjunct.query, queryLabel: rule.sourceFile }).hits;
          if (!hits.some((h) => malicious.has(h._id))) fact.notes.push(unsatisfiedNote(conjunct.label));
        } catch (error) {
          // A condition that cannot run alone (the whole rule's error is reported elsewhere).
          if (!(error instanceof InputError)) throw error;
        }
      }
    }
    facts.push(fact);
  }
  if (engine !== indexed) await engine?.close();
  return facts;
}

function isSelector(expr: SearchExpr): boolean {
  let selector = true;
  walkSearchExpr(expr, (node) => {
    if (node.kind === 'term' || node.kind === 'subsearch') selector = false;
    if ((node.kind === 'compare' || node.kind === 'in') && !SELECTOR_FIELDS.has(node.field)) selector = false;
  });
  return selector;
}

interface SplSelection {
  selectors: string[];
  others: string[];
}

/** The rule's expanded base search split into data selection (index/sourcetype/source) and the rest. */
export function splSelection(rule: SplRule, macros: MacroLibrary): SplSelection {
  const prepared = prepareSearch(rule.query, macros, rule.sourceFile);
  const first = prepared.pipeline.commands[0];
  const expr = first?.kind === 'search' ? first.expr : null;
  const selection: SplSelection = { selectors: [], others: [] };
  for (const conjunct of splConjuncts(expr, prepared.expanded.text)) {
    (isSelector(conjunct.expr) ? selection.selectors : selection.others).push(conjunct.text.trim());
  }
  return selection;
}

/** Per rule: each data-selection condition and whether it selects this data source's records. */
export type SelectorHits = Map<string, Map<string, boolean>>;

/**
 * `indexed`: the run's own embedded backend for the source (exactly `records`, loaded in this order with
 * the same macros, whatever TRUNCATE cut): the diagnosis answers from it what it can instead of
 * indexing the records a second time (diagnosis-index.ts). The caller closes it.
 */
export async function splunkCoverage(
  rules: readonly SplRule[],
  source: SplunkDataSource,
  records: readonly SplunkRecord[],
  events: ReadonlyMap<string, CanonicalEvent>,
  macros: RuleMacros,
  diagnose: ReadonlySet<string>,
  selectorHits: SelectorHits = new Map(),
  indexed?: EmbeddedSplunkBackend,
): Promise<CoverageFact[]> {
  // Selection reads only index, sourcetype and source: one stand-in event per combination answers it.
  const selectionEngine = new EmbeddedSplunkBackend({ ruleMacros: macros });
  const combinations = new Map<string, SplunkRecord>();
  for (const r of records) {
    const key = `${r.index}\u0000${r.sourcetype}\u0000${r.source}`;
    if (!combinations.has(key)) combinations.set(key, { ...r, _raw: '', _id: `selection-${combinations.size}` });
  }
  await selectionEngine.load([...combinations.values()]);
  const malicious = maliciousIds(records, events);
  let engine: DiagnosisIndex | undefined;
  const facts: CoverageFact[] = [];
  for (const rule of rules) {
    let selection: SplSelection;
    try {
      selection = splSelection(rule, macros(rule));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      facts.push({ ruleId: rule.id, dataSourceId: source.id, selected: false, selection: 'the search does not parse', missingFields: [], notes: [] });
      continue;
    }
    const where = `index=${source.index} sourcetype=${source.sourcetype} source=${source.source}`;
    const shown = selection.selectors.map((t) => (/\sOR\s/.test(t) && !t.startsWith('(') ? `(${t})` : t)).join(' AND ');
    const selectorQuery = selection.selectors.map((text) => `(${text})`).join(' ');
    const selected = records.length > 0 && (selectorQuery === '' || selectionEngine.searchEventIds(selectorQuery, '<selection>', macros(rule)).length > 0);
    const hits = selectorHits.get(rule.id) ?? new Map<string, boolean>();
    for (const selector of selection.selectors) hits.set(selector, records.length > 0 && selectionEngine.searchEventIds(selector, '<selection>', macros(rule)).length > 0);
    selectorHits.set(rule.id, hits);
    const fact: CoverageFact = {
      ruleId: rule.id,
      dataSourceId: source.id,
      selected,
      selection: selection.selectors.length === 0
        ? `the search does not restrict index, sourcetype or source (${where})`
        : `${selected ? '' : 'not '}selected by ${shown} (${where})`,
      missingFields: [],
      notes: [],
    };
    if (selected && malicious.size > 0 && diagnose.has(rule.id)) {
      engine ??= diagnosisIndex(records, macros, indexed);
      for (const condition of selection.others) {
        try {
          const ids = await engine.eventIds(condition, macros(rule));
          if (!ids.some((id) => malicious.has(id))) fact.notes.push(unsatisfiedNote(condition));
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
        }
      }
    }
    facts.push(fact);
  }
  await Promise.all([selectionEngine.close(), engine?.close()]);
  return facts;
}

/** Each data-selection condition of the rule and the data sources of the run it selects. */
export function splSelectors(rule: SplRule, macros: RuleMacros, hitsBySource: ReadonlyMap<string, SelectorHits>): RuleSelector[] {
  let selectors: string[];
  try {
    selectors = splSelection(rule, macros(rule)).selectors;
  } catch (error) {
    if (error instanceof InputError) return [];
    throw error;
  }
  if (selectors.length === 0) return [{ selector: '(all data)', dataSourceIds: [...hitsBySource.keys()] }];
  return selectors.map((selector) => ({
    selector,
    dataSourceIds: [...hitsBySource].filter(([, hits]) => hits.get(rule.id)?.get(selector) === true).map(([id]) => id),
  }));
}
