// The scenario pack loader and the default pack: schema in sync with the registries, coverage of
// every population and variant, and errors that name file, line, column and the expected shape.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { buildPackSchema } from '../../generators/pack-schema.js';
import { POPULATIONS } from '../../generators/populations/index.js';
import { DEFAULT_PACK, loadPack, PACK_SCHEMA_FILE, PackValidationError, parsePack } from '../../generators/scenario-pack.js';
import { pinnedVerdict } from '../../generators/scenario.js';
import { DATA_SOURCE_IDS } from '../../generators/data-sources.js';
import { VARIANTS } from '../../generators/variants/index.js';

const RULE_B = 'b29b7652-219f-468b-aa1f-5da7bcc24b03';
const RULE_A = '29624.53380';

const SCENARIO = `  - id: a
    title: A
    description: d
    label: malicious
    techniques: [T1572]
    references: ["https://example.org/report"]
    population: kaspersky-socket-tunnel
    os: [windows]
`;

function packWith(scenarios: string): string {
  return `name: t\nscenarios:\n${scenarios}`;
}

function problems(text: string, options: { ruleIds?: string[] } = {}): PackValidationError {
  try {
    parsePack(text, 'pack.yaml', options);
  } catch (error) {
    if (error instanceof PackValidationError) return error;
    throw error;
  }
  throw new Error('expected the pack to be rejected');
}

test('the schema file is the one built from the registries', () => {
  expect(JSON.parse(readFileSync(PACK_SCHEMA_FILE, 'utf8'))).toEqual(buildPackSchema());
});

test('the default pack loads: every population, every variant, every attacker technique', () => {
  const pack = loadPack();
  expect(pack.file).toBe(DEFAULT_PACK);
  expect(new Set(pack.scenarios.map((s) => s.population))).toEqual(new Set(POPULATIONS.map((p) => p.id)));
  const used = new Set(pack.scenarios.flatMap((s) => s.variants.map((v) => v.id)));
  expect(VARIANTS.filter((v) => !used.has(v.id)).map((v) => v.id)).toEqual([]);
  // Each evasion variant appears as a malicious scenario.
  for (const scenario of pack.scenarios) if (scenario.variants.length > 0) expect(scenario.label, scenario.id).toBe('malicious');
  // Each attacker population has a scenario of its own (no variant).
  for (const population of POPULATIONS.filter((p) => p.label === 'malicious')) {
    expect(pack.scenarios.some((s) => s.population === population.id && s.variants.length === 0), population.id).toBe(true);
  }
  for (const scenario of pack.scenarios) {
    expect(scenario.references.length, scenario.id).toBeGreaterThan(0);
    expect(scenario.count, scenario.id).toBeGreaterThanOrEqual(50);
    for (const pinned of scenario.expectations) {
      expect([RULE_A, RULE_B]).toContain(pinned.ruleId);
      for (const sourceId of Object.keys(pinned.sources)) expect(DATA_SOURCE_IDS as readonly string[]).toContain(sourceId);
    }
  }
});

