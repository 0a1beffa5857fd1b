// `regex <field>=<regex>` keeps the results whose field matches, `regex <field>!=<regex>` those whose
// field does not; `regex <regex>` matches _raw. Unanchored PCRE, bounded by match_limit/depth_limit
// (../regex.ts): a value whose search hits a limit does not match, and the search carries a note.
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/regex
// A result without the field does not match (so `!=` keeps it); a multivalue field matches when any
// value does (this engine's choice: the reference does not say).
import type { GenericCommand } from '../ast.js';
import { syntaxError, unsupported } from '../errors.js';
import type { BoundedPcre } from '../../matching/pcre.js';
import { limitNote, splRegex } from '../regex.js';
import { unescapeSearch } from '../lexer.js';
import { type Row, toText, valuesOf } from '../values.js';
import type { CommandContext } from './context.js';

interface RegexPlan {
  field: string;
  negate: boolean;
  pattern: string;
  re: BoundedPcre;
}

export function planRegex(cmd: GenericCommand, ctx: CommandContext): RegexPlan {
  const start = cmd.nameSpan.end;
  const body = ctx.query.slice(start, cmd.span.end);
  // `field = "x"` with spaces is accepted as `field="x"`.
  const m = /^\s*(?:([A-Za-z_][\w.:-]*)\s*(!?=)\s*)?("(?:[^"\\]|\\.)*"|\S+)\s*$/.exec(body);
  if (m === null) throw syntaxError('regex: expected <field>=<regex>, <field>!=<regex> or <regex>', start, ctx.query);
  const raw = m[3] as string;
  const pattern = raw.startsWith('"') ? unescapeSearch(raw.slice(1, -1)) : unescapeSearch(raw);
  const re = splRegex(pattern);
  if (typeof re === 'string') throw unsupported(`regex: regular expression "${pattern}": ${re}`, start, ctx.query);
  return { field: m[1] ?? '_raw', negate: m[2] === '!=', pattern, re };
}

export function runRegex(rows: Row[], cmd: GenericCommand, ctx: CommandContext): Row[] {
  const plan = planRegex(cmd, ctx);
  return rows.filter((row) => {
    const hit = valuesOf(row.fields.get(plan.field)).some((v) => {
      const r = plan.re.test(toText(v));
      if (typeof r === 'boolean') return r;
      ctx.notes.add(limitNote('regex', plan.pattern, r.limit));
      return false;
    });
    return plan.negate ? !hit : hit;
  });
}
