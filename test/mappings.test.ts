import { expect, test } from '@playwright/test';
import { ecsMapping } from '../harness/engines/eql/mappings/ecs.js';

// Field types as ECS 9.5.0 defines them (https://www.elastic.co/docs/reference/ecs/ecs-process).
test('ECS mapping carries the types that decide the QEMU rule', () => {
  const process = ecsMapping().properties['process']?.properties ?? {};
  expect(process['args']).toEqual({ type: 'keyword', ignore_above: 1024 });
  expect(process['command_line']).toEqual({ type: 'wildcard', fields: { text: { type: 'match_only_text' } } });
  expect(process['pid']).toEqual({ type: 'long' });
  expect(ecsMapping().properties['event']?.properties?.['type']).toEqual({ type: 'keyword', ignore_above: 1024 });
});

test('ecsMapping returns an independent copy', () => {
  const a = ecsMapping();
  delete a.properties['process'];
  expect(ecsMapping().properties['process']).toBeDefined();
});
