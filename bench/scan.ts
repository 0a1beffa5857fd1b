// Benchmark of `dth scan` (harness/scan) on a generated ECS ndjson file of at least 1 GB: mostly benign
// process starts (Windows and Linux, Elastic Defend shape), about one in two thousand a QEMU start
// (some matching the Elastic rule, some near misses). Runs, in the same session and on the same file:
// GNU grep (`grep -c -i netdev`), `dth scan` with the Elastic QEMU rule, and `dth scan --no-prefilter`;
// the dth runs are the real CLI as child processes, timed from outside, their peak RSS read from
// /usr/bin/time -v (or getrusage of the children). Also scans a 128 MB file (a prefix of the same
// stream) to show that peak memory does not grow with the input. Prints `name: value unit` lines.
// Each dth figure is the median of RUNS runs; `--no-prefilter`, `--threads 0` and the default must count
// the same matches, or the benchmark fails. A QEMU-heavy file (half the lines QEMU starts, the
// renderer's own Elastic Defend documents: bench/defend-file.ts) is scanned the same way.
// Usage: npm run bench:scan [-- <megabytes> [<seed> [<QEMU-heavy events>]]]   (default 1024 MB, seed 20260301, 100,000 events)
// The files are written to bench/out/ (git-ignored) and reused when present for the same seed and size.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from '../harness/paths.js';
import { mulberry32 } from './spl-events.js';
import { ensureDefendFile } from './defend-file.js';
import { loadNote, timeMedian } from './measure.js';

const MEGABYTES = Number(process.argv[2] ?? 1024);
const SEED = Number(process.argv[3] ?? 20260301);
const SMALL_MEGABYTES = 128;
const RULE = fromRoot('rules', 'elastic', 'command_and_control_tunnel_qemu.toml');
const CLI = fromRoot('dist', 'harness', 'cli', 'main.js');
const OUT = fromRoot('bench', 'out');

interface Program {
  executable: string;
  args: string[][];
  parent: string;
  os: 'windows' | 'linux';
}

