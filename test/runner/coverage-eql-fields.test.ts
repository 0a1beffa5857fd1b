// The EQL coverage facts name the fields a rule reads that no record's document carries
// (harness/runner/coverage-eql.ts). The records are read in place, without copying each one's
// `_source` (the record without `_index` and `_id`): the answer must be the one the copies give.
import { expect, test } from '@playwright/test';
import type { ElasticRecord } from '../../harness/model/records.js';
import { fieldsAbsentFromSources } from '../../harness/runner/coverage-eql.js';
import { fieldsAbsentFromAll } from '../../harness/runner/document-paths.js';

test('fields absent from the records’ documents: the same read in place as from copies without _index and _id', () => {
  const records: ElasticRecord[] = [
    { _index: 'logs-endpoint.events.process-default', _id: 'a', process: { args: ['qemu'], 'parent.name': 'cmd.exe' }, 'event.category': ['process'] },
    { _index: 'logs-endpoint.events.process-default', _id: 'b', process: { command_line: 'qemu -netdev user' }, host: [{ name: 'h1' }] },
  ];
  const fields = ['_index', '_id', '_index.name', 'process.args', 'process.parent.name', 'event.category', 'process.command_line', 'host.name', 'process.pid', 'user.name', '_source'];
  const copies = records.map(({ _index, _id, ...document }) => {
    void _index;
    void _id;
    return document;
  });
  const expected = fieldsAbsentFromAll(copies, fields);
  expect(expected).toEqual(['_index', '_id', '_index.name', 'process.pid', 'user.name', '_source']);
  expect(fieldsAbsentFromSources(records, fields)).toEqual(expected);
});
