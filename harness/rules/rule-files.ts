// Rule files in their native formats, by extension: detection-rules TOML (Elastic EQL), Splunk YAML
// (catalog or security_content) and savedsearches.conf. `dth rule show` and `dth run` load through here.
import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parseEql } from '../engines/eql/parser.js';
import { printEql } from '../engines/eql/printer.js';
import { prepareSearch } from '../engines/spl/engine.js';
import type { MacroLibrary } from '../engines/spl/macros.js';
import { InputError } from '../errors.js';
import { loadElasticRule } from './elastic-loader.js';
import { relocateRuleError } from './query-origin.js';
import type { Rule } from './rule.js';
import { loadSplunkRules } from './splunk-loader.js';

export interface LoadedRule {
  rule: Rule;
  /** The query as the engine reads it: normalized EQL, or SPL with its macros expanded. */
  normalizedQuery: string;
  /** Where the rule selects its data: index patterns, or for SPL the macros it calls. */
  dataSelection: string[];
}

export interface RuleLoadContext {
  /** Macros SPL rules expand with (for the normalized query). */
  macros?: MacroLibrary;
}

export interface RuleFileLoader {
  /** Lowercase file extensions with the dot, e.g. `.toml`. */
  extensions: string[];
  description: string;
  load(path: string, context: RuleLoadContext): LoadedRule[];
}

function macroCalls(query: string): string[] {
  return [...new Set([...query.matchAll(/`([^`]+)`/g)].map((m) => `\`${m[1]}\``))];
}

/** Runs `check` on a rule's query; an error it raises is shown at the rule file's line and column. */
export function inRuleFile<T>(rule: Rule, check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw error instanceof InputError ? relocateRuleError(error, rule) : error;
  }
}

function loadSplunk(path: string, context: RuleLoadContext): LoadedRule[] {
  return loadSplunkRules(path).map((rule) => ({
    rule,
    normalizedQuery: context.macros ? inRuleFile(rule, () => prepareSearch(rule.query, context.macros as MacroLibrary, path).expanded.text) : rule.query,
    dataSelection: macroCalls(rule.query),
  }));
}

export const RULE_LOADERS: RuleFileLoader[] = [
  {
    extensions: ['.toml'],
    description: 'Elastic detection-rules TOML (EQL)',
    load(path) {
      const rule = loadElasticRule(path);
      return [{ rule, normalizedQuery: inRuleFile(rule, () => printEql(parseEql(rule.query, path))), dataSelection: rule.index }];
    },
  },
  { extensions: ['.yml', '.yaml'], description: 'Splunk detection YAML (catalog or security_content)', load: loadSplunk },
  { extensions: ['.conf'], description: 'Splunk savedsearches.conf', load: loadSplunk },
];

export function loadRuleFile(path: string, context: RuleLoadContext = {}): LoadedRule[] {
  const ext = extname(path).toLowerCase();
  const loader = RULE_LOADERS.find((l) => l.extensions.includes(ext));
  if (!loader) {
    const known = RULE_LOADERS.map((l) => `${l.extensions.join(', ')} (${l.description})`).join('; ');
    throw new InputError(`no rule loader for [${ext || 'no extension'}] files; known: ${known}`, { file: path });
  }
  return loader.load(path, context);
}

/** A `.conf` file under rules/ is a rule file only when it is a savedsearches.conf (macros.conf is not). */
function isRuleFile(name: string): boolean {
  const ext = extname(name).toLowerCase();
  if (ext === '.conf') return /^savedsearches.*\.conf$/i.test(basename(name));
  return RULE_LOADERS.some((l) => l.extensions.includes(ext));
}

/** Every rule file under `dir`, recursively, in a stable (sorted) order. */
export function discoverRuleFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string): void => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (isRuleFile(name)) found.push(path);
    }
  };
  walk(dir);
  return found;
}
