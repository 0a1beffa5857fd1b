// Evasion variants are mutation operators over any malicious launch: each one, applied to every
// malicious population it can rewrite, makes the change its §4 row describes, leaves its input
// untouched and keeps the Windows command line parsing back to QEMU's argv. Populations and
// variants cite their sources.
import { expect, test } from '@playwright/test';
import type { OsFamily } from '../../generators/canonical-event.js';
import { makeHost, makeOrganisation } from '../../generators/context/hosts.js';
import { Rng } from '../../generators/context/rng.js';
import { buildLaunch, generateEvents } from '../../generators/generate.js';
import { POPULATIONS } from '../../generators/populations/index.js';
import type { Launch } from '../../generators/populations/population.js';
import { basenameOf } from '../../generators/qemu/binaries.js';
import { renderArgv, renderConfigFile } from '../../generators/qemu/render.js';
import { parseWindowsCommandLine, windowsCommandLine } from '../../generators/qemu/windows-cmdline.js';
import type { ScenarioPack } from '../../generators/scenario.js';
import { VARIANTS, variantById } from '../../generators/variants/index.js';

function base(population: string, os: OsFamily): Launch {
  const p = POPULATIONS.find((x) => x.id === population);
  if (p === undefined) throw new Error(population);
  return buildLaunch({ population, parameters: {}, variants: [], location: {} }, os, new Rng(5), makeHost(new Rng(2), os, p.hostProfile, makeOrganisation(new Rng(3))));
}

function commandLine(launch: Launch): string {
  let line = windowsCommandLine(renderArgv(launch.invocation), launch.programQuoting);
  for (const edit of launch.commandLineEdits) line = edit(line);
  return line;
}

function parentLine(launch: Launch): string {
  let line = launch.parent.commandLine ?? windowsCommandLine(launch.parent.argv, launch.parent.programQuoting ?? 'as-needed');
  for (const edit of launch.parentCommandLineEdits) line = edit(line);
  return line;
}

const text = (l: Launch) => renderArgv(l.invocation).join(' ');
const tokens = (l: Launch) => renderArgv(l.invocation);
const hasNetOption = (l: Launch) => tokens(l).some((t) => /^--?(netdev|net|nic)$/.test(t));

/** What each operator must have changed, from its row of the evasion table. */
const EFFECT: Record<string, (before: Launch, after: Launch, os: OsFamily) => boolean> = {
  'legacy-net-hub': (_, a) => /(^| )-net (user|socket|stream|dgram)/.test(text(a)) && !tokens(a).includes('-netdev'),
  'restrict-alt-boolean': (b, a) => /restrict=(?!on\b|off\b)\w+/.test(text(a)) && /restrict=(on|off)\b/.test(text(b)),
  'nographic-alt': (b, a) => tokens(b).includes('-nographic') && !tokens(a).includes('-nographic'),
  'double-dash-netdev': (_, a) => tokens(a).includes('--netdev') && !tokens(a).includes('-netdev'),
  'json-netdev': (_, a) => tokens(a).some((t, i) => tokens(a)[i - 1] === '-netdev' && t.startsWith('{')),
  'readconfig-file': (_, a) => tokens(a).includes('-readconfig') && !hasNetOption(a) && a.invocation.configFiles.some((f) => renderConfigFile(f).includes('[netdev')),
  'default-config-file': (_, a) => a.invocation.defaultConfig !== null && !hasNetOption(a) && !tokens(a).includes('-readconfig'),
  'renamed-binary': (_, a) => !/qemu/i.test(basenameOf(a.invocation.binary.path)),
  'socket-listen': (b, a) => /connect=/.test(text(b)) && /listen=/.test(text(a)) && !/connect=/.test(text(a)),
  // Any of the three forms (stream client, dgram, socket udp=/localaddr=), none with the text connect=.
  'socket-successor': (_, a) => (/-netdev (stream|dgram),/.test(text(a)) || /-netdev socket,[^ ]*udp=[^ ]*localaddr=/.test(text(a))) && !/connect=/.test(text(a)),
  'nic-shorthand': (_, a) => tokens(a).includes('-nic') || /-net nic/.test(text(a)),
  'runtime-hostfwd': (b, a) => /hostfwd=/.test(text(b)) && !/hostfwd=/.test(text(a)) && /-(monitor|qmp) tcp:127\.0\.0\.1:\d+,server/.test(text(a)),
  'set-hostfwd': (_, a) => /-set netdev\.[\w-]+\.hostfwd=/.test(text(a)),
  'guestfwd-channel': (_, a) => /guestfwd=tcp:/.test(text(a)),
  'quote-insertion-values': (b, a, os) => os === 'windows' && / [^-\s][^\s]*"[\w.:-]+"/.test(commandLine(a)) && JSON.stringify(renderArgv(a.invocation)) === JSON.stringify(renderArgv(b.invocation)),
  'quote-insertion-names': (b, a, os) => os === 'windows' && /-\w*"\w+"/.test(commandLine(a)) && JSON.stringify(renderArgv(a.invocation)) === JSON.stringify(renderArgv(b.invocation)),
  'uppercase-binary-name': (_, a) => /QEMU-SYSTEM/.test(basenameOf(a.invocation.binary.path)),
  'cmd-caret-parent': (_, a) => parentLine(a).includes('^'),
  'long-padding': (b, a) => commandLine(a).length > commandLine(b).length + 1000,
  'no-device': (b, a) => tokens(b).includes('-device') && !/netdev=/.test(tokens(a).filter((_, i, all) => all[i - 1] === '-device').join(' ')),
  'other-arch-binary': (b, a) => basenameOf(a.invocation.binary.path) !== basenameOf(b.invocation.binary.path) && /^qemu-system-/.test(basenameOf(a.invocation.binary.path)) && (a.invocation.binary.arch !== 'aarch64' || tokens(a).includes('virt')),
  'inherited-socket-fd': (_, a) => /socket,id=[\w-]+,fd=\d+/.test(text(a)),
  'legacy-redir': (_, a) => tokens(a).includes('-redir') && !/hostfwd=/.test(text(a)),
};

