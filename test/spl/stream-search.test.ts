// The streaming search (harness/engines/spl/stream-search.ts) against the batch form (runSearch over an
// index of every event, execute.ts): same rows, event ids, notes, and the same error, for a table of
// searches over random event lists (times with ties, any order, batch boundaries anywhere).
// The property is the module's contract; the semantics it preserves are the engine's own (its tests cite
// the Splunk references). Streaming commands work on each event alone:
// https://help.splunk.com/splunk-enterprise/search/search-manual/9.4/search-primer/types-of-commands
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { InputError } from '../../harness/errors.js';
import { runSearch } from '../../harness/engines/spl/engine.js';
import { LookupLibrary, parseLookupCsv } from '../../harness/engines/spl/lookups.js';
import { loadMacrosFile, DEFAULT_MACROS_FILE } from '../../harness/backends/embedded-splunk.js';
import { fromRoot } from '../../harness/paths.js';
import { StreamingSearch } from '../../harness/engines/spl/stream-search.js';
import type { ExecuteOptions } from '../../harness/engines/spl/commands/context.js';
import type { SplunkRecord } from '../../harness/model/records.js';
import { indexOf } from './helpers.js';
import { security4688Classic, security4688Xml, sysmon1Xml } from './events.js';

const macros = loadMacrosFile(fromRoot(DEFAULT_MACROS_FILE));
const lookups = new LookupLibrary([parseLookupCsv('host,owner\nWS01,alice\nWS02,bob\nWS02,carol\n', 'owners.csv', 'owners')]);
const OPTIONS: ExecuteOptions = { binWithoutField: 'time', lookups };
const Q = 'C:\\Program Files\\qemu\\qemu-system-x86_64.exe';
const RULE = '`get_endpoint_data` `get_endpoint_data_winevent` (TERM(EventCode=4688) OR "<EventID>4688<" OR Type=Process) "qemu-system-" ("-net " OR "-netdev" OR "-redir" OR "socket" OR "listen" OR "-device" OR "hostfwd=") | table _time, host, user, process, process_*, parent_process_name, parent_process_* | bin span=1s | stats values(*) as * by _time, host';

/** Searches covering every path: streaming prefixes, each kind of first non-streaming command, whole-store searches, errors. */
const QUERIES = [
  RULE,
  'qemu-system-*',
  'qemu NOT hostfwd',
  'index=wineventlog host=WS0* | eval n=len(_raw) | where n > 100 | fields host n',
  '* | rex field=_raw "(?<flag>-net\\w*)" | where isnotnull(flag) | stats count by flag host',
  '* | rename host AS h | eval k=lower(h) | search k=ws0* | sort - _time | head 3',
  '* | eval m=split("a,b", ",") | mvexpand m | dedup host m | table host m',
  '* | bin span=10s _time | stats count by _time',
  '* | bin span=1s | table _time host',
  '* | fillnull value=none user | stats count by user',
  '* | eval v=if(host="WS01", 1, null()) | fillnull | table host v',
  '* | lookup owners host OUTPUT owner | where isnotnull(owner) | table host owner',
  '* | regex _raw="hostfwd" | convert ctime(_time) AS t | table t host',
  '* | spath | head 2',
  '* | eventstats count by host | where count > 1',
  '* | streamstats count as n | table n host',
  '* | tail 2',
  '* | sort host | head 1',
  'qemu | search [search host=WS01 | fields host]',
  '| tstats count where index=wineventlog by host',
  // Runtime errors: the message names the value, so which event fails first matters.
  '* | where host',
  '* | eval x=if(sourcetype="WinEventLog", 1, 2) | where x',
  '* | eval y=mvfilter(host) | where host',
  // Query errors: reported after every line is read.
  '* | frobnicate',
  'foo | where (',
];

const HOSTS = ['WS01', 'WS02', 'WS03'];
const LINES = [`"${Q}" -netdev user,id=n0,hostfwd=tcp::2222-:22`, `"${Q}" -display sdl`, 'cmd.exe /c whoami', `"${Q}" -device e1000,netdev=n0 -net nic`];

