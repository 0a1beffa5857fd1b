// `dth rule show <file>`: loads a rule from its native file and prints what the harness will run.
// Loaders are chosen by file extension; each returns the rule and its normalized query.
import type { Command } from 'commander';
import { fromRoot } from '../../paths.js';
import { loadMacrosFile, DEFAULT_MACROS_FILE } from '../../backends/embedded-splunk.js';
import { RULE_LOADERS, loadRuleFile } from '../../rules/rule-files.js';
import { ruleShowJson, ruleShowText } from '../../../reports/writers/rule-show.js';

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
      process.stdout.write(opts.json ? ruleShowJson(loaded) : ruleShowText(loaded));
    });
}
