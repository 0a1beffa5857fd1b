// `rex [field=<f>] [max_match=<n>] [offset_field=<f>] "<regex>"`: named groups of a PCRE become fields;
// `rex [field=<f>] mode=sed "s/<regex>/<replacement>/<flags>"` (or `y/<from>/<to>/`) edits the field.
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/rex
// - field defaults to _raw; a result without the field is left alone;
// - max_match defaults to 1; 0 means no limit; more than one match makes the fields multivalue;
// - a group that does not take part in a match adds no value; a result the regex does not match keeps its
//   fields (rex only sets the fields of the groups that matched);
// - a multivalue input field: each value is matched in turn (this engine's choice; the reference does not
//   say), the matches counted together against max_match;
// - sed mode: `s` flags `g` (every match) or a number N (the Nth match), replacement `\N` back-references;
//   `y` transliterates character by character.
// Regular expressions run on the bounded PCRE engine (../regex.ts): a value whose search hits
// match_limit/depth_limit yields no (further) match, and the search carries a note.
import type { GenericArg, GenericCommand } from '../ast.js';
import { runtimeError, syntaxError, unsupported } from '../errors.js';
import { pcreReplace, type BoundedPcre } from '../../matching/pcre.js';
import { limitNote, splRegex } from '../regex.js';
import { type FieldValue, type Row, type Scalar, fromList, toText, valuesOf } from '../values.js';
import { argText, intOption, optionText, plainArgs } from './args.js';
import type { CommandContext } from './context.js';

type SedEdit = { kind: 's'; pattern: string; re: BoundedPcre; replacement: string; nth: number } | { kind: 'y'; from: string[]; to: string[] };

interface RexPlan {
  field: string;
  maxMatch: number;
  offsetField: string | null;
  extract: { pattern: string; re: BoundedPcre; groups: string[] } | null;
  sed: SedEdit | null;
}

const OPTIONS = new Set(['field', 'max_match', 'mode', 'offset_field']);

function compile(pattern: string, at: number, ctx: CommandContext): BoundedPcre {
  const re = splRegex(pattern);
  if (typeof re === 'string') throw unsupported(`rex: regular expression "${pattern}": ${re}`, at, ctx.query);
  return re;
}

