// The generator over the default pack: determinism, ids, the (host, second) guarantee the SPL
// mapping relies on (/tmp pins: "Mapping SPL result rows back to events"), counts per data source.
import { createHash } from 'node:crypto';
import { expect, test } from '@playwright/test';
import type { CanonicalEvent } from '../../generators/canonical-event.js';
import { appliesTo, DATA_SOURCES } from '../../generators/data-sources.js';
import { generateEvents } from '../../generators/generate.js';
import type { SplunkRecord } from '../../harness/model/records.js';
import { loadPack } from '../../generators/scenario-pack.js';
import { variantLabel } from '../../generators/scenario.js';
import { parseWindowsCommandLine } from '../../generators/qemu/windows-cmdline.js';

const pack = loadPack();
const SEED = 7;
const events = generateEvents(pack, { seed: SEED });

function renderedDigest(list: CanonicalEvent[]): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(list));
  for (const source of DATA_SOURCES) {
    for (const event of list) if (appliesTo(source, event)) hash.update(JSON.stringify(source.render(event)) + '\n');
  }
  return hash.digest('hex');
}

test('same seed: byte-identical events and records for every data source', () => {
  const again = generateEvents(loadPack(), { seed: SEED });
  expect(renderedDigest(again)).toBe(renderedDigest(events));
});

test('different seed: different hosts, users, times and ids', () => {
  const other = generateEvents(pack, { seed: SEED + 1, scenarioIds: ['kaspersky-socket-tunnel', 'libvirt-tap'] });
  const same = events.filter((e) => e.scenarioId === 'kaspersky-socket-tunnel' || e.scenarioId === 'libvirt-tap');
  expect(other.length).toBe(same.length);
  const ids = new Set(same.map((e) => e.id));
  expect(other.filter((e) => ids.has(e.id))).toEqual([]);
  const differing = other.filter((e, i) => e.host.name !== same[i]?.host.name || e.timestamp !== same[i]?.timestamp || e.process.commandLine !== same[i]?.process.commandLine);
  expect(differing.length).toBeGreaterThan(other.length * 0.9);
});

test('a scenario generated alone equals the same scenario in the whole pack', () => {
  for (const id of ['stac4713-json-netdev', 'ci-html-payload-name', 'kaspersky-socket-tunnel-linux']) {
    const alone = generateEvents(pack, { seed: SEED, scenarioIds: [id] });
    expect(alone.length).toBeGreaterThan(0);
    expect(alone).toEqual(events.filter((e) => e.scenarioId === id));
  }
});

// Loops collect problems and assert once: Playwright's expect records a step per call, which is slow
// over thousands of events.
test('event ids are unique and every record carries its event id as _id', () => {
  expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  const wrong: string[] = [];
  for (const source of DATA_SOURCES) {
    const sample = events.filter((e) => appliesTo(source, e)).filter((_, i) => i % 25 === 0);
    for (const event of sample) if (source.render(event)._id !== event.id) wrong.push(`${source.id} ${event.id}`);
  }
  expect(wrong).toEqual([]);
});

function secondKey(host: string, ms: number): string {
  return `${host}\u0000${Math.floor(ms / 1000)}`;
}

test('no two events share a (host, second) pair across the whole generated set', () => {
  const seen = new Map<string, string>();
  const clashes: string[] = [];
  for (const event of events) {
    const key = secondKey(event.host.name, Date.parse(event.timestamp));
    const previous = seen.get(key);
    if (previous !== undefined) clashes.push(`${previous} and ${event.id} share ${key}`);
    seen.set(key, event.id);
  }
  expect(clashes).toEqual([]);
  // The same holds at a different scale and seed (the slots depend on scenario index and count).
  const scaled = generateEvents(pack, { seed: 99, scale: 3, scenarioIds: ['vagrant-qemu', 'lima-vms', 'kaspersky-socket-tunnel'] });
  expect(new Set(scaled.map((e) => secondKey(e.host.name, Date.parse(e.timestamp)))).size).toBe(scaled.length);
});

