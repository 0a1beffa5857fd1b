// `spath [input=<field>] [output=<field>] [path=]<path>`: reads JSON from a field (default _raw).
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/spath
// - a path names keys joined with `.`; `{}` steps into every element of an array (`findings{}.id`);
//   the value at a path is written to `output` (default: the path itself); several values make a
//   multivalue field; an object or array value is written as its JSON text;
// - without a path every leaf is extracted, named by its path (`a.b`, `list{}`, `list{}.key`);
// - JSON scalars are written as text (`true`, `false`, `null`, numbers as written by JSON.stringify).
// Not modelled, each stated in the run's notes when it applies: XML input (spath's other format), and
// the extract-all cutoff of limits.conf [spath] extraction_cutoff (5000 bytes) on longer inputs.
// Positional steps (`{N}`) are refused before the search runs.
import type { GenericCommand } from '../ast.js';
import { syntaxError, unsupported } from '../errors.js';
import { type FieldValue, type Row, type Scalar, fromList, toText, valuesOf } from '../values.js';
import { argText, optionText, plainArgs } from './args.js';
import type { CommandContext } from './context.js';

interface SpathPlan {
  input: string;
  output: string | null;
  path: string[] | null;
  pathText: string | null;
}

const EXTRACTION_CUTOFF = 5000;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** `a.b{}.c` -> ['a', 'b', '{}', 'c']. */
function parsePath(path: string, at: number, ctx: CommandContext): string[] {
  const steps: string[] = [];
  for (const part of path.split('.')) {
    const m = /^([^{}]*)((?:\{\d*\})*)$/.exec(part);
    if (m === null) throw syntaxError(`spath: malformed path "${path}"`, at, ctx.query);
    if (m[1] !== '') steps.push(m[1] as string);
    for (const b of (m[2] as string).match(/\{\d*\}/g) ?? []) {
      if (b !== '{}') throw unsupported(`spath: positional array steps such as ${b} are not supported (use {})`, at, ctx.query);
      steps.push('{}');
    }
  }
  return steps;
}

/** SpathCommand : "spath" ("input=" Field)? ("output=" Field)? ("path=" Path | Path)?   (read from the generic arguments) */
export function planSpath(cmd: GenericCommand, ctx: CommandContext): SpathPlan {
  const plan: SpathPlan = { input: '_raw', output: null, path: null, pathText: null };
  for (const a of plainArgs(cmd)) {
    if (a.kind === 'option') {
      const key = a.key.toLowerCase();
      if (key === 'input') plan.input = optionText(a);
      else if (key === 'output') plan.output = optionText(a);
      else if (key === 'path') {
        plan.pathText = optionText(a);
        plan.path = parsePath(plan.pathText, a.span.start, ctx);
      } else throw unsupported(`spath: the ${a.key}= option is not supported`, a.span.start, ctx.query);
      continue;
    }
    const t = argText(a);
    if (t === null || plan.path !== null) throw syntaxError('spath: expected one path', a.span.start, ctx.query);
    plan.pathText = t;
    plan.path = parsePath(t, a.span.start, ctx);
  }
  return plan;
}

function scalarText(v: Json): Scalar {
  if (v === null) return 'null';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function atPath(v: Json, steps: string[], out: Scalar[]): void {
  if (steps.length === 0) {
    out.push(scalarText(v));
    return;
  }
  const [step, ...rest] = steps as [string, ...string[]];
  if (step === '{}') {
    if (Array.isArray(v)) for (const x of v) atPath(x, rest, out);
    return;
  }
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, step)) atPath(v[step] as Json, rest, out);
}

function leaves(v: Json, name: string, out: Map<string, Scalar[]>): void {
  if (Array.isArray(v)) {
    for (const x of v) leaves(x, `${name}{}`, out);
    return;
  }
  if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) leaves(x, name === '' ? k : `${name}.${k}`, out);
    return;
  }
  const list = out.get(name) ?? [];
  list.push(scalarText(v));
  out.set(name, list);
}

function parseJson(text: string): Json | undefined {
  const t = text.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return undefined;
  try {
    return JSON.parse(t) as Json;
  } catch {
    return undefined;
  }
}

export function runSpath(rows: Row[], cmd: GenericCommand, ctx: CommandContext): Row[] {
  const plan = planSpath(cmd, ctx);
  for (const row of rows) {
    for (const input of valuesOf(row.fields.get(plan.input)).slice(0, 1)) {
      const text = toText(input);
      const json = parseJson(text);
      if (json === undefined) {
        if (text.trim().startsWith('<')) ctx.notes.add('spath: an input was XML, which this engine does not read (JSON only): nothing was extracted from it');
        continue;
      }
      if (plan.path !== null) {
        const out: Scalar[] = [];
        atPath(json, plan.path, out);
        const v: FieldValue | undefined = fromList(out);
        if (v !== undefined) row.fields.set(plan.output ?? (plan.pathText as string), v);
        continue;
      }
      if (text.length > EXTRACTION_CUTOFF) ctx.notes.add(`spath: an input was longer than Splunk's extract-all cutoff (${EXTRACTION_CUTOFF} bytes); every field was extracted here, Splunk would read the first ${EXTRACTION_CUTOFF} bytes only`);
      const all = new Map<string, Scalar[]>();
      leaves(json, '', all);
      for (const [k, vs] of all) if (k !== '') row.fields.set(k, fromList(vs) as FieldValue);
    }
  }
  return rows;
}
