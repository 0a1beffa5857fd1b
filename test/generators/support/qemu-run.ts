// Starts qemu-system-x86_64 with a local plan and reports whether it came up: "up" once its QMP
// socket greets (QEMU has parsed every option and created every back end and device by then), after
// which it is told to quit; "exited" with its stderr if it stopped first. Daemonized QEMUs are
// stopped through QMP and, failing that, by the pid in their pidfile.
import { spawn, type StdioOptions } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import type { LocalPlan } from './qemu-local.js';

export type RunResult = { outcome: 'up' } | { outcome: 'exited'; code: number | null; stderr: string } | { outcome: 'timeout'; stderr: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function listenUnix(path: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.on('error', () => undefined));
    server.once('error', reject);
    server.listen(path, () => resolve(server));
  });
}

/** The fd of a listening server, to hand to the child (libuv exposes it on Unix). */
function serverFd(server: Server): number {
  const handle = (server as unknown as { _handle?: { fd?: number } })._handle;
  if (typeof handle?.fd !== 'number' || handle.fd < 0) throw new Error('cannot get the fd of a listening socket');
  return handle.fd;
}

/** Sends qmp_capabilities and quit once QMP greets; resolves true when QEMU acknowledged. */
function qmpQuit(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(path);
    let buffer = '';
    let step = 0;
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    // QEMU may reset the connection as it exits after `quit`: that still counts once quit was sent.
    socket.on('error', () => done(step >= 2));
    socket.on('close', () => done(step >= 2));
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (line === '') continue;
        const message = JSON.parse(line) as Record<string, unknown>;
        if (step === 0 && 'QMP' in message) {
          step = 1;
          socket.write('{"execute":"qmp_capabilities"}\n');
        } else if (step === 1 && 'return' in message) {
          step = 2;
          socket.write('{"execute":"quit"}\n');
        } else if (step === 2 && ('return' in message || 'event' in message)) {
          step = 3;
        }
      }
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readPid(path: string | undefined): number | undefined {
  if (path === undefined) return undefined;
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export async function runQemu(plan: LocalPlan, dir: string, timeoutMs = 20_000): Promise<RunResult> {
  mkdirSync(dir, { recursive: true });
  for (const file of plan.files) writeFileSync(file.path, file.content);
  const servers: Server[] = [];
  try {
    for (const path of plan.unixListeners) servers.push(await listenUnix(path));
    const maxFd = Math.max(2, ...plan.fds.keys());
    const stdio: StdioOptions = ['ignore', 'pipe', 'pipe'];
    for (let fd = 3; fd <= maxFd; fd++) {
      const kind = plan.fds.get(fd);
      if (kind === undefined) stdio.push('ignore');
      else if (kind === 'socket') stdio.push('pipe'); // libuv hands the child one end of a UNIX socketpair
      else {
        const server = await listenUnix(`${dir}/fd${fd}.sock`);
        servers.push(server);
        stdio.push(serverFd(server));
      }
    }
    const child = spawn(plan.binary, plan.args, { stdio });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.stdout?.resume();
    let exit: { code: number | null } | undefined;
    child.on('exit', (code) => {
      exit = { code };
    });
    child.on('error', (error) => {
      stderr += String(error);
      exit = { code: null };
    });
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      // A daemonizing QEMU's first process exits 0 once the daemon is up; keep polling QMP then.
      if (exit !== undefined && !(plan.daemonize && exit.code === 0)) return { outcome: 'exited', code: exit.code, stderr };
      if (await qmpQuit(plan.qmpSocket)) {
        const pid = plan.daemonize ? readPid(plan.pidfile) : child.pid;
        for (let i = 0; i < 100 && pid !== undefined && alive(pid); i++) await sleep(50);
        if (pid !== undefined && alive(pid)) process.kill(pid, 'SIGKILL');
        return { outcome: 'up' };
      }
      await sleep(40);
    }
    const pid = readPid(plan.pidfile);
    if (pid !== undefined && alive(pid)) process.kill(pid, 'SIGKILL');
    if (exit === undefined) child.kill('SIGKILL');
    return { outcome: 'timeout', stderr };
  } finally {
    for (const server of servers) server.close();
  }
}
