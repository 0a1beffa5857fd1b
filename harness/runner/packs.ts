// Which packs a run covers and which rules each one runs: `--pack` takes files or directories (every
// *.yaml pack in it); a pack that names its `rules:` runs those, any other the default rule set
// (every rule under rules/ outside rules/packs/, or the --rule files). Rules the embedded engines
// cannot run are set aside with the feature they need instead of failing the whole run.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ScenarioPack } from '../../generators/scenario.js';
import { checkSearch, prepareSearch } from '../engines/spl/engine.js';
import { SplError } from '../engines/spl/errors.js';
import type { MacroLibrary } from '../engines/spl/macros.js';
import { InputError } from '../errors.js';
import { fromRoot } from '../paths.js';
import { discoverRuleFiles, type LoadedRule } from '../rules/rule-files.js';

/** Pack files from --pack arguments: a file as given, a directory as its *.yaml / *.yml packs, sorted. */
export function resolvePackFiles(args: readonly string[]): string[] {
  const files: string[] = [];
  for (const arg of args) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(arg).isDirectory();
    } catch (error) {
      throw new InputError(`cannot read scenario pack: ${(error as Error).message}`, { file: arg });
    }
    if (!isDirectory) {
      files.push(arg);
      continue;
    }
    const found = readdirSync(arg)
      .filter((name) => /\.ya?ml$/i.test(name))
      .sort()
      .map((name) => join(arg, name));
    if (found.length === 0) throw new InputError(`no scenario packs (*.yaml) in directory ${arg}`, { file: arg });
    files.push(...found);
  }
  const seen = new Set<string>();
  return files.filter((f) => {
    const key = resolve(f);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Rules under rules/ that belong to a pack that names them (rules/packs/<pack>/) are not default rules. */
export function defaultRuleFiles(): string[] {
  const packsDir = fromRoot('rules', 'packs');
  return discoverRuleFiles(fromRoot('rules')).filter((f) => !resolve(f).startsWith(resolve(packsDir) + '/'));
}

/** The rule files a pack runs: its own `rules:` (files or directories), else `fallback`. */
export function packRuleFiles(pack: Pick<ScenarioPack, 'rules' | 'file'>, fallback: readonly string[]): string[] {
  const own = pack.rules ?? [];
  if (own.length === 0) return [...fallback];
  return own.flatMap((path) => {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      throw new InputError(`the pack's rules entry ${path} does not exist`, { file: pack.file });
    }
    return isDirectory ? discoverRuleFiles(path) : [path];
  });
}

export interface NotRunnableRule {
  id: string;
  name: string;
  sourceFile: string;
  /** The feature the engine lacks, as its error names it (e.g. `unsupported command: tstats`). */
  feature: string;
}

/**
 * Rules the embedded engines can run, and the others with the feature they need. Only an explicit
 * "unsupported" from the engine sets a rule aside; any other problem stays an error of the run.
 */
export function partitionEmbeddedRunnable(rules: readonly LoadedRule[], macros: MacroLibrary): { runnable: LoadedRule[]; notRunnable: NotRunnableRule[] } {
  const runnable: LoadedRule[] = [];
  const notRunnable: NotRunnableRule[] = [];
  for (const loaded of rules) {
    const rule = loaded.rule;
    if (rule.siem !== 'splunk') {
      runnable.push(loaded);
      continue;
    }
    try {
      checkSearch(prepareSearch(rule.query, macros, rule.sourceFile), {}, rule.sourceFile);
      runnable.push(loaded);
    } catch (error) {
      if (error instanceof SplError && error.kind === 'unsupported') notRunnable.push({ id: rule.id, name: rule.name, sourceFile: rule.sourceFile, feature: error.message.split('\n')[0] ?? error.message });
      else runnable.push(loaded);
    }
  }
  return { runnable, notRunnable };
}
