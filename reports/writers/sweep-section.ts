// The deployment section in each writer: the profile the run used, and the sweep's table — per other
// shipped profile, every rule × data source whose verdicts change, malicious scenarios caught and
// benign scenarios firing (run's profile → that profile, of n), and why. Event text never appears here;
// profile titles and reasons come from profile files (user input) and are escaped like event text.
import { escapeHtml, escapeMarkdown, escapeTerminal } from '../escape.js';
import type { Report } from '../model.js';
import type { DeploymentSection } from '../deployment-section.js';
import { sweepLines } from '../sweep.js';
import { layoutTable, type TextCell } from './text-table.js';

const HEADERS = ['profile', 'rule', 'data source', 'malicious caught', 'benign firing', 'why'];

function ruleName(report: Report, id: string): string {
  return report.rules.find((r) => r.id === id)?.name ?? id;
}

function intro(section: DeploymentSection): string {
  const swept = section.sweep?.profiles.map((p) => p.profile.id) ?? [];
  return swept.length === 0
    ? 'no other profile swept'
    : `swept against ${swept.join(', ')} (embedded engines; scenarios caught or firing on at least one event, ${section.profile.id} → profile, of n)`;
}

export function sweepTerminal(report: Report, bold: (s: string) => string): string[] {
  const section = report.deployment;
  if (section === undefined) return [];
  const head = `${bold('Deployment profile')} ${escapeTerminal(section.profile.id)} (${escapeTerminal(section.profile.file)})`;
  if (section.sweep === null) return [head, '  sweep skipped (--no-sweep)'];
  const lines = sweepLines(section);
  const rows: TextCell[][] = [HEADERS.map((text) => ({ text })), ...lines.map((l) => [l.profile, ruleName(report, l.rule), l.source, l.caught, l.benign, l.why].map((t) => ({ text: escapeTerminal(t) })))];
  return [head, `  ${escapeTerminal(intro(section))}`, ...(lines.length === 0 ? ['  no verdict changes under any other profile'] : layoutTable(rows, ['left', 'left', 'left', 'right', 'right', 'left'], '  '))];
}

export function sweepMarkdown(report: Report): string[] {
  const section = report.deployment;
  if (section === undefined) return [];
  const out = ['### Deployment sensitivity', '', `Profile **${escapeMarkdown(section.profile.id)}** (${escapeMarkdown(section.profile.file)}); ${escapeMarkdown(intro(section))}.`, ''];
  if (section.sweep === null) return [...out, 'Sweep skipped (--no-sweep).'];
  const lines = sweepLines(section);
  if (lines.length === 0) return [...out, 'No verdict changes under any other profile.'];
  out.push(`| ${HEADERS.join(' | ')} |`, '|---|---|---|--:|--:|---|');
  for (const l of lines) out.push(`| ${[l.profile, ruleName(report, l.rule), l.source, l.caught, l.benign, l.why].map((t) => escapeMarkdown(t)).join(' | ')} |`);
  for (const p of section.sweep.profiles) {
    if (p.errors.length > 0) out.push('', `Errors under ${escapeMarkdown(p.profile.id)}: ${p.errors.map((e) => escapeMarkdown(e)).join('; ')}`);
  }
  return out;
}

export function sweepHtml(report: Report): string {
  const section = report.deployment;
  if (section === undefined) return '';
  const h = escapeHtml;
  const out = ['<section id="deployment">', '<h2>Deployment sensitivity</h2>', `<p class="meta">profile <code>${h(section.profile.id)}</code> (${h(section.profile.file)}) \u00b7 ${h(intro(section))}</p>`];
  if (section.sweep === null) return [...out, '<p>Sweep skipped (--no-sweep).</p>', '</section>'].join('\n');
  const lines = sweepLines(section);
  if (lines.length === 0) out.push('<p>No verdict changes under any other profile.</p>');
  else {
    out.push('<table>', `<thead><tr>${HEADERS.map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead>`, '<tbody>');
    for (const l of lines) out.push(`<tr>${[l.profile, ruleName(report, l.rule), l.source, l.caught, l.benign, l.why].map((t) => `<td>${h(t)}</td>`).join('')}</tr>`);
    out.push('</tbody>', '</table>');
  }
  return [...out, '</section>'].join('\n');
}

/**
 * JUnit: the sweep as a suite of passing cases, one per changed rule × data source (a verdict another
 * deployment would give is information, not a failure of this run), with the profile as a property.
 */
export function sweepJunit(report: Report): { properties: [string, string][]; cases: Array<{ name: string; classname: string; systemOut: string[] }> } | null {
  const section = report.deployment;
  if (section === undefined) return null;
  const cases = sweepLines(section).map((l) => ({
    name: `${ruleName(report, l.rule)} in ${l.source} under ${l.profile}`,
    classname: 'deployment sweep',
    systemOut: [`malicious scenarios caught ${l.caught}; benign scenarios firing ${l.benign}`, `why: ${l.why}`],
  }));
  return { properties: [['deployment.profile', section.profile.id], ['deployment.profile.file', section.profile.file], ['deployment.sweep', section.sweep === null ? 'skipped' : section.sweep.profiles.map((p) => p.profile.id).join(',')]], cases };
}
