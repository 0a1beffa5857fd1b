// `dth scan`'s output: the scan report (harness/scan/report.ts) as terminal text or as JSON (--json).
// Event text is attacker-controlled: the terminal text passes it through visible() (reports/escape.ts);
// JSON.stringify escapes it for --json.
import type { RuleReport, ScanReport } from '../../harness/scan/report.js';
import { visible } from '../escape.js';

/** `dth scan --json`: the whole report, indented. */
export function renderScanJson(report: ScanReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

function count(n: number, unit: string, plural = `${unit}s`): string {
  return `${n} ${n === 1 ? unit : plural}`;
}

/** Rows of the terminal report's per-host and per-day lists (--json has them all). */
const HOSTS_SHOWN = 10;
const DAYS_SHOWN = 31;

function formatRule(r: RuleReport, lines: string[]): void {
  lines.push('', `rule ${visible(r.name)} (${r.id})`, `  file: ${visible(r.file)}`);
  lines.push(`  prefilter: ${r.prefilter === null ? 'none: every line is parsed' : visible(r.prefilter)}`);
  lines.push(`  read ${r.read} = matched ${r.matched} + not matched ${r.notMatched} + malformed ${r.malformed}`);
  for (const n of r.notes) lines.push(`  note: ${visible(n)}`);
  if (r.matched === 0) return;
  lines.push(`  first ${count(r.firstMatches.items.length, 'match', 'matches')}${r.firstMatches.capped ? ` (of ${r.matched}; --max-matches caps the list)` : ''}:`);
  for (const m of r.firstMatches.items) {
    const id = m.id === null ? '' : `  id ${visible(m.id)}`;
    lines.push(`    ${visible(m.file)}:${m.line}  ${m.time ?? '(no time)'}  ${visible(m.host)}${id}`);
    if (m.excerpt !== '') lines.push(`      ${visible(m.excerpt)}`);
  }
  lines.push(`  matches per host (${count(r.byHost.items.length, 'host')}${r.byHost.items.length > HOSTS_SHOWN ? `, the ${HOSTS_SHOWN} with most matches shown; --json lists all` : ''}):`);
  for (const h of r.byHost.items.slice(0, HOSTS_SHOWN)) lines.push(`    ${String(h.count).padStart(8)}  ${visible(h.host)}`);
  if (r.byHost.capped) lines.push(`    ${String(r.byHost.other).padStart(8)}  on hosts beyond the first ${r.byHost.items.length} seen (--max-hosts caps the count)`);
  lines.push(`  matches per day, UTC (${count(r.byDay.items.length, 'day')}${r.byDay.items.length > DAYS_SHOWN ? `, the first ${DAYS_SHOWN} shown; --json lists all` : ''}):`);
  for (const d of r.byDay.items.slice(0, DAYS_SHOWN)) lines.push(`    ${String(d.count).padStart(8)}  ${d.day}`);
  if (r.byDay.capped) lines.push(`    ${String(r.byDay.other).padStart(8)}  on days beyond the first ${r.byDay.items.length} seen (--max-days caps the count)`);
}

/** `dth scan`'s terminal text: totals, input errors, malformed lines, then each rule, notes and warnings. */
export function renderScanTerminal(report: ScanReport): string {
  const t = report.totals;
  const seconds = report.elapsedMs / 1000;
  const mb = t.bytes / 1e6;
  const lines: string[] = [];
  lines.push(
    `scanned ${count(report.inputs.length, 'input')}, ${mb.toFixed(1)} MB in ${seconds.toFixed(2)} s (${seconds > 0 ? (mb / seconds).toFixed(0) : '-'} MB/s, ${report.threads === 0 ? 'main thread' : count(report.threads, 'worker thread')})`,
  );
  lines.push(`format: ${report.format}${report.source === null ? '' : `, data source: ${report.source}`}, prefilter: ${report.prefilter ? 'on' : 'off'}`);
  lines.push(`events read ${t.read} (lines ${t.lines}, blank ${t.blankLines}); parsed ${t.parsed}, ruled out by the prefilter unparsed ${t.prefiltered}, malformed ${t.malformed}`);
  for (const input of report.inputs) {
    if (input.error !== null) lines.push(`input error: ${visible(input.file)}: ${visible(input.error)}`);
  }
  if (t.malformed > 0) {
    lines.push(`malformed ${t.malformed === 1 ? 'line' : 'lines'}${report.malformed.capped ? ` (first ${report.malformed.items.length} of ${t.malformed}; --max-malformed caps the list)` : ''}:`);
    for (const m of report.malformed.items) lines.push(`  ${visible(m.file)}:${m.line}${m.column === undefined ? '' : `:${m.column}`}: ${visible(m.reason)}`);
  }
  for (const r of report.rules) formatRule(r, lines);
  if (report.notes.length > 0) {
    lines.push('', 'notes:');
    for (const n of report.notes) lines.push(`  ${visible(n)}`);
  }
  if (report.warnings.length > 0) {
    lines.push('');
    for (const w of report.warnings) lines.push(`warning: ${visible(w)}`);
  }
  return lines.join('\n') + '\n';
}
