// Runs before `npm start` and `npm test` (npm's prestart / pretest): installs the npm dependencies when
// node_modules is missing or does not hold exactly what package-lock.json pins, so a fresh clone needs
// no other command. The check only reads: it compares every package the lock file lists (optional
// ones may be absent) with the version installed under node_modules, and runs `npm ci` on a mismatch.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Why node_modules does not match the lock file, or null when it does. */
function staleness() {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  if (!existsSync(join(root, 'node_modules'))) return 'node_modules is missing';
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    if (path === '' || entry.link === true || !path.startsWith('node_modules/')) continue;
    const manifest = join(root, path, 'package.json');
    if (!existsSync(manifest)) {
      if (entry.optional === true) continue;
      return `${path.slice('node_modules/'.length)} is not installed`;
    }
    const installed = JSON.parse(readFileSync(manifest, 'utf8')).version;
    if (entry.version !== undefined && installed !== entry.version) return `${path.slice('node_modules/'.length)} is ${installed}, package-lock.json pins ${entry.version}`;
  }
  return null;
}

const reason = staleness();
if (reason !== null) {
  process.stderr.write(`dth: ${reason}: installing the npm dependencies (npm ci)\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write('dth: npm ci failed; see its output above\n');
    process.exit(result.status ?? 1);
  }
}
