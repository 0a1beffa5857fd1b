// Rules loaded from files as one set, the way dth run, dth scan and the benchmarks need them: every file
// through its loader (rule-files.ts), and every rule id once. Two files defining the same id would give
// two rows under one id in every report (and two scans of one rule), so the second is bad input naming
// both files.
import { InputError } from '../errors.js';
import { loadRuleFile, type LoadedRule, type RuleLoadContext } from './rule-files.js';
import type { Rule } from './rule.js';

/** Fails on the second rule with an id already seen, naming the files of both. */
export function assertUniqueRuleIds(rules: readonly Pick<Rule, 'id' | 'sourceFile'>[]): void {
  const seen = new Map<string, string>();
  for (const rule of rules) {
    const first = seen.get(rule.id);
    if (first !== undefined) throw new InputError(`rule id ${rule.id} is loaded twice (${first} and ${rule.sourceFile})`, { file: rule.sourceFile });
    seen.set(rule.id, rule.sourceFile);
  }
}

/** Every rule of the files, in file order; `contextFor` gives each file's load context (its macros). */
export function loadRuleSet(files: readonly string[], contextFor: (file: string) => RuleLoadContext = () => ({})): LoadedRule[] {
  const loaded = files.flatMap((file) => loadRuleFile(file, contextFor(file)));
  assertUniqueRuleIds(loaded.map((l) => l.rule));
  return loaded;
}
