// Resolving Elasticsearch mapping JSON into per-field types.
// https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/field-data-types
import { expect, test } from '@playwright/test';
import { InputError } from '../../harness/errors.js';
import { parseMappingJson } from '../../harness/engines/eql/mappings/field-types.js';
import { ecsFieldTypes } from '../../harness/engines/eql/mappings/index-mapping.js';

const MAPPING = {
  properties: {
    'data_stream.type': { type: 'constant_keyword', value: 'logs' },
    process: {
      properties: {
        command_line: { type: 'wildcard', fields: { text: { type: 'match_only_text' }, caseless: { type: 'keyword', normalizer: 'lowercase', ignore_above: 1024 } } },
        args: { type: 'keyword', ignore_above: 1024 },
        pid: { type: 'long' },
        title: { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } },
      },
    },
    pname: { type: 'alias', path: 'process.title' },
    opt: { type: 'keyword', null_value: 'NULL' },
    when: { type: 'date_nanos' },
    src: { type: 'ip' },
    ok: { type: 'boolean' },
  },
};

test('a mapping resolves to field types: multi-fields, aliases, dotted names, settings', () => {
  for (const text of [JSON.stringify(MAPPING), JSON.stringify({ mappings: MAPPING })]) {
    const types = parseMappingJson(text, 'm.json');
    expect(types.get('process.args')).toMatchObject({ type: 'keyword', family: 'keyword', ignoreAbove: 1024, sourcePath: 'process.args' });
    expect(types.get('process.command_line')).toMatchObject({ type: 'wildcard', subFields: ['process.command_line.text', 'process.command_line.caseless'] });
    // A multi-field reads its parent's values (https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/multi-fields).
    expect(types.get('process.command_line.caseless')).toMatchObject({ sourcePath: 'process.command_line', normalizer: 'lowercase' });
    expect(types.get('process.title')).toMatchObject({ family: 'text', exactField: 'process.title.keyword' });
    // https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/field-alias
    expect(types.get('pname')).toMatchObject({ aliasOf: 'process.title', sourcePath: 'process.title', family: 'text' });
    expect(types.get('data_stream.type')).toMatchObject({ constantValue: 'logs' });
    expect(types.get('opt')?.nullValue).toBe('NULL');
    expect(types.get('when')?.family).toBe('date');
    expect(types.get('src')?.family).toBe('ip');
    expect(types.get('ok')?.family).toBe('boolean');
    expect(types.isObject('process')).toBe(true);
  }
});

test('invalid mappings fail with the field and the reason', () => {
  const error = (text: string): string => {
    try {
      parseMappingJson(text, 'bad.json');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as InputError).format();
    }
    throw new Error('expected an error');
  };
  expect(error('{"properties": {"a": {"type": "nope"}}}')).toContain('bad.json: mapping field [a]: no handler for type [nope]');
  expect(error('{"properties": {"a": {"type": "alias", "path": "b"}}}')).toContain('an alias must refer to an existing field');
  expect(error('{"mappings": {}}')).toContain('needs a "properties" object');
  expect(error('{not json')).toContain('mapping is not valid JSON');
});

// ECS 9.5.0 (https://www.elastic.co/docs/reference/ecs/ecs-process): the default mapping.
test('ECS default: the QEMU rule fields have the ECS types', () => {
  const ecs = ecsFieldTypes();
  expect(ecs.get('process.args')).toMatchObject({ type: 'keyword', ignoreAbove: 1024 });
  expect(ecs.get('process.command_line')).toMatchObject({ type: 'wildcard' });
  expect(ecs.get('process.command_line')?.ignoreAbove).toBeUndefined();
  expect(ecs.get('process.command_line.text')?.type).toBe('match_only_text');
  expect(ecs.get('event.category')).toMatchObject({ type: 'keyword', ignoreAbove: 1024 });
  expect(ecs.get('@timestamp')?.type).toBe('date');
});
