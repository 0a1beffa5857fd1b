import { expect, test } from '@playwright/test';
import { dth } from '../support/cli.js';

test('dth --help lists every subcommand and exits 0', () => {
  const result = dth(['--help']);
  expect(result.status).toBe(0);
  for (const command of ['run', 'generate', 'eql', 'spl', 'rule', 'gate', 'scan']) {
    expect(result.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
  }
});

test('an unknown option is bad input: exit 2 with a message', () => {
  const result = dth(['--no-such-option']);
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('unknown option');
});
