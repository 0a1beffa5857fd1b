// The live suite: the QEMU pack on a real Elasticsearch and a real Splunk (containers), both production
// rules run natively, and every verdict compared with the embedded engines'. Runs where Docker is present
// (`npm run test:live`, .github/workflows/live.yml); elsewhere it is skipped and says why.
//
// It drives parts written by other tasks through dynamic imports, so this file compiles before they exist.
// What it expects (module: exports):
//   generators/index.js:                          generateEvents({ seed }) -> CanonicalEvent[] (or a Promise of it)
//                                                 DATA_SOURCES: { id, siem: 'elastic' | 'splunk', render(event) -> record | null }[]
//   harness/backends/embedded-elasticsearch.js:   class EmbeddedElasticsearch (new EmbeddedElasticsearch()) implements ElasticBackend
//   harness/backends/embedded-splunk.js:          class EmbeddedSplunk (new EmbeddedSplunk({ macrosFile })) implements SplunkBackend
//   harness/rules/elastic-loader.js:              loadElasticRule(path) -> EqlRule
//   harness/rules/splunk-loader.js:               loadSplunkRule(path) -> SplRule
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import type { CanonicalEvent } from '../../generators/canonical-event.js';
import type { ElasticRecord, NativeRecord, SplunkRecord } from '../../generators/records.js';
import type { ElasticBackend, SplunkBackend } from '../../harness/backends/backend.js';
import { probeDocker, type DockerStatus } from '../../harness/backends/containers/docker.js';
import { correlateRows } from '../../harness/backends/correlate.js';
import { loadKnownDifferences } from '../../harness/backends/known-differences.js';
import { compareParity, describeUnexplained, type ParityCase } from '../../harness/backends/parity.js';
import { planBackends, startBackends } from '../../harness/backends/select.js';
import { fromRoot } from '../../harness/paths.js';
import type { EqlRule, SplRule } from '../../harness/rules/rule.js';

interface DataSource {
  id: string;
  siem: 'elastic' | 'splunk';
  render(event: CanonicalEvent): NativeRecord | null;
}

interface Parts {
  generateEvents(options: { seed: string }): CanonicalEvent[] | Promise<CanonicalEvent[]>;
  dataSources: readonly DataSource[];
  embeddedElasticsearch(): ElasticBackend;
  embeddedSplunk(macrosFile: string): SplunkBackend;
  loadElasticRule(path: string): EqlRule;
  loadSplunkRule(path: string): SplRule;
}

const SEED = 'live-parity-1';
const ELASTIC_RULE = fromRoot('rules/elastic/command_and_control_tunnel_qemu.toml');
const SPLUNK_RULE = fromRoot('rules/splunk/qemu_network_tunneling_windows.yml');
const MACROS = fromRoot('rules/splunk/macros.conf');

async function load(relative: string): Promise<Record<string, unknown>> {
  try {
    return (await import(fromRoot(relative))) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`live suite: cannot load ${relative} (${(error as Error).message}); see the expectations at the top of test/live/parity.test.ts`, { cause: error });
  }
}

function member<T>(module: Record<string, unknown>, name: string, where: string): T {
  const value = module[name];
  if (value === undefined) throw new Error(`live suite: ${where} does not export ${name}`);
  return value as T;
}

async function loadParts(): Promise<Parts> {
  const generators = await load('generators/index.ts');
  const embeddedEs = await load('harness/backends/embedded-elasticsearch.ts');
  const embeddedSplunk = await load('harness/backends/embedded-splunk.ts');
  const elasticLoader = await load('harness/rules/elastic-loader.ts');
  const splunkLoader = await load('harness/rules/splunk-loader.ts');
  const EmbeddedElasticsearch = member<new () => ElasticBackend>(embeddedEs, 'EmbeddedElasticsearch', 'embedded-elasticsearch');
  const EmbeddedSplunk = member<new (options: { macrosFile: string }) => SplunkBackend>(embeddedSplunk, 'EmbeddedSplunk', 'embedded-splunk');
  return {
    generateEvents: member(generators, 'generateEvents', 'generators/index'),
    dataSources: member(generators, 'DATA_SOURCES', 'generators/index'),
    embeddedElasticsearch: () => new EmbeddedElasticsearch(),
    embeddedSplunk: (macrosFile) => new EmbeddedSplunk({ macrosFile }),
    loadElasticRule: member(elasticLoader, 'loadElasticRule', 'elastic-loader'),
    loadSplunkRule: member(splunkLoader, 'loadSplunkRule', 'splunk-loader'),
  };
}

