// Every generated QEMU command-line shape is started by the real qemu-system-x86_64 (Debian 12:
// QEMU 7.2; CI installs Debian's qemu-system-x86) with its network options as generated and external
// resources made local (support/qemu-local.ts lists every rewrite), then stopped through QMP.
// One representative per distinct shape: for every scenario of the default pack and every
// malicious population × applicable variant, several launches are built and deduplicated by the
// shape of their argv (option names, back-end types and keys; values abstracted).
// What QEMU 7.2 on Linux cannot run is asserted, never skipped: the exact shape must fail with the
// expected message (foreign options, macOS-only vmnet, tap fds, bridge helper), and a substitute
// plan with only those parts swapped must start.
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { OsFamily } from '../../generators/canonical-event.js';
import { makeHost, makeOrganisation } from '../../generators/context/hosts.js';
import { deriveSeed, Rng } from '../../generators/context/rng.js';
import { buildLaunch } from '../../generators/generate.js';
import { POPULATIONS, populationById } from '../../generators/populations/index.js';
import type { Launch } from '../../generators/populations/population.js';
import type { QemuInvocation } from '../../generators/qemu/model.js';
import { renderArgv } from '../../generators/qemu/render.js';
import { loadPack } from '../../generators/scenario-pack.js';
import type { Scenario } from '../../generators/scenario.js';
import { REJECTED_FORMS, VARIANTS } from '../../generators/variants/index.js';
import { localPlan, type LocalEnv, type LocalPlan } from './support/qemu-local.js';
import { runQemu, type RunResult } from './support/qemu-run.js';

const SAMPLES_PER_SCENARIO = 6;
const CONCURRENCY = 3;

interface Case {
  label: string;
  population: string;
  variant: string | null;
  invocation: QemuInvocation;
}

/** Option names, back-end types and keys; values abstracted (paths, numbers, names vary per launch). */
function shapeOf(argv: string[]): string {
  return argv
    .slice(1)
    .map((token) => {
      if (/^--?[A-Za-z][\w-]*$/.test(token)) return token;
      if (token.startsWith('{')) return JSON.stringify(Object.keys(JSON.parse(token) as object).sort());
      return token
        .split(/,(?!,)/)
        .map((part) => {
          const eq = part.indexOf('=');
          if (eq > 0) return part.slice(0, eq) + '=';
          return /^[a-z][a-z0-9_-]{0,15}$/i.test(part) && !/\d/.test(part) ? part : '*';
        })
        .join(',');
    })
    .join(' ');
}

function collectCases(): Case[] {
  const pack = loadPack();
  const cases = new Map<string, Case>();
  const add = (scenario: Pick<Scenario, 'id' | 'population' | 'parameters' | 'variants' | 'location'>, os: OsFamily, samples: number) => {
    const population = populationById(scenario.population);
    if (population === undefined) throw new Error(`unknown population ${scenario.population}`);
    const rng = new Rng(deriveSeed(1, 'acceptance', scenario.id, os));
    const org = makeOrganisation(rng);
    const variant = scenario.variants.map((v) => v.id).join('+') || null;
    for (let i = 0; i < samples; i++) keep(`${scenario.id} (${os})`, population.id, variant, buildLaunch(scenario, os, rng, makeHost(rng, os, population.hostProfile, org)));
  };
  const keep = (label: string, population: string, variant: string | null, launch: Launch) => {
    const key = `${population}|${variant}|${shapeOf(renderArgv(launch.invocation))}`;
    if (!cases.has(key)) cases.set(key, { label, population, variant, invocation: launch.invocation });
  };
  for (const scenario of pack.scenarios) for (const os of scenario.os) add(scenario, os, SAMPLES_PER_SCENARIO);
  // Variants are operators for any malicious scenario: every population × variant they apply to. The
  // probe launch the variant applies to is always a case; so are the further random launches of the
  // population it applies to (a population's draws differ: byovm-macos is sometimes an aarch64 launch,
  // which other-arch-binary refuses).
  for (const population of POPULATIONS.filter((p) => p.label === 'malicious')) {
    for (const os of population.os) {
      const bare = { population: population.id, parameters: {}, variants: [], location: {} };
      const probe = buildLaunch(bare, os, new Rng(1), makeHost(new Rng(2), os, population.hostProfile, makeOrganisation(new Rng(3))));
      for (const variant of VARIANTS) {
        if (!variant.os.includes(os) || variant.check(probe) !== null) continue;
        const label = `${population.id}+${variant.id} (${os})`;
        const rng = new Rng(deriveSeed(1, 'acceptance', `${population.id}+${variant.id}`, os));
        keep(label, population.id, variant.id, variant.apply(probe, { rng, params: {} }));
        const org = makeOrganisation(rng);
        for (let i = 0; i < 3; i++) {
          const base = buildLaunch(bare, os, rng, makeHost(rng, os, population.hostProfile, org));
          if (variant.check(base) === null) keep(label, population.id, variant.id, variant.apply(base, { rng, params: {} }));
        }
      }
    }
  }
  return [...cases.values()];
}

async function pool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  });
  await Promise.all(workers);
  return results;
}

/** Whether QEMU can create a tap here: /dev/net/tun opens and the process has CAP_NET_ADMIN (bit 12 of CapEff). */
function tunUsable(): boolean {
  try {
    const capEff = /^CapEff:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (capEff === undefined || (BigInt(`0x${capEff}`) & (1n << 12n)) === 0n) return false;
    closeSync(openSync('/dev/net/tun', 'r+'));
    return true;
  } catch {
    return false;
  }
}

