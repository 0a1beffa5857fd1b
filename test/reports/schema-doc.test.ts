import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { fromRoot } from '../../harness/paths.js';
import { REPORT_SCHEMA_VERSION } from '../../reports/model.js';

interface SchemaNode {
  const?: unknown;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

test('REPORT-SCHEMA.md documents every field of report.schema.json, at the same version', () => {
  const schema = JSON.parse(readFileSync(fromRoot('reports/report.schema.json'), 'utf8')) as SchemaNode & { $defs: Record<string, SchemaNode> };
  const doc = readFileSync(fromRoot('reports/REPORT-SCHEMA.md'), 'utf8');
  expect(schema.properties?.schemaVersion?.const).toBe(REPORT_SCHEMA_VERSION);
  expect(doc).toContain(`# report.json, schema version ${REPORT_SCHEMA_VERSION}`);
  const names = new Set<string>();
  const collect = (node: SchemaNode | undefined) => {
    if (node === undefined) return;
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      names.add(name);
      collect(child);
      collect(child.items);
    }
  };
  collect(schema);
  for (const def of Object.values(schema.$defs)) collect(def);
  const missing = [...names].filter((name) => !doc.includes(`\`${name}`) && !doc.includes(`${name}\``) && !new RegExp(`[\\s{,.]${name}[\\s,}]`).test(doc));
  expect(missing).toEqual([]);
});
