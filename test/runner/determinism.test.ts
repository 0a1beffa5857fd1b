// One seed drives every random choice: the same seed gives the same report (but for wall-clock times),
// a different seed gives different events.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { dth } from '../support/cli.js';

function runReport(dir: string, name: string, seed: string): { json: Record<string, unknown>; text: Record<string, string> } {
  const out = join(dir, name);
  const result = dth(['run', '--seed', seed, '--scale', '0.1', '--out', out]);
  expect(result.status).toBe(0);
  const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { run: Record<string, unknown> };
  // Wall-clock facts of the run are the only things allowed to differ.
  for (const key of ['startedAt', 'finishedAt', 'stages', 'nodeVersion']) delete json.run[key];
  const text = Object.fromEntries(['junit.xml', 'summary.md'].map((f) => [f, readFileSync(join(out, f), 'utf8')]));
  return { json: json as unknown as Record<string, unknown>, text };
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