const WINDOWS: Program[] = [
  { executable: 'C:\\Windows\\System32\\svchost.exe', args: [['-k', 'netsvcs', '-p', '-s', 'Schedule'], ['-k', 'LocalService', '-p', '-s', 'EventLog'], ['-k', 'NetworkService', '-p']], parent: 'C:\\Windows\\System32\\services.exe', os: 'windows' },
  { executable: 'C:\\Windows\\System32\\cmd.exe', args: [['/c', 'dir'], ['/c', 'whoami'], ['/c', 'ipconfig', '/all'], ['/c', 'start.bat']], parent: 'C:\\Windows\\explorer.exe', os: 'windows' },
  { executable: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', args: [['-NoProfile', '-Command', 'Get-Process'], ['-ExecutionPolicy', 'Bypass', '-File', 'C:\\Scripts\\inventory.ps1']], parent: 'C:\\Windows\\explorer.exe', os: 'windows' },
  { executable: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', args: [['--type=renderer', '--lang=en-US', '--field-trial-handle=1784'], ['--type=gpu-process', '--gpu-preferences=UAAAAAAAAADg'], ['--no-startup-window']], parent: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', os: 'windows' },
  { executable: 'C:\\Program Files\\Git\\cmd\\git.exe', args: [['fetch', '--all', '--prune'], ['status', '--porcelain'], ['log', '-n', '20', '--oneline']], parent: 'C:\\Program Files\\Microsoft VS Code\\Code.exe', os: 'windows' },
  { executable: 'C:\\Windows\\System32\\conhost.exe', args: [['0xffffffff', '-ForceV1']], parent: 'C:\\Windows\\System32\\cmd.exe', os: 'windows' },
];

const LINUX: Program[] = [
  { executable: '/usr/bin/bash', args: [['-c', 'ls -la /var/log'], ['-lc', 'make -j8 all'], ['/home/dev/bin/deploy.sh', '--env', 'staging']], parent: '/usr/sbin/sshd', os: 'linux' },
  { executable: '/usr/bin/python3', args: [['/opt/app/server.py', '--port', '8080'], ['-m', 'pip', 'install', '-r', 'requirements.txt']], parent: '/usr/bin/bash', os: 'linux' },
  { executable: '/usr/bin/ssh', args: [['-L', '8080:localhost:80', 'ops@bastion.example.org'], ['-N', '-R', '9000:127.0.0.1:22', 'jump.example.org']], parent: '/usr/bin/bash', os: 'linux' },
  { executable: '/usr/bin/docker', args: [['run', '--rm', '-p', '8080:80', 'nginx:1.27'], ['network', 'ls'], ['ps', '-a']], parent: '/usr/bin/bash', os: 'linux' },
  { executable: '/usr/bin/ip', args: [['netns', 'exec', 'blue', 'ip', 'link', 'show'], ['route', 'add', 'default', 'via', '10.0.0.1']], parent: '/usr/lib/systemd/systemd-networkd', os: 'linux' },
];

/** QEMU starts: the first two match the rule (hostfwd / Kaspersky branch), the rest are near misses. */
const QEMU: { executable: string; args: string[]; os: 'windows' | 'linux' }[] = [
  { executable: '/usr/bin/qemu-system-x86_64', args: ['-m', '2048', '-netdev', 'user,id=n0,hostfwd=tcp::2222-:22', '-device', 'virtio-net-pci,netdev=n0', '-nographic'], os: 'linux' },
  { executable: 'C:\\ProgramData\\ssh\\qemu-system-i386.exe', args: ['-m', '1M', '-netdev', 'user,id=lan,restrict=off', '-netdev', 'socket,id=sock,connect=203.0.113.7:443', '-netdev', 'hubport,id=p0,hubid=0,netdev=lan', '-netdev', 'hubport,id=p1,hubid=0,netdev=sock', '-nographic'], os: 'windows' },
  { executable: '/usr/bin/qemu-system-x86_64', args: ['-nic', 'user,model=virtio,hostfwd=tcp::2222-:22', '-display', 'none'], os: 'linux' },
  { executable: '/usr/bin/qemu-system-x86_64', args: ['-netdev', 'tap,fd=26,id=hostnet0', '-device', 'virtio-net-pci,netdev=hostnet0'], os: 'linux' },
  { executable: '/usr/bin/qemu-system-x86_64', args: ['--netdev', 'user,id=n0,hostfwd=tcp::2222-:22'], os: 'linux' },
];

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** `digits` random hex digits (a multiple of 8). */
function hex(random: () => number, digits: number): string {
  let s = '';
  for (let i = 0; i < digits; i += 8) {
    const v = Math.floor(random() * 0x100000000);
    s += (HEX[v >>> 24] as string) + HEX[(v >>> 16) & 255] + HEX[(v >>> 8) & 255] + HEX[v & 255];
  }
  return s;
}

/** A process start's fixed part, rendered once: the per-event fields are filled in by eventLine. */
interface Variant {
  os: 'windows' | 'linux';
  /** `"args":[...],"args_count":N,"command_line":"...","executable":"...","name":"..."` */
  process: string;
  /** `"executable":"...","name":"..."` of the parent. */
  parent: string;
}

function variant(executable: string, args: string[], os: 'windows' | 'linux', parent: string): Variant {
  const argv = [executable, ...args];
  const commandLine = argv.map((a) => (a.includes(' ') ? `"${a}"` : a)).join(' ');
  const name = (p: string): string => p.split(/[\\/]/).pop() as string;
  return {
    os,
    process: `"args":${JSON.stringify(argv)},"args_count":${argv.length},"command_line":${JSON.stringify(commandLine)},"executable":${JSON.stringify(executable)},"name":${JSON.stringify(name(executable))}`,
    parent: `"executable":${JSON.stringify(parent)},"name":${JSON.stringify(name(parent))}`,
  };
}

const BENIGN_WINDOWS = WINDOWS.flatMap((p) => p.args.map((a) => variant(p.executable, a, p.os, p.parent)));
const BENIGN_LINUX = LINUX.flatMap((p) => p.args.map((a) => variant(p.executable, a, p.os, p.parent)));
const QEMU_VARIANTS = QEMU.map((q) => variant(q.executable, q.args, q.os, q.os === 'windows' ? 'C:\\Windows\\System32\\svchost.exe' : '/usr/bin/bash'));
const START = Date.UTC(2026, 2, 1);

/** One ECS process start (Elastic Defend shape), as a line of JSON. */
function eventLine(random: () => number, i: number): string {
  const v = random() < 0.0005 ? pick(random, QEMU_VARIANTS) : pick(random, random() < 0.6 ? BENIGN_WINDOWS : BENIGN_LINUX);
  const windows = v.os === 'windows';
  const host = `${windows ? 'WS' : 'srv'}-${Math.floor(random() * 2000)}`;
  const user = `user${Math.floor(random() * 500)}`;
  const uid = 1000 + Math.floor(random() * 500);
  const timestamp = new Date(START + i * 400 + Math.floor(random() * 400)).toISOString();
  return (
    `{"@timestamp":"${timestamp}","agent":{"id":"${hex(random, 32)}","type":"endpoint","version":"9.1.0"},` +
    `"data_stream":{"dataset":"endpoint.events.process","namespace":"default","type":"logs"},"ecs":{"version":"8.11.0"},` +
    `"event":{"action":"${windows ? 'start' : 'exec'}","category":["process"],"dataset":"endpoint.events.process","id":"${hex(random, 24)}","kind":"event","module":"endpoint","type":["start"]},` +
    `"host":{"hostname":"${host}","name":"${host}","os":{"family":"${v.os}","type":"${v.os}","name":"${windows ? 'Windows' : 'Linux'}"}},` +
    `"process":{${v.process},"entity_id":"${hex(random, 40)}","pid":${1000 + Math.floor(random() * 60000)},` +
    `"parent":{${v.parent},"pid":${400 + Math.floor(random() * 5000)},"entity_id":"${hex(random, 40)}"},` +
    `"working_directory":"${windows ? 'C:\\\\Users\\\\Public' : `/home/${user}`}"},` +
    `"user":{"id":"${windows ? `S-1-5-21-1004336348-1177238915-682003330-${uid}` : String(uid)}","name":"${user}"}}\n`
  );
}

/** Writes (or reuses) the file of at least `megabytes` MB for `seed`; the same seed gives the same bytes (a smaller size: a prefix). */
function ensureFile(megabytes: number, seed: number): string {
  mkdirSync(OUT, { recursive: true });
  const path = join(OUT, `scan-${seed}-${megabytes}mb.ndjson`);
  const meta = `${path}.meta.json`;
  if (existsSync(path) && existsSync(meta)) {
    const m = JSON.parse(readFileSync(meta, 'utf8')) as { seed: number; megabytes: number; bytes: number };
    if (m.seed === seed && m.megabytes === megabytes && m.bytes === statSync(path).size) return path;
  }
  const started = performance.now();
  const target = megabytes * 1024 * 1024;
  const random = mulberry32(seed);
  const tmp = `${path}.partial`;
  const fd = openSync(tmp, 'w');
  const batch = Buffer.allocUnsafe(8 * 1024 * 1024);
  let written = 0;
  let used = 0;
  let i = 0;
  while (written + used < target) {
    const line = eventLine(random, i++);
    // Lines are ASCII (JSON.stringify escapes nothing else here), so latin1 writes them byte for byte.
    if (used + line.length > batch.length) {
      written += writeSync(fd, batch, 0, used);
      used = 0;
    }
    used += batch.write(line, used, 'latin1');
  }
  written += writeSync(fd, batch, 0, used);
  closeSync(fd);
  renameSync(tmp, path);
  writeFileSync(meta, JSON.stringify({ seed, megabytes, bytes: written, events: i }) + '\n');
  process.stdout.write(`generate: ${((written / 1e6) / ((performance.now() - started) / 1000)).toFixed(0)} MB/s\n`);
  return path;
}

interface Timed {
  seconds: number;
  stdout: string;
  /** Peak resident set size of the child, in MB (null when it could not be measured). */
  peakRssMb: number | null;
}

const TIME_BINARY = '/usr/bin/time';

/** Runs a command; its peak RSS from /usr/bin/time -v when present. */
function run(command: string, args: string[], measureRss: boolean): Timed {
  const useTime = measureRss && existsSync(TIME_BINARY);
  const started = performance.now();
  const result = useTime
    ? spawnSync(TIME_BINARY, ['-v', command, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    : spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  if (result.error) throw result.error;
  if (result.status !== 0 && !(command === 'grep' && result.status === 1)) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}: ${result.stderr}`);
  }
  let peakRssMb: number | null = null;
  if (useTime) {
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr);
    if (m) peakRssMb = Number(m[1]) / 1024;
  } else if (measureRss) {
    // Without /usr/bin/time: getrusage(RUSAGE_CHILDREN) is the largest child so far (this one when it is the largest).
    peakRssMb = process.resourceUsage().maxRSS / 1024;
  }
  return { seconds, stdout: result.stdout, peakRssMb };
}

interface ScanJson {
  elapsedMs: number;
  totals: { read: number; parsed: number; prefiltered: number; malformed: number };
  rules: { matched: number; notMatched: number }[];
  threads: number;
}

const RUNS = 3;
const HEAVY_EVENTS = Number(process.argv[4] ?? 100_000);

function scan(file: string, extra: string[]): { timed: Timed; report: ScanJson } {
  // The median run; the reports' counts are compared, not their timings.
  const all: { timed: Timed; report: ScanJson }[] = [];
  for (let r = 0; r < RUNS; r++) {
    const timed = run(process.execPath, [CLI, 'scan', '--rule', RULE, '--events', file, '--source', 'elastic-defend', '--json', ...extra], true);
    all.push({ timed, report: JSON.parse(timed.stdout) as ScanJson });
  }
  const matched = all.map((a) => a.report.rules[0]?.matched);
  if (new Set(matched).size !== 1) throw new Error(`dth scan ${extra.join(' ')}: runs disagree on the matches (${matched.join(', ')})`);
  all.sort((a, b) => a.timed.seconds - b.timed.seconds);
  return all[Math.floor(all.length / 2)] as { timed: Timed; report: ScanJson };
}

/** Every variant must count the same matches as the first. */
function sameMatches(label: string, variants: Record<string, { report: ScanJson }>): void {
  const counts = Object.entries(variants).map(([name, v]) => [name, v.report.rules[0]?.matched ?? -1] as const);
  if (new Set(counts.map(([, n]) => n)).size !== 1) throw new Error(`${label}: match counts differ: ${counts.map(([n, c]) => `${n} ${c}`).join(', ')}`);
}

/** The QEMU-heavy file: prefilter passes half the lines; the same variants, same checks. */
function heavy(): void {
  const file = ensureDefendFile(HEAVY_EVENTS, 0.5, SEED);
  const megabytes = file.bytes / 1e6;
  const grep = timeMedian(RUNS, 'grep', ['-c', '-i', 'netdev', file.path], [0, 1]);
  const auto = scan(file.path, []);
  const single = scan(file.path, ['--threads', '0']);
  const full = scan(file.path, ['--no-prefilter']);
  sameMatches('QEMU-heavy file', { default: auto, 'threads 0': single, 'no prefilter': full });
  process.stdout.write(`heavy file: ${megabytes.toFixed(0)} MB\n`);
  process.stdout.write(`heavy matches: ${auto.report.rules[0]?.matched ?? -1} events (equal with --threads 0 and --no-prefilter)\n`);
  process.stdout.write(`heavy threads (default choice): ${auto.report.threads} threads\n`);
  process.stdout.write(`heavy scan: ${(megabytes / auto.timed.seconds).toFixed(0)} MB/s\n`);
  process.stdout.write(`heavy scan --threads 0: ${(megabytes / single.timed.seconds).toFixed(0)} MB/s\n`);
  process.stdout.write(`heavy scan --no-prefilter: ${(megabytes / full.timed.seconds).toFixed(0)} MB/s\n`);
  process.stdout.write(`heavy grep: ${(megabytes / grep.seconds).toFixed(0)} MB/s\n`);
  process.stdout.write(`heavy scan/grep: ${(grep.seconds / auto.timed.seconds).toFixed(2)} x\n`);
  process.stdout.write(`heavy scan default/threads 0: ${(single.timed.seconds / auto.timed.seconds).toFixed(2)} x\n`);
}

function main(): void {
  const file = ensureFile(MEGABYTES, SEED);
  const small = ensureFile(SMALL_MEGABYTES, SEED);
  const megabytes = statSync(file).size / 1e6;
  process.stdout.write(`file: ${megabytes.toFixed(0)} MB\n`);
  // The first grep brings the file into the page cache; the second is the one measured.
  run('grep', ['-c', '-i', 'netdev', file], false);
  const grep = timeMedian(RUNS, 'grep', ['-c', '-i', 'netdev', file], [0, 1]);
  // What every dth command pays before it starts (loading the CLI's modules), measured on its own.
  const startup = run(process.execPath, [CLI, '--version'], false);
  loadNote();
  const withPrefilter = scan(file, []);
  const single = scan(file, ['--threads', '0']);
  const full = scan(file, ['--no-prefilter']);
  sameMatches('benchmark file', { default: withPrefilter, 'threads 0': single, 'no prefilter': full });
  const smallScan = scan(small, []);
  const rate = (t: Timed): number => megabytes / t.seconds;
  const matched = withPrefilter.report.rules[0]?.matched ?? -1;
  process.stdout.write(`grep lines with netdev: ${grep.stdout.trim()} lines\n`);
  process.stdout.write(`events: ${withPrefilter.report.totals.read} events\n`);
  process.stdout.write(`matches: ${matched} events\n`);
  process.stdout.write(`prefiltered (not parsed): ${withPrefilter.report.totals.prefiltered} events\n`);
  process.stdout.write(`threads: ${withPrefilter.report.threads} threads\n`);
  process.stdout.write(`scan: ${rate(withPrefilter.timed).toFixed(0)} MB/s\n`);
  process.stdout.write(`scan after start-up (report's elapsedMs): ${(megabytes / (withPrefilter.report.elapsedMs / 1000)).toFixed(0)} MB/s\n`);
  process.stdout.write(`dth start-up (dth --version): ${startup.seconds.toFixed(2)} s\n`);
  process.stdout.write(`full parse: ${rate(full.timed).toFixed(0)} MB/s\n`);
  process.stdout.write(`grep: ${rate(grep).toFixed(0)} MB/s\n`);
  process.stdout.write(`scan/grep: ${(grep.seconds / withPrefilter.timed.seconds).toFixed(2)} x\n`);
  process.stdout.write(`scan --threads 0: ${rate(single.timed).toFixed(0)} MB/s\n`);
  process.stdout.write(`scan default/threads 0: ${(single.timed.seconds / withPrefilter.timed.seconds).toFixed(2)} x\n`);
  process.stdout.write(`scan/full parse: ${(full.timed.seconds / withPrefilter.timed.seconds).toFixed(2)} x\n`);
  process.stdout.write(`matches without prefilter: ${full.report.rules[0]?.matched ?? -1} events\n`);
  const rss = (t: Timed): string => (t.peakRssMb === null ? 'n/a' : t.peakRssMb.toFixed(0));
  process.stdout.write(`peak rss: ${rss(withPrefilter.timed)} MB\n`);
  process.stdout.write(`peak rss full parse: ${rss(full.timed)} MB\n`);
  process.stdout.write(`peak rss ${SMALL_MEGABYTES} MB file: ${rss(smallScan.timed)} MB\n`);
  heavy();
}

main();
