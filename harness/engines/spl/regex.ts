// SPL regular expressions are PCRE (https://help.splunk.com/splunk-enterprise/search/search-manual/9.0/expressions-and-predicates/spl-and-regular-expressions).
// JavaScript's RegExp covers the common subset; this module translates the differences that matter
// (leading inline flags, \A \Z \z) and refuses, with a clear message, what JavaScript cannot express
// (possessive quantifiers, atomic groups, inline flags inside the pattern, recursion).

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
