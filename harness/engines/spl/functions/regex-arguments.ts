// Where the eval functions compile their regular expressions (match, mvfind, replace): the patterns are
// PCRE, translated and gated by ../regex.ts.
import { unsupported } from '../errors.js';
import type { EvalValue } from '../eval-values.js';
import { compilePcre, compilePcreTest, pcreAutomaton, type PcreTest } from '../regex.js';
import { type FunctionCall, argumentNode } from './spec.js';

/** A yes/no regular-expression argument (match, mvfind): an automaton when the pattern allows (regex.ts). */
export function regexTestArgument(call: FunctionCall, index: number): PcreTest | null {
  const pattern = call.text(index);
  if (pattern === null) return null;
  const compiled = compilePcreTest(pattern);
  if (typeof compiled === 'string') throw unsupported(`regular expression "${pattern}": ${compiled}`, argumentNode(call, index).span.start, call.ctx.query);
  return compiled;
}

/** The pattern argument of replace() as a JavaScript RegExp (regex.ts translates PCRE). */
function regexArgument(call: FunctionCall, index: number): RegExp | null {
  const pattern = call.text(index);
  if (pattern === null) return null;
  const compiled = compilePcre(pattern);
  if (typeof compiled === 'string') throw unsupported(`regular expression "${pattern}": ${compiled}`, argumentNode(call, index).span.start, call.ctx.query);
  return compiled;
}

/** replace(text, regex, replacement): every match, with PCRE's \1..\9 references. */
export function replaceAll(call: FunctionCall): EvalValue {
  const text = call.text(0);
  const regex = regexArgument(call, 1);
  const replacement = call.text(2);
  if (text === null || regex === null || replacement === null) return null;
  // Text the automaton rejects has nothing to replace; it never reaches the backtracking RegExp (regex.ts).
  const gate = pcreAutomaton(call.text(1) as string);
  if (gate !== null && !gate.test(text)) return text;
  const global = new RegExp(regex.source, regex.flags.includes('g') ? regex.flags : regex.flags + 'g');
  // PCRE replacement references are \1..\9; JavaScript's are $1..$9.
  const jsReplacement = replacement.replace(/\$/g, '$$$$').replace(/\\(\d)/g, '$$$1');
  return text.replace(global, jsReplacement);
}
