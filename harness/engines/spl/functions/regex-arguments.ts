// Where the eval functions compile their regular expressions (match, mvfind, replace): the patterns are
// PCRE, run by the bounded engine with Splunk's match_limit/depth_limit (../regex.ts). A search a
// limit stops counts as no match and leaves a note for the report.
import { unsupported } from '../errors.js';
import type { EvalValue } from '../eval-values.js';
import { pcreReplace, type BoundedPcre } from '../../matching/pcre.js';
import { limitNote, splRegex } from '../regex.js';
import { type FunctionCall, argumentNode } from './spec.js';

/** A yes/no search over one value. */
export interface RegexTest {
  test(text: string): boolean;
}

function regexArgument(call: FunctionCall, index: number): BoundedPcre | null {
  const pattern = call.text(index);
  if (pattern === null) return null;
  const compiled = splRegex(pattern);
  if (typeof compiled === 'string') throw unsupported(`regular expression "${pattern}": ${compiled}`, argumentNode(call, index).span.start, call.ctx.query);
  return compiled;
}

/** A yes/no regular-expression argument (match, mvfind); a search stopped by a PCRE limit is false, noted. */
export function regexTestArgument(call: FunctionCall, index: number): RegexTest | null {
  const regex = regexArgument(call, index);
  if (regex === null) return null;
  return {
    test: (text) => {
      const r = regex.test(text);
      if (typeof r === 'boolean') return r;
      call.ctx.notes?.add(limitNote(`${call.node.name}()`, regex.source, r.limit));
      return false;
    },
  };
}

/** replace(text, regex, replacement): every match, with PCRE's \1..\9 references (../../matching/pcre.ts pcreReplace). */
export function replaceAll(call: FunctionCall): EvalValue {
  const text = call.text(0);
  const regex = regexArgument(call, 1);
  const replacement = call.text(2);
  if (text === null || regex === null || replacement === null) return null;
  const r = pcreReplace(regex, text, replacement, 0);
  if (r.limit !== null) call.ctx.notes?.add(limitNote('replace()', regex.source, r.limit));
  return r.text;
}
