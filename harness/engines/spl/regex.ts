// SPL regular expressions are PCRE (https://help.splunk.com/splunk-enterprise/search/search-manual/9.0/expressions-and-predicates/spl-and-regular-expressions),
// run by the bounded PCRE engine (../matching/pcre.ts) with Splunk's limits:
//   limits.conf [rex] match_limit (default 100000): "Limits the amount of resources that are spent by
//   PCRE when running patterns that do not match. Use this to set an upper bound on how many times
//   PCRE calls an internal function, match(). If set too low, PCRE might fail to correctly match a
//   pattern." depth_limit (default 1000): the same for the depth of nested backtracking.
//   https://help.splunk.com/en/splunk-enterprise/administer/admin-manual/10.4/configuration-file-reference/10.4.3-configuration-file-reference/limits.conf
//   (props.conf / transforms.conf MATCH_LIMIT / DEPTH_LIMIT carry the same defaults for EXTRACT,
//   REPORT and TRANSFORMS: https://docs.splunk.com/Documentation/Splunk/latest/Admin/Propsconf)
// When PCRE stops at a limit, its search fails: the value is treated as not matching (a `regex`
// filter drops the event, `rex` extracts nothing from it, `match()` is false, `replace()` leaves the
// text as it is) and the search carries a note naming the command, the pattern and the limit, as
// Splunk reports "Error in 'rex' command: regex=... has exceeded configured match_limit, consider
// raising the value in limits.conf" (wording as users quote it; not in the stored reference).
// Event text is attacker-controlled: no value can make a search run unbounded.

import { compileBoundedPcre, type BoundedPcre, type LimitHit, type PcreLimits } from '../matching/pcre.js';

export const SPLUNK_PCRE_LIMITS: PcreLimits = { matchLimit: 100_000, depthLimit: 1_000 };

const cache = new Map<string, BoundedPcre | string>();

/** Compiles an SPL (PCRE) pattern with Splunk's limits; the error text when it is invalid or unsupported. */
export function splRegex(pattern: string): BoundedPcre | string {
  const hit = cache.get(pattern);
  if (hit !== undefined) return hit;
  const result = compileBoundedPcre(pattern, SPLUNK_PCRE_LIMITS);
  if (cache.size > 5000) cache.clear();
  cache.set(pattern, result);
  return result;
}

/** The note a search carries when a limit stopped `command`'s pattern on some value. */
export function limitNote(command: string, pattern: string, limit: LimitHit): string {
  const value = limit === 'match_limit' ? SPLUNK_PCRE_LIMITS.matchLimit : SPLUNK_PCRE_LIMITS.depthLimit;
  return `${command}: regex="${pattern}" has exceeded configured ${limit} (${value}, limits.conf [rex]); the value was treated as not matching`;
}
