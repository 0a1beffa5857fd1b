// Errors in a rule's query are shown at the rule file's line and column (harness/rules/query-origin.ts),
// through the string syntax the query is written in:
//   TOML 1.0 strings (basic, literal, multi-line, line-ending backslash): https://toml.io/en/v1.0.0#string
//   YAML 1.2.2 flow scalars (7.3: plain, single and double quoted, line folding) and block scalars (8.1):
//   https://yaml.org/spec/1.2.2/
//   savedsearches.conf continuation lines (a trailing backslash):
//   https://help.splunk.com/en/splunk-enterprise/administer/admin-manual/10.0/administer-splunk-enterprise-with-configuration-files/configuration-file-structure
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { InputError } from '../../harness/errors.js';
import { fromRoot } from '../../harness/paths.js';
import { loadRuleFile } from '../../harness/rules/rule-files.js';
import { parseElasticRule } from '../../harness/rules/elastic-loader.js';
import { parseSplunkRules } from '../../harness/rules/splunk-loader.js';
import { MacroLibrary } from '../../harness/engines/spl/macros.js';
import { loadMacrosFile } from '../../harness/backends/embedded-splunk.js';
import type { Rule } from '../../harness/rules/rule.js';
import { dth } from '../support/cli.js';

function loadError(name: string, text: string, macros = new MacroLibrary()): InputError {
  const dir = mkdtempSync(join(tmpdir(), 'dth-positions-'));
  try {
    const file = join(dir, name);
    writeFileSync(file, text);
    try {
      loadRuleFile(file, { macros });
    } catch (error) {
      if (error instanceof InputError) return error;
      throw error;
    }
    throw new Error('the rule loaded without an error');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** 1-based line and column of the first occurrence of `needle` in `text`. */
function where(text: string, needle: string): { line: number; column: number } {
  const at = text.indexOf(needle);
  expect(at).toBeGreaterThanOrEqual(0);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: (before[before.length - 1] as string).length + 1 };
}

/** Every query character that is written as itself in the file sits where the offsets say. */
function expectOffsetsAgree(rule: Rule): void {
  const origin = rule.queryOrigin;
  expect(origin).toBeDefined();
  const offsets = origin?.offsets ?? [];
  expect(offsets.length).toBe(rule.query.length + 1);
  let literal = 0;
  for (let i = 0; i < rule.query.length; i++) {
    const ch = rule.query[i] as string;
    if (/[A-Za-z0-9]/.test(ch)) {
      expect(origin?.fileText[offsets[i] as number]).toBe(ch);
      literal++;
    }
  }
  expect(literal).toBeGreaterThan(10);
}

test('a typo on line 80 of the shipped TOML is reported at 80, not at the query line', () => {
  const text = readFileSync(fromRoot('rules/elastic/command_and_control_tunnel_qemu.toml'), 'utf8').split('\n');
  text[79] = (text[79] as string).replace('process.command_line', 'process.command_line ==');
  const error = loadError('rule.toml', text.join('\n'));
  // Before: rule.toml:5:25 (the line within the query).
  expect(error.location.line).toBe(80);
  expect(error.location.column).toBe(25);
  expect(error.format()).toContain('80 | process.command_line == :');
});

test('TOML basic strings: escapes and a line-ending backslash keep positions exact', () => {
  const file = [
    '[metadata]',
    'creation_date = "2024/01/01"',
    '[rule]',
    'name = "x"',
    'rule_id = "x"',
    'description = "x"',
    'risk_score = 21',
    'severity = "low"',
    'type = "eql"',
    'language = "eql"',
    'index = ["logs-*"]',
    'query = """',
    'process where process.name : \\"qemu\\u002Eexe\\" and \\',
    '   process.args : \\u0022-netdev\\u0022 and ) broken',
    '"""',
    '',
  ].join('\n');
  const rule = parseElasticRule(file, 'r.toml');
  expectOffsetsAgree(rule);
  const error = loadError('r.toml', file);
  expect({ line: error.location.line, column: error.location.column }).toEqual(where(file, ') broken'));
});

test('YAML plain, single-quoted, double-quoted and block scalars map the query to the file', () => {
  const bodies: Record<string, string> = {
    single: ["logic: 'index=main \"qemu-system-\" (\"-net \"", "  OR ''x'' OR \"hostfwd=\")", '  | stats count by host | where ( ', "  '"].join('\n'),
    double: ['logic: "index=main \\"qemu-system-\\" (\\"-net \\"', '  OR \\tx OR \\"hostfwd=\\") \\', '  | stats count by host | where ( "'].join('\n'),
    plain: ['logic: index=main "qemu-system-" ("-net "', '  OR x OR "hostfwd=")', '', '  | stats count by host | where ( '].join('\n'),
    literal: ['logic: |', '  index=main "qemu-system-" ("-net "', '    OR x OR "hostfwd=")', '  | stats count by host | where ( '].join('\n'),
    folded: ['logic: >-', '  index=main "qemu-system-" ("-net "', '  OR x OR "hostfwd=")', '', '  | stats count by host | where ( '].join('\n'),
  };
  for (const [style, body] of Object.entries(bodies)) {
    const file = ['id: site-rule', 'title: Site rule', 'logic_format: Splunk', body, 'references: []', ''].join('\n');
    const [rule] = parseSplunkRules(file, `${style}.yml`);
    expectOffsetsAgree(rule as Rule);
    const error = loadError(`${style}.yml`, file);
    // The parser stops at the end of the query after `where (`: the position is the query's last
    // character, on the last line of the value in the file (not 1:NNN).
    expect(error.location.line, style).toBeGreaterThan(4);
    expect(error.format(), style).toContain('| stats count by host | where (');
  }
});

test('a YAML typo is shown at its line in the file, not as line 1 of the query', () => {
  const file = readFileSync(fromRoot('rules/splunk/qemu_network_tunneling_windows.yml'), 'utf8').replace('| bin span=1s', '| bin span=1s )');
  const error = loadError('qemu.yml', file, loadMacrosFile(fromRoot('rules/splunk/macros.conf')));
  // Before: qemu.yml:1:362 (the query as one line).
  const typo = where(file, 'span=1s )');
  expect({ line: error.location.line, column: error.location.column }).toEqual({ line: typo.line, column: typo.column + 'span=1s '.length });
  expect(error.format()).toContain('| bin span=1s )');
});

test('savedsearches.conf continuation lines: the error is on its own line', () => {
  const file = ['[QEMU]', 'search = index=main "qemu-system-" \\', '  ("-netdev" OR \\', '  "hostfwd=") | stats count by host | where (', ''].join('\n');
  const [rule] = parseSplunkRules(file, 'savedsearches.conf');
  expectOffsetsAgree(rule as Rule);
  const error = loadError('savedsearches.conf', file);
  expect(error.location.line).toBe(4);
});

test('dth rule show prints the file line under the caret', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dth-positions-'));
  try {
    const text = readFileSync(fromRoot('rules/elastic/command_and_control_tunnel_qemu.toml'), 'utf8').replace('process.args : "-nographic"', 'process.args :: "-nographic"');
    const file = join(dir, 'typo.toml');
    writeFileSync(file, text);
    const result = dth(['rule', 'show', file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${file}:${where(text, ':: "-nographic"').line}:`);
    expect(result.stderr).toContain('(process.args :: "-nographic"');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
