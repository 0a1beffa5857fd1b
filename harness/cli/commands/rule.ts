// `dth rule show <file>`: loads a rule from its native file and prints what the harness will run.
// Loaders are chosen by file extension; each returns the rule and its normalized query.
import { extname } from 'node:path';
import type { Command } from 'commander';
import { parseEql } from '../../engines/eql/parser.js';
import { printEql } from '../../engines/eql/printer.js';
import { InputError } from '../../errors.js';
import { loadElasticRule } from '../../rules/elastic-loader.js';
import type { AttackMapping, Rule } from '../../rules/rule.js';

export interface LoadedRule {
  rule: Rule;
  /** The query as the engine reads it (normalized spelling), or the raw query if the language has no printer. */
  normalizedQuery: string;
  /** Where the rule selects its data: index patterns, or macros / indexes for SPL. */
  dataSelection: string[];
}

export interface RuleFileLoader {
  /** Lowercase file extensions with the dot, e.g. `.toml`. */
  extensions: string[];
  description: string;
  load(path: string): LoadedRule;
}

/** Rule file loaders by extension; a second SIEM's loader is added here. */
export const RULE_LOADERS: RuleFileLoader[] = [
  {
    extensions: ['.toml'],
    description: 'Elastic detection-rules TOML (EQL)',
    load(path) {
      const rule = loadElasticRule(path);
      return { rule, normalizedQuery: printEql(parseEql(rule.query, path)), dataSelection: rule.index };
    },
  },
];

export function loadRuleFile(path: string): LoadedRule {
  const ext = extname(path).toLowerCase();
  const loader = RULE_LOADERS.find((l) => l.extensions.includes(ext));
  if (!loader) {
    const known = RULE_LOADERS.map((l) => `${l.extensions.join(', ')} (${l.description})`).join('; ');
    throw new InputError(`no rule loader for [${ext || 'no extension'}] files; known: ${known}`, { file: path });
  }
  return loader.load(path);
}

function formatAttack(threat: AttackMapping[]): string[] {
  const lines: string[] = [];
  for (const t of threat) {
    const tactic = t.tactic ? `${t.tactic.id}${t.tactic.name ? ` ${t.tactic.name}` : ''}` : '(no tactic)';
    lines.push(`  ${t.framework}: ${tactic}`);
    for (const tech of t.techniques) {
      lines.push(`    ${tech.id}${tech.name ? ` ${tech.name}` : ''}`);
      for (const sub of tech.subtechniques ?? []) lines.push(`      ${sub.id}${sub.name ? ` ${sub.name}` : ''}`);
    }
  }
  return lines;
}

export function formatRule(loaded: LoadedRule): string {
  const { rule } = loaded;
  const lines = [`name: ${rule.name}`, `id: ${rule.id}`, `siem: ${rule.siem}`, `language: ${rule.language}`];
  if (rule.siem === 'elastic') {
    lines.push(`type: ${rule.type}`, `severity: ${rule.severity}`, `risk score: ${rule.riskScore}`);
    if (rule.from) lines.push(`from: ${rule.from}`);
    if (rule.timestampOverride) lines.push(`timestamp override: ${rule.timestampOverride}`);
    lines.push('index patterns:', ...rule.index.map((i) => `  ${i}`));
  } else {
    lines.push('data selection:', ...loaded.dataSelection.map((i) => `  ${i}`));
  }
  lines.push('query (normalized):', ...loaded.normalizedQuery.split('\n').map((l) => `  ${l}`));
  lines.push('ATT&CK:', ...formatAttack(rule.threat));
  lines.push(`source: ${rule.sourceFile}`);
  return lines.join('\n');
}

export function register(program: Command): void {
  const rule = program.command('rule').description('production rules in their native formats');
  rule
    .command('show')
    .description('load a rule file and print its name, language, normalized query, data selection and ATT&CK mapping')
    .argument('<file>', `rule file (${RULE_LOADERS.flatMap((l) => l.extensions).join(', ')})`)
    .option('--json', 'print the loaded rule as JSON')
    .action((file: string, opts: { json?: boolean }) => {
      const loaded = loadRuleFile(file);
      if (opts.json) process.stdout.write(JSON.stringify({ ...loaded.rule, normalizedQuery: loaded.normalizedQuery }, null, 2) + '\n');
      else process.stdout.write(formatRule(loaded) + '\n');
    });
}