test('every variant has an effect check, cites its table row and sources', () => {
  expect(Object.keys(EFFECT).sort()).toEqual(VARIANTS.map((v) => v.id).sort());
  for (const variant of VARIANTS) {
    // Rows of the §4 table; -redir is from §1.3 (removed syntax), generated for old QEMU only.
    if (variant.acceptance === 'qemu-7.2') expect(variant.rows.length, variant.id).toBeGreaterThan(0);
    expect(variant.sources.length, variant.id).toBeGreaterThan(0);
    expect(variantById(variant.id)).toBe(variant);
  }
});

test('every population cites sources and runs somewhere', () => {
  for (const population of POPULATIONS) {
    expect(population.os.length, population.id).toBeGreaterThan(0);
    expect(population.sources.length, population.id).toBeGreaterThan(0);
    for (const source of population.sources) {
      expect(source.title.length, population.id).toBeGreaterThan(0);
      expect(['source', 'secondary', 'reconstructed', 'unverified'], population.id).toContain(source.confidence);
    }
  }
});

test('each variant rewrites every malicious launch it applies to, as its row describes, without touching the input', () => {
  const problems: string[] = [];
  const applied = new Map<string, number>();
  for (const population of POPULATIONS.filter((p) => p.label === 'malicious')) {
    for (const os of population.os) {
      for (const variant of VARIANTS) {
        if (!variant.os.includes(os)) continue;
        const before = base(population.id, os);
        if (variant.check(before) !== null) continue;
        const snapshot = JSON.stringify(before.invocation) + parentLine(before);
        const after = variant.apply(before, { rng: new Rng(9), params: {} });
        applied.set(variant.id, (applied.get(variant.id) ?? 0) + 1);
        const where = `${variant.id} on ${population.id}/${os}`;
        if (JSON.stringify(before.invocation) + parentLine(before) !== snapshot) problems.push(`${where}: modified its input`);
        const effect = EFFECT[variant.id];
        if (effect === undefined || !effect(before, after, os)) problems.push(`${where}: no ${variant.id} effect in ${os === 'windows' ? commandLine(after) : text(after)}`);
        if (os === 'windows' && JSON.stringify(parseWindowsCommandLine(commandLine(after))) !== JSON.stringify(renderArgv(after.invocation))) problems.push(`${where}: command line does not parse back`);
      }
    }
  }
  expect(problems).toEqual([]);
  // Each operator applies to more than one attack, except those tied to one back end or one launcher.
  expect(VARIANTS.filter((v) => (applied.get(v.id) ?? 0) === 0).map((v) => v.id)).toEqual([]);
  expect([...applied.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
});

test('generated events record which variant made them', () => {
  const scenarios = VARIANTS.map((variant) => {
    const population = POPULATIONS.find((p) => p.label === 'malicious' && p.os.some((os) => variant.os.includes(os) && variant.check(base(p.id, os)) === null));
    if (population === undefined) throw new Error(`no population for ${variant.id}`);
    const os = population.os.filter((o) => variant.os.includes(o) && variant.check(base(population.id, o)) === null);
    return { id: `v-${variant.id}`, title: variant.title, description: variant.summary, label: 'malicious' as const, techniques: ['T1572'], references: ['test'], population: population.id, parameters: {}, os, variants: [{ id: variant.id, params: {} }], count: 2, purpose: 'detection' as const, weight: 1, expectations: [], location: {} };
  });
  const pack: ScenarioPack = { name: 'variants', description: '', file: '<test>', scenarios };
  const events = generateEvents(pack, { seed: 3 });
  expect(events.length).toBeGreaterThanOrEqual(VARIANTS.length * 2);
  for (const scenario of scenarios) {
    const own = events.filter((e) => e.scenarioId === scenario.id);
    expect(own.length, scenario.id).toBeGreaterThan(0);
    expect(new Set(own.map((e) => e.variant)), scenario.id).toEqual(new Set([scenario.variants[0]?.id]));
  }
});
