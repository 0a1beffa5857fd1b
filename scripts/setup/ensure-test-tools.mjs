// Runs before `npm test` (after ensure-deps.mjs): the suite needs two system programs, Debian's
// Chromium for the browser tests (/usr/bin/chromium, or DTH_CHROMIUM) and the real QEMU
// (qemu-system-x86_64), ssh and plink for the acceptance tests. When one is missing it is installed through apt
// (as root, or with sudo when that needs no password); otherwise the run stops at once with the one
// command that installs them, rather than running a suite that fails to launch them.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && executable(join(dir, name)));
}

const chromium = process.env.DTH_CHROMIUM ?? '/usr/bin/chromium';
const missing = [];
if (!executable(chromium)) missing.push({ what: `Chromium (${chromium})`, apt: 'chromium', env: process.env.DTH_CHROMIUM !== undefined });
if (!onPath('qemu-system-x86_64')) missing.push({ what: 'qemu-system-x86_64', apt: 'qemu-system-x86', env: false });
if (!onPath('ssh')) missing.push({ what: 'ssh (OpenSSH client)', apt: 'openssh-client', env: false });
if (!onPath('plink')) missing.push({ what: 'plink (PuTTY tools)', apt: 'putty-tools', env: false });

if (missing.length > 0) {
  const packages = missing.filter((m) => !m.env).map((m) => m.apt);
  const command = `sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`;
  const stop = (why) => {
    process.stderr.write(`dth: the tests need ${missing.map((m) => m.what).join(' and ')}, which ${missing.length === 1 ? 'is' : 'are'} not installed; ${why}\n`);
    if (packages.length > 0) process.stderr.write(`  install with: ${command}\n`);
    if (missing.some((m) => m.env)) process.stderr.write('  or point DTH_CHROMIUM at an installed Chromium or Chrome\n');
    process.exit(1);
  };
  const apt = onPath('apt-get');
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = !root && onPath('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
  if (packages.length === 0) stop('DTH_CHROMIUM names no executable');
  if (!apt) stop('this system has no apt-get');
  if (!root && !sudo) stop('installing them needs root');
  const prefix = root ? [] : ['sudo', '-n'];
  const run = (args) => {
    const [cmd, ...rest] = [...prefix, ...args];
    return spawnSync(cmd, rest, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
  };
  process.stderr.write(`dth: installing ${packages.join(', ')} through apt for the tests\n`);
  if (!run(['apt-get', 'update', '-qq']) || !run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...packages])) stop('apt-get failed (output above)');
}
