// One seed drives every random choice: the same seed gives the same report (but for wall-clock times),
// a different seed gives different events.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { dth } from '../support/cli.js';

function runReport(dir: string, name: string, seed: string, extra: string[] = []): { json: Record<string, unknown>; text: Record<string, string>; stdout: string } {
  const out = join(dir, name);
  const result = dth(['run', '--seed', seed, '--scale', '0.1', '--out', out, ...extra]);
  expect(result.status).toBe(0);
  const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { run: Record<string, unknown> };
  // Wall-clock facts of the run are the only things allowed to differ.
  for (const key of ['startedAt', 'finishedAt', 'stages', 'nodeVersion']) delete json.run[key];
  const text = Object.fromEntries(['junit.xml', 'summary.md', 'report.html'].map((f) => [f, readFileSync(join(out, f), 'utf8')]));
  return { json: json as unknown as Record<string, unknown>, text, stdout: result.stdout };
}

test('the same seed gives the same report; another seed gives other events', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dth-determinism-'));
  try {
    const a = runReport(dir, 'a', '7');
    const b = runReport(dir, 'b', '7');
    expect(b.json).toEqual(a.json);
    expect(b.text['junit.xml']).toBe(a.text['junit.xml']);
    const c = runReport(dir, 'c', '8');
    const events = (r: { json: Record<string, unknown> }) => Object.keys(r.json['events'] as Record<string, unknown>).sort();
    expect(events(c)).not.toEqual(events(a));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--start now: the window starts at the clock, every report says so, and that start given back gives the same report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dth-start-'));
  try {
    const before = Math.floor(Date.now() / 1000) * 1000;
    const live = runReport(dir, 'live', '7', ['--start', 'now', '--no-sweep']);
    const after = Date.now();
    const run = live.json['run'] as { window: { start: string; end: string } };
    expect(Date.parse(run.window.start)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(run.window.start)).toBeLessThanOrEqual(after);
    const line = `events ${run.window.start.replace('.000Z', 'Z')} – ${run.window.end.replace('.000Z', 'Z')} (UTC)`;
    expect(live.stdout.split('\n').slice(0, 3)).toContain(line);
    expect(live.text['summary.md']).toContain(line);
    expect(live.text['report.html']).toContain(line);
    expect(live.text['junit.xml']).toContain(`<property name="window.start" value="${run.window.start}"/>`);
    for (const event of Object.values(live.json['events'] as Record<string, { timestamp: string }>)) {
      expect(Date.parse(event.timestamp)).toBeGreaterThanOrEqual(Date.parse(run.window.start));
      expect(Date.parse(event.timestamp)).toBeLessThan(Date.parse(run.window.end));
    }
    const again = runReport(dir, 'again', '7', ['--start', run.window.start, '--no-sweep']);
    expect(again.json).toEqual(live.json);
    expect(again.text['junit.xml']).toBe(live.text['junit.xml']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
