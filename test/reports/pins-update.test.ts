// dth pins update rewrites only the pins that differ from the run, byte for byte elsewhere: comments,
// quoting, folded text and blank lines stay (the edit is made at the yaml library's node ranges,
// https://eemeli.org/yaml/#nodes).
import { expect, test } from '@playwright/test';
import { updatedPin, updatePins } from '../../reports/pins-update.js';
import type { Report } from '../../reports/model.js';

const PACK = `# A pack with comments everywhere.
name: t
scenarios:
  - id: a   # the first
    description: >-
      folded text that must
      stay folded
    expect:
      # the Elastic rule
      "r1": miss
      r2:
        verdict: detect
        reason: "known: it fires"
        sources:
          s2: miss   # blind there

  - id: b
    expect: { r1: { verdict: miss, sources: { s1: detect } } }
  - id: c
    expect:
      r1: 'detect'
`;

type Seen = Record<string, Record<string, Record<string, [number, number]>>>;

/** A report with just what updatePins reads: the rules that ran and per-scenario cells (fired, total). */
function reportOf(seen: Seen): Report {
  const cells = Object.entries(seen).flatMap(([ruleId, scenarios]) =>
    Object.entries(scenarios).flatMap(([scenarioId, sources]) =>
      Object.entries(sources).map(([dataSourceId, [fired, total]]) => ({
        ruleId,
        scenarioId,
        dataSourceId,
        label: 'malicious',
        verdict: 'caught',
        metrics: { tp: fired, fn: total - fired, fp: 0, tn: 0 },
        examples: { tp: [], fn: [], fp: [], tn: [] },
      })),
    ),
  );
  return { rules: Object.keys(seen).map((id) => ({ id, error: null })), ruleScenarioDataSource: cells } as unknown as Report;
}

test('pins that hold are left alone, byte for byte', () => {
  const report = reportOf({
    r1: { a: { s1: [0, 5], s2: [0, 5] }, b: { s1: [5, 5], s2: [0, 5] }, c: { s1: [5, 5] } },
    r2: { a: { s1: [5, 5], s2: [0, 5] } },
  });
  const result = updatePins(PACK, 'pack.yaml', report);
  expect(result.changes).toEqual([]);
  expect(result.text).toBe(PACK);
});

test('a scalar, a block map and a flow map pin are rewritten in place; comments and layout stay', () => {
  const report = reportOf({
    // a × r1: now detected in s1 only -> an override; b × r1: s2 now partial; c × r1: now missed.
    r1: { a: { s1: [5, 5], s2: [0, 5] }, b: { s1: [5, 5], s2: [2, 5] }, c: { s1: [0, 5] } },
    // a × r2: now detected everywhere -> the override goes.
    r2: { a: { s1: [5, 5], s2: [5, 5] } },
  });
  const result = updatePins(PACK, 'pack.yaml', report);
  expect(result.text).toBe(`# A pack with comments everywhere.
name: t
scenarios:
  - id: a   # the first
    description: >-
      folded text that must
      stay folded
    expect:
      # the Elastic rule
      "r1": { verdict: miss, sources: { s1: detect } }
      r2:
        verdict: detect
        reason: "known: it fires"

  - id: b
    expect: { r1: { verdict: miss, sources: { s1: detect, s2: partial } } }
  - id: c
    expect:
      r1: 'miss'
`);
  expect(result.changes.map((c) => [c.at, c.scenarioId, c.ruleId, c.before, c.after])).toEqual([
    ['pack.yaml:10', 'a', 'r1', 'miss', 'miss (s1: detect)'],
    ['pack.yaml:11', 'a', 'r2', 'detect (s2: miss)', 'detect'],
    ['pack.yaml:18', 'b', 'r1', 'miss (s1: detect)', 'miss (s1: detect, s2: partial)'],
    ['pack.yaml:21', 'c', 'r1', 'detect', 'miss'],
  ]);
});

test('a block map pin gains a sources block at its own indentation', () => {
  const text = 'scenarios:\n  - id: a\n    expect:\n      r1:\n        verdict: miss\n        reason: "gap"\n  - id: b\n';
  const result = updatePins(text, 'p.yaml', reportOf({ r1: { a: { s1: [0, 3], s2: [3, 3] } } }));
  expect(result.text).toBe('scenarios:\n  - id: a\n    expect:\n      r1:\n        verdict: miss\n        reason: "gap"\n        sources:\n          s2: detect\n  - id: b\n');
});

test('a rule that did not run leaves its pins alone, with a note', () => {
  const result = updatePins(PACK, 'pack.yaml', reportOf({ r1: { a: { s1: [0, 5], s2: [0, 5] }, b: { s1: [5, 5], s2: [0, 5] }, c: { s1: [5, 5] } } }));
  expect(result.changes).toEqual([]);
  expect(result.skipped).toEqual(['pack.yaml:11: a × r2: the rule did not run, the pin is left as it is']);
});

test('the default verdict changes when it no longer applies anywhere and every source agrees', () => {
  const seen = (entries: [string, 'detect' | 'miss' | 'partial'][]) => new Map(entries);
  expect(updatedPin({ verdict: 'miss', sources: {} }, seen([['s1', 'detect'], ['s2', 'detect']]))).toEqual({ verdict: 'detect', sources: {} });
  expect(updatedPin({ verdict: 'miss', sources: { x: 'detect' } }, seen([['s1', 'detect'], ['s2', 'miss']]))).toEqual({ verdict: 'miss', sources: { x: 'detect', s1: 'detect' } });
  expect(updatedPin({ verdict: 'detect', sources: { s2: 'miss' } }, seen([['s1', 'detect'], ['s2', 'detect']]))).toEqual({ verdict: 'detect', sources: {} });
});
