// Which macros each Splunk rule expands with. Macros belong to the rules that call them, as in a Splunk
// app (macros.conf beside savedsearches.conf): a rule shipped under the package's rules/ expands with
// the nearest macros.conf from its own folder up to rules/ (rules/splunk/macros.conf for the QEMU rule,
// rules/packs/<pack>/splunk/macros.conf for a pack's rules); every other rule (the user's own, given with --rule) with the
// --macros file (default: the shipped one). So a site's macros never break a shipped rule, and the
// shipped definitions never shadow the site's.
import { existsSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { DEFAULT_MACROS_FILE, loadMacrosFile, type RuleMacros } from '../backends/embedded-splunk.js';
import { fromRoot } from '../paths.js';
import type { SplRule } from '../rules/rule.js';
import type { MacroLibrary } from '../engines/spl/macros.js';

/** Whether a rule file is one of the package's own (under rules/). */
export function isShippedRuleFile(file: string): boolean {
  const root = fromRoot('rules') + sep;
  return resolve(file).startsWith(root);
}

/** The macros file a rule expands with, given the user's --macros file. */
export function macrosFileFor(rule: Pick<SplRule, 'sourceFile'>, userMacrosFile: string): string {
  if (!isShippedRuleFile(rule.sourceFile)) return userMacrosFile;
  const root = fromRoot('rules');
  for (let dir = dirname(resolve(rule.sourceFile)); dir.startsWith(root); dir = dirname(dir)) {
    const beside = join(dir, 'macros.conf');
    if (existsSync(beside)) return beside;
  }
  return fromRoot(DEFAULT_MACROS_FILE);
}

/** A resolver reading each macros file once. InputError (naming the file) when one cannot be read. */
export function ruleMacros(userMacrosFile: string): RuleMacros {
  const libraries = new Map<string, MacroLibrary>();
  const library = (file: string): MacroLibrary => {
    let found = libraries.get(resolve(file));
    if (found === undefined) {
      found = loadMacrosFile(file);
      libraries.set(resolve(file), found);
    }
    return found;
  };
  // Read the user's file up front: a missing one is bad input before any work starts.
  library(userMacrosFile);
  return (rule) => library(macrosFileFor(rule, userMacrosFile));
}
