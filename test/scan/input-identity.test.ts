// A scan input must stay the file the scan opened: replaced (log rotation), truncated or removed
// mid-scan ends the run with an input error naming the file, never a silent mix of two files.
import { closeSync, mkdtempSync, openSync, readSync, renameSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { InputError } from '../../harness/errors.js';
import { checkUnchanged, identityByName, identityOf } from '../../harness/scan/input-identity.js';

function scenario(change: (path: string, dir: string) => void): { error: unknown; readAfter: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dth-identity-'));
  const path = join(dir, 'events.ndjson');
  writeFileSync(path, 'original line one\noriginal line two\n');
  const fd = openSync(path, 'r');
  try {
    const id = identityOf('events.ndjson', path, fd);
    checkUnchanged(id); // unchanged: no error
    change(path, dir);
    let error: unknown = null;
    try {
      checkUnchanged(id);
    } catch (e) {
      error = e;
    }
    const buf = Buffer.alloc(8);
    const n = readSync(fd, buf, 0, 8, 0);
    return { error, readAfter: buf.toString('utf8', 0, n) };
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a file replaced under its name (mv f f.1 && cp other f) is an input error naming it; the open descriptor still reads the original', () => {
  const r = scenario((path, dir) => {
    renameSync(path, join(dir, 'events.ndjson.1'));
    writeFileSync(path, 'another file\n');
  });
  expect(r.error).toBeInstanceOf(InputError);
  expect((r.error as InputError).format()).toContain('events.ndjson');
  expect((r.error as InputError).message).toContain('replaced');
  expect(r.readAfter).toBe('original');
});

test('a truncated file and a removed file are input errors saying so', () => {
  const truncated = scenario((path) => truncateSync(path, 5));
  expect((truncated.error as InputError).message).toContain('truncated from 36 to 5 bytes');
  const removed = scenario((path) => unlinkSync(path));
  expect((removed.error as InputError).message).toContain('removed');
});

test('a file that only grew (a live log appended to) is not an error', () => {
  const grown = scenario((path) => writeFileSync(path, 'original line one\noriginal line two\nappended\n'));
  expect(grown.error).toBeNull();
  expect(identityByName('x', '/dev/null')).toBeNull();
});
