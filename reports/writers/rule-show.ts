// `dth rule show`: what the harness will run from a rule file: name, id, language, the normalized query
// (macros expanded for SPL), index patterns or data selection, and the ATT&CK mapping; or the loaded
// rule(s) as JSON (--json).
import type { LoadedRule } from '../../harness/rules/rule-files.js';
import type { AttackMapping } from '../../harness/rules/rule.js';

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

function formatRule(loaded: LoadedRule): string {
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

/** The text of every rule the file holds, separated by a blank line. */
export function ruleShowText(loaded: readonly LoadedRule[]): string {
  return loaded.map(formatRule).join('\n\n') + '\n';
}

/** One rule as an object, several as an array: the rule, its normalized query and its data selection. */
export function ruleShowJson(loaded: readonly LoadedRule[]): string {
  const json = loaded.map((l) => ({ ...l.rule, normalizedQuery: l.normalizedQuery, dataSelection: l.dataSelection }));
  return JSON.stringify(json.length === 1 ? json[0] : json, null, 2) + '\n';
}
