// No dangling references: everything the product ships (code, packs, profiles, rules, docs, tests,
// benchmarks) cites evidence a user can open — a public URL, a public repository path, or a file of
// this repository — never the private research notes or the machine the project was built on.
// Also: every repository-relative path a source cites exists, and docs/evasions.md, the table the
// variants' `rows` point into, lists every variant.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from '@playwright/test';
import { fromRoot } from '../../harness/paths.js';
import { POPULATIONS } from '../../generators/populations/index.js';
import { VARIANTS } from '../../generators/variants/index.js';
import { EVASIONS } from '../../generators/evasion/index.js';

/** Not part of the product: dependencies, build output, generated reports and test output, git. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', '.git', 'test-results', 'playwright-report']);
const SKIPPED_PATHS = new Set(['reports/out', 'bench/out']);
const TEXT_EXTENSIONS = /\.(ts|mts|mjs|js|json|ya?ml|toml|conf|md|txt|xml|csv|ndjson|sh|html)$|^\.ci\/|(^|\/)[^./]+$/;

function shippedFiles(dir = fromRoot(), out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const rel = relative(fromRoot(), path);
    if (SKIPPED_DIRECTORIES.has(name) || SKIPPED_PATHS.has(rel)) continue;
    const stat = statSync(path);
    if (stat.isDirectory()) shippedFiles(path, out);
    else if (stat.size < 8_000_000 && TEXT_EXTENSIONS.test(rel)) out.push(rel);
  }
  return out;
}

// Written in pieces so this file does not match itself.
const NOTE_FILES = ['qemu-and-telemetry', 'splunk-spl-semantics', 'elastic-eql-semantics'].map((n) => `${n}.md`);
const PRIVATE = [
  { pattern: new RegExp(`\\.\\./${'shared'}/`), why: 'the ../shared folder exists only where the project was built' },
  { pattern: new RegExp(`${'shared'}/(notes|seeds|corpus|samples|ecs|conformance)\\b`), why: 'the shared research folder is not shipped' },
  { pattern: new RegExp(NOTE_FILES.map((n) => n.replace('.', '\\.')).join('|')), why: 'a private research note; cite its public sources instead' },
  { pattern: new RegExp(`(?<![\\w.-])/${'work'}/(main|wt|notes|shared|\\.library|\\.mirror)\\b`), why: 'an absolute path of the build machine' },
  { pattern: new RegExp(`${'HELPER'}-COMMON|issue\\d+\\.md|${'result'}-i\\d+`), why: 'the project’s internal notes' },
];

test('no shipped file cites the private notes, ../shared or a path of the build machine', () => {
  const files = shippedFiles();
  expect(files.length).toBeGreaterThan(200);
  expect(files).toContain('scenarios/qemu-tunneling.yaml');
  const problems: string[] = [];
  for (const file of files) {
    if (file === 'test/repository/references.test.ts') continue;
    const lines = readFileSync(fromRoot(file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      for (const { pattern, why } of PRIVATE) if (pattern.test(line)) problems.push(`${file}:${i + 1}: ${why}: ${line.trim().slice(0, 160)}`);
    });
  }
  expect(problems).toEqual([]);
});

test('the checks above do catch a private reference (a guard against a pattern that matches nothing)', () => {
  const samples = [`see ../${'shared'}/notes/x.md`, `(${NOTE_FILES[0]} §4)`, `/${'work'}/main/README.md`, `${'shared'}/samples/a.json`];
  for (const sample of samples) expect(PRIVATE.some(({ pattern }) => pattern.test(sample)), sample).toBe(true);
  for (const fine of ['https://www.qemu.org/docs/master/system/invocation.html', 'bash /home/runner/work/app/ci/run-vm.sh', 'docs/evasions.md row 4']) {
    expect(PRIVATE.some(({ pattern }) => pattern.test(fine)), fine).toBe(false);
  }
});

test('every source that cites a path of this repository names a file that exists', () => {
  const sources = [...VARIANTS.flatMap((v) => v.sources), ...POPULATIONS.flatMap((p) => p.sources), ...EVASIONS.flatMap((e) => e.sources)];
  const local = sources.filter((s) => s.path !== undefined && s.repo === undefined);
  expect(local.length).toBeGreaterThan(0);
  for (const source of local) expect(existsSync(fromRoot(source.path ?? '')), `${source.title}: ${source.path}`).toBe(true);
  for (const source of sources) expect(source.url === undefined || /^https:\/\//.test(source.url), source.title).toBe(true);
});

test('docs/evasions.md has a row for every variant, with the rows the variant names', () => {
  const table = readFileSync(fromRoot('docs/evasions.md'), 'utf8').split('\n').filter((l) => l.startsWith('| '));
  const firstCell = (line: string) => (line.split('|')[1] ?? '').split(',').map((n) => n.trim());
  for (const variant of VARIANTS) {
    const lines = table.filter((line) => line.includes(`\`${variant.id}\``));
    expect(lines.length, variant.id).toBeGreaterThan(0);
    for (const row of variant.rows) expect(lines.some((line) => firstCell(line).includes(String(row))), `${variant.id} row ${row}`).toBe(true);
  }
});
