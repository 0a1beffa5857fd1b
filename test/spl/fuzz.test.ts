// Property-based fuzzing of the whole engine: random and mutated corpus searches, macro libraries with
// random (even cyclic) definitions, and random raw events. The engine must always return a result or
// throw a positioned InputError (SplError); any other exception, or a hang, fails. Fixed seed, bounded
// number of runs and time.
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { InputError } from '../../harness/errors.js';
import { checkSearch, prepareSearch, runPrepared } from '../../harness/engines/spl/engine.js';
import { EventIndex } from '../../harness/engines/spl/index.js';
import { MacroLibrary, parseMacrosConf, parseMacrosJsonl } from '../../harness/engines/spl/macros.js';
import { fromRoot } from '../../harness/paths.js';
import { corpusEnvironment } from '../../scripts/corpus/spl.js';
import type { SplunkRecord } from '../../harness/model/records.js';
import { security4688Classic, security4688Xml, sysmon1Xml } from './events.js';

const SEARCHES = readFileSync(fromRoot('test/fixtures/spl/security-content-searches.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l !== '')
  .map((l) => JSON.parse(l) as { name: string; search: string });
const CORPUS_MACROS = corpusEnvironment(SEARCHES).merge(parseMacrosJsonl(readFileSync(fromRoot('test/fixtures/spl/security-content-macros.jsonl'), 'utf8'), 'macros.jsonl'));
const RULE_MACROS = parseMacrosConf(readFileSync(fromRoot('rules/splunk/macros.conf'), 'utf8'), 'macros.conf');
const SEED_QUERY =
  '`get_endpoint_data` `get_endpoint_data_winevent` (TERM(EventCode=4688) OR "<EventID>4688<" OR Type=Process) "qemu-system-" ("-net " OR "-netdev" OR "-redir" OR "socket" OR "listen" OR "-device" OR "hostfwd=") | table _time, host, user, process, process_*, parent_process_name, parent_process_* | bin span=1s | stats values(*) as * by _time, host';

/** Pieces of SPL that stress the lexers: quotes, brackets, pipes, backticks, operators, escapes. */
const SPL_BITS = ['|', '"', "'", '(', ')', '[', ']', '`', '```', '=', '!=', '<', '>=', '*', '\\', '\\"', ' ', '\n', ',', 'AND', 'OR', 'NOT', 'IN', 'TERM(', 'CASE(', 'eval ', 'stats ', 'by ', 'as ', 'where ', 'table ', 'bin span=1s', 'search ', 'x', '4688', 'qemu', '$a$', '%20', '--', 'é', '\u2028'];

const splText = fc.array(fc.constantFrom(...SPL_BITS), { maxLength: 40 }).map((parts) => parts.join(''));

/** A corpus or seed search, then a few edits: delete, insert SPL pieces, duplicate, truncate. */
const mutatedSearch = fc
  .tuple(
    fc.constantFrom(SEED_QUERY, ...SEARCHES.map((s) => s.search)),
    fc.array(
      fc.record({ at: fc.nat(), len: fc.nat({ max: 30 }), kind: fc.constantFrom('delete', 'insert', 'duplicate', 'truncate'), text: splText }),
      { maxLength: 4 },
    ),
  )
  .map(([base, edits]) => {
    let q = base;
    for (const e of edits) {
      const at = q.length === 0 ? 0 : e.at % (q.length + 1);
      if (e.kind === 'delete') q = q.slice(0, at) + q.slice(at + e.len);
      else if (e.kind === 'insert') q = q.slice(0, at) + e.text + q.slice(at);
      else if (e.kind === 'duplicate') q = q.slice(0, at) + q.slice(at, at + e.len) + q.slice(at);
      else q = q.slice(0, at);
    }
    return q;
  });

const randomMacros = fc
  .array(fc.record({ name: fc.constantFrom('get_endpoint_data', 'get_endpoint_data_winevent', 'a', 'b', 'loop'), args: fc.constantFrom([], ['x']), definition: splText }), { maxLength: 4 })
  .map((defs) => new MacroLibrary(defs.map((d) => ({ ...d, args: [...d.args], iseval: false, origin: 'fuzz' }))));

const macros = fc.oneof(fc.constant(CORPUS_MACROS.merge(RULE_MACROS)), randomMacros.map((m) => RULE_MACROS.merge(m)));

const rawText = fc.oneof(
  fc.string({ maxLength: 200, unit: 'grapheme' }),
  fc.array(fc.constantFrom('qemu-system-x86_64.exe', '-netdev', 'user,id=n0,hostfwd=tcp::2222-:22', '<EventID>4688<', 'EventCode=4688', 'Type=Process', '"', '\r\n', '\t', 'a=b', '<Data Name=\'CommandLine\'>', '</Data>', 'Process Information:', 'Message=x'), { maxLength: 30 }).map((p) => p.join(' ')),
);

const events = fc
  .array(
    fc.oneof(
      fc.record({ raw: rawText, st: fc.constantFrom('XmlWinEventLog', 'WinEventLog', 'linux:audit', 'test'), source: fc.constantFrom('XmlWinEventLog:Security', 'WinEventLog:Security', 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational', 'x'), t: fc.double({ min: 0, max: 2e9, noNaN: true }) }).map(
        (r) => ({ _raw: r.raw, _time: r.t, host: 'h', source: r.source, sourcetype: r.st, index: 'wineventlog' }) as Omit<SplunkRecord, '_id'>,
      ),
      fc.record({ cmd: rawText, kind: fc.constantFrom(0, 1, 2) }).map(({ cmd, kind }) => {
        const p = { id: 'x', host: 'WS01', time: 1_736_936_553, image: 'C:\\q\\qemu-system-x86_64.exe', commandLine: cmd };
        const { _id: _ignored, ...r } = kind === 0 ? security4688Xml(p) : kind === 1 ? security4688Classic(p) : sysmon1Xml(p);
        return r;
      }),
    ),
    { maxLength: 6 },
  )
  .map((list) => {
    const index = new EventIndex();
    list.forEach((e, i) => index.add({ ...e, _id: `e${i}` }));
    return index;
  });

test('fuzz: any search, macros and events give a result or a positioned error, nothing else', () => {
  test.setTimeout(90_000);
  let errors = 0;
  let results = 0;
  fc.assert(
    fc.property(fc.oneof(mutatedSearch, splText), macros, events, (query, lib, index) => {
      try {
        const prepared = prepareSearch(query, lib);
        checkSearch(prepared);
        runPrepared(prepared, index);
        results++;
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        expect(e.location.line).toBeGreaterThanOrEqual(1);
        expect(e.format()).toContain('^');
        errors++;
      }
    }),
    // A fixed number of cases: a slow machine takes longer, it never quietly runs fewer.
    { seed: 20260209, numRuns: 1500 },
  );
  // The fuzz must exercise both outcomes.
  expect(results).toBeGreaterThan(20);
  expect(errors).toBeGreaterThan(20);
});
