// Loading Elastic rules from detection-rules TOML: the published QEMU rule, and malformed or
// unsupported rules failing with file, key and reason.
// Format: https://github.com/elastic/detection-rules (rules/**/*.toml)
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { InputError } from '../../harness/errors.js';
import { fromRoot } from '../../harness/paths.js';
import { loadElasticRule } from '../../harness/rules/elastic-loader.js';

const RULE = fromRoot('rules', 'elastic', 'command_and_control_tunnel_qemu.toml');
const original = readFileSync(RULE, 'utf8');

function withText(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dth-rule-'));
  const file = join(dir, 'rule.toml');
  writeFileSync(file, text);
  return file;
}

function loadError(text: string): InputError {
  try {
    loadElasticRule(withText(text));
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

test('the published rule loads into a typed EqlRule', () => {
  const rule = loadElasticRule(RULE);
  expect(rule).toMatchObject({
    siem: 'elastic',
    language: 'eql',
    type: 'eql',
    id: 'b29b7652-219f-468b-aa1f-5da7bcc24b03',
    name: 'Potential Traffic Tunneling using QEMU',
    severity: 'medium',
    riskScore: 47,
    from: 'now-9m',
    timestampOverride: 'event.ingested',
    sourceFile: RULE,
  });
  expect(rule.index).toHaveLength(9);
  expect(rule.references).toContain('https://securelist.com/network-tunneling-with-qemu/111803/');
  expect(rule.threat).toEqual([
    expect.objectContaining({ framework: 'MITRE ATT&CK', tactic: expect.objectContaining({ id: 'TA0011' }), techniques: expect.arrayContaining([expect.objectContaining({ id: 'T1572', name: 'Protocol Tunneling' })]) }),
  ]);
  expect(rule.query).toContain('process.command_line : "*hostfwd=*"');
});

test('malformed and unsupported rules name the file, the key and the reason', () => {
  const bad = loadError(original.replace('type = "eql"', 'type = "query"'));
  expect(bad.message).toContain('[rule.type] rule type [query] is not supported');
  expect(bad.location.file).toMatch(/rule\.toml$/);
  expect(bad.location.line).toBeGreaterThan(1);
  expect(loadError(original.replace('risk_score = 47', 'risk_score = "high"')).message).toContain('[rule.risk_score] must be an integer');
  expect(loadError(original.replace(/^index = \[[\s\S]*?\]\n/m, '')).message).toContain('[rule.index] is required');
  expect(loadError(original.replace('severity = "medium"', 'severity = "urgent"')).message).toContain('[rule.severity]');
  const toml = loadError(original.replace('[rule]', '[rule'));
  expect(toml.message).toContain('invalid TOML');
  expect(toml.location.line).toBe(6);
  expect(loadError('[metadata]\nmaturity = "production"\n').message).toContain('missing [rule] table');
});
