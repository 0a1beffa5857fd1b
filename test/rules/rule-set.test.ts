// One RuleSet for dth run, dth scan and the benchmarks (issue 15): a rule id defined twice is bad input
// naming both files, whoever loads the rules (harness/rules/rule-set.ts).
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { InputError } from '../../harness/errors.js';
import { fromRoot } from '../../harness/paths.js';
import { buildPlan } from '../../harness/scan/plan.js';
import { loadRuleSet } from '../../harness/rules/rule-set.js';

const RULE = fromRoot('rules/elastic/command_and_control_tunnel_qemu.toml');
const dir = mkdtempSync(join(tmpdir(), 'dth-rule-set-'));
const copy = join(dir, 'copy-of-qemu.toml');
copyFileSync(RULE, copy);

test('a rule id loaded from two files is bad input naming both files', () => {
  expect(loadRuleSet([RULE]).map((l) => l.rule.id)).toEqual(['b29b7652-219f-468b-aa1f-5da7bcc24b03']);
  const error = (() => {
    try {
      loadRuleSet([RULE, copy]);
    } catch (e) {
      return e;
    }
    return undefined;
  })();
  expect(error).toBeInstanceOf(InputError);
  expect((error as InputError).message).toBe(`rule id b29b7652-219f-468b-aa1f-5da7bcc24b03 is loaded twice (${RULE} and ${copy})`);
  expect((error as InputError).location.file).toBe(copy);
});

test('dth scan refuses the same rule id twice too (it used to scan it twice)', () => {
  expect(() => buildPlan({ ruleFiles: [RULE, copy] } as Parameters<typeof buildPlan>[0])).toThrow(/rule id b29b7652-219f-468b-aa1f-5da7bcc24b03 is loaded twice/);
});
