// `--start`: the generation window's start as ISO 8601 or `now` with Elasticsearch-style date math
// (https://www.elastic.co/guide/en/elasticsearch/reference/current/common-options.html#date-math:
// an anchor `now`, then `+`/`-` a number and a unit; we take the fixed-length units s m h d w), and
// the window generateEvents() places every event in.
import { expect, test } from '@playwright/test';
import { resolveStart } from '../../generators/context/time-window.js';
import { generateEvents, generationWindow } from '../../generators/generate.js';
import { DEFAULT_PACK, loadPack } from '../../generators/scenario-pack.js';
import { InputError } from '../../harness/errors.js';

const NOW = Date.parse('2026-12-07T12:34:56.789Z');

test('ISO 8601 times with a zone, dates, and now with date math resolve to UTC whole seconds', () => {
  expect(resolveStart('2026-03-02T00:00:00Z', NOW)).toBe('2026-03-02T00:00:00.000Z');
  expect(resolveStart('2026-03-02T09:30:00+01:00', NOW)).toBe('2026-03-02T08:30:00.000Z');
  expect(resolveStart('2026-03-02T09:30-0230', NOW)).toBe('2026-03-02T12:00:00.000Z');
  expect(resolveStart('2026-03-02T00:00:00.750Z', NOW)).toBe('2026-03-02T00:00:00.000Z');
  expect(resolveStart('2026-03-02', NOW)).toBe('2026-03-02T00:00:00.000Z');
  expect(resolveStart('now', NOW)).toBe('2026-12-07T12:34:56.000Z');
  expect(resolveStart('now-7d', NOW)).toBe('2026-11-30T12:34:56.000Z');
  expect(resolveStart('now-1h-30m', NOW)).toBe('2026-12-07T11:04:56.000Z');
  expect(resolveStart('now+2w', NOW)).toBe('2026-12-21T12:34:56.000Z');
});

test('anything else is bad input naming the option and the accepted forms', () => {
  for (const text of ['yesterday', '', '2026-03-02T00:00:00', '2026-02-30', '2026-13-01T00:00:00Z', '2026-03-02T24:00:00Z', 'now-', 'now-7', 'now*2d', '1772409600']) {
    expect(() => resolveStart(text, NOW), text).toThrow(InputError);
    expect(() => resolveStart(text, NOW), text).toThrow(/--start: expected an ISO 8601 time with a zone .* or now with date math/);
  }
  expect(() => resolveStart('now-1M', NOW)).toThrow(/years and months have no fixed length/);
  expect(() => resolveStart('now-100000w', NOW)).toThrow(/outside 1970-01-01T00:00:00Z/);
  expect(() => resolveStart('now-999999999w', NOW)).toThrow(/'now-999999999w' is beyond any date, outside/);
  expect(() => resolveStart('now+999999999w+999999999w', NOW)).toThrow(InputError);
  expect(() => resolveStart('9999-01-01T00:00:00Z', NOW)).toThrow(/outside 1970-01-01T00:00:00Z \.\. 9000-01-01/);
});

test('every event falls in the window generationWindow() states, which starts at --start', () => {
  const pack = loadPack(DEFAULT_PACK);
  for (const options of [{ seed: 1 }, { seed: 3, start: resolveStart('now', NOW), scale: 0.2 }, { seed: 2, start: resolveStart('2025-06-01', NOW), scale: 4, scenarioIds: ['kaspersky-socket-tunnel'] }]) {
    const window = generationWindow(pack, options);
    expect(window.start).toBe(options.start ?? '2026-03-02T00:00:00.000Z');
    const times = generateEvents(pack, options).map((e) => Date.parse(e.timestamp));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.parse(window.start));
    expect(Math.max(...times)).toBeLessThan(Date.parse(window.end));
    // A week at least: the slots of a scenario are spread over it, so the window is not loose by much.
    expect(Date.parse(window.end) - Date.parse(window.start)).toBeGreaterThanOrEqual(7 * 86_400_000 - 60_000);
    expect(Math.max(...times)).toBeGreaterThan(Date.parse(window.end) - 86_400_000);
  }
});

test('a later start moves every event by the same amount and changes nothing else', () => {
  const pack = loadPack(DEFAULT_PACK);
  const shift = Date.parse('2026-12-07T12:00:00Z') - Date.parse('2026-03-02T00:00:00Z');
  const before = generateEvents(pack, { seed: 9, scale: 0.1 });
  const after = generateEvents(pack, { seed: 9, scale: 0.1, start: '2026-12-07T12:00:00.000Z' });
  expect(after.length).toBe(before.length);
  after.forEach((event, i) => {
    const original = before[i];
    if (original === undefined) throw new Error('length checked above');
    expect(Date.parse(event.timestamp) - Date.parse(original.timestamp)).toBe(shift);
    const strip = (e: typeof event) => JSON.stringify({ ...e, timestamp: '', process: { ...e.process, startTime: '' }, parent: { ...e.parent, startTime: '' } });
    expect(strip(event)).toBe(strip(original));
  });
});