test('the pack carries a scenario whose command line holds HTML and script payloads', () => {
  const hostile = loadPack().scenarios.find((s) => s.id === 'ci-html-payload-name');
  expect(JSON.stringify(hostile?.parameters)).toMatch(/<script>.*".*'/);
});

test('pinned expectations: a default verdict with per-source overrides', () => {
  const pack = loadPack();
  const kaspersky = pack.scenarios.find((s) => s.id === 'kaspersky-socket-tunnel');
  if (kaspersky === undefined) throw new Error('kaspersky-socket-tunnel missing');
  expect(pinnedVerdict(kaspersky, RULE_A, 'splunk-xmlwineventlog-4688')).toBe('detect');
  expect(pinnedVerdict(kaspersky, RULE_A, 'splunk-sysmon-1')).toBe('miss');
  expect(pinnedVerdict(kaspersky, 'unknown-rule', 'elastic-defend')).toBeUndefined();
  const parsed = parsePack(packWith(SCENARIO + `    expect:\n      "${RULE_A}": miss\n`), 'p.yaml');
  expect(parsed.scenarios[0]?.expectations).toEqual([{ ruleId: RULE_A, verdict: 'miss', sources: {}, location: { file: 'p.yaml', line: 12, column: 7 } }]);
});

test('YAML syntax errors name file, line and column', () => {
  const error = problems('name: t\nscenarios:\n  - id: [a\n');
  expect(error.format()).toMatch(/^pack\.yaml:\d+:\d+: YAML syntax: /);
});

const CASES: Array<{ name: string; text: string; message: RegExp; line: number; column: number }> = [
  { name: 'missing property', text: packWith(SCENARIO.replace('    label: malicious\n', '')), message: /scenarios\[0\]: missing required property 'label'/, line: 3, column: 5 },
  { name: 'wrong type', text: packWith(SCENARIO + '    count: many\n'), message: /scenarios\[0\]\.count: expected integer/, line: 11, column: 12 },
  { name: 'unknown population', text: packWith(SCENARIO.replace('population: kaspersky-socket-tunnel', 'population: nope')), message: /population: unknown population 'nope'; expected one of: kaspersky-socket-tunnel, /, line: 9, column: 17 },
  { name: 'unknown key', text: packWith(SCENARIO + '    colour: red\n'), message: /unknown property 'colour' \(expected one of: id, title/, line: 11, column: 5 },
  { name: 'bad technique', text: packWith(SCENARIO.replace('T1572', 'X1')), message: /techniques\[0\]: expected a string matching/, line: 7, column: 18 },
  { name: 'bad verdict', text: packWith(SCENARIO + `    expect:\n      "${RULE_A}":\n        verdict: maybe\n`), message: /verdict: expected one of: detect, miss/, line: 13, column: 18 },
  { name: 'bad population parameter', text: packWith(SCENARIO.replace('kaspersky-socket-tunnel', 'ci-scripts').replace('malicious', 'benign') + '    parameters:\n      form: weird\n'), message: /parameters\.form: expected one of: netdev, nic, mixed/, line: 12, column: 13 },
  { name: 'duplicate id', text: packWith(SCENARIO + SCENARIO), message: /duplicate scenario id 'a' \(first used by scenarios\[0\]\); expected a unique id/, line: 11, column: 9 },
  { name: 'OS the population does not run on', text: packWith(SCENARIO.replace('kaspersky-socket-tunnel', 'stac4713-scheduled-task').replace('[windows]', '[linux]')), message: /population 'stac4713-scheduled-task' does not run on linux; expected one of: windows/, line: 10, column: 10 },
  { name: 'variant on a benign scenario', text: packWith(SCENARIO.replace('kaspersky-socket-tunnel', 'libvirt').replace('malicious', 'benign').replace('[windows]', '[linux]') + '    variants: [json-netdev]\n'), message: /variants: evasion variants rewrite attacks; expected label 'malicious'/, line: 11, column: 15 },
  { name: 'label contradicting the population', text: packWith(SCENARIO.replace('malicious', 'benign')), message: /label: population 'kaspersky-socket-tunnel' is malicious; expected label 'malicious'/, line: 6, column: 12 },
  { name: 'unknown data source in a pin', text: packWith(SCENARIO + `    expect:\n      "${RULE_A}":\n        verdict: detect\n        sources:\n          nope: miss\n`), message: /unknown key 'nope'|expected one of: elastic-defend/, line: 15, column: 11 },
];

for (const c of CASES) {
  test(`invalid pack (${c.name}): file:line:column, what was expected, the line with a caret`, () => {
    const error = problems(c.text);
    const issue = error.issues.find((i) => c.message.test(i.message));
    expect(issue, error.format()).toBeDefined();
    expect(issue?.location).toEqual({ file: 'pack.yaml', line: c.line, column: c.column });
    const formatted = error.format();
    expect(formatted).toContain(`pack.yaml:${c.line}:${c.column}: `);
    expect(formatted).toMatch(new RegExp(`\\n${c.line} \\| .*\\n +\\| +\\^`));
  });
}

test('a variant that cannot rewrite the population is reported at the variant', () => {
  // STAC4713 has no keyval socket back end for socket-listen to rewrite.
  const text = packWith(SCENARIO.replace('kaspersky-socket-tunnel', 'crontrap-fontdiag') + '    variants: [socket-listen]\n');
  const error = problems(text);
  expect(error.format()).toMatch(/^pack\.yaml:11:16: scenarios\[0\]\.variants\[0\]: variant 'socket-listen' cannot rewrite population 'crontrap-fontdiag' on windows: /m);
});

test('with the loaded rule ids, a pin naming another rule is an error; every problem is reported', () => {
  const text = packWith(SCENARIO + `    expect:\n      "${RULE_A.replace('5', '6')}": detect\n` + SCENARIO.replace('id: a', 'id: b').replace('T1572', 'bad'));
  expect(() => parsePack(text, 'pack.yaml')).toThrow(/techniques/);
  const error = problems(packWith(SCENARIO + `    expect:\n      "${RULE_A.replace('5', '6')}": detect\n`), { ruleIds: [RULE_A, RULE_B] });
  expect(error.format()).toMatch(/pack\.yaml:12:7: scenarios\[0\]\.expect: no loaded rule has id '29624\.63380'; expected one of: 29624\.53380, b29b7652/);
  const many = problems(packWith(SCENARIO.replace('T1572', 'bad') + '    colour: red\n'));
  expect(many.issues.length).toBe(2);
  expect(many.message).toMatch(/and 1 more problem/);
});

test('an unreadable pack file is an input error naming the file', () => {
  expect(() => loadPack('/nonexistent/pack.yaml')).toThrow(/cannot read scenario pack/);
});
