// Damaged gzip inputs to `dth scan` are recovered exactly as far as `zcat` recovers them, and the run
// ends with exit 2 naming the file and the compressed byte offset of the damage.
//
// Reference: the real gzip binary on this machine (GNU gzip; `gzip -dc` = `zcat`). Its behaviour, checked
// with gzip 1.12: it writes everything decoded before the damage; after a damaged member (bad deflate
// data, CRC or length) it stops, later members are not decoded (exit 1); trailing bytes after the
// last member that are not a gzip member are ignored with a warning (exit 2). The fixtures are built
// here with node:zlib, and every expectation is compared with what `gzip -dc` writes for the same bytes.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { fromRoot } from '../../harness/paths.js';
import type { ScanReport } from '../../harness/scan/report.js';
import { dth } from '../support/cli.js';
import { removeTempDirs, tempDir, writeTemp } from './support.js';

const ELASTIC_RULE = 'rules/elastic/command_and_control_tunnel_qemu.toml';
const MIXED_TEXT = readFileSync(fromRoot('test/fixtures/scan/mixed.ndjson'), 'utf8');

test.afterAll(removeTempDirs);

const gzipAvailable = spawnSync('gzip', ['--version']).status === 0;

/** What `zcat` writes for the file, and its exit status. */
function zcat(path: string): { out: Buffer; status: number | null; stderr: string } {
  const r = spawnSync('gzip', ['-dc', path], { maxBuffer: 1 << 28 });
  return { out: r.stdout, status: r.status, stderr: r.stderr.toString() };
}

function scan(path: string): { report: ScanReport; status: number | null; stderr: string } {
  const r = dth(['scan', '--json', '--threads', '0', '--max-malformed-share', '1', '--max-malformed', '100000', '--rule', ELASTIC_RULE, '--events', path]);
  if (r.stdout.trim() === '') throw new Error(`no report (exit ${r.status}): ${r.stderr}`);
  return { report: JSON.parse(r.stdout) as ScanReport, status: r.status, stderr: r.stderr };
}

/** The damaged file scans exactly like the plain file of what zcat recovered; returns the damaged scan. */
function expectLikeZcat(name: string, bytes: Buffer): { report: ScanReport; stderr: string; zcatStatus: number | null } {
  const dir = tempDir();
  const path = writeTemp(dir, name, bytes);
  const z = zcat(path);
  const plain = scan(writeTemp(dir, `${name}.zcat.ndjson`, z.out)).report;
  const damaged = scan(path);
  expect(damaged.status, damaged.stderr).toBe(2);
  expect(damaged.stderr).toContain(name);
  expect(damaged.report.totals).toMatchObject({ lines: plain.totals.lines, read: plain.totals.read, blankLines: plain.totals.blankLines, malformed: plain.totals.malformed });
  expect(damaged.report.rules[0]?.matched).toBe(plain.rules[0]?.matched);
  expect(damaged.report.rules[0]?.firstMatches.items.map((m) => m.line)).toEqual(plain.rules[0]?.firstMatches.items.map((m) => m.line));
  return { report: damaged.report, stderr: damaged.stderr, zcatStatus: z.status };
}

/** The offset in the message "damaged gzip data at compressed byte N". */
function damageOffset(stderr: string): number {
  const m = /damaged gzip data at compressed byte (\d+)/.exec(stderr);
  if (m === null) throw new Error(`no offset in: ${stderr}`);
  return Number(m[1]);
}

const FIRST = gzipSync(MIXED_TEXT.repeat(400));
const SECOND = gzipSync(MIXED_TEXT.repeat(300));

test.describe('damaged gzip, compared with zcat', () => {
  test.skip(!gzipAvailable, 'needs the gzip binary');

  test('cut short in the second member: every line zcat writes is scanned; the offset is the end of the file', () => {
    const bytes = Buffer.concat([FIRST, SECOND]).subarray(0, FIRST.length + Math.floor(SECOND.length / 2));
    const { report, stderr, zcatStatus } = expectLikeZcat('cut.ndjson.gz', bytes);
    expect(zcatStatus).toBe(1);
    expect(report.totals.lines).toBeGreaterThan(MIXED_TEXT.split('\n').length * 400);
    expect(stderr).toMatch(/unexpected end of file/);
    expect(damageOffset(stderr)).toBe(bytes.length);
  });

  test('a bad CRC in the first member: its lines are scanned, the later intact member is not (as zcat), and the offset is in the CRC', () => {
    const first = Buffer.from(FIRST);
    const crcAt = first.length - 8; // trailer: CRC-32, then ISIZE (RFC 1952 section 2.3)
    first[crcAt + 1] = (first[crcAt + 1] ?? 0) ^ 0xff;
    const { report, stderr, zcatStatus } = expectLikeZcat('crc.ndjson.gz', Buffer.concat([first, SECOND]));
    expect(zcatStatus).toBe(1);
    expect(report.totals.lines).toBe(MIXED_TEXT.split('\n').length * 400 - 400 + (MIXED_TEXT.endsWith('\n') ? 0 : 400));
    expect(stderr).toMatch(/incorrect data check/);
    const offset = damageOffset(stderr);
    expect(offset).toBeGreaterThanOrEqual(crcAt + 1);
    expect(offset).toBeLessThan(crcAt + 4);
  });

  test('garbage in the middle of the deflate data: exactly what zcat writes before the damage is scanned, the offset is at or after the garbage', () => {
    for (const seed of [1, 2, 3]) {
      const first = Buffer.from(FIRST);
      const at = Math.floor((first.length * seed) / 5);
      for (let k = 0; k < 64; k++) first[at + k] = (k * 131 + seed * 17) & 0xff;
      const bytes = Buffer.concat([first, SECOND]);
      const { stderr } = expectLikeZcat(`garbage${seed}.ndjson.gz`, bytes);
      // Where decoding fails: at or after the garbage (damaged data can decode as something for a while,
      // even as the end of the member, as with zcat, whose output we matched above).
      expect(damageOffset(stderr)).toBeGreaterThanOrEqual(at);
      expect(damageOffset(stderr)).toBeLessThanOrEqual(bytes.length);
    }
  });

  test('trailing garbage after the last member: every line of both members is scanned, exit 2 with the offset of the garbage', () => {
    const bytes = Buffer.concat([FIRST, SECOND, Buffer.from('not gzip at all\n')]);
    const { report, stderr, zcatStatus } = expectLikeZcat('trail.ndjson.gz', bytes);
    expect(zcatStatus).toBe(2); // "decompression OK, trailing garbage ignored"
    expect(report.totals.lines).toBe(MIXED_TEXT.split('\n').length * 700 - (MIXED_TEXT.endsWith('\n') ? 700 : 0));
    const offset = damageOffset(stderr);
    expect(offset).toBeGreaterThanOrEqual(FIRST.length + SECOND.length);
    expect(offset).toBeLessThanOrEqual(FIRST.length + SECOND.length + 1);
  });

  test('intact multi-member gzip: every member scanned, exit 0', () => {
    const dir = tempDir();
    const path = writeTemp(dir, 'two.ndjson.gz', Buffer.concat([FIRST, SECOND]));
    expect(zcat(path).status).toBe(0);
    const plain = scan(writeTemp(dir, 'two.ndjson', zcat(path).out)).report;
    const r = scan(path);
    expect(r.status).toBe(0);
    expect(r.report.totals).toEqual(plain.totals);
  });
});
