// `dth rule show <file>`: loads a rule from its native file and prints what the harness will run.
// Loaders are chosen by file extension; each returns the rule and its normalized query.
import type { Command } from 'commander';
import { fromRoot } from '../../paths.js';
import { loadMacrosFile, DEFAULT_MACROS_FILE } from '../../backends/embedded-splunk.js';
import { RULE_LOADERS, loadRuleFile, type LoadedRule } from '../../rules/rule-files.js';
import type { AttackMapping } from '../../rules/rule.js';

export { RULE_LOADERS, loadRuleFile, type LoadedRule } from '../../rules/rule-files.js';

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
    lines.push('data selection (macros):', ...loaded.dataSelection.map((i) => `  ${i}`));
  }
  lines.push(rule.siem === 'elastic' ? 'query (normalized):' : 'query (macros expanded):', ...loaded.normalizedQuery.split('\n').map((l) => `  ${l}`));
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
    .option('--macros <file>', 'macros.conf that SPL rules expand with', fromRoot(DEFAULT_MACROS_FILE))
    .option('--json', 'print the loaded rule(s) as JSON')
    .action((file: string, opts: { json?: boolean; macros: string }) => {
      const loaded = loadRuleFile(file, { macros: loadMacrosFile(opts.macros) });
      if (opts.json) {
        const json = loaded.map((l) => ({ ...l.rule, normalizedQuery: l.normalizedQuery, dataSelection: l.dataSelection }));
        process.stdout.write(JSON.stringify(json.length === 1 ? json[0] : json, null, 2) + '\n');
      } else {
        process.stdout.write(loaded.map(formatRule).join('\n\n') + '\n');
      }
    });
}
