// What `dth run` (and `dth pins update`) will run, checked before anything runs so bad input stops the
// run early: each pack loaded, its rules loaded (the pack's own list or the user's / the default set),
// the rules the embedded engine cannot run set aside, and the rule ids the pins may name.
import { loadPack, type ScenarioPack } from '../../generators/scenario-pack.js';
import { loadMacrosFile } from '../backends/embedded-splunk.js';
import { InputError } from '../errors.js';
import type { LoadedRule } from '../rules/rule-files.js';
import { loadRuleSet } from '../rules/rule-set.js';
import { defaultRuleFiles, packRuleFiles, partitionEmbeddedRunnable, resolvePackFiles, type NotRunnableRule } from './packs.js';
import { macrosFileFor } from './rule-macros.js';

/** Loads rule files; each Splunk rule's query expands with its own macros (rule-macros.ts), or none for ids only. */
export function loadRunRules(files: readonly string[], macrosFile: string | null): LoadedRule[] {
  const loaded = loadRuleSet(files, (file) => (macrosFile === null ? {} : { macros: loadMacrosFile(macrosFileFor({ sourceFile: file }, macrosFile)) }));
  if (loaded.length === 0) throw new InputError('no rules to run: give --rule <file> or put rule files under rules/');
  return loaded;
}

export interface PackPlan {
  packFile: string;
  pack: ScenarioPack;
  /** The macros the pack's Splunk rules expand with: the pack's own, or --macros. */
  macrosFile: string;
  rules: LoadedRule[];
  runnable: LoadedRule[];
  /** Rules a pack names that await an engine feature: listed, not run. */
  notRunnable: NotRunnableRule[];
  /**
   * Rule ids the pack's pins may name: the rules of the run and, when --rule narrows the run, the shipped
   * ones (their pins are then not evaluated). A pin naming a rule that exists nowhere is a typo in the pack.
   */
  knownRuleIds: string[];
}

export interface PlanPacksOptions {
  /** --pack: files or directories of packs. */
  packs: readonly string[];
  /** --rule: the user's rule files; empty for each pack's own rules or the default set. */
  ruleFiles: readonly string[];
  /** --macros. */
  macrosFile: string;
  /** Set aside (list, not run) the rules a pack names that the embedded engine cannot run (dth run --backend embedded). */
  setAsideNotRunnable: boolean;
  /** Checks each pack as it is loaded (dth run: the --weights file names only its scenarios). */
  checkPack?: (pack: ScenarioPack) => void;
}

export function planPacks(options: PlanPacksOptions): PackPlan[] {
  const packFiles = resolvePackFiles(options.packs);
  const several = packFiles.length > 1;
  const fallbackRules = options.ruleFiles.length > 0 ? options.ruleFiles : defaultRuleFiles();
  const plans = packFiles.map((packFile) => {
    const pack = loadPack(packFile);
    options.checkPack?.(pack);
    const macrosFile = pack.macros ?? options.macrosFile;
    const packNamesRules = options.ruleFiles.length === 0 && (pack.rules ?? []).length > 0;
    const rules = loadRunRules(packNamesRules ? packRuleFiles(pack, fallbackRules) : fallbackRules, macrosFile);
    // A pack that names its rules may ship some that await an engine feature: those are listed, not
    // run. A rule the user gives (--rule, rules/) that cannot run stays an error of the run (exit 1).
    const split = options.setAsideNotRunnable && packNamesRules ? partitionEmbeddedRunnable(rules, loadMacrosFile(macrosFile)) : { runnable: rules, notRunnable: [] };
    if (split.runnable.length === 0) throw new InputError(`no rule of pack ${pack.name} runs on the embedded engines (${split.notRunnable.map((r) => `${r.name}: ${r.feature}`).join('; ')})`, { file: packFile });
    return { packFile, pack, macrosFile, rules, ...split };
  });
  const names = new Map<string, string>();
  for (const plan of plans) {
    const first = names.get(plan.pack.name);
    if (several && first !== undefined) throw new InputError(`two packs are named ${plan.pack.name} (${first} and ${plan.packFile}); their reports would overwrite each other`, { file: plan.packFile });
    names.set(plan.pack.name, plan.packFile);
  }
  // Only the shipped rules' ids are needed: their queries are not expanded, so --macros never touches them.
  const shipped = options.ruleFiles.length > 0 ? loadRunRules(defaultRuleFiles(), null) : [];
  return plans.map((plan) => ({ ...plan, knownRuleIds: [...new Set([...plan.rules, ...shipped].map((l) => l.rule.id))] }));
}
