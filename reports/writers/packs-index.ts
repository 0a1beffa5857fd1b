// The index of a run over several packs: which pack's reports are where, the rules each ran and the
// rules set aside with the feature the engine lacks. packs.json for machines, packs.md for people.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeMarkdown } from '../escape.js';

export interface PackRunSummary {
  name: string;
  packFile: string;
  /** Directory holding this pack's report.json, junit.xml, summary.md and report.html. */
  reportDir: string;
  rules: Array<{ id: string; name: string; sourceFile: string }>;
  notRunnable: Array<{ id: string; name: string; sourceFile: string; feature: string }>;
  scenarios: number;
  events: number;
  /** Why the pack's run failed (empty when everything held). */
  problems: string[];
}

export function packsIndexMarkdown(packs: readonly PackRunSummary[]): string {
  const lines = ['# detection-harness run by pack', ''];
  for (const pack of packs) {
    lines.push(`## ${escapeMarkdown(pack.name)}`, '', `- pack: ${escapeMarkdown(pack.packFile)}`, `- reports: ${escapeMarkdown(pack.reportDir)} (summary.md, report.html, report.json, junit.xml)`, `- ${pack.scenarios} scenarios, ${pack.events} events, ${pack.rules.length} rules run`, '');
    lines.push('| rule | file |', '|---|---|');
    for (const rule of pack.rules) lines.push(`| ${escapeMarkdown(rule.name)} | ${escapeMarkdown(rule.sourceFile)} |`);
    lines.push('');
    if (pack.notRunnable.length > 0) {
      lines.push('Rules not run (the embedded engine lacks a feature):', '', '| rule | needs | file |', '|---|---|---|');
      for (const rule of pack.notRunnable) lines.push(`| ${escapeMarkdown(rule.name)} | ${escapeMarkdown(rule.feature)} | ${escapeMarkdown(rule.sourceFile)} |`);
      lines.push('');
    }
    lines.push(pack.problems.length === 0 ? 'Result: everything held.' : `Result: failed (${pack.problems.length} problem${pack.problems.length === 1 ? '' : 's'}).`, '');
  }
  return lines.join('\n');
}

export function writePacksIndex(packs: readonly PackRunSummary[], outDir: string): { json: string; markdown: string } {
  mkdirSync(outDir, { recursive: true });
  const json = join(outDir, 'packs.json');
  const markdown = join(outDir, 'packs.md');
  writeFileSync(json, `${JSON.stringify({ packs }, null, 2)}\n`);
  writeFileSync(markdown, packsIndexMarkdown(packs));
  return { json, markdown };
}
