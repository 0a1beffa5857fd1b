// The renderers share per-host and constant blocks between records (generators/renderers/shared/
// shared-blocks.ts). Sharing must not change a single record: a record rendered from an event whose
// host block is already cached equals, byte for byte, the record rendered from a copy of the event
// with a host object never seen before (nothing cached); and the shared blocks are frozen, so code
// that writes into a record's block fails instead of changing every record of that host.
import { expect, test } from '@playwright/test';
import type { CanonicalEvent } from '../../generators/canonical-event.js';
import { DATA_SOURCES, appliesTo, renderRecord } from '../../generators/data-sources.js';
import { generateEvents } from '../../generators/generate.js';
import { deepFreeze, hostBlock } from '../../generators/renderers/shared/shared-blocks.js';
import { loadPack } from '../../generators/scenario-pack.js';
import { security4688Fields, security4688Message, security4688MessageLines } from '../../generators/renderers/shared/security-4688.js';
import { loadProfile } from '../../harness/profiles/load-profile.js';

const events = generateEvents(loadPack(), { seed: 7, count: 2 });
const PROFILES = [loadProfile('recommended'), loadProfile('vendor-defaults'), loadProfile('stack-8-older-integrations')];

/** The event with a fresh copy of its host (and OS info): no block of it is cached yet. */
function withFreshHost(event: CanonicalEvent): CanonicalEvent {
  const host = { ...event.host, ...(event.host.osInfo ? { osInfo: { ...event.host.osInfo } } : {}) };
  return { ...event, host };
}

test('records rendered with cached host blocks equal records rendered with nothing cached, for every source and profile', () => {
  // Several events per host, so most renders below hit the cache.
  const hosts = new Set(events.map((e) => e.host));
  expect(hosts.size).toBeLessThan(events.length);
  let compared = 0;
  const differing: string[] = [];
  for (const profile of PROFILES) {
    for (const source of DATA_SOURCES) {
      for (const event of events) {
        if (!appliesTo(source, event)) continue;
        const cachedFirst = JSON.stringify(renderRecord(source, event, profile));
        const cachedAgain = JSON.stringify(renderRecord(source, event, profile));
        const uncached = JSON.stringify(renderRecord(source, withFreshHost(event), profile));
        if (cachedAgain !== cachedFirst || uncached !== cachedFirst) differing.push(`${profile.id} ${source.id} ${event.id}`);
        compared++;
      }
    }
  }
  // One assertion at the end (an expect per record is slow): the records that differ, by name.
  expect(differing).toEqual([]);
  expect(compared).toBeGreaterThan(events.length * 3);
});

test('two hosts never share a host block, and one host gets one block per key', () => {
  const [a, b] = [...new Set(events.map((e) => e.host))];
  expect(a).toBeDefined();
  expect(b).toBeDefined();
  if (a === undefined || b === undefined) return;
  const first = hostBlock(a, 'test-block', () => ({ name: a.name }));
  expect(hostBlock(a, 'test-block', () => ({ name: 'never built' }))).toBe(first);
  expect(hostBlock(b, 'test-block', () => ({ name: b.name }))).toEqual({ name: b.name });
  expect(hostBlock(a, 'other-key', () => ({ name: 'other' }))).toEqual({ name: 'other' });
});

test('shared blocks are frozen all the way down: writing into one throws', () => {
  const block = deepFreeze({ os: { name: 'Windows' }, ip: ['192.0.2.1'] });
  expect(() => {
    (block.os as { name: string }).name = 'Linux';
  }).toThrow(TypeError);
  expect(() => block.ip.push('192.0.2.2')).toThrow(TypeError);
  // A rendered record's own fields stay writable (renderRecord sets host after rendering).
  const event = events.find((e) => e.os === 'windows') as CanonicalEvent;
  const record = renderRecord(DATA_SOURCES.find((s) => s.id === 'elastic-defend') as (typeof DATA_SOURCES)[number], event) as Record<string, unknown>;
  expect(Object.isFrozen(record)).toBe(false);
  expect(Object.isFrozen(record.host)).toBe(true);
  expect(Object.isFrozen(record.process)).toBe(false);
});

test('the 4688 message with its shared explanation is the joined message lines', () => {
  // The explanation is appended as one shared string (security-4688.ts security4688Message).
  const windows = events.filter((e) => e.os === 'windows');
  expect(windows.length).toBeGreaterThan(0);
  for (const event of windows) {
    const fields = security4688Fields(event);
    expect(security4688Message(fields)).toBe(security4688MessageLines(fields).join('\n'));
  }
});