function describeFailure(c: Case, plan: LocalPlan, result: RunResult, mode: string): string {
  const got = result.outcome === 'up' ? 'started' : `${result.outcome}${result.outcome === 'exited' ? ` (${result.code})` : ''}: ${result.stderr.trim().slice(0, 400)}`;
  const wanted = plan.expect.accept ? 'start' : `fail with ${plan.expect.stderr} (${plan.expect.why})`;
  return `${c.label} [${c.population}${c.variant ? ' + ' + c.variant : ''}] ${mode}: expected to ${wanted}, ${got}\n  ${plan.binary} ${plan.args.join(' ')}\n  rewrites: ${plan.notes.join('; ')}`;
}

function verdict(plan: LocalPlan, result: RunResult): boolean {
  if (plan.expect.accept) return result.outcome === 'up';
  return result.outcome === 'exited' && result.code !== 0 && plan.expect.stderr.test(result.stderr);
}

let root = '';
let listener: Server;
const sockets = new Set<Socket>();
const usedPorts = new Set<number>();
let runCounter = 0;

test.beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'dthq-'));
  listener = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
});

test.afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => listener.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    if (!usedPorts.has(port)) {
      usedPorts.add(port);
      return port;
    }
  }
}

function environment(dir: string, tun: boolean): LocalEnv {
  const address = listener.address();
  let taps = 0;
  return {
    dir,
    connectPort: typeof address === 'object' && address ? address.port : 0,
    freePort,
    tapName: () => `dth${process.pid % 10000}r${runCounter}t${taps++}`.slice(0, 15),
    tunUsable: tun,
  };
}

async function check(c: Case, mode: 'exact' | 'substitute', tun: boolean): Promise<{ plan: LocalPlan; failure: string | null }> {
  const dir = join(root, `r${++runCounter}`);
  const plan = await localPlan(c.invocation, environment(dir, tun), mode);
  const result = await runQemu(plan, dir);
  rmSync(dir, { recursive: true, force: true });
  return { plan, failure: verdict(plan, result) ? null : describeFailure(c, plan, result, mode) };
}

test('every generated command-line shape is accepted by qemu-system-x86_64, or rejected exactly where expected', async () => {
  test.setTimeout(180_000);
  const tun = tunUsable();
  const cases = collectCases();
  expect(cases.length).toBeGreaterThan(60);
  // Every population and every variant is represented.
  expect(new Set(cases.map((c) => c.population))).toEqual(new Set(POPULATIONS.map((p) => p.id)));
  expect(new Set(cases.flatMap((c) => (c.variant ? c.variant.split('+') : [])))).toEqual(new Set(VARIANTS.map((v) => v.id)));
  const failures: string[] = [];
  const report: string[] = [];
  let substituted = 0;
  await pool(cases, CONCURRENCY, async (c) => {
    const exact = await check(c, 'exact', tun);
    if (exact.failure !== null) failures.push(exact.failure);
    report.push(`${c.label} [${c.variant ?? '-'}]: ${exact.plan.expect.accept ? 'starts' : `rejected as expected: ${exact.plan.expect.why}`}\n  ${exact.plan.args.join(' ')}`);
    if (!exact.plan.expect.accept) {
      // The exact shape failed where expected; everything else in it must still start.
      substituted++;
      const substitute = await check(c, 'substitute', tun);
      if (substitute.failure !== null) failures.push(substitute.failure);
      if (!substitute.plan.expect.accept && tun) failures.push(`${c.label}: the substitute plan still expects a rejection (${substitute.plan.expect.why})`);
    }
  });
  // DTH_QEMU_REPORT=<file> writes what ran (for reviewing the rewrites and the expected rejections).
  if (process.env.DTH_QEMU_REPORT) writeFileSync(process.env.DTH_QEMU_REPORT, [`${cases.length} shapes, ${substituted} substitute runs`, ...report, ...failures].join('\n\n'));
  expect(failures).toEqual([]);
  expect(substituted).toBeGreaterThan(0);
});

test('variants marked as accepted only by QEMU <= 3.0 are rejected by QEMU 7.2 (asserted, not skipped)', async () => {
  const old = VARIANTS.filter((v) => v.acceptance === 'qemu-3.0-and-older');
  expect(old.map((v) => v.id)).toEqual(['legacy-redir']);
  const cases = collectCases().filter((c) => c.variant !== null && old.some((v) => c.variant?.split('+').includes(v.id)));
  expect(cases.length).toBeGreaterThan(0);
  for (const c of cases) {
    const plan = await localPlan(c.invocation, environment(join(root, 'probe-old'), false), 'exact');
    expect(plan.expect.accept, c.label).toBe(false);
  }
});

// Rows of the §4 table that QEMU rejects: never generated, and QEMU 7.2 indeed refuses each.
test('the rejected spellings of the evasion table are refused by QEMU', async () => {
  const failures: string[] = [];
  await pool([...REJECTED_FORMS], CONCURRENCY, async (form) => {
    const dir = join(root, `rejected${++runCounter}`);
    const plan: LocalPlan = {
      binary: 'qemu-system-x86_64',
      args: ['-machine', 'none', '-S', '-display', 'none', '-nodefaults', ...form.argv, '-qmp', `unix:${dir}/dth-qmp.sock,server=on,wait=off`],
      files: [],
      fds: new Map(),
      unixListeners: [],
      qmpSocket: `${dir}/dth-qmp.sock`,
      daemonize: false,
      expect: { accept: false, stderr: /./, why: form.reason },
      notes: [],
    };
    const result = await runQemu(plan, dir);
    if (result.outcome !== 'exited' || result.code === 0) failures.push(`row ${form.row} ${form.argv.join(' ')} (${form.reason}): ${result.outcome}`);
  });
  expect(failures).toEqual([]);
});
