// `dth run` over several packs: `--pack <dir>` runs every pack in it, each against its own rules (the
// tunnelling pack names rules/packs/protocol-tunnelling; the QEMU pack the default rule set), with
// reports grouped by pack and an index; rules the embedded engines cannot run are listed with the
// feature they need, not run and not failed.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { loadPack } from '../../generators/scenario-pack.js';
import { fromRoot } from '../../harness/paths.js';
import type { Report } from '../../reports/model.js';
import type { PackRunSummary } from '../../reports/writers/packs-index.js';
import { dth } from '../support/cli.js';

let out: string;
let stdout: string;
let status: number | null;

test.describe.configure({ mode: 'serial' });

test.beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'dth-packs-'));
  const result = dth(['run', '--pack', 'scenarios', '--scale', '0.1', '--out', out]);
  stdout = result.stdout;
  status = result.status;
  expect(result.stderr).toBe('');
});

test.afterAll(() => {
  rmSync(out, { recursive: true, force: true });
});

function reportOf(pack: string): Report {
  return JSON.parse(readFileSync(join(out, pack, 'report.json'), 'utf8')) as Report;
}

test('a directory of packs runs each pack with its own rules and writes its reports under the pack name', () => {
  expect(status, stdout).toBe(0);
  for (const pack of ['protocol-tunnelling', 'qemu-tunneling']) {
    for (const file of ['report.json', 'junit.xml', 'summary.md', 'report.html']) expect(existsSync(join(out, pack, file)), `${pack}/${file}`).toBe(true);
  }
  // The QEMU pack keeps the default rule set: its two rules, none of the pack-named ones.
  expect(reportOf('qemu-tunneling').rules.map((r) => r.id).sort()).toEqual(['29624.53380', 'b29b7652-219f-468b-aa1f-5da7bcc24b03']);
  const tunnelling = reportOf('protocol-tunnelling');
  expect(tunnelling.run.packFile).toBe('scenarios/protocol-tunnelling.yaml');
  expect(tunnelling.rules.length).toBeGreaterThanOrEqual(6);
  expect(tunnelling.rules.every((r) => r.error === null && r.sourceFile.startsWith('rules/packs/protocol-tunnelling/'))).toBe(true);
  // Terminal output is grouped by pack, in the order the packs ran.
  const first = stdout.indexOf('══ pack protocol-tunnelling (scenarios/protocol-tunnelling.yaml) ══');
  const second = stdout.indexOf('══ pack qemu-tunneling (scenarios/qemu-tunneling.yaml) ══');
  expect(first).toBeGreaterThanOrEqual(0);
  expect(second).toBeGreaterThan(first);
});

test('the packs index lists each pack and its rules; the tstats rules run, none is set aside', () => {
  const index = JSON.parse(readFileSync(join(out, 'packs.json'), 'utf8')) as { packs: PackRunSummary[] };
  expect(index.packs.map((p) => p.name)).toEqual(['protocol-tunnelling', 'qemu-tunneling']);
  const tunnelling = index.packs[0] as PackRunSummary;
  expect(tunnelling.problems).toEqual([]);
  // The embedded engine runs tstats over the CIM data models, so the security_content tstats searches run.
  expect(tunnelling.notRunnable).toEqual([]);
  expect(stdout).not.toContain('Rules not run');
  const ran = reportOf('protocol-tunnelling').rules.map((r) => r.name);
  for (const name of ['Linux Ngrok Reverse Proxy Usage', 'Windows Ngrok Reverse Proxy Usage', 'Windows Protocol Tunneling with Plink']) expect(ran).toContain(name);
  const markdown = readFileSync(join(out, 'packs.md'), 'utf8');
  expect(markdown).toContain('## protocol-tunnelling');
});

test('the tunnelling pack covers at least eight tools, each with attacks, and benign look-alikes and evasions', () => {
  const pack = loadPack(fromRoot('scenarios', 'protocol-tunnelling.yaml'));
  const programOf = (populationId: string) => pack.populations?.find((p) => p.id === populationId)?.program;
  const attacked = new Set(pack.scenarios.filter((s) => s.label === 'malicious').map((s) => programOf(s.population)));
  const benign = new Set(pack.scenarios.filter((s) => s.label === 'benign').map((s) => programOf(s.population)));
  expect(attacked.size).toBeGreaterThanOrEqual(8);
  expect(benign.size).toBeGreaterThanOrEqual(6);
  expect(pack.scenarios.filter((s) => s.variants.length > 0).length).toBeGreaterThanOrEqual(10);
  // Every scenario ran and was measured: the report has each one with events.
  const report = reportOf('protocol-tunnelling');
  expect(report.scenarios.map((s) => s.id).sort()).toEqual(pack.scenarios.map((s) => s.id).sort());
  expect(report.scenarios.every((s) => s.events > 0)).toBe(true);
  expect(report.evasions.length).toBeGreaterThan(0);
});

test('the same pack given twice runs once; a missing pack is bad input', () => {
  const same = dth(['run', '--pack', 'scenarios/protocol-tunnelling.yaml', '--pack', 'scenarios/qemu-tunneling.yaml', '--pack', './scenarios/protocol-tunnelling.yaml', '--scale', '0.01', '--out', join(out, 'dup')]);
  // The same file twice is one pack; a missing file stops the run before anything is generated.
  expect(same.status).toBe(0);
  expect(same.stdout.match(/══ pack protocol-tunnelling /g)?.length).toBe(1);
  const missing = dth(['run', '--pack', 'scenarios/nope.yaml', '--out', join(out, 'missing')]);
  expect(missing.status).toBe(2);
  expect(missing.stderr).toContain('scenarios/nope.yaml');
});
