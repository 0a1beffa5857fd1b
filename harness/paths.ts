// Locates the package root, so data folders (rules/, scenarios/, harness/engines/eql/mappings/) are found the same
// way from the TypeScript sources (tests) and from the built dist/ (the dth binary).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

export function projectRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string };
      if (pkg.name === 'detection-harness') {
        cachedRoot = dir;
        return dir;
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('detection-harness package root not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** A path inside the package, e.g. `fromRoot('rules')`. */
export function fromRoot(...segments: string[]): string {
  return resolve(projectRoot(), ...segments);
}

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * A path as reports show it: relative to the package root when it lies inside it, so a report made in one
 * clone compares equal to one made in another; otherwise as given.
 */
export function reportPath(path: string): string {
  const rel = relative(projectRoot(), resolve(path));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : path;
}