let docker: DockerStatus = { available: false, detail: 'not probed' };

test.beforeAll(async () => {
  docker = await probeDocker();
});

test('QEMU pack: real Elasticsearch and Splunk give the embedded engines\' verdicts, event for event', async () => {
  const reason = `no Docker engine here, so no real Elasticsearch or Splunk ran and parity was NOT checked (${docker.detail})`;
  if (!docker.available && process.env['DTH_LIVE_REQUIRED'] !== '1') {
    process.stdout.write(`SKIPPED: ${reason}\n`);
    test.info().annotations.push({ type: 'skip-reason', description: reason });
  }
  test.skip(!docker.available && process.env['DTH_LIVE_REQUIRED'] !== '1', reason);
  expect(docker.available, reason).toBe(true);

  const parts = await loadParts();
  const eqlRule = parts.loadElasticRule(ELASTIC_RULE);
  const splRule = parts.loadSplunkRule(SPLUNK_RULE);
  const events = await parts.generateEvents({ seed: SEED });
  expect(events.length).toBeGreaterThan(0);
  const byId = new Map(events.map((event) => [event.id, event]));

  const backends = await startBackends(planBackends({ backend: 'all' }), {
    rulePatterns: eqlRule.index,
    macros: { text: readFileSync(MACROS, 'utf8'), file: MACROS },
    log: (line) => process.stdout.write(`${line}\n`),
  });
  const cases: ParityCase[] = [];
  try {
    const elastic = backends.elasticsearch;
    const splunk = backends.splunk;
    if (elastic === undefined || splunk === undefined) throw new Error('both real backends should have started');
    for (const source of parts.dataSources) {
      const rendered = events.map((event) => [event, source.render(event)] as const).filter((pair): pair is readonly [CanonicalEvent, NativeRecord] => pair[1] !== null);
      if (rendered.length === 0) continue;
      const loaded = new Map(rendered.map(([event]) => [event.id, byId.get(event.id) as CanonicalEvent]));
      if (source.siem === 'elastic') {
        const records = rendered.map(([, record]) => record as ElasticRecord);
        const embedded = parts.embeddedElasticsearch();
        await embedded.load(records);
        const embeddedIds = (await embedded.run(eqlRule)).eventIds ?? [];
        await elastic.clear();
        const report = await elastic.load(records);
        expect(report.stored, `${source.id}: stored in Elasticsearch`).toBe(records.length);
        const realIds = (await elastic.run(eqlRule)).eventIds ?? [];
        cases.push({ ruleId: eqlRule.id, dataSource: source.id, backend: elastic.name, events: loaded, embeddedMatches: new Set(embeddedIds), realMatches: new Set(realIds) });
      } else {
        const records = rendered.map(([, record]) => record as SplunkRecord);
        const embedded = parts.embeddedSplunk(MACROS);
        await embedded.load(records);
        const embeddedRows = correlateRows((await embedded.run(splRule)).rows ?? [], records);
        await splunk.clear();
        const report = await splunk.load(records);
        expect(report.stored, `${source.id}: stored in Splunk`).toBe(records.length);
        const realRows = correlateRows((await splunk.run(splRule)).rows ?? [], records);
        expect(realRows.unmatchedRows, `${source.id}: Splunk rows that map to no event`).toEqual([]);
        cases.push({ ruleId: splRule.id, dataSource: source.id, backend: splunk.name, events: loaded, embeddedMatches: new Set(embeddedRows.eventIds), realMatches: new Set(realRows.eventIds) });
      }
    }
  } finally {
    for (const timing of backends.timings()) {
      process.stdout.write(`${timing.backend} (${timing.mode}): ready ${timing.readyMs} ms, load ${timing.loadMs} ms, search ${timing.searchMs} ms over ${timing.searches} searches\n`);
    }
    await backends.close();
  }
  expect(cases.length).toBeGreaterThan(0);
  const parity = compareParity(cases, loadKnownDifferences(fromRoot('reports/known-differences.yaml')));
  for (const group of parity.groups) {
    process.stdout.write(`${group.ruleId} / ${group.dataSource} / ${group.backend}: ${group.agreeing} of ${group.events} events agree\n`);
  }
  expect(describeUnexplained(parity), 'differences between the embedded and the real engines not listed in reports/known-differences.yaml').toEqual([]);
});
