// dth pins update: runs the pack (or reads a report.json of it) and rewrites the pack's pinned verdicts
// to what the rules did, keeping the file's comments and layout (reports/pins-update.ts). Exit 0 after
// writing (or with --dry-run, after listing); 2 on bad input.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_SEED } from '../../../generators/generate.js';
import { DEFAULT_PACK } from '../../../generators/scenario-pack.js';
import { escapeTerminal } from '../../../reports/escape.js';
import type { Report } from '../../../reports/model.js';
import { updatePins } from '../../../reports/pins-update.js';
import { readReportFile } from '../../../reports/report-file.js';
import { DEFAULT_MACROS_FILE } from '../../backends/embedded-splunk.js';
import { InputError } from '../../errors.js';
import { fromRoot } from '../../paths.js';
import { runAndReport } from '../../../reports/run-report.js';
import { planPacks } from '../../runner/plan-packs.js';
import { collect, integerOption, scaleOption } from '../options.js';
import { readBoundedText } from '../../read-bounded-text.js';

interface PinsUpdateOptions {
  pack: string;
  report?: string;
  rule: string[];
  seed?: string;
  scale?: string;
  dryRun?: boolean;
}

function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

async function observe(packFile: string, opts: PinsUpdateOptions): Promise<Report> {
  if (opts.report !== undefined) return readReportFile(opts.report);
  const [plan] = planPacks({ packs: [packFile], ruleFiles: opts.rule, macrosFile: fromRoot(DEFAULT_MACROS_FILE), setAsideNotRunnable: false });
  if (plan === undefined) throw new InputError('no pack to update', { file: packFile });
  const outcome = await runAndReport({
    packFile: plan.packFile,
    rules: plan.rules,
    macrosFile: plan.macrosFile,
    seed: integerOption('seed', opts.seed, 0) ?? DEFAULT_SEED,
    scale: scaleOption(opts.scale) ?? 1,
    backend: { backend: 'embedded' },
    knownDifferencesFile: fromRoot('reports/known-differences.yaml'),
    knownRuleIds: plan.knownRuleIds,
  });
  return outcome.report;
}

export function register(program: Command): void {
  const pins = program.command('pins').description('pinned verdicts of a scenario pack');
  pins
    .command('update')
    .description("run the pack on the embedded engines (or read --report) and rewrite the pack's pins to the observed verdicts, keeping its comments and layout")
    .option('--pack <file>', 'the scenario pack whose pins to rewrite', DEFAULT_PACK)
    .option('--report <report.json>', "use this run's report instead of running the pack (it must be a run of the same pack)")
    .option('--rule <file>', 'rule file (repeatable; default: the pack\'s rules or every rule under rules/)', collect, [])
    .option('--seed <n>', `seed (default ${DEFAULT_SEED})`)
    .option('--scale <x>', 'scale (default 1)')
    .option('--dry-run', 'list the changes without writing the pack')
    .action(async (opts: PinsUpdateOptions) => {
      const text = readBoundedText(opts.pack, 'the pack');
      const report = await observe(opts.pack, opts);
      const name = display(opts.pack);
      const result = updatePins(text, name, report);
      for (const change of result.changes) {
        process.stdout.write(`${escapeTerminal(change.at)}: ${escapeTerminal(change.scenarioId)} \u00d7 ${escapeTerminal(change.ruleId)}: ${change.before} -> ${change.after}\n`);
      }
      for (const note of result.skipped) process.stdout.write(`note: ${escapeTerminal(note)}\n`);
      if (result.changes.length > 0) process.stdout.write('each pin keeps its reason: check that it still says why\n');
      if (result.changes.length === 0) {
        process.stdout.write(`every pin in ${escapeTerminal(name)} matches the run: nothing to rewrite\n`);
        return;
      }
      if (opts.dryRun === true) {
        process.stdout.write(`${result.changes.length} pin(s) would be rewritten (--dry-run: ${escapeTerminal(name)} unchanged)\n`);
        return;
      }
      writeFileSync(opts.pack, result.text);
      process.stdout.write(`${result.changes.length} pin(s) rewritten in ${escapeTerminal(name)}\n`);
    });
}
