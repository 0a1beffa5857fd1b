// Benchmark input made of the renderers' own output: Elastic Defend process-start documents
// (generators/renderers/elastic-defend.ts) with a chosen share of QEMU starts. The QEMU documents are the
// scenario pack's events (malicious and benign QEMU use, long command lines included); the rest are the
// same events with the process replaced by an ordinary program (svchost, cmd, chrome, bash, python, ...),
// rendered by the same renderer, so every document has the full shape and size a sensor gives.
// Files are written to bench/out/ (git-ignored) and reused when present for the same parameters.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { CanonicalEvent } from '../generators/canonical-event.js';
import { generateEvents } from '../generators/generate.js';
import { renderElasticDefend } from '../generators/renderers/elastic-defend.js';
import { loadPack } from '../generators/scenario-pack.js';
import { fromRoot } from '../harness/paths.js';
import { mulberry32 } from './spl-events.js';

export const OUT = fromRoot('bench', 'out');

/** Ordinary programs per OS, put in place of QEMU for the benign documents. */
export const ORDINARY: Record<'windows' | 'linux' | 'macos', string[][]> = {
  windows: [
    ['C:\\Windows\\System32\\svchost.exe', '-k', 'netsvcs', '-p', '-s', 'Schedule'],
    ['C:\\Windows\\System32\\svchost.exe', '-k', 'LocalService', '-p', '-s', 'EventLog'],
    ['C:\\Windows\\System32\\cmd.exe', '/c', 'ipconfig', '/all'],
    ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', '-NoProfile', '-ExecutionPolicy', 'Bypass', '-File', 'C:\\Scripts\\inventory.ps1'],
    ['C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', '--type=renderer', '--lang=en-US', '--field-trial-handle=1784,i,1207', '--enable-features=NetworkService'],
    ['C:\\Program Files\\Git\\cmd\\git.exe', 'fetch', '--all', '--prune'],
    ['C:\\Windows\\System32\\conhost.exe', '0xffffffff', '-ForceV1'],
  ],
  linux: [
    ['/usr/bin/bash', '-c', 'ls -la /var/log'],
    ['/usr/bin/python3', '/opt/app/server.py', '--port', '8080'],
    ['/usr/bin/ssh', '-L', '8080:localhost:80', 'ops@bastion.example.org'],
    ['/usr/bin/docker', 'run', '--rm', '-p', '8080:80', 'nginx:1.27'],
    ['/usr/bin/ip', 'netns', 'exec', 'blue', 'ip', 'link', 'show'],
  ],
  macos: [
    ['/bin/zsh', '-c', 'brew update'],
    ['/usr/bin/ssh', '-N', 'git@github.example.com'],
  ],
};

function quoteWindows(arg: string): string {
  return /[\s"]/.test(arg) ? `"${arg.replace(/"/g, '\\"')}"` : arg;
}

/** The pack's event with an ordinary program in place of QEMU (same host, user, parent and time). */
export function ordinary(template: CanonicalEvent, argv: string[], id: string): CanonicalEvent {
  const executable = argv[0] as string;
  const name = executable.split(/[\\/]/).pop() as string;
  const commandLine = template.os === 'windows' ? argv.map(quoteWindows).join(' ') : argv.join(' ');
  const { pe: _pe, ...process } = template.process;
  return { ...template, id, label: 'benign', process: { ...process, executable, name, args: argv, commandLine } };
}

export interface DefendFile {
  path: string;
  events: number;
  qemu: number;
  bytes: number;
}

/**
 * Writes (or reuses) `events` Elastic Defend documents, a share `qemuShare` of them QEMU starts, for
 * `seed`. Each line has its own `_id`.
 */
export function ensureDefendFile(events: number, qemuShare: number, seed: number): DefendFile {
  mkdirSync(OUT, { recursive: true });
  const path = join(OUT, `defend-${seed}-${events}-${qemuShare}.ndjson`);
  const meta = `${path}.meta.json`;
  if (existsSync(path) && existsSync(meta)) {
    const m = JSON.parse(readFileSync(meta, 'utf8')) as DefendFile;
    if (m.bytes === statSync(path).size) return m;
  }
  const pack = generateEvents(loadPack(), { seed });
  const qemuRecords = pack.map((e) => renderElasticDefend(e));
  const random = mulberry32(seed);
  const tmp = `${path}.partial`;
  const fd = openSync(tmp, 'w');
  let qemu = 0;
  let batch: string[] = [];
  let batchChars = 0;
  const flush = (): void => {
    writeSync(fd, batch.join(''));
    batch = [];
    batchChars = 0;
  };
  for (let i = 0; i < events; i++) {
    const at = Math.floor(random() * pack.length);
    let line: string;
    if (random() < qemuShare) {
      qemu++;
      line = JSON.stringify({ ...qemuRecords[at], _id: `bench-${i}` });
    } else {
      const template = pack[at] as CanonicalEvent;
      const programs = ORDINARY[template.os];
      line = JSON.stringify(renderElasticDefend(ordinary(template, programs[Math.floor(random() * programs.length)] as string[], `bench-${i}`)));
    }
    batch.push(line, '\n');
    batchChars += line.length + 1;
    if (batchChars > 4 * 1024 * 1024) flush();
  }
  flush();
  closeSync(fd);
  renameSync(tmp, path);
  const result: DefendFile = { path, events, qemu, bytes: statSync(path).size };
  writeFileSync(meta, JSON.stringify(result) + '\n');
  return result;
}
