// A burst of 150 malicious QEMU launches inside one execution window, run through the whole pipeline
// (render, load, the detection-engine schedule, report): the QEMU rule keeps max_signals = 100 per
// execution (Kibana: size = max_signals, Elasticsearch's default result_position tail; sources in
// harness/backends/schedule.ts), so the report says 100 alerts and 50 lost to max_signals, and those
// 50 launches count as missed.
import { expect, test } from '@playwright/test';
import { generateEvents } from '../../generators/generate.js';
import { DEFAULT_PACK, loadPack } from '../../generators/scenario-pack.js';
import { fromRoot } from '../../harness/paths.js';
import { loadRuleFile } from '../../harness/rules/rule-files.js';
import { createProgress } from '../../harness/runner/progress.js';
import { embeddedProviders, runPack } from '../../harness/runner/run-pack.js';
import { ruleMacros } from '../../harness/runner/rule-macros.js';

test('150 launches in one execution window: 100 alerts, 50 lost to max_signals, in the report', async () => {
  const pack = loadPack(DEFAULT_PACK);
  const start = Date.parse('2026-03-02T00:00:00Z');
  // 150 launches of one attack, re-timed into one minute (all inside the first execution's 9-minute look-back).
  const burst = generateEvents(pack, { seed: 1, scenarioIds: ['kaspersky-socket-tunnel'], count: 150 }).map((e, i) => ({ ...e, timestamp: new Date(start + 60_000 + i * 300).toISOString() }));
  expect(burst).toHaveLength(150);
  const macros = ruleMacros(fromRoot('rules/splunk/macros.conf'));
  const rules = loadRuleFile(fromRoot('rules/elastic/command_and_control_tunnel_qemu.toml'));
  // The pack pins the Splunk rule too: name it as known, though only the Elastic rule runs.
  const knownRuleIds = [...rules.map((l) => l.rule.id), ...loadRuleFile(fromRoot('rules/splunk/qemu_network_tunneling_windows.yml')).map((l) => l.rule.id)];
  const providers = { elastic: embeddedProviders(macros).elastic };
  const run = async (schedule: boolean) =>
    runPack({ packFile: DEFAULT_PACK, rules, macros, seed: 1, scale: 1, schedule, providers, sourceIds: ['elastic-defend'], events: burst, knownRuleIds, skipCoverage: true, progress: createProgress(undefined) });
  const scheduled = await run(true);
  const rule = scheduled.input.rules[0];
  expect(rule?.notes.join('\n')).toMatch(/100 alerts; 50 lost to max_signals \(100 per execution; busiest execution 150\)/);
  const fired = scheduled.input.observations.filter((o) => o.fired).length;
  expect(fired).toBe(100);
  // Without the schedule every launch fires: the 50 are lost to the cap, not to the query.
  const unscheduled = await run(false);
  expect(unscheduled.input.observations.filter((o) => o.fired).length).toBe(150);
});
