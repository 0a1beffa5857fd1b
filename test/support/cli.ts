// Runs the built dth binary (npm test builds first) as a user would, capturing its output.
import { spawnSync } from 'node:child_process';
import { fromRoot } from '../../harness/paths.js';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function dth(args: string[], options: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const result = spawnSync(process.execPath, [fromRoot('dist/harness/cli/main.js'), ...args], {
    input: options.input,
    cwd: options.cwd ?? fromRoot(),
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
