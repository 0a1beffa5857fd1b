// An input must stay the file it was when the scan opened it. A log rotated mid-scan (`mv f f.1 &&
// cp other f`) used to be read as a mix of two files, a truncated one ended early without a word,
// and a deleted one ended in an internal error. The scan now opens each regular file once (all
// threads read that descriptor) and checks, while it reads and when it is done, that the name still
// points at the same file (device and inode) and that the file has not shrunk; otherwise the run
// ends with an input error naming the file and what happened.
import { fstatSync, statSync, type Stats } from 'node:fs';
import { InputError } from '../errors.js';

export interface InputIdentity {
  readonly label: string;
  readonly path: string;
  readonly fd: number;
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
}

export function identityOf(label: string, path: string, fd: number): InputIdentity {
  const st = fstatSync(fd);
  return { label, path, fd, dev: st.dev, ino: st.ino, size: st.size };
}

function fail(id: InputIdentity, what: string): never {
  throw new InputError(`the events file changed during the scan: ${what}; the counts would mix or miss data, so the scan stopped (scan a copy, or scan after rotation)`, { file: id.label });
}

/** The identity of a regular file read as a stream (gzip, framed JSON): by name, no descriptor kept (fd -1). */
export function identityByName(label: string, path: string): InputIdentity | null {
  try {
    const st = statSync(path);
    return st.isFile() ? { label, path, fd: -1, dev: st.dev, ino: st.ino, size: st.size } : null;
  } catch {
    return null;
  }
}

/** Throws an InputError naming the file when it was replaced, removed or truncated since it was opened. */
export function checkUnchanged(id: InputIdentity): void {
  let byName: Stats;
  try {
    byName = statSync(id.path);
  } catch {
    fail(id, 'it was removed or renamed');
  }
  if (byName.dev !== id.dev || byName.ino !== id.ino) fail(id, 'another file now has its name (replaced or rotated)');
  const now = id.fd >= 0 ? fstatSync(id.fd).size : byName.size;
  if (now < id.size) fail(id, `it was truncated from ${id.size} to ${now} bytes`);
}
