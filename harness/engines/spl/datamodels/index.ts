// Data-model datasets over the loaded events, the way an accelerated CIM data model holds them: every
// event that matches the dataset's constraint (and its parents' constraints) becomes one dataset row
// holding the dataset's fields, named `<Dataset>.<field>` (the root dataset's name, as tstats reads them:
// `Processes.process_name`), plus the inherited `_time`, `host`, `source`, `sourcetype` and `index`.
// Calculated fields run in the order the model lists them, each seeing the ones before it.
// https://help.splunk.com/splunk-enterprise/manage-knowledge-objects/knowledge-management-manual/10.0/data-models/about-data-models
//
// The embedded engine treats every data model as fully accelerated over every loaded event: summaries
// are always complete and current, so `summariesonly=true|false` and `allow_old_summaries` select the
// same rows (a real deployment's summary lag is not modelled; the real backend runs with
// summariesonly=false so that both read every event).
import type { EvalExpr, SearchExpr } from '../ast.js';
import { evaluate } from '../eval.js';
import { evalToField } from '../eval-values.js';
import { parseEvalExpr } from '../eval-parser.js';
import { parseSpl } from '../parser.js';
import { type EventSource, rowMatcher } from '../search.js';
import type { BoundedPcre } from '../../matching/pcre.js';
import { splRegex } from '../regex.js';
import { type FieldValue, type Row, toText, valuesOf } from '../values.js';
import { type Calculation, type DataModelDefinition, type DatasetDefinition, DATA_MODELS, INHERITED_FIELDS } from './cim.js';

export interface ResolvedDataset {
  model: DataModelDefinition;
  /** Root first, the dataset itself last. */
  chain: DatasetDefinition[];
  /** The prefix of the dataset's field names in tstats (the root dataset's name). */
  prefix: string;
}

/** Field names tstats can read besides the dataset fields. */
export const INDEXED_FIELDS: readonly string[] = [...INHERITED_FIELDS, 'index', 'splunk_server'];

export function findDataModel(name: string): DataModelDefinition | undefined {
  return DATA_MODELS.find((m) => m.name === name);
}

/**
 * `Endpoint.Processes` (model.dataset) or a dataset path (`Authentication.Failed_Authentication`);
 * returns a reason when the model or dataset is not modelled. A model name alone resolves when the model
 * has exactly one root dataset.
 */
export function resolveDataset(model: string, path: string[]): ResolvedDataset | string {
  const m = findDataModel(model);
  if (m === undefined) {
    return `data model ${model} is not modelled by the embedded engine (modelled: ${DATA_MODELS.map((d) => d.name).join(', ')})`;
  }
  let names = path;
  if (names.length === 0) {
    const roots = m.datasets.filter((d) => d.parent === null);
    if (roots.length !== 1) return `data model ${model} has several root datasets (${roots.map((r) => r.name).join(', ')}): name one, e.g. datamodel=${model}.${roots[0]?.name ?? ''}`;
    names = [(roots[0] as DatasetDefinition).name];
  }
  const chain: DatasetDefinition[] = [];
  let parent: string | null = null;
  for (const n of names) {
    const d = m.datasets.find((x) => x.name === n && x.parent === parent);
    if (d === undefined) return `data model ${model} has no dataset ${[...chain.map((c) => c.name), n].join('.')} (datasets: ${m.datasets.map((x) => x.name).join(', ')})`;
    chain.push(d);
    parent = d.name;
  }
  return { model: m, chain, prefix: (chain[0] as DatasetDefinition).name };
}

/** Every field name a dataset row can hold, prefixed as tstats reads it. */
export function datasetFieldNames(ds: ResolvedDataset): Set<string> {
  const out = new Set<string>(INDEXED_FIELDS);
  for (const d of ds.chain) {
    for (const f of d.fields) out.add(`${ds.prefix}.${f}`);
    for (const c of d.calculations) out.add(`${ds.prefix}.${c.field}`);
    for (const c of d.constraintEvals) out.add(`${ds.prefix}.${c.field}`);
  }
  return out;
}

