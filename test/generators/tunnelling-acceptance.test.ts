// Generated ssh and plink command lines against the real programs' argument parsers (Debian 12:
// openssh-client's ssh, putty-tools' plink; .ci/run installs both). `ssh -G` parses every option
// and prints the resulting configuration without connecting (ssh(1), -G); `plink -shareexists`
// parses the whole command line, then only asks whether a connection-sharing upstream exists
// (PuTTY manual §3.11.3.x, "-shareexists") and never connects. A rejected option is an error on stderr.
// Outside CI a missing program skips with the package to install; in CI it fails.
import { spawnSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import type { OsFamily } from '../../generators/canonical-event.js';
import { makeHost, makeOrganisation } from '../../generators/context/hosts.js';
import { deriveSeed, Rng } from '../../generators/context/rng.js';
import { applyEvasions, buildProgramLaunch } from '../../generators/declarative/build.js';
import { launchArgv, type ProgramLaunch, type ProgramSpec } from '../../generators/declarative/model.js';
import { EVASIONS, evasionById } from '../../generators/evasion/index.js';
import { missingTraits } from '../../generators/evasion/operator.js';
import { generateEvents } from '../../generators/generate.js';
import { loadPack } from '../../generators/scenario-pack.js';
import { fromRoot } from '../../harness/paths.js';

const PACK = fromRoot('scenarios', 'protocol-tunnelling.yaml');
const SAMPLES = 12;

function installed(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
}

function requireProgram(command: string, pkg: string): void {
  if (installed(command)) return;
  if (process.env.CI) throw new Error(`${command} is not installed (Debian package ${pkg}); .ci/run installs it`);
  test.skip(true, `${command} is not installed: apt-get install ${pkg} to run this acceptance test`);
}

interface Verdict {
  accepted: boolean;
  output: string;
}

/** ssh -G: exit 0 and no complaint means every option parsed. */
function sshParses(args: readonly string[]): Verdict {
  const r = spawnSync('ssh', ['-G', '-F', '/dev/null', ...args], { encoding: 'utf8', input: '', timeout: 10_000 });
  return { accepted: r.status === 0 && !/illegal option|Bad (local|remote|dynamic) forwarding|unknown option|usage:/i.test(r.stderr), output: `${r.stdout}\n${r.stderr}` };
}

/** plink -shareexists: nothing on stderr and no usage text means the command line parsed. */
function plinkParses(args: readonly string[]): Verdict {
  const r = spawnSync('plink', ['-shareexists', ...args], { encoding: 'utf8', input: '', timeout: 10_000 });
  return { accepted: r.stderr.trim() === '' && !/Usage: plink/.test(r.stdout), output: `${r.stdout}\n${r.stderr}` };
}

const PARSERS: Record<string, { command: string; pkg: string; parses: (args: readonly string[]) => Verdict }> = {
  openssh: { command: 'ssh', pkg: 'openssh-client', parses: sshParses },
  plink: { command: 'plink', pkg: 'putty-tools', parses: plinkParses },
};

/** Every scenario of the pack whose program is checked by a real parser, built SAMPLES times per OS. */
function launchesOf(program: string): Array<{ label: string; launch: ProgramLaunch }> {
  const pack = loadPack(PACK);
  const out: Array<{ label: string; launch: ProgramLaunch }> = [];
  for (const scenario of pack.scenarios) {
    const population = pack.populations?.find((p) => p.id === scenario.population);
    const spec = population === undefined ? undefined : pack.programs?.[population.program];
    if (population === undefined || spec === undefined || spec.id !== program) continue;
    for (const os of scenario.os) {
      const rng = new Rng(deriveSeed(7, 'acceptance', scenario.id, os));
      const org = makeOrganisation(rng);
      for (let i = 0; i < SAMPLES; i++) {
        const host = makeHost(rng, os, population.hostProfile, org);
        out.push({ label: `${scenario.id} (${os})`, launch: applyEvasions(scenario, buildProgramLaunch(population, spec, os, rng, host), rng, host) });
      }
    }
  }
  return out;
}

for (const [programId, parser] of Object.entries(PARSERS)) {
  test(`every generated ${parser.command} command line (all scenarios and evasions) is accepted by the real ${parser.command}`, () => {
    requireProgram(parser.command, parser.pkg);
    const launches = launchesOf(programId);
    expect(launches.length).toBeGreaterThan(50);
    const rejected: string[] = [];
    const forwards: string[] = [];
    for (const { label, launch } of launches) {
      // The argv the program receives (on Windows: after the C runtime split, checked by the generator).
      const args = launchArgv(launch).slice(1);
      const verdict = parser.parses(args);
      if (!verdict.accepted) rejected.push(`${label}: ${JSON.stringify(args)}\n${verdict.output.trim().split('\n').slice(-3).join('\n')}`);
      if (programId === 'openssh') forwards.push(...verdict.output.split('\n').filter((l) => /^(remoteforward|localforward|dynamicforward) /.test(l)));
    }
    expect(rejected).toEqual([]);
    // ssh -G shows the forwards it parsed: the generated -R/-L/-D (attached or not) took effect.
    if (programId === 'openssh') {
      expect(forwards.some((f) => f.startsWith('remoteforward '))).toBe(true);
      expect(forwards.some((f) => f.startsWith('dynamicforward '))).toBe(true);
      expect(forwards.some((f) => f.startsWith('localforward '))).toBe(true);
    }
  });
}

// The traits decide which evasions a pack may apply. For the argv-level operators, a program that
// lacks a required trait must really reject the rewritten form, and one that has them must accept it.
test('argv-level evasions are accepted exactly by the programs whose traits they require', () => {
  requireProgram('ssh', 'openssh-client');
  requireProgram('plink', 'putty-tools');
  const pack = loadPack(PACK);
  const argvOperators = ['attached-value', 'option-prefix', 'option-reorder'].map((id) => evasionById(id));
  expect(argvOperators.every((o) => o !== undefined)).toBe(true);
  const checked: string[] = [];
  for (const [programId, parser] of Object.entries(PARSERS)) {
    const spec = pack.programs?.[programId] as ProgramSpec;
    const samples = launchesOf(programId).filter((l) => l.launch.os === 'linux' || l.launch.windowsText.tokens[1] === undefined);
    for (const operator of EVASIONS.filter((e) => argvOperators.includes(e))) {
      const target = samples.find((s) => operator.check(s.launch) === null);
      if (target === undefined) continue;
      const rng = new Rng(11);
      const host = makeHost(rng, target.launch.os as OsFamily, 'server', makeOrganisation(rng));
      const rewritten = operator.apply(target.launch, { rng, host, params: {} });
      const verdict = parser.parses(launchArgv(rewritten).slice(1));
      const allowed = missingTraits(operator, spec.traits).length === 0;
      expect(verdict.accepted, `${operator.id} on ${programId}: ${JSON.stringify(launchArgv(rewritten))}\n${verdict.output}`).toBe(allowed);
      checked.push(`${operator.id}/${programId}:${allowed ? 'accepted' : 'rejected'}`);
    }
  }
  // Both outcomes occur: ssh takes -R8080:… (getopt), plink refuses it; neither takes --R.
  expect(checked).toEqual(expect.arrayContaining(['attached-value/openssh:accepted', 'attached-value/plink:rejected', 'option-prefix/openssh:rejected', 'option-prefix/plink:rejected', 'option-reorder/openssh:accepted', 'option-reorder/plink:accepted']));
});

const DOCUMENTATION = [/^192\.0\.2\.\d+$/, /^198\.51\.100\.\d+$/, /^203\.0\.113\.\d+$/];
const NOT_PUBLIC = [/^10\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./, /^127\./, /^0\.0\.0\.0$/];

test('every address and attacker name in the tunnelling pack is replay-safe', () => {
  const events = generateEvents(loadPack(PACK), { seed: 1 });
  const problems: string[] = [];
  for (const event of events) {
    // The argv each program receives (quote-inserted command lines split back into whole tokens).
    for (const text of [event.process.args.join(' '), event.parent.args.join(' ')]) {
      for (const ip of text.match(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g) ?? []) {
        if (!DOCUMENTATION.some((r) => r.test(ip)) && !NOT_PUBLIC.some((r) => r.test(ip))) problems.push(`${event.scenarioId}: public address ${ip} in ${text}`);
      }
      for (const v6 of text.match(/\b[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7}\b/gi) ?? []) {
        if (!/^2001:db8:/i.test(v6) && !/^\d+:\d+$/.test(v6)) problems.push(`${event.scenarioId}: IPv6 ${v6} outside 2001:db8::/32`);
      }
      for (const host of [...text.matchAll(/(?:@|:\/\/)([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g)].map((m) => m[1] as string)) {
        if (!/\.(example|invalid)$|\.example\.com$/.test(host)) problems.push(`${event.scenarioId}: host ${host} outside .example/.invalid`);
      }
    }
    // Attacker endpoints are documentation addresses or reserved names.
    const argv = event.process.args.join(' ');
    if (event.label === 'malicious' && /\b(?:client|-connect|@)\s*\S*/.test(argv)) {
      const remote = argv.match(/(?:@|:\/\/|-connect\s+)([^\s:/"]+)/)?.[1];
      if (remote !== undefined && !DOCUMENTATION.some((r) => r.test(remote)) && !/\.(example|invalid)$/.test(remote)) problems.push(`${event.scenarioId}: attacker endpoint ${remote}`);
    }
  }
  expect(problems.slice(0, 20)).toEqual([]);
});
