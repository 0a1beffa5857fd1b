// The event-level search (engine.ts runPreparedEventLevel) answers "which events does this search keep"
// without building a result row per event when the search is one base search; the coverage diagnosis
// of `dth run` asks it once per rule condition and data source. It must keep exactly the events the
// full search reports as passing its event-level part (everything before the first transforming
// command), for every kind of pipeline.
import { expect, test } from '@playwright/test';
import { prepareSearch, runPrepared, runPreparedEventLevel } from '../../harness/engines/spl/engine.js';
import { MacroLibrary } from '../../harness/engines/spl/macros.js';
import { assignEventTypes } from '../../harness/engines/spl/datamodels/eventtypes.js';
import { extractFields } from '../../harness/engines/spl/fields/extract.js';
import type { FieldValue } from '../../harness/engines/spl/values.js';
import { ev, indexOf } from './helpers.js';
import { security4688Classic, security4688Xml, sysmon1Xml } from './events.js';

const QEMU = {
  id: 'q',
  host: 'WS01',
  time: 1_736_936_553.25,
  image: 'C:\\Program Files\\qemu\\qemu-system-x86_64.exe',
  commandLine: '"C:\\Program Files\\qemu\\qemu-system-x86_64.exe" -m 2048 -netdev user,id=n0,hostfwd=tcp::2222-:22',
  parentImage: 'C:\\Windows\\System32\\cmd.exe',
  pid: 0x1f3c,
  parentPid: 0x22d8,
};

const records = [
  security4688Xml(QEMU),
  { ...security4688Classic({ ...QEMU, id: 'c' }), _id: 'c' },
  { ...sysmon1Xml({ ...QEMU, id: 's', commandLine: 'notepad.exe' }), _id: 's' },
  ev('k1', 'action=allowed user=alice Type=Process'),
  ev('k2', 'action=blocked user=bob', { _time: 1_700_000_100 }),
  ev('k3', 'eventtype=custom user=carol'),
];

const QUERIES = [
  '"qemu-system-"',
  '(TERM(EventCode=4688) OR "<EventID>4688<" OR Type=Process) "qemu-system-"',
  'user=alice OR user=bob',
  'NOT action=allowed',
  'sourcetype=XmlWinEventLog EventCode=4688',
  'tag=process',
  'eventtype=wineventlog_security',
  '',
  'search user=* | where user!="bob"',
  'user=* | table user | stats count by user',
  'user=* [search user=bob | fields user]',
];

test('the event-level search keeps exactly the events the full search reports, for every kind of pipeline', () => {
  const index = indexOf(records);
  for (const query of QUERIES) {
    const prepared = prepareSearch(query, new MacroLibrary());
    const full = runPrepared(prepared, index);
    const events = runPreparedEventLevel(prepared, index);
    expect(events.eventIds, query).toEqual(full.eventIds);
    expect(events.eventDocs, query).toEqual(full.eventDocs);
  }
});

test('event types: an event with an extracted eventtype field keeps it distinct from one without (the cache key has it)', () => {
  // Splunk_TA_windows eventtypes.conf: the searches read `eventtype`, so an event's own extracted
  // `eventtype` value can decide the first type; events equal in source, sourcetype and EventCode but
  // different there must not share a cached assignment.
  const typesOf = (raw: string): FieldValue | undefined => {
    const record = ev('x', raw);
    const fields = new Map<string, FieldValue>([
      ['_raw', record._raw],
      ['source', record.source],
      ['sourcetype', record.sourcetype],
    ]);
    for (const [k, vs] of extractFields(record)) fields.set(k, vs.length === 1 ? (vs[0] as string) : vs);
    assignEventTypes(0, fields);
    return fields.get('eventtype');
  };
  const plain = typesOf('user=alice');
  const claimed = typesOf('eventtype=wineventlog_security user=alice');
  // The extracted value satisfies wineventlog_windows's `eventtype=wineventlog_security` before any
  // type is assigned; the plain event gets no type. Asked again in the other order, the same answers.
  expect(plain).toBeUndefined();
  expect(claimed).toBe('wineventlog_windows');
  expect(typesOf('eventtype=wineventlog_security user=alice')).toBe(claimed);
  expect(typesOf('user=alice')).toBeUndefined();
});