type CompiledCalculation = { field: string; expr: EvalExpr; text: string } | { field: string; rex: BoundedPcre; input: string };

/** One dataset of the chain: its constraint, then its evals and calculations. */
interface CompiledLevel {
  constraint: (row: Row) => boolean;
  evals: CompiledCalculation[];
}

interface CompiledDataset {
  levels: CompiledLevel[];
  fields: string[];
}

const compiledCache = new Map<string, CompiledDataset>();

function compileCalculation(model: string, c: Calculation): CompiledCalculation {
  if (c.rexInput === undefined) return { field: c.field, expr: parseEvalExpr(c.expression, 0, c.expression.length), text: c.expression };
  const rex = splRegex(c.expression);
  if (typeof rex === 'string') throw new Error(`data model ${model}: calculation ${c.field}: ${rex}`);
  return { field: c.field, rex, input: c.rexInput };
}

function compile(ds: ResolvedDataset): CompiledDataset {
  const key = `${ds.model.name}:${ds.chain.map((d) => d.name).join('.')}`;
  const hit = compiledCache.get(key);
  if (hit !== undefined) return hit;
  const fields = new Set<string>();
  const levels = ds.chain.map((d): CompiledLevel => {
    const first = parseSpl(d.constraint).commands[0];
    const expr: SearchExpr | null = first?.kind === 'search' ? first.expr : null;
    const calcs = [...d.constraintEvals, ...d.calculations];
    for (const c of calcs) fields.add(c.field);
    for (const f of d.fields) fields.add(f);
    return { constraint: rowMatcher(expr, d.constraint), evals: calcs.map((c) => compileCalculation(ds.model.name, c)) };
  });
  const compiled = { levels, fields: [...fields] };
  compiledCache.set(key, compiled);
  return compiled;
}

/** A Rex calculation: the named group `field` of the first match in the input's first value. */
function rexValue(re: BoundedPcre, field: string, input: FieldValue | undefined): FieldValue | undefined {
  const first = valuesOf(input)[0];
  if (first === undefined) return undefined;
  // A search stopped by a PCRE limit extracts nothing, as a failed match (../regex.ts).
  const m = re.exec(toText(first));
  return m === null || 'limit' in m ? undefined : m.named.get(field);
}

/**
 * The dataset row of one event, or null when the event does not satisfy the constraints. As the data
 * model's generated search does, a child's constraint sees its parents' calculated fields
 * (`<root constraint> | eval <root calculations> | search <child constraint> | ...`).
 */
export function datasetRow(ds: ResolvedDataset, doc: number, eventFields: Map<string, FieldValue>): Row | null {
  const c = compile(ds);
  const work: Row = { doc, fields: new Map(eventFields) };
  for (const level of c.levels) {
    if (!level.constraint(work)) return null;
    for (const e of level.evals) {
      const v = 'rex' in e ? rexValue(e.rex, e.field, work.fields.get(e.input)) : evalToField(evaluate(e.expr, work, { query: e.text }), e.expr, { query: e.text });
      if (v === undefined) work.fields.delete(e.field);
      else work.fields.set(e.field, v);
    }
  }
  const out = new Map<string, FieldValue>();
  for (const f of INDEXED_FIELDS) {
    const v = work.fields.get(f);
    if (v !== undefined) out.set(f, v);
  }
  for (const f of c.fields) {
    const v = work.fields.get(f);
    if (v !== undefined) out.set(`${ds.prefix}.${f}`, v);
  }
  return { doc, fields: out };
}

/** Dataset rows of every loaded event, in load order. */
export function datasetRows(ds: ResolvedDataset, src: EventSource): Row[] {
  const rows: Row[] = [];
  for (let doc = 0; doc < src.index.size; doc++) {
    const r = datasetRow(ds, doc, src.fieldsOf(doc));
    if (r !== null) rows.push(r);
  }
  return rows;
}
