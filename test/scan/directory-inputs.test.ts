// A directory input reads every regular file under it (symbolic links followed once) and says what it
// skipped and why; a FIFO or a device named directly is refused (only `-` reads a stream).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { InputError } from '../../harness/errors.js';
import { resolveInputs, type SkippedEntry } from '../../harness/scan/inputs.js';

test('directory: files in path order, links followed once, FIFO, dangling link and loop reported as skipped', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dth-dir-'));
  try {
    const outside = mkdtempSync(join(tmpdir(), 'dth-outside-'));
    writeFileSync(join(outside, 'linked.ndjson'), '{}\n');
    writeFileSync(join(dir, 'b.ndjson'), '{}\n');
    mkdirSync(join(dir, 'a'));
    writeFileSync(join(dir, 'a', 'z.ndjson'), '{}\n');
    symlinkSync(join(outside, 'linked.ndjson'), join(dir, 'c-link.ndjson'));
    symlinkSync('/nonexistent/file', join(dir, 'dangling.ndjson'));
    symlinkSync('..', join(dir, 'a', 'up'));
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    const skipped: SkippedEntry[] = [];
    const inputs = resolveInputs([dir], skipped);
    expect(inputs.map((i) => i.path?.slice(dir.length + 1))).toEqual(['a/z.ndjson', 'b.ndjson', 'c-link.ndjson']);
    const reasons = skipped.map((s) => `${s.path.slice(dir.length + 1)}: ${s.reason.split(':')[0]}`);
    expect(reasons).toEqual(['a/up: a directory already read (' + dir + ')', 'dangling.ndjson: a dangling symbolic link', 'pipe: a FIFO (named pipe)']);
    expect(() => resolveInputs([join(dir, 'pipe')])).toThrow(InputError);
    rmSync(outside, { recursive: true, force: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a device named directly is refused, stdin "-" is accepted', () => {
  expect(() => resolveInputs(['/dev/zero'])).toThrow(/a device; only regular files are read by name/);
  expect(resolveInputs(['-'])[0]?.path).toBeNull();
});
