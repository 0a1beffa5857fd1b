// Kibana's detection-engine execution semantics on the embedded backend (harness/backends/schedule.ts).
// Sources: elastic/kibana x-pack/solutions/security/plugins/security_solution/server/lib/detection_engine/
// rule_types/eql/eql.ts (size: ruleParams.maxSignals) and build_eql_search_request.ts (range filter on
// timestamp_override with @timestamp fallback, no result_position so Elasticsearch's default `tail`);
// rule defaults (interval 5m, from now-6m, max_signals 100):
// https://www.elastic.co/docs/api/doc/kibana/operation/operation-createrule
import { expect, test } from '@playwright/test';
import { EmbeddedElasticsearch } from '../../harness/backends/embedded-elasticsearch.js';
import { planExecutions, ruleSchedule, type SchedulePlan } from '../../harness/backends/schedule.js';
import type { EqlRule } from '../../harness/rules/rule.js';

const START = Date.parse('2026-03-02T00:00:00Z');
const INDEX = 'logs-endpoint.events.process-default';

function rule(query: string, extra: Partial<EqlRule> = {}): EqlRule {
  return {
    siem: 'elastic',
    language: 'eql',
    id: 'r1',
    name: 'r1',
    description: '',
    query,
    threat: [],
    references: [],
    sourceFile: 'r1.toml',
    type: 'eql',
    severity: 'low',
    riskScore: 21,
    index: ['logs-endpoint.events.process-*'],
    from: 'now-9m',
    timestampOverride: null,
    ...extra,
  };
}

function launch(id: string, atMs: number, name = 'qemu-system-x86_64', host = 'h1'): Record<string, unknown> {
  return { _index: INDEX, _id: id, '@timestamp': new Date(atMs).toISOString(), event: { category: 'process', type: 'start' }, host: { id: host }, process: { name } };
}

function plan(r: EqlRule, endMs: number): SchedulePlan {
  const schedule = ruleSchedule(r);
  return { schedule, executions: planExecutions(schedule, { startMs: START, endMs }) };
}

test('a burst of 150 matches inside one execution window: 100 alerts, 50 lost to max_signals, the latest kept', async () => {
  const backend = new EmbeddedElasticsearch();
  // 150 launches within one minute, well inside the first execution's window.
  const docs = Array.from({ length: 150 }, (_, i) => launch(`e${String(i).padStart(3, '0')}`, START + 60_000 + i * 100));
  await backend.load(docs as never[]);
  const r = rule('process where process.name == "qemu-system-x86_64"');
  // Two executions cover the burst (t = 5m and 10m, each looking back 9m): both see all 150, keep the same 100.
  const result = await backend.run(r, plan(r, START + 10 * 60_000));
  expect(result.schedule).toMatchObject({ alerts: 100, lostToMaxSignals: 50, busiestExecution: 150, outsideWindows: 0 });
  expect(result.eventIds).toHaveLength(100);
  // result_position tail: the latest 100 matches are the ones alerted.
  expect(result.eventIds?.[0]).toBe('e050');
  expect(result.notes.join('\n')).toContain('100 alerts; 50 lost to max_signals (100 per execution; busiest execution 150)');
  // max_signals from the rule file raises the cap.
  const roomy = rule('process where process.name == "qemu-system-x86_64"', { maxSignals: 500 });
  expect((await backend.run(roomy, plan(roomy, START + 10 * 60_000))).schedule).toMatchObject({ alerts: 150, lostToMaxSignals: 0 });
});

test('overlapping executions alert an event once; a look-back shorter than the interval leaves events unsearched', async () => {
  const backend = new EmbeddedElasticsearch();
  await backend.load([launch('a', START + 4 * 60_000), launch('b', START + 7 * 60_000)] as never[]);
  const overlapping = rule('process where true');
  const result = await backend.run(overlapping, plan(overlapping, START + 10 * 60_000));
  expect(result.eventIds?.sort()).toEqual(['a', 'b']);
  expect(result.schedule).toMatchObject({ executions: 2, alerts: 2, outsideWindows: 0 });
  // Every 5m looking back 1m: windows [4m,5m] and [9m,10m]; the event at 7m is never searched.
  const gappy = rule('process where true', { from: 'now-1m' });
  const gap = await backend.run(gappy, plan(gappy, START + 10 * 60_000));
  expect(gap.eventIds).toEqual(['a']);
  expect(gap.schedule).toMatchObject({ outsideWindows: 1 });
});

test('a sequence is found only when all its events fall inside one execution window', async () => {
  const backend = new EmbeddedElasticsearch();
  await backend.load([
    // 2 minutes apart: inside the 9-minute look-back of one execution.
    launch('s1', START + 60_000, 'a', 'h1'),
    launch('s2', START + 3 * 60_000, 'b', 'h1'),
    // 12 minutes apart: no window of 9 minutes holds both.
    launch('l1', START + 60_000, 'a', 'h2'),
    launch('l2', START + 13 * 60_000, 'b', 'h2'),
  ] as never[]);
  const r = rule('sequence by host.id [process where process.name == "a"] [process where process.name == "b"]');
  const scheduled = await backend.run(r, plan(r, START + 20 * 60_000));
  expect(scheduled.sequences).toEqual([{ joinKeys: ['h1'], eventIds: ['s1', 's2'] }]);
  // Without the schedule both are found.
  expect((await backend.run(r)).sequences?.map((s) => s.eventIds)).toEqual([
    ['s1', 's2'],
    ['l1', 'l2'],
  ]);
});

test('the window filters on timestamp_override, falling back to @timestamp where a document lacks it', async () => {
  const backend = new EmbeddedElasticsearch();
  await backend.load([
    { ...launch('late', START + 60_000), event: { category: 'process', type: 'start', ingested: new Date(START + 60 * 60_000).toISOString() } },
    launch('plain', START + 60_000),
  ] as never[]);
  const r = rule('process where true', { timestampOverride: 'event.ingested' });
  // The run window ends at 10m: the document ingested an hour later is outside every execution.
  const result = await backend.run(r, plan(r, START + 10 * 60_000));
  expect(result.eventIds).toEqual(['plain']);
  expect(result.schedule).toMatchObject({ outsideWindows: 1 });
});