const eventArb = fc.record({
  shape: fc.integer({ min: 0, max: 2 }),
  host: fc.constantFrom(...HOSTS),
  // Few distinct times: ties must order by load order.
  time: fc.integer({ min: 0, max: 4 }),
  line: fc.constantFrom(...LINES),
});

function makeEvents(specs: { shape: number; host: string; time: number; line: string }[]): SplunkRecord[] {
  return specs.map((s, i) => {
    const e = { id: `e${i}`, host: s.host, time: 1_736_936_550 + s.time, image: s.line.includes('qemu') ? Q : 'C:\\Windows\\System32\\cmd.exe', commandLine: s.line };
    return s.shape === 0 ? security4688Xml(e) : s.shape === 1 ? security4688Classic(e) : sysmon1Xml(e);
  });
}

type Outcome = { rows: unknown; eventIds: string[]; notes: string[] } | { error: string };

function outcome(run: () => { rows: unknown; eventIds: string[]; notes: string[] }): Outcome {
  try {
    const r = run();
    return { rows: r.rows, eventIds: r.eventIds, notes: r.notes };
  } catch (e) {
    if (e instanceof InputError) return { error: e.format() };
    throw e;
  }
}

function batch(query: string, events: SplunkRecord[]): Outcome {
  return outcome(() => runSearch(query, indexOf(events), macros, OPTIONS, '<search>'));
}

function streamed(query: string, events: SplunkRecord[], batchEvents: number): Outcome {
  return outcome(() => {
    const search = new StreamingSearch(query, macros, OPTIONS, '<search>', batchEvents);
    for (const e of events) search.add(e);
    return search.finish();
  });
}

test('every search in the table answers the same streamed as over the whole index', () => {
  const events = makeEvents(HOSTS.flatMap((host, h) => LINES.map((line, l) => ({ shape: (h + l) % 3, host, time: l % 2, line }))));
  for (const query of QUERIES) {
    const expected = batch(query, events);
    for (const size of [1, 5, 2048]) expect(streamed(query, events, size), `${query} (batches of ${size})`).toEqual(expected);
  }
  // The table exercises what it claims: most searches stream (subsearches and tstats need every event),
  // rows are held past the prefix, errors depend on the event.
  const streams = (q: string): boolean => new StreamingSearch(q, macros, OPTIONS).streamingSearch !== null;
  expect(QUERIES.filter((q) => !streams(q))).toEqual(['qemu | search [search host=WS01 | fields host]', '| tstats count where index=wineventlog by host', '* | frobnicate', 'foo | where (']);
  expect(batch('qemu-system-*', events)).toMatchObject({ eventIds: expect.arrayContaining(['e0']) });
  expect(batch('* | where host', events)).toEqual({ error: expect.stringContaining('needs a boolean condition, got the string "WS0') });
});

test('property: for random events (ties, any order) and any batch size, streaming equals the batch form', () => {
  fc.assert(
    fc.property(fc.array(eventArb, { maxLength: 14 }), fc.constantFrom(...QUERIES), fc.integer({ min: 1, max: 6 }), (specs, query, size) => {
      const events = makeEvents(specs);
      expect(streamed(query, events, size)).toEqual(batch(query, events));
    }),
    { numRuns: 300, seed: 12 },
  );
});

test('a failing event: the earliest failing command wins, then the newest event, whichever batch it came in', () => {
  const events = makeEvents([
    { shape: 1, host: 'WS01', time: 0, line: LINES[2] as string },
    { shape: 0, host: 'WS02', time: 3, line: LINES[0] as string },
    { shape: 1, host: 'WS03', time: 3, line: LINES[1] as string },
  ]);
  // Batch: `where host` fails first on the newest event (WS03: the later of the two at time 3).
  const query = '* | eval z=1 | where host';
  expect(batch(query, events)).toEqual({ error: expect.stringContaining('got the string "WS03"') });
  for (const size of [1, 2, 3]) expect(streamed(query, events, size)).toEqual(batch(query, events));
});
