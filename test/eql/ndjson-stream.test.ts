// `dth eql` evaluates its file line by line (harness/engines/eql/ndjson.ts). Elasticsearch indexes every
// document, then searches: the streaming form must give the same ids and the same errors. Dynamic
// mapping keeps the first type a field gets
// (https://www.elastic.co/docs/manage-data/data-store/mapping/dynamic-field-mapping), and a query naming
// a field no document mapped fails (EQL verifier: "Unknown column").
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { compileEql } from '../../harness/engines/eql/compile.js';
import { evaluateNdjson } from '../../harness/engines/eql/ndjson.js';
import { parseEql } from '../../harness/engines/eql/parser.js';
import { InputError } from '../../harness/errors.js';
import { indexDocument } from '../../harness/engines/eql/mappings/document.js';
import { fieldTypesFromMapping, type FieldTypes } from '../../harness/engines/eql/mappings/field-types.js';
import { ecsFieldTypes } from '../../harness/engines/eql/mappings/index-mapping.js';

const plain = (): FieldTypes => fieldTypesFromMapping({ properties: {} });

/** The batch form: index every document, compile once against the final mapping, then match. */
function batch(query: string, lines: string[], fields: FieldTypes): string[] | 'error' {
  const parsed = parseEql(query);
  const types = fields.clone();
  const docs: [Record<string, unknown>, number][] = [];
  try {
    lines.forEach((l, i) => {
      if (l.trim() === '') return;
      const doc = JSON.parse(l) as unknown;
      if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new InputError('not an object');
      indexDocument(doc as Record<string, unknown>, types);
      docs.push([doc as Record<string, unknown>, i + 1]);
    });
    const predicate = compileEql(parsed, types);
    let ids = docs.filter(([d]) => predicate(d)).map(([d, line]) => (typeof d['_id'] === 'string' ? d['_id'] : String(line)));
    for (const pipe of parsed.pipes) ids = pipe.name === 'head' ? ids.slice(0, pipe.count) : ids.slice(Math.max(0, ids.length - pipe.count));
    return ids;
  } catch {
    return 'error';
  }
}

function streamed(query: string, lines: string[], fields: FieldTypes): string[] | 'error' {
  try {
    return evaluateNdjson(parseEql(query), lines.join('\n'), 'docs.ndjson', fields).map((m) => m.id);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return 'error';
  }
}

test('a field mapped by a later document is searched in the documents after it; never mapped is an unknown column', () => {
  const lines = ['{"a": 1}', '{"foo": "x"}', '{"foo": "y"}', '{"foo": "x", "_id": "last"}'];
  expect(streamed('any where foo == "x"', lines, plain())).toEqual(['2', 'last']);
  expect(() => evaluateNdjson(parseEql('any where nope == "x"'), lines.join('\n'), 'docs.ndjson', plain())).toThrow(/Unknown column \[nope\]/);
});

test('the first document fixes a dynamic type: a later value it cannot take rejects the file, naming the line', () => {
  const lines = ['{"n": 5}', '{"n": "abc"}'];
  expect(() => evaluateNdjson(parseEql('any where n > 3'), lines.join('\n'), 'docs.ndjson', plain())).toThrow(/line 2 cannot be indexed/);
});

test('a bad line is reported before a query error, as the batch form reports it', () => {
  const lines = ['{"a": 1}', '{"a": 2}', 'not json'];
  expect(() => evaluateNdjson(parseEql('any where missing == 1'), lines.join('\n'), 'docs.ndjson', plain())).toThrow(/line 3 is not valid JSON/);
});

test('| head and | tail keep the first and last matches in file order', () => {
  const lines = Array.from({ length: 5000 }, (_, i) => JSON.stringify({ _id: `e${i}`, n: i }));
  expect(streamed('any where n >= 10 | head 3', lines, plain())).toEqual(['e10', 'e11', 'e12']);
  expect(streamed('any where n >= 10 | tail 2', lines, plain())).toEqual(['e4998', 'e4999']);
  expect(streamed('any where n >= 10 | tail 5 | head 2', lines, plain())).toEqual(['e4995', 'e4996']);
});

test('random documents and queries: streaming gives the batch form\'s ids or its error', () => {
  const value = fc.oneof(fc.constantFrom('x', 'X', 'qemu', '10.0.0.1', '2026-03-02T00:00:00Z', ''), fc.integer({ min: -3, max: 9 }), fc.boolean(), fc.constant(null), fc.constant({ inner: 'x' }));
  const doc = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'process.name', 'process.pid', 'source.ip'), value, { maxKeys: 4 });
  const queries = [
    'any where a == "x"',
    'any where a : "X" or b > 2',
    'any where c == null',
    'any where process.name : "qemu" and process.pid > 0',
    'any where source.ip == "10.0.0.0/8"',
    'any where b in (1, 2, 3) | tail 2',
    'any where a != "x" | head 1',
  ];
  fc.assert(
    fc.property(fc.array(doc, { maxLength: 8 }), fc.constantFrom(...queries), fc.boolean(), (docs, query, ecs) => {
      const lines = docs.map((d) => JSON.stringify(d));
      const fields = ecs ? ecsFieldTypes() : plain();
      expect(streamed(query, lines, fields)).toEqual(batch(query, lines, fields));
    }),
    { seed: 20261207, numRuns: 600 },
  );
});
