// The coverage diagnosis answers a rule's conditions from the run's own embedded index of the
// source where it can (harness/runner/diagnosis-index.ts, wired in run-pack.ts holdingBackend), instead
// of indexing the records again. Its answers must be those of a fresh index of the whole records
// (the diagnosis applies no TRUNCATE), whatever TRUNCATE cut in the run's index, and for conditions
// that read other events (subsearches).
import { expect, test } from '@playwright/test';
import type { CanonicalEvent } from '../../generators/canonical-event.js';
import { dataSourceById, type ElasticDataSource, type SplunkDataSource } from '../../generators/data-sources.js';
import { generateEvents } from '../../generators/generate.js';
import { DEFAULT_PACK, loadPack } from '../../generators/scenario-pack.js';
import { EmbeddedElasticsearch } from '../../harness/backends/embedded-elasticsearch.js';
import { EmbeddedSplunkBackend } from '../../harness/backends/embedded-splunk.js';
import type { DeploymentProfile } from '../../harness/model/profile.js';
import type { ElasticRecord, SplunkRecord } from '../../harness/model/records.js';
import { fromRoot } from '../../harness/paths.js';
import { loadProfile } from '../../harness/profiles/load-profile.js';
import type { EqlRule, SplRule } from '../../harness/rules/rule.js';
import { loadRuleFile } from '../../harness/rules/rule-files.js';
import { elasticCoverage, splunkCoverage } from '../../harness/runner/coverage.js';
import { diagnosisIndex } from '../../harness/runner/diagnosis-index.js';
import { renderSource } from '../../harness/runner/render.js';
import { ruleMacros } from '../../harness/runner/rule-macros.js';

const pack = loadPack(DEFAULT_PACK);
const events = generateEvents(pack, { seed: 5, scale: 0.2 });
const eventsById = new Map<string, CanonicalEvent>(events.map((e) => [e.id, e]));
const macros = ruleMacros(fromRoot('rules/splunk/macros.conf'));
const rule = loadRuleFile(fromRoot('rules/splunk/qemu_network_tunneling_windows.yml'))[0]?.rule as SplRule;
const recommended = loadProfile('recommended');
/** recommended with a props.conf TRUNCATE (bytes) that cuts most records. */
const cutting: DeploymentProfile = { ...recommended, splunk: { truncateDefault: 700, truncateBySourcetype: {} } };

function records(id: string): SplunkRecord[] {
  return renderSource(dataSourceById(id) as SplunkDataSource, events, recommended).records as SplunkRecord[];
}

/** The run's backend for the source: loaded under the profile, the rule run (its lookup cache filled). */
async function runIndex(list: SplunkRecord[], profile: DeploymentProfile): Promise<EmbeddedSplunkBackend> {
  const backend = new EmbeddedSplunkBackend({ ruleMacros: macros, profile });
  await backend.load(list);
  await backend.run(rule);
  return backend;
}

const CONDITIONS = [
  '"qemu-system-"',
  '("-net " OR "-netdev" OR "-redir" OR "socket" OR "listen" OR "-device" OR "hostfwd=")',
  '(TERM(EventCode=4688) OR "<EventID>4688<" OR Type=Process)',
  'hostfwd*',
  // Matches text past 700 bytes of the long records (the command line): TRUNCATE would hide it.
  '"restrict=off"',
  // A subsearch reads other events: answered from a full index.
  '[search "qemu-system-" | head 1 | fields host]',
];

test('each condition selects the same events through the run’s index as through a fresh whole index', async () => {
  for (const id of ['splunk-sysmon-1', 'splunk-xmlwineventlog-4688', 'splunk-wineventlog-4688']) {
    const list = records(id);
    for (const profile of [recommended, cutting]) {
      const run = await runIndex(list, profile);
      if (profile === cutting) expect(run.truncatedIds.size, id).toBeGreaterThan(list.length / 2);
      const reused = diagnosisIndex(list, macros, run);
      const fresh = diagnosisIndex(list, macros);
      for (const condition of CONDITIONS) {
        const lib = macros(rule);
        const expected = (await fresh.eventIds(condition, lib)).sort();
        expect((await reused.eventIds(condition, lib)).sort(), `${id} ${profile.splunk.truncateDefault} ${condition}`).toEqual(expected);
      }
      await Promise.all([reused.close(), fresh.close()]);
    }
  }
});

test('the coverage facts are the same with the run’s index as without it', async () => {
  // Sysmon EID 1: the shipped rule's 4688 terms never select it, so it is diagnosed there; 4688: it fires.
  for (const id of ['splunk-sysmon-1', 'splunk-xmlwineventlog-4688']) {
    const source = dataSourceById(id) as SplunkDataSource;
    const list = records(id);
    const diagnose = new Set([rule.id]);
    const fresh = await splunkCoverage([rule], source, list, eventsById, macros, diagnose);
    for (const profile of [recommended, cutting]) {
      const reused = await splunkCoverage([rule], source, list, eventsById, macros, diagnose, new Map(), await runIndex(list, profile));
      expect(reused, id).toEqual(fresh);
    }
    if (id === 'splunk-sysmon-1') expect(fresh.flatMap((f) => f.notes).some((n) => n.startsWith('no malicious event here satisfies')), id).toBe(true);
  }
});

test('the Elasticsearch diagnosis on the run’s own index gives the facts of a fresh index, where the index is the same', async () => {
  // Without the command line (vendor-defaults) the EQL rule is blind on the Winlogbeat 4688 source it
  // selects, so it is diagnosed there; on Elastic Defend it fires.
  const eqlRule = loadRuleFile(fromRoot('rules/elastic/command_and_control_tunnel_qemu.toml'))[0]?.rule as EqlRule;
  const vendor = loadProfile('vendor-defaults');
  for (const [id, profile] of [['winlogbeat-security-4688', vendor], ['elastic-defend', recommended]] as const) {
    const source = dataSourceById(id) as ElasticDataSource;
    const list = renderSource(source, events, profile).records as ElasticRecord[];
    const diagnose = new Set([eqlRule.id]);
    const fresh = await elasticCoverage([eqlRule], source, list, eventsById, diagnose);
    // The run's backend under the profile: Winlogbeat's index has no profile setting, so it is the same index.
    const run = new EmbeddedElasticsearch({ profile });
    await run.load(list);
    expect(run.indexesAsDefault(source.index), id).toBe(id === 'winlogbeat-security-4688');
    // A backend without a profile builds the diagnosis's index for any index.
    const plain = new EmbeddedElasticsearch();
    await plain.load(list);
    expect(plain.indexesAsDefault(source.index)).toBe(true);
    expect(await elasticCoverage([eqlRule], source, list, eventsById, diagnose, plain), id).toEqual(fresh);
    if (run.indexesAsDefault(source.index)) expect(await elasticCoverage([eqlRule], source, list, eventsById, diagnose, run), id).toEqual(fresh);
    if (id === 'winlogbeat-security-4688') expect(fresh.flatMap((f) => f.notes).some((n) => n.startsWith('no malicious event here satisfies')), id).toBe(true);
  }
  expect(new EmbeddedElasticsearch({ logsdbIgnoreAbove: null }).indexesAsDefault('winlogbeat-9.1.0')).toBe(false);
});
