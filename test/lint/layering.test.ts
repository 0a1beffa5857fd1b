// The layer order of DESIGN.md ("Layout") is enforced by eslint.config.js (no-restricted-imports per
// floor): an import from a floor above fails the lint, an import from below passes. This checks the rule
// itself, so a config change that stops enforcing it fails here.
import { expect, test } from '@playwright/test';
import { ESLint } from 'eslint';
import { fromRoot } from '../../harness/paths.js';

const eslint = new ESLint({ cwd: fromRoot() });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: fromRoot(filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

test('imports against the layer order fail the lint; imports from below pass', async () => {
  const cases: [file: string, code: string, refused: boolean][] = [
    ['harness/model/probe.ts', "import type { SplRule } from '../rules/rule.js';\nexport type P = SplRule;\n", true],
    ['harness/engines/spl/probe.ts', "import type { RuleResult } from '../../backends/backend.js';\nexport type P = RuleResult;\n", true],
    ['harness/engines/spl/probe.ts', "import type { CanonicalEvent } from '../../../generators/canonical-event.js';\nexport type P = CanonicalEvent;\n", true],
    ['harness/engines/spl/probe.ts', "import type { SplunkRecord } from '../../model/records.js';\nexport type P = SplunkRecord;\n", false],
    ['harness/engines/eql/mappings/probe.ts', "import type { EqlQuery } from '../ast.js';\nexport type P = EqlQuery;\n", true],
    ['harness/engines/eql/mappings/probe.ts', "import type { RuleResult } from '../../../backends/backend.js';\nexport type P = RuleResult;\n", true],
    ['harness/engines/eql/mappings/probe.ts', "import { parseIp } from '../values.js';\nexport const p = parseIp;\n", false],
    ['harness/engines/eql/probe.ts', "import type { FieldTypes } from './mappings/field-types.js';\nexport type P = FieldTypes;\n", false],
    // harness/profiles reads profile files above the engines; the engines read the profile's shape from harness/model.
    ['harness/engines/eql/mappings/probe.ts', "import { truncateFor } from '../../../profiles/profile.js';\nexport const p = truncateFor;\n", true],
    ['harness/engines/eql/mappings/probe.ts', "import type { DeploymentProfile } from '../../../model/profile.js';\nexport type P = DeploymentProfile;\n", false],
    ['harness/profiles/probe.ts', "import type { CanonicalEvent } from '../../generators/canonical-event.js';\nexport type P = CanonicalEvent;\n", true],
    ['harness/profiles/probe.ts', "import { simpleMatch } from '../engines/eql/mappings/dynamic.js';\nexport const p = simpleMatch;\n", false],
    ['generators/probe.ts', "import type { SplRule } from '../harness/rules/rule.js';\nexport type P = SplRule;\n", true],
    ['generators/probe.ts', "import type { SplunkRecord } from '../harness/model/records.js';\nexport type P = SplunkRecord;\n", false],
    ['harness/backends/probe.ts', "import type { Report } from '../../reports/model.js';\nexport type P = Report;\n", true],
    ['harness/rules/probe.ts', "import type { RuleResult } from '../backends/backend.js';\nexport type P = RuleResult;\n", true],
    ['harness/scan/probe.ts', "import { register } from '../cli/commands/scan.js';\nexport const p = register;\n", true],
    // runner and scan sit below reports: they return what they observed, reports/ builds and writes the report.
    ['harness/runner/probe.ts', "import { buildReport } from '../../reports/build-report.js';\nexport const p = buildReport;\n", true],
    ['harness/runner/probe.ts', "import type { Report } from '../../reports/model.js';\nexport type P = Report;\n", true],
    ['harness/scan/probe.ts', "import { visible } from '../../reports/escape.js';\nexport const p = visible;\n", true],
    ['harness/runner/probe.ts', "import type { RuleResult } from '../backends/backend.js';\nexport type P = RuleResult;\n", false],
    ['reports/probe.ts', "import type { ParityReport } from '../harness/runner/parity.js';\nexport type P = ParityReport;\n", false],
    ['reports/probe.ts', "import { register } from '../harness/cli/commands/run.js';\nexport const p = register;\n", true],
    ['harness/cli/probe.ts', "import type { SplunkRecord } from '../model/records.js';\nexport type P = SplunkRecord;\n", false],
  ];
  for (const [file, code, refused] of cases) {
    const messages = await restrictedImports(file, code);
    expect(messages.length > 0, `${file}: ${code.split('\n')[0]}`).toBe(refused);
    if (refused) expect(messages[0]).toMatch(/an import against the layer order|the EQL mappings are imported by the engine/);
  }
});
