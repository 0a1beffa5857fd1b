// Generic evasion operators on declarative launches: each cites its sources, never modifies its
// input, changes what telemetry records, and keeps the argv the program receives where it claims to
// (Windows text edits are split back by the C runtime rules: Microsoft Learn, "Parsing C
// command-line arguments"; best-fit look-alikes fold to ASCII per bestfit1252.txt).
import { expect, test } from '@playwright/test';
import { makeHost, makeOrganisation } from '../../generators/context/hosts.js';
import { Rng } from '../../generators/context/rng.js';
import { buildProgramLaunch, processLine } from '../../generators/declarative/build.js';
import { launchArgv, type DeclarativePopulation, type ProgramSpec } from '../../generators/declarative/model.js';
import { EVASIONS } from '../../generators/evasion/index.js';
import { missingTraits } from '../../generators/evasion/operator.js';
import { bestFitToAscii } from '../../generators/evasion/windows-text.js';

const PROGRAM: ProgramSpec = { id: 'tool', title: 'tool', traits: ['windows-argv', 'ansi-argv', 'go-flag', 'getopt', 'options-any-order', 'slash-options', 'name-independent'], check: { kind: 'documented', reference: 'test' } };

const POPULATION: DeclarativePopulation = {
  id: 'tool-run',
  title: 'tool',
  label: 'malicious',
  program: 'tool',
  hostProfile: 'server',
  summary: 's',
  sources: [{ title: 't', confidence: 'source' }],
  location: {},
  forms: {
    windows: { executable: ['C:\\Tools\\tool.exe'], argv0: 'path', args: [{ option: '-R', value: '8080:127.0.0.1:3389' }, { option: '--auth', value: 'u:p' }, '-N', 'user@{doc_ip}'], parents: [{ executable: 'C:\\Windows\\System32\\cmd.exe', args: [], weight: 1 }], account: 'person' },
    linux: { executable: ['/usr/bin/tool'], argv0: 'name', args: [{ option: '-R', value: '8080:127.0.0.1:22' }, { option: '--auth', value: 'u:p' }, '-N', 'user@{doc_ip}'], parents: [{ executable: '/usr/bin/bash', args: [], weight: 1 }], account: 'person' },
  },
};

test('every generic evasion cites sources, changes the recorded process start, and leaves its input alone', () => {
  for (const operator of EVASIONS) {
    expect(operator.sources.length, operator.id).toBeGreaterThan(0);
    for (const os of operator.os) {
      if (POPULATION.forms[os] === undefined) continue;
      const rng = new Rng(5);
      const host = makeHost(rng, os, 'server', makeOrganisation(rng));
      const launch = buildProgramLaunch(POPULATION, PROGRAM, os, rng, host);
      const before = JSON.stringify(launch);
      expect(operator.check(launch), `${operator.id} on ${os}`).toBeNull();
      const rewritten = operator.apply(launch, { rng, host, params: {} });
      expect(JSON.stringify(launch), `${operator.id} modified its input`).toBe(before);
      const original = processLine(launch);
      const evasive = processLine(rewritten);
      const changed = evasive.commandLine !== original.commandLine || rewritten.executable !== launch.executable || JSON.stringify(rewritten.parent) !== JSON.stringify(launch.parent);
      expect(changed, `${operator.id} on ${os} changed nothing`).toBe(true);
    }
  }
});

test('Windows text evasions keep the argv the program receives', () => {
  for (const id of ['quote-insertion', 'whitespace-padding', 'unicode-lookalike', 'cmd-caret', 'executable-case']) {
    const operator = EVASIONS.find((e) => e.id === id);
    if (operator === undefined) throw new Error(id);
    const rng = new Rng(9);
    const host = makeHost(rng, 'windows', 'server', makeOrganisation(rng));
    const launch = buildProgramLaunch(POPULATION, PROGRAM, 'windows', rng, host);
    const rewritten = operator.apply(launch, { rng, host, params: {} });
    const line = processLine(rewritten);
    const received = rewritten.bestFit ? line.args.map(bestFitToAscii) : line.args;
    expect(received.slice(1), id).toEqual(launchArgv(launch).slice(1));
  }
});

test('an operator lists the traits a program lacks', () => {
  const attached = EVASIONS.find((e) => e.id === 'attached-value');
  expect(attached && missingTraits(attached, ['windows-argv', 'options-any-order'])).toEqual(['getopt']);
  expect(attached && missingTraits(attached, PROGRAM.traits)).toEqual([]);
});
