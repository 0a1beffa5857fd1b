// `dth run` streams per data source (harness/runner/run-pack.ts runOneSource): each source is rendered,
// loaded, searched, correlated and diagnosed on its own and released before the next, keeping only its
// verdicts, stored ids, rejections and coverage facts. Nothing of one source may leak into another's
// answer: a run over every source must give, for each source, exactly what a run over that source alone
// gives. (Memory figures are the benchmark's job: npm run bench:run -- --cli-scale 8,32.)
import { expect, test } from '@playwright/test';
import { generateEvents } from '../../generators/generate.js';
import { DEFAULT_PACK, loadPack } from '../../generators/scenario-pack.js';
import { fromRoot } from '../../harness/paths.js';
import { loadRuleFile } from '../../harness/rules/rule-files.js';
import { createProgress } from '../../harness/runner/progress.js';
import { embeddedProviders, runPack, type RunPackResult } from '../../harness/runner/run-pack.js';
import { ruleMacros } from '../../harness/runner/rule-macros.js';

test.setTimeout(240_000);

test('every data source gives the same verdicts, stored ids, rejections and coverage in a whole run as alone', async () => {
  const pack = loadPack(DEFAULT_PACK);
  const events = generateEvents(pack, { seed: 3, scale: 0.1 });
  const macros = ruleMacros(fromRoot('rules/splunk/macros.conf'));
  const rules = [...loadRuleFile(fromRoot('rules/elastic/command_and_control_tunnel_qemu.toml')), ...loadRuleFile(fromRoot('rules/splunk/qemu_network_tunneling_windows.yml'))];
  const run = (sourceIds?: string[]): Promise<RunPackResult> =>
    runPack({ packFile: DEFAULT_PACK, pack, rules, macros, seed: 3, scale: 0.1, providers: embeddedProviders(macros), events, ...(sourceIds ? { sourceIds } : {}), progress: createProgress(undefined) });
  const whole = await run();
  const sources = whole.input.dataSources.map((d) => d.id);
  expect(sources.length).toBeGreaterThanOrEqual(10);
  // A Windows source with the Splunk rule's diagnosis, an Elastic one, and the Linux sources of each SIEM.
  for (const id of ['splunk-sysmon-1', 'elastic-defend', 'auditbeat', 'splunk-linux-auditd']) {
    expect(sources).toContain(id);
    const alone = await run([id]);
    const pick = <T extends { dataSourceId: string }>(list: readonly T[]): T[] => list.filter((x) => x.dataSourceId === id);
    expect(pick(alone.input.observations), id).toEqual(pick(whole.input.observations));
    expect(pick(alone.input.observations).length, id).toBeGreaterThan(0);
    expect(alone.input.dataSources, id).toEqual(whole.input.dataSources.filter((d) => d.id === id));
    expect(pick(alone.input.coverage), id).toEqual(pick(whole.input.coverage));
  }
});
