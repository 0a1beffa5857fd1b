// Benchmark of the embedded EQL engine on the QEMU rule (rules/elastic/command_and_control_tunnel_qemu.toml):
// the compiled predicate over in-memory ECS process documents, and the same over ndjson text
// beside JSON.parse alone on the same text. Prints `name: value unit` lines.
// Usage: npm run bench:eql [-- <documents>]   (default 1,000,000; about 1% QEMU)
import { compileEql } from '../harness/engines/eql/compile.js';
import { parseEql } from '../harness/engines/eql/parser.js';
import { ecsFieldTypes } from '../harness/mappings/index-mapping.js';
import { fromRoot } from '../harness/paths.js';
import { loadElasticRule } from '../harness/rules/elastic-loader.js';
import { mulberry32 } from './spl-events.js';

const COUNT = Number(process.argv[2] ?? 1_000_000);
const NDJSON_COUNT = Math.min(COUNT, 250_000);

const BENIGN: string[][] = [
  ['C:\\Windows\\System32\\svchost.exe', '-k', 'netsvcs', '-p', '-s', 'Schedule'],
  ['C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', '--type=renderer', '--lang=en-US', '--enable-features=NetworkService'],
  ['/usr/bin/bash', '-c', 'ls -la /var/log'],
  ['/usr/bin/python3', '/opt/app/server.py', '--port', '8080'],
  ['powershell.exe', '-NoProfile', '-ExecutionPolicy', 'Bypass', '-File', 'C:\\scripts\\backup.ps1'],
  ['/usr/bin/ssh', '-L', '8080:localhost:80', 'user@example.org'],
];
const QEMU: string[][] = [
  ['qemu-system-x86_64.exe', '-m', '1G', '-netdev', 'user,id=n0,hostfwd=tcp::2222-:22', '-device', 'e1000,netdev=n0', '-nographic'],
  ['qemu-system-i386.exe', '-netdev', 'socket,id=s0,connect=203.0.113.7:443', '-netdev', 'user,id=u0,restrict=off', '-nographic'],
  ['qemu-system-x86_64', '-nic', 'user,hostfwd=tcp::2222-:22', '-display', 'none'],
  ['qemu-system-x86_64', '--netdev', 'user,id=n0,hostfwd=tcp::2222-:22'],
  ['qemu-system-x86_64', '-m', '2048', '-hda', 'disk.qcow2', '-nographic'],
];

function makeDocs(count: number): Record<string, unknown>[] {
  const random = mulberry32(1);
  const docs: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const qemu = random() < 0.01;
    const pool = qemu ? QEMU : BENIGN;
    const args = [...(pool[Math.floor(random() * pool.length)] as string[])];
    docs.push({
      '@timestamp': new Date(1_767_225_600_000 + i * 1000).toISOString(),
      event: { category: ['process'], type: [random() < 0.9 ? 'start' : 'end'], action: 'start', kind: 'event' },
      host: { name: `host-${i % 97}`, os: { type: i % 3 === 0 ? 'linux' : 'windows' } },
      process: {
        pid: 1000 + (i % 30000),
        name: (args[0] as string).split(/[\\/]/).pop(),
        executable: args[0],
        args,
        args_count: args.length,
        command_line: args.join(' '),
        parent: { pid: 4, name: 'explorer.exe' },
      },
      user: { name: `user${i % 50}` },
    });
  }
  return docs;
}

function timeBest(runs: number, fn: () => number): { ms: number; result: number } {
  let best = Infinity;
  let result = 0;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    result = fn();
    best = Math.min(best, performance.now() - start);
  }
  return { ms: best, result };
}

function forEachLine(text: string, fn: (line: string) => void): void {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end > start) fn(text.slice(start, end));
    start = end + 1;
  }
}

function main(): void {
  const rule = loadElasticRule(fromRoot('rules', 'elastic', 'command_and_control_tunnel_qemu.toml'));
  const predicate = compileEql(parseEql(rule.query, rule.sourceFile), ecsFieldTypes());
  const docs = makeDocs(COUNT);

  const memory = timeBest(5, () => {
    let matches = 0;
    for (let i = 0; i < docs.length; i++) if (predicate(docs[i] as Record<string, unknown>)) matches++;
    return matches;
  });
  const qemuDocs = docs.filter((d) => String((d['process'] as { command_line: string }).command_line).startsWith('qemu-system-')).length;
  process.stdout.write(`eql documents: ${docs.length} docs\n`);
  process.stdout.write(`eql qemu documents: ${qemuDocs} docs\n`);
  process.stdout.write(`eql matches: ${memory.result} docs\n`);
  process.stdout.write(`eql predicate: ${Math.round(docs.length / (memory.ms / 1000))} events/s\n`);

  const text = docs.slice(0, NDJSON_COUNT).map((d) => JSON.stringify(d)).join('\n') + '\n';
  const megabytes = Buffer.byteLength(text) / 1e6;
  // Alternate the two measurements so machine noise hits both alike; keep the best of each.
  let parseOnlyMs = Infinity;
  let withEqlMs = Infinity;
  for (let round = 0; round < 8; round++) {
    parseOnlyMs = Math.min(
      parseOnlyMs,
      timeBest(1, () => {
        let n = 0;
        forEachLine(text, (line) => {
          if (JSON.parse(line) !== null) n++;
        });
        return n;
      }).ms,
    );
    withEqlMs = Math.min(
      withEqlMs,
      timeBest(1, () => {
        let n = 0;
        forEachLine(text, (line) => {
          if (predicate(JSON.parse(line) as Record<string, unknown>)) n++;
        });
        return n;
      }).ms,
    );
  }
  const parseOnly = { ms: parseOnlyMs };
  const withEql = { ms: withEqlMs };
  process.stdout.write(`eql ndjson documents: ${NDJSON_COUNT} docs\n`);
  process.stdout.write(`eql ndjson: ${(megabytes / (withEql.ms / 1000)).toFixed(1)} MB/s\n`);
  process.stdout.write(`json.parse only: ${(megabytes / (parseOnly.ms / 1000)).toFixed(1)} MB/s\n`);
  process.stdout.write(`eql ndjson overhead: ${(((withEql.ms - parseOnly.ms) / parseOnly.ms) * 100).toFixed(1)} %\n`);
}

main();