/** Names of the named groups, in order (`(?<name>` and PCRE's `(?P<name>`). */
function groupNames(pattern: string): string[] {
  return [...pattern.matchAll(/\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((m) => m[1] as string);
}

/** Splits `s/a/b/g` on unescaped delimiters. */
function splitSed(expr: string): string[] | null {
  const delim = expr[1];
  if (delim === undefined) return null;
  const parts: string[] = [];
  let cur = '';
  for (let i = 2; i < expr.length; i++) {
    const c = expr[i] as string;
    if (c === '\\' && expr[i + 1] === delim) {
      cur += delim;
      i++;
      continue;
    }
    if (c === delim) {
      parts.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  parts.push(cur);
  return parts;
}

function planSed(expr: string, at: number, ctx: CommandContext): SedEdit {
  const parts = splitSed(expr);
  if (expr.startsWith('y') && parts !== null && parts.length === 3) {
    const from = [...(parts[0] as string)];
    const to = [...(parts[1] as string)];
    if (from.length !== to.length) throw runtimeError('rex: y/// needs two character lists of the same length', at, ctx.query);
    return { kind: 'y', from, to };
  }
  if (!expr.startsWith('s') || parts === null || parts.length !== 3) throw syntaxError('rex mode=sed: expected "s/<regex>/<replacement>/<flags>" or "y/<from>/<to>/"', at, ctx.query);
  const flags = parts[2] as string;
  if (!/^(g|\d*)$/.test(flags)) throw unsupported(`rex mode=sed: flags "${flags}" are not supported (g or a number)`, at, ctx.query);
  return {
    kind: 's',
    pattern: parts[0] as string,
    re: compile(parts[0] as string, at, ctx),
    // `\N` inserts group N (../matching/pcre.ts pcreReplace); `g`: every match (nth 0).
    replacement: parts[1] as string,
    nth: flags === 'g' ? 0 : flags === '' ? 1 : Number(flags),
  };
}

export function planRex(cmd: GenericCommand, ctx: CommandContext): RexPlan {
  const opts = new Map<string, Extract<GenericArg, { kind: 'option' }>>();
  let pattern: { text: string; at: number } | null = null;
  for (const a of plainArgs(cmd)) {
    if (a.kind === 'option') {
      const key = a.key.toLowerCase();
      if (!OPTIONS.has(key)) throw unsupported(`rex: the ${a.key}= option is not supported`, a.span.start, ctx.query);
      opts.set(key, a);
      continue;
    }
    const t = argText(a);
    if (t === null || pattern !== null) throw syntaxError('rex: expected one quoted regular expression', a.span.start, ctx.query);
    pattern = { text: t, at: a.span.start };
  }
  if (pattern === null) throw syntaxError('rex needs a regular expression, e.g. rex field=x "(?<name>\\w+)"', cmd.nameSpan.end, ctx.query);
  const mode = opts.get('mode');
  const field = opts.get('field');
  const offset = opts.get('offset_field');
  const plan: RexPlan = {
    field: field === undefined ? '_raw' : optionText(field),
    maxMatch: intOption(opts.get('max_match'), 1, 'rex', ctx),
    offsetField: offset === undefined ? null : optionText(offset),
    extract: null,
    sed: null,
  };
  if (mode !== undefined) {
    if (optionText(mode).toLowerCase() !== 'sed') throw runtimeError('rex: mode must be sed', mode.span.start, ctx.query);
    plan.sed = planSed(pattern.text, pattern.at, ctx);
    return plan;
  }
  const groups = groupNames(pattern.text);
  if (groups.length === 0 && plan.offsetField === null) throw runtimeError('rex: the regular expression has no named group (?<name>...) to extract', pattern.at, ctx.query);
  if (groups.some((g) => g.startsWith('_KEY_') || g.startsWith('_VAL_'))) throw unsupported('rex: _KEY_/_VAL_ groups (field names from the data) are not supported', pattern.at, ctx.query);
  plan.extract = { pattern: pattern.text, re: compile(pattern.text, pattern.at, ctx), groups: [...new Set(groups)] };
  return plan;
}

function sedValue(edit: SedEdit, value: string, ctx: CommandContext): string {
  if (edit.kind === 'y') {
    const map = new Map(edit.from.map((c, i) => [c, edit.to[i] as string]));
    return [...value].map((c) => map.get(c) ?? c).join('');
  }
  const r = pcreReplace(edit.re, value, edit.replacement, edit.nth);
  if (r.limit !== null) ctx.notes.add(limitNote('rex', edit.pattern, r.limit));
  return r.text;
}

export function runRex(rows: Row[], cmd: GenericCommand, ctx: CommandContext): Row[] {
  const plan = planRex(cmd, ctx);
  for (const row of rows) {
    const input = valuesOf(row.fields.get(plan.field));
    if (input.length === 0) continue;
    if (plan.sed !== null) {
      const edit = plan.sed;
      row.fields.set(plan.field, fromList(input.map((v) => sedValue(edit, toText(v), ctx))) as FieldValue);
      continue;
    }
    const ex = plan.extract as NonNullable<RexPlan['extract']>;
    const found = new Map<string, Scalar[]>();
    const offsets: string[] = [];
    let matches = 0;
    for (const v of input) {
      if (plan.maxMatch !== 0 && matches >= plan.maxMatch) break;
      const r = ex.re.matchAll(toText(v), plan.maxMatch === 0 ? 0 : plan.maxMatch - matches);
      if (r.limit !== null) ctx.notes.add(limitNote('rex', ex.pattern, r.limit));
      for (const m of r.matches) {
        matches++;
        for (const g of ex.groups) {
          const gv = m.named.get(g);
          if (gv === undefined) continue;
          const list = found.get(g) ?? [];
          list.push(gv);
          found.set(g, list);
        }
        offsets.push(`${m.index}-${m.end - 1}`);
      }
    }
    for (const [g, vs] of found) row.fields.set(g, fromList(vs) as FieldValue);
    if (plan.offsetField !== null && offsets.length > 0) row.fields.set(plan.offsetField, fromList(offsets) as FieldValue);
  }
  return rows;
}
