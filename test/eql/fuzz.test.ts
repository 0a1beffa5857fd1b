// Property-based fuzzing (fast-check, fixed seed, a fixed number of cases): random text, mutated
// production queries and malformed documents always give a value or a positioned InputError, never
// another exception. Each property also checks that both outcomes occurred, so a change that refuses
// everything (or accepts everything) fails instead of passing quietly.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { compileEql } from '../../harness/engines/eql/compile.js';
import { evaluateNdjson } from '../../harness/engines/eql/ndjson.js';
import { parseEql } from '../../harness/engines/eql/parser.js';
import { InputError } from '../../harness/errors.js';
import { ecsFieldTypes } from '../../harness/engines/eql/mappings/index-mapping.js';
import { fromRoot } from '../../harness/paths.js';

const SEED = 20260209;
const corpus = readFileSync(fromRoot('test/fixtures/eql/corpus-sample.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => (JSON.parse(l) as { query: string }).query);
const fields = ecsFieldTypes();

type Outcome = 'value' | 'error';

/** Runs `fn`: 'value' when it returns, 'error' when it throws an InputError at a valid position; anything else fails. */
function valueOrPositionedError(fn: () => unknown): Outcome {
  try {
    fn();
    return 'value';
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const { line, column } = error.location;
    if (line !== undefined && (line < 1 || (column !== undefined && column < 1))) throw new Error(`bad position ${line}:${column}`, { cause: error });
    expect(error.format().length).toBeGreaterThan(0);
    return 'error';
  }
}

/** Counts outcomes over a property's runs; `check` fails unless each occurred at least `least` times. */
function tally(): { count: (outcome: Outcome) => true; check: (least: number) => void } {
  const seen: Record<Outcome, number> = { value: 0, error: 0 };
  return {
    count: (outcome) => {
      seen[outcome] += 1;
      return true;
    },
    check: (least) => {
      expect(seen.value, 'cases that gave a value').toBeGreaterThanOrEqual(least);
      expect(seen.error, 'cases that gave a positioned error').toBeGreaterThanOrEqual(least);
    },
  };
}

const TOKENS = [' and ', ' or ', ' not ', '(', ')', '"', '"""', '`', '?', ':', '==', '!=', '<', '~', '*', '\\', ' in (', ',', '[', ']', '![', ' by ', ' with maxspan=', '|', ' where ', 'null', '1e9', '-', '.', '\n', '/*', '//', '\\u{', 'é', '😀'];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), token: fc.constantFrom(...TOKENS) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(query: string, mutations: Mutation[]): string {
  let q = query;
  for (const m of mutations) {
    const at = q.length === 0 ? 0 : m.at % q.length;
    if (m.kind === 'delete') q = q.slice(0, at) + q.slice(at + m.length);
    else if (m.kind === 'insert') q = q.slice(0, at) + m.token + q.slice(at);
    else q = q.slice(0, at) + q.slice(at, at + m.length) + q.slice(at);
  }
  return q;
}

const jsonDoc = fc.dictionary(
  fc.constantFrom('process', 'process.args', 'process.name', 'event', 'event.category', 'event.type', 'process.pid', '@timestamp', 'source.ip', 'x'),
  fc.jsonValue({ maxDepth: 3 }),
  { maxKeys: 6 },
);

test('random text: parseEql returns a query or a positioned syntax error', () => {
  const outcomes = tally();
  // Random text rarely parses; a third of the cases start from a valid prefix so both outcomes occur.
  const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 120 }), fc.string({ maxLength: 40 }).map((tail) => `process where true${tail}`));
  fc.assert(
    fc.property(text, (t) => outcomes.count(valueOrPositionedError(() => parseEql(t)))),
    { seed: SEED, numRuns: 1500 },
  );
  outcomes.check(20);
});

test('mutated corpus queries: parse, compile and evaluate give a value or a positioned error', () => {
  const outcomes = tally();
  fc.assert(
    fc.property(fc.constantFrom(...corpus), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.array(jsonDoc, { maxLength: 4 }), (query, mutations, docs) =>
      outcomes.count(
        valueOrPositionedError(() => {
          const parsed = parseEql(mutate(query, mutations));
          const predicate = compileEql(parsed, fields, { unmappedFieldsAsNull: true });
          for (const doc of docs) expect(typeof predicate(doc as Record<string, unknown>)).toBe('boolean');
        }),
      ),
    ),
    { seed: SEED, numRuns: 600 },
  );
  outcomes.check(20);
});

test('unmutated corpus queries parse, and compile against ECS; only sequences and samples may be refused, naming the feature', () => {
  // Published rules (elastic/detection-rules, test/fixtures/eql/corpus-sample.jsonl) are valid EQL: a
  // refusal of one that is not a sequence or sample is a bug in the parser or the type checks.
  let compiled = 0;
  let eventQueries = 0;
  for (const query of corpus) {
    const parsed = parseEql(query);
    const multiEvent = parsed.kind !== 'EventQuery';
    if (!multiEvent) eventQueries += 1;
    try {
      compileEql(parsed, fields, { unmappedFieldsAsNull: true });
      compiled += 1;
    } catch (error) {
      expect(error, query).toBeInstanceOf(InputError);
      expect(multiEvent, `refused: ${(error as Error).message}\n${query}`).toBe(true);
      expect((error as Error).message).toMatch(/^unsupported: (sequence|sample)/);
    }
  }
  expect(compiled).toBeGreaterThanOrEqual(eventQueries);
  expect(compiled).toBeGreaterThan(100);
});

test('malformed documents: ndjson evaluation gives ids or an error naming the line', () => {
  const line = fc.oneof(
    jsonDoc.map((d) => JSON.stringify(d)),
    fc.string({ maxLength: 40 }),
    fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
  );
  const query = parseEql('process where process.args : "-netdev" or process.pid > 3 or process.name == null or source.ip == "10.0.0.0/8"');
  const outcomes = tally();
  fc.assert(
    fc.property(fc.array(line, { maxLength: 6 }), (lines) =>
      outcomes.count(
        valueOrPositionedError(() => {
          const matches = evaluateNdjson(query, lines.join('\n'), 'fuzz.ndjson', fields);
          expect(Array.isArray(matches)).toBe(true);
        }),
      ),
    ),
    { seed: SEED, numRuns: 800 },
  );
  outcomes.check(20);
});