test('every Splunk record maps back to exactly its event by host and 1-second bucket', () => {
  const owner = new Map<string, string>();
  const problems: string[] = [];
  for (const source of DATA_SOURCES) {
    if (source.siem !== 'splunk') continue;
    for (const event of events) {
      if (!appliesTo(source, event)) continue;
      const record = source.render(event) as SplunkRecord;
      if (record._time !== Date.parse(event.timestamp) / 1000) problems.push(`${source.id} ${event.id}: _time ${record._time} is not ${event.timestamp}`);
      if (record.host !== event.host.name) problems.push(`${source.id} ${event.id}: host ${record.host}`);
      const key = secondKey(record.host, record._time * 1000);
      const previous = owner.get(key);
      if (previous !== undefined && previous !== event.id) problems.push(`${source.id}: ${previous} and ${event.id} share ${key}`);
      owner.set(key, event.id);
    }
  }
  expect(problems).toEqual([]);
  expect(owner.size).toBe(events.filter((e) => DATA_SOURCES.some((s) => s.siem === 'splunk' && appliesTo(s, e))).length);
});

test('default pack: at least 50 events per scenario for every data source that records its OS', () => {
  const problems: string[] = [];
  for (const scenario of pack.scenarios) {
    const own = events.filter((e) => e.scenarioId === scenario.id);
    for (const source of DATA_SOURCES) {
      const recorded = own.filter((e) => appliesTo(source, e)).length;
      const expected = scenario.os.some((os) => source.os.includes(os));
      if (expected ? recorded < 50 : recorded !== 0) problems.push(`${scenario.id} in ${source.id}: ${recorded}`);
    }
  }
  expect(problems).toEqual([]);
});

test('events carry their ground truth: label, techniques, population and variant of their scenario', () => {
  const byId = new Map(pack.scenarios.map((s) => [s.id, s]));
  const problems: string[] = [];
  for (const event of events) {
    const scenario = byId.get(event.scenarioId);
    if (scenario === undefined) {
      problems.push(`${event.id}: unknown scenario ${event.scenarioId}`);
      continue;
    }
    const truth = { label: scenario.label, techniques: scenario.techniques, population: scenario.population, variant: variantLabel(scenario) };
    const got = { label: event.label, techniques: event.techniques, population: event.population, variant: event.variant };
    if (JSON.stringify(got) !== JSON.stringify(truth) || !scenario.os.includes(event.os)) problems.push(`${event.id} (${scenario.id}): ${JSON.stringify(got)}`);
  }
  expect(problems).toEqual([]);
  expect(new Set(events.map((e) => e.variant)).size).toBeGreaterThan(20);
});

test('Windows command lines give back the argv; parents start before their child', () => {
  const problems: string[] = [];
  for (const event of events) {
    if (event.os === 'windows' && JSON.stringify(parseWindowsCommandLine(event.process.commandLine)) !== JSON.stringify(event.process.args)) {
      problems.push(`${event.id}: ${event.process.commandLine}`);
    }
    if (event.process.args.length === 0) problems.push(`${event.id}: no args`);
    if (!(Date.parse(event.parent.startTime ?? '') < Date.parse(event.timestamp))) problems.push(`${event.id}: parent starts ${event.parent.startTime}`);
  }
  expect(problems).toEqual([]);
});

test('SYSTEM and ordinary users both occur; the STAC4713 task runs as SYSTEM under svchost', () => {
  const stac = events.filter((e) => e.scenarioId === 'stac4713-scheduled-task');
  expect(stac.length).toBeGreaterThan(0);
  expect(new Set(stac.map((e) => `${e.user.id} ${e.parent.name.toLowerCase()}`))).toEqual(new Set(['S-1-5-18 svchost.exe']));
  expect(events.some((e) => e.os === 'windows' && e.user.id !== 'S-1-5-18')).toBe(true);
});

test('bad options are input errors', () => {
  expect(() => generateEvents(pack, { seed: -1 })).toThrow(/seed/);
  expect(() => generateEvents(pack, { seed: 1, scale: 0 })).toThrow(/scale/);
  expect(() => generateEvents(pack, { seed: 1, count: 0 })).toThrow(/count/);
  expect(() => generateEvents(pack, { seed: 1, scenarioIds: ['nope'] })).toThrow(/no scenario 'nope'/);
});
