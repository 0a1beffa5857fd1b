// Re-framing JSON exports into one document per line (harness/scan/json-framing.ts), and a fuzz pass
// over the scan readers: random and mutated export text, framed or not, never throws, and every
// event read is counted exactly once (read = matched + not matched + malformed).
// JSON grammar (whitespace between tokens, strings without raw line breaks): https://www.rfc-editor.org/rfc/rfc8259
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { DocumentFramer, FramedReader, sniffFraming } from '../../harness/scan/json-framing.js';
import { eqlRule, elasticPlan, processorFor, runChunk } from './support.js';
import { crowdstrikeRoundTrip } from './raw-support.js';

function frame(text: string, pieces = 1): string {
  const framer = new DocumentFramer();
  const bytes = Buffer.from(text, 'utf8');
  const size = Math.max(1, Math.ceil(bytes.length / pieces));
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(framer.push(bytes.subarray(i, i + size)));
  out.push(framer.end());
  return Buffer.concat(out).toString('utf8');
}

/** Non-blank output lines with their 1-based line numbers. */
function documents(framed: string): [number, string][] {
  return framed
    .split('\n')
    .map((line, i) => [i + 1, line.trim()] as [number, string])
    .filter(([, line]) => line !== '');
}

test('sniffing: ndjson stays lines; arrays, documents spanning lines, back-to-back documents and search responses are documents', () => {
  const sniff = (text: string): string => sniffFraming(Buffer.from(text));
  expect(sniff('{"a":1}\n{"a":2}\n')).toBe('lines');
  expect(sniff('\ufeff{"a":"x\\ny"}\n')).toBe('lines');
  expect(sniff('not json at all\n')).toBe('lines');
  expect(sniff('[{"a":1}]')).toBe('documents');
  expect(sniff('{\n  "a": 1\n}\n')).toBe('documents');
  expect(sniff('{"a":1}{"a":2}\n')).toBe('documents');
  expect(sniff('{"took":3,"timed_out":false,"hits":{"hits":[]}}')).toBe('documents');
  // A document whose first key is "hits" in ECS terms is still a search response only if it looks like one.
  expect(sniff('{"process":{"name":"x"}}\n')).toBe('lines');
});

test('pretty-printed and back-to-back documents: each on the line where it starts, newlines inside become spaces', () => {
  const text = '{\n  "a": 1,\n  "b": "x y"\n}\n\n{"c": 2}{"d": 3}\n{\n"e": [1,\n2]}';
  const framed = frame(text);
  const docs = documents(framed);
  expect(docs.map(([, d]) => JSON.parse(d))).toEqual([{ a: 1, b: 'x y' }, { c: 2 }, { d: 3 }, { e: [1, 2] }]);
  expect(docs.map(([line]) => line)).toEqual([1, 6, 7, 8]);
  // Every input line break is given back: the line count is the input's.
  expect(framed.split('\n').length - 1).toBeGreaterThanOrEqual(text.split('\n').length - 1);
});

test('a search response: each hit on its own line at the line where it starts; took, _shards and aggregations are dropped', () => {
  const response = JSON.stringify(
    { took: 1, timed_out: false, _shards: { total: 1 }, hits: { total: { value: 2 }, max_score: 1, hits: [{ _index: 'i', _id: 'a', _source: { x: '}{' } }, { _index: 'i', _id: 'b', _source: { y: '"' } }] }, aggregations: { h: { buckets: [] } } },
    null,
    2,
  );
  const docs = documents(frame(response, 7));
  expect(docs.map(([, d]) => (JSON.parse(d) as { _id: string })._id)).toEqual(['a', 'b']);
  const lines = response.split('\n');
  for (const [line] of docs) expect(lines[line - 1]?.trim()).toBe('{');
  expect(docs.map(([, d]) => JSON.parse(d) as unknown)).toEqual([
    { _index: 'i', _id: 'a', _source: { x: '}{' } },
    { _index: 'i', _id: 'b', _source: { y: '"' } },
  ]);
});

test('an object that only starts like a response (its first key is took) is kept whole as a document', () => {
  const docs = documents(frame('{"took": 1, "process": {"name": "qemu"}}\n'));
  expect(docs.map(([, d]) => JSON.parse(d) as unknown)).toEqual([{ took: 1, process: { name: 'qemu' } }]);
});

test('an unterminated document and scalars in an array come out as lines of their own (reported malformed, never lost)', () => {
  const docs = documents(frame('[{"a":1}, 5, "s", {"b":\n2'));
  expect(docs.map(([, d]) => d)).toEqual(['{"a":1}', '5', '"s"', '{"b": 2']);
});

test('the framing is the same whatever the read sizes', () => {
  fc.assert(
    fc.property(fc.array(fc.jsonValue(), { maxLength: 6 }), fc.integer({ min: 1, max: 40 }), fc.boolean(), (values, pieces, pretty) => {
      const text = values.map((v) => JSON.stringify({ v }, null, pretty ? 2 : undefined)).join(pretty ? '\n' : '');
      expect(frame(text, pieces)).toBe(frame(text, 1));
      expect(documents(frame(text)).map(([, d]) => JSON.parse(d) as unknown)).toEqual(values.map((v) => JSON.parse(JSON.stringify({ v })) as unknown));
    }),
    { numRuns: 200, seed: 14 },
  );
});

test('fuzz: random and mutated export text through the framing reader and the chunk processor never throws, and every event is counted once', async () => {
  const rule = eqlRule('qemu', 'process where process.args : "-netdev" and process.command_line : "*hostfwd=*"');
  for (const prefilter of [true, false]) {
    const processor = await processorFor(elasticPlan([rule], prefilter));
    const doc = { process: { args: ['qemu', '-netdev', 'user,hostfwd=tcp::1-:22'], command_line: 'qemu -netdev user,hostfwd=tcp::1-:22' }, _id: 'x' };
    const base = [JSON.stringify(doc), JSON.stringify(doc, null, 2), JSON.stringify([doc, doc]), JSON.stringify({ took: 1, hits: { hits: [{ _index: 'i', _id: 'h', _source: doc }] } })].join('\n');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(base.length), fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('{', '}', '[', ']', '"', '\\', ',', '\n', ':'))), { maxLength: 8 }), fc.nat(3), async (edits, cut) => {
        let text = base;
        for (const [at, insert] of edits) text = text.slice(0, at) + insert + text.slice(at + (cut % 2));
        let offset = 0;
        const bytes = Buffer.from(text, 'utf8');
        const reader = new FramedReader({
          read: async (target, at, max) => {
            const n = Math.min(max, bytes.length - offset, 1 + ((offset * 7) % 13));
            bytes.copy(target, at, offset, offset + n);
            offset += n;
            return n;
          },
        });
        const out: Buffer[] = [];
        const scratch = Buffer.alloc(1024);
        for (let n = await reader.read(scratch, 0, scratch.length); n > 0; n = await reader.read(scratch, 0, scratch.length)) out.push(Buffer.from(scratch.subarray(0, n)));
        const framed = Buffer.concat(out);
        const result = runChunk(processor, framed);
        expect(result.records).toBe(result.parsed + result.prefiltered);
        expect(result.rules[0]?.matched ?? 0).toBeLessThanOrEqual(result.records - result.malformedCount);
        expect(result.records + result.blank).toBe(result.lines);
      }),
      { numRuns: 300, seed: 1414 },
    );
  }
});

test('raw CrowdStrike records map to the fields the renderer writes for the same event (the inverse of the renderer)', () => {
  for (const { mapped, rendered } of crowdstrikeRoundTrip(40)) {
    expect(mapped).toEqual(rendered);
  }
});
