// `dth spl` reading line by line into the streaming search: bad lines are reported as before (a
// malformed line wins over a query error, as when every line was read first), ids stay unique without
// holding them, and the literal prefilter changes no answer (with `\u` escapes hiding the literals too).
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventIdRegistry } from '../../harness/engines/spl/event-ids.js';
import { dth } from '../support/cli.js';
import { security4688Classic, security4688Xml } from './events.js';

const dir = mkdtempSync(join(tmpdir(), 'dth-spl-stream-'));
const Q = 'C:\\Program Files\\qemu\\qemu-system-x86_64.exe';

function eventsFile(name: string, lines: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const qemu = (id: string, host: string, t: number): string => JSON.stringify(security4688Xml({ id, host, time: 1_736_936_550 + t, image: Q, commandLine: `"${Q}" -netdev user,id=n0` }));
const other = (id: string, host: string, t: number): string => JSON.stringify(security4688Classic({ id, host, time: 1_736_936_550 + t, image: 'C:\\Windows\\System32\\cmd.exe', commandLine: 'cmd.exe /c whoami' }));

test('a malformed line is reported with its number, and wins over a query error as when every line was read first', () => {
  const file = eventsFile('late-bad.ndjson', [qemu('a', 'WS01', 1), other('b', 'WS02', 2), '{"_raw": "x", "_time": 1, "host": "", "source": "s", "sourcetype": "t", "index": "i"}']);
  for (const flags of [[], ['--no-prefilter']]) {
    // The runtime error (`where host` on a string) happens on line 1, the malformed line is line 3.
    const runtime = dth(['spl', '* | where host', '--events', file, ...flags]);
    expect(runtime.status).toBe(2);
    expect(runtime.stderr).toMatch(/late-bad\.ndjson:3:1: "host": expected a non-empty string/);
    const parse = dth(['spl', 'index=main (a', '--events', file, ...flags]);
    expect(parse.stderr).toMatch(/late-bad\.ndjson:3:1: "host": expected a non-empty string/);
  }
  const good = eventsFile('good.ndjson', [qemu('a', 'WS01', 1), other('b', 'WS02', 2)]);
  expect(dth(['spl', '* | where host', '--events', good]).stderr).toMatch(/<search>:1:11: where needs a boolean condition, got the string "WS02"/);
});

test('a line that is not a JSON object is reported even where the prefilter rules it out', () => {
  const file = eventsFile('not-object.ndjson', [qemu('a', 'WS01', 1), 'garbage without the literal']);
  const r = dth(['spl', 'qemu-system-*', '--events', file, '--ids']);
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/not-object\.ndjson:2:1: not a JSON object/);
});

test('the prefilter changes no answer: ids and rows equal --no-prefilter, literals hidden by \\u escapes included', () => {
  const escaped = qemu('esc', 'WS03', 5).replace('qemu-system-', '\\u0071emu-syst\\u0065m-');
  expect(escaped).toContain('\\u0071emu');
  const lines = [qemu('a', 'WS01', 1), other('b', 'WS02', 2), escaped, other('c', 'WS01', 3), qemu('d', 'WS02', 3)];
  const file = eventsFile('prefilter.ndjson', lines);
  const queries = ['"qemu-system-" -netdev', 'qemu-system-* | stats count by host', 'QEMU NOT whoami | table host', '"-netdev" OR whoami | sort host'];
  for (const q of queries) {
    const on = dth(['spl', q, '--events', file, '--ids']);
    const off = dth(['spl', q, '--events', file, '--ids', '--no-prefilter']);
    expect(on.status, q).toBe(0);
    expect(on.stdout, q).toBe(off.stdout);
    expect(dth(['spl', q, '--events', file]).stdout, q).toBe(dth(['spl', q, '--events', file, '--no-prefilter']).stdout);
  }
  expect(dth(['spl', '"qemu-system-" -netdev', '--events', file, '--ids']).stdout).toBe('a\nesc\nd\n');
});

test('ids stay unique: an _id used twice, and an _id spelled as the line number of a line without one, either way round', () => {
  const { _id: _a, ...noId } = JSON.parse(other('x', 'WS09', 9)) as Record<string, unknown>;
  const bare = JSON.stringify(noId);
  const cases: [string[], RegExp][] = [
    [[qemu('a', 'WS01', 1), other('b', 'WS02', 2), qemu('a', 'WS03', 3)], /:3:1: "_id" "a" already used on line 1/],
    [[other('3', 'WS01', 1), bare, bare], /:3:1: "_id" "3" already used on line 1/],
    [[bare, bare, other('b', 'WS02', 2), other('2', 'WS03', 3)], /:4:1: "_id" "2" already used on line 2/],
  ];
  cases.forEach(([lines, message], i) => {
    const file = eventsFile(`dup-${i}.ndjson`, lines);
    for (const flags of [['--no-prefilter'], []]) {
      const r = dth(['spl', '*', '--events', file, '--ids', ...flags]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const stdin = dth(['spl', '*', '--events', '-', '--ids'], { input: lines.join('\n') + '\n' });
    expect(stdin.stderr).toMatch(message);
  });
  // "02" is not line 2's id; line 4's own number is its id.
  const fine = eventsFile('dup-fine.ndjson', [bare, bare, other('02', 'WS02', 2), other('4', 'WS03', 3)]);
  expect(dth(['spl', '*', '--events', fine, '--ids']).stdout.split('\n').sort()).toEqual(['', '02', '1', '2', '4']);
});

test('property: the hashed id registry answers as a map of every id', () => {
  const idArb = fc.option(fc.oneof(fc.constantFrom('1', '2', '3', '7', '01', 'a', 'b', ''), fc.string({ maxLength: 3 })), { nil: null });
  fc.assert(
    fc.property(fc.array(idArb, { maxLength: 40 }), (ids) => {
      const hashed = new EventIdRegistry((line) => ids[line - 1] ?? null);
      const exact = new EventIdRegistry(null);
      const model = new Map<string, number>();
      // Up to the first clash (the reader stops there).
      for (let i = 0; i < ids.length; i++) {
        const line = i + 1;
        const id = ids[i] as string | null;
        const key = id ?? String(line);
        const expected = model.get(key) ?? null;
        expect(hashed.check(id, line)).toBe(expected);
        expect(exact.check(id, line)).toBe(expected);
        if (expected !== null) return;
        model.set(key, line);
      }
    }),
    { numRuns: 500, seed: 12 },
  );
});
