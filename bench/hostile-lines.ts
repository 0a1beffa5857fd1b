// Blank-line runs and .conf continuation lines at streaming speed (issue 13 item 5): a file of blank
// lines through `dth scan` and `dth eql` (whole CLI, Node start-up included), and a macros.conf value
// of many continuation lines through the .conf parser. Prints `name: value unit` lines.
// Usage: npm run bench:hostile-lines [-- <million blank lines, default 20> <thousand continuation lines, default 200>]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfFile } from '../harness/engines/spl/conf-file.js';
import { fromRoot } from '../harness/paths.js';

const BLANK_MILLIONS = Number(process.argv[2] ?? 20);
const CONTINUATION_THOUSANDS = Number(process.argv[3] ?? 200);
const CLI = fromRoot('dist', 'harness', 'cli', 'main.js');
const RULE = fromRoot('rules', 'elastic', 'command_and_control_tunnel_qemu.toml');

function seconds(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`dth ${args.join(' ')}: exit ${r.status}: ${r.stderr.toString()}`);
  return (performance.now() - t0) / 1000;
}

const dir = mkdtempSync(join(tmpdir(), 'dth-bench-blank-'));
try {
  const blank = join(dir, 'blank.ndjson');
  writeFileSync(blank, '\n'.repeat(BLANK_MILLIONS * 1_000_000));
  const lines = BLANK_MILLIONS * 1_000_000;
  const scan = seconds(['scan', '--threads', '0', '--rule', RULE, '--events', blank]);
  console.log(`scan-blank-lines: ${(lines / scan / 1e6).toFixed(1)} Mlines/s`);
  const eql = seconds(['eql', 'process where true', '--events', blank]);
  console.log(`eql-blank-lines: ${(lines / eql / 1e6).toFixed(1)} Mlines/s`);
  const n = CONTINUATION_THOUSANDS * 1000;
  const text = '[m]\ndefinition = index=main \\\n' + 'process.command_line=*qemu* \\\n'.repeat(n) + 'x\n';
  const t0 = performance.now();
  parseConfFile(text, 'macros.conf');
  console.log(`conf-continuation-lines: ${(n / ((performance.now() - t0) / 1000) / 1e6).toFixed(1)} Mlines/s`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
