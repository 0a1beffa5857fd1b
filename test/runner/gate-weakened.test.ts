// The CI gate catches a rule change that loses coverage: a copy of each production rule with one branch
// dropped, run against a baseline of the original rules, fails naming the scenarios it no longer catches.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { fromRoot } from '../../harness/paths.js';
import { readReportFile } from '../../reports/report-file.js';
import { dth } from '../support/cli.js';

const ELASTIC_RULE_FILE = fromRoot('rules/elastic/command_and_control_tunnel_qemu.toml');
const SPLUNK_RULE_FILE = fromRoot('rules/splunk/qemu_network_tunneling_windows.yml');
const SCALE = ['--scale', '0.2'];

/** Returns `text` with `branch` removed, failing the test if the branch is not there verbatim. */
function drop(text: string, branch: string): string {
  expect(text).toContain(branch);
  return text.replace(branch, '');
}

let dir: string;
let baseline: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dth-gate-'));
  const result = dth(['run', '--no-sweep', ...SCALE, '--rule', ELASTIC_RULE_FILE, '--rule', SPLUNK_RULE_FILE, '--out', join(dir, 'baseline')]);
  expect(result.status).toBe(0);
  baseline = join(dir, 'baseline', 'report.json');
});

test.afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

test('the unchanged rules pass the gate against their own baseline', () => {
  const result = dth(['run', '--no-sweep', ...SCALE, '--rule', ELASTIC_RULE_FILE, '--rule', SPLUNK_RULE_FILE, '--out', join(dir, 'same'), '--baseline', baseline]);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  const gate = dth(['gate', '--baseline', baseline, '--report', join(dir, 'same', 'report.json')]);
  expect(gate.status).toBe(0);
});

test('dropping the hostfwd branch of the Elastic rule fails the gate, naming the scenarios lost', () => {
  const weakened = join(dir, 'elastic-no-hostfwd.toml');
  writeFileSync(weakened, drop(readFileSync(ELASTIC_RULE_FILE, 'utf8'), ' or\nprocess.command_line : "*hostfwd=*"'));
  const out = join(dir, 'elastic-weak');
  const result = dth(['run', '--no-sweep', ...SCALE, '--rule', weakened, '--rule', SPLUNK_RULE_FILE, '--out', out, '--baseline', baseline]);
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('gate failed');
  // The pack pins the STAC4713 task as detected by this rule: that pin fails too.
  expect(result.stderr).toMatch(/expectation failed: stac4713-scheduled-task \/ b29b7652-219f-468b-aa1f-5da7bcc24b03/);
  // The hostfwd scenarios are the ones lost: the STAC4713 scheduled task, the TrustedSec renamed backdoor.
  const lost = result.stdout.match(/scenarios newly missed by Potential Traffic Tunneling using QEMU: (.*)/)?.[1] ?? '';
  expect(lost).toContain('stac4713-scheduled-task');
  expect(lost).toContain('trustedsec-renamed-ssh-backdoor');
  // The socket-tunnel branch still holds, so the Kaspersky tunnel is not among them.
  expect(lost.split(/,\s*/)).not.toContain('kaspersky-socket-tunnel');
  // Nothing of the Splunk rule changed.
  expect(result.stdout).not.toMatch(/scenarios newly missed by QEMU Network Tunneling - Windows/);
  // The same verdict from the stand-alone gate over the written report.
  const gate = dth(['gate', '--baseline', baseline, '--report', join(out, 'report.json')]);
  expect(gate.status).toBe(1);
  expect(gate.stdout).toContain('stac4713-scheduled-task');
});

test('dropping the TERM(EventCode=4688) branch of the Splunk rule fails the gate on classic-text 4688 only', () => {
  const weakened = join(dir, 'splunk-no-eventcode.yml');
  writeFileSync(weakened, drop(readFileSync(SPLUNK_RULE_FILE, 'utf8'), 'TERM(EventCode=4688) OR\n  '));
  const out = join(dir, 'splunk-weak');
  const result = dth(['run', '--no-sweep', ...SCALE, '--rule', ELASTIC_RULE_FILE, '--rule', weakened, '--out', out, '--baseline', baseline]);
  expect(result.status).toBe(1);
  const lost = result.stdout.match(/scenarios newly missed by QEMU Network Tunneling - Windows: (.*)/)?.[1] ?? '';
  expect(lost).toContain('kaspersky-socket-tunnel');
  expect(result.stdout).not.toMatch(/scenarios newly missed by Potential Traffic Tunneling using QEMU/);
  // Lost on the classic WinEventLog text, still caught in the XML rendering.
  const report = readReportFile(join(out, 'report.json'));
  const cell = (source: string) =>
    report.ruleScenarioDataSource.find((c) => c.ruleId === '29624.53380' && c.scenarioId === 'kaspersky-socket-tunnel' && c.dataSourceId === source);
  expect(cell('splunk-wineventlog-4688')?.metrics.recall.value).toBe(0);
  expect(cell('splunk-xmlwineventlog-4688')?.metrics.recall.value).toBe(1);
});
