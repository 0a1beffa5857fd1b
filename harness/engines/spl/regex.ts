// SPL regular expressions are PCRE (https://help.splunk.com/splunk-enterprise/search/search-manual/9.0/expressions-and-predicates/spl-and-regular-expressions).
// JavaScript's RegExp covers the common subset; this module translates the differences that matter
// (leading inline flags, \A \Z \z) and refuses, with a clear message, what JavaScript cannot express
// (possessive quantifiers, atomic groups, inline flags inside the pattern, recursion).

import { compileNfa, nfaMatches, RegexTooComplexError } from '../matching/regex-nfa.js';
import { parsePerlRegex, RegexSyntaxError } from '../matching/regex-parse.js';

const cache = new Map<string, RegExp | string>();

/** Compiles a PCRE pattern; returns the error text instead of throwing when it cannot be translated. */
export function compilePcre(pattern: string): RegExp | string {
  const hit = cache.get(pattern);
  if (hit !== undefined) return hit;
  const result = translate(pattern);
  if (cache.size > 5000) cache.clear();
  cache.set(pattern, result);
  return result;
}

function translate(pattern: string): RegExp | string {
  let flags = 'u';
  let body = pattern;
  const lead = /^\(\?([imsx]+)\)/.exec(body);
  if (lead) {
    const f = lead[1] as string;
    if (f.includes('x')) return 'the (?x) extended-pattern flag is not supported';
    if (f.includes('i')) flags += 'i';
    if (f.includes('m')) flags += 'm';
    if (f.includes('s')) flags += 's';
    body = body.slice(lead[0].length);
  }
  if (/\(\?[imsx-]+[):]/.test(body)) return 'inline flags inside the pattern are not supported';
  if (/\(\?>/.test(body)) return 'atomic groups (?>...) are not supported';
  if (/\(\?(?:R|\d|&|P>)/.test(body)) return 'recursive patterns are not supported';
  if (/(?<!\\)(?:[*+?}])\+/.test(body)) return 'possessive quantifiers are not supported';
  body = body.replace(/\\A/g, '^').replace(/\\[Zz]/g, '$').replace(/\(\?P</g, '(?<');
  for (const f of [flags, flags.replace('u', '')]) {
    try {
      return new RegExp(body, f);
    } catch {
      // Unicode mode rejects some escapes PCRE accepts (e.g. `\-` outside a class); retry without it.
    }
  }
  try {
    new RegExp(body, flags);
  } catch (e) {
    return (e as Error).message;
  }
  return 'invalid regular expression';
}

// ---- bounded matching ------------------------------------------------------------------------------
// Splunk bounds PCRE with MATCH_LIMIT (default 100000) and DEPTH_LIMIT (default 1000): "Limits the
// amount of resources that are spent by PCRE when running patterns that do not match ... If set too
// low, PCRE may fail to correctly match a pattern" (props.conf.spec / transforms.conf.spec,
// https://docs.splunk.com/Documentation/Splunk/latest/Admin/Propsconf). Event text is attacker-
// controlled and JavaScript's RegExp has no such limit, so a pattern in PCRE's regular subset runs
// as an automaton (../matching/regex-nfa.ts): linear in the text, and the same yes/no answer PCRE
// gives whenever PCRE stays inside its limits. Extractions that need capture groups (rex, replace)
// run the RegExp only on text the automaton says matches: the failing searches, where backtracking
// explodes and PCRE's limit would stop it, never reach the RegExp.

/** A compiled search test (unanchored, as PCRE searches). */
export interface PcreTest {
  test(text: string): boolean;
}

const automatonCache = new Map<string, PcreTest | null>();

/** The pattern as an automaton search, or null when it is outside the regular subset (or too big). */
export function pcreAutomaton(pattern: string): PcreTest | null {
  const hit = automatonCache.get(pattern);
  if (hit !== undefined) return hit;
  let result: PcreTest | null = null;
  const lead = /^\(\?([imsx]+)\)/.exec(pattern);
  const f = lead ? (lead[1] as string) : '';
  if (!f.includes('x') && !f.includes('m')) {
    try {
      const nfa = compileNfa(parsePerlRegex(pattern.slice(lead ? lead[0].length : 0), { fold: f.includes('i') ? 'unicode' : 'none', dotAll: f.includes('s'), multiline: false }));
      result = { test: (text) => nfaMatches(nfa, text, false) };
    } catch (error) {
      if (!(error instanceof RegexSyntaxError) && !(error instanceof RegexTooComplexError)) throw error;
    }
  }
  if (automatonCache.size > 5000) automatonCache.clear();
  automatonCache.set(pattern, result);
  return result;
}

/** A yes/no PCRE search: the automaton when the pattern allows, else the translated RegExp; or the error text. */
export function compilePcreTest(pattern: string): PcreTest | string {
  const re = compilePcre(pattern);
  if (typeof re === 'string') return re;
  const automaton = pcreAutomaton(pattern);
  if (automaton !== null) return automaton;
  return {
    test: (text) => {
      re.lastIndex = 0;
      return re.test(text);
    },
  };
}
