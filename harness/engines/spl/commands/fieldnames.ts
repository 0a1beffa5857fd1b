// Field-name wildcards for table, fields, rename and stats. A pattern `*` matches any run of characters,
// but a leading `*` does not match internal fields (names starting with `_`, such as _raw and _time):
// `table *` and `values(*)` leave them out unless they are named (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/fields).
import { globMatch } from '../wildcard.js';

export function nameMatches(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return pattern === name;
  if (name.startsWith('_') && !pattern.startsWith('_')) return false;
  return globMatch(pattern, name, false);
}

/** The parts of `name` the stars of `pattern` matched, in order (null when it does not match). */
export function starCaptures(pattern: string, name: string): string[] | null {
  if (!nameMatches(pattern, name)) return null;
  const body = pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('([\\s\\S]*)');
  const m = new RegExp(`^${body}$`, 'u').exec(name);
  return m ? m.slice(1) : null;
}

/** Substitutes captured parts into the stars of a target pattern (`rename foo* AS bar*`). */
export function fillStars(target: string, captures: string[]): string {
  let i = 0;
  return target.replace(/\*/g, () => captures[i++] ?? '');
}
