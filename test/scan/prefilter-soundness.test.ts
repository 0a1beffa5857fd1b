// Soundness of the literal prefilter: on every input, the scan with the prefilter finds exactly the
// matches the scan without it finds (every line parsed and evaluated). Inputs: random ECS documents
// (fast-check, fixed seed) written with random JSON escapes, letter-case changes and lookalike
// characters, and the simulator's records for every scenario of the default pack (the evasion variants
// of docs/evasions.md included), plainly and with escapes, for the Elastic and the Splunk rule.
// Semantics of the engines themselves: https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax
// and https://help.splunk.com/splunk-enterprise/search/search-manual/10.0/search-primer/event-segmentation-and-searching
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { appliesTo, DATA_SOURCES } from '../../generators/data-sources.js';
import { generateEvents } from '../../generators/generate.js';
import { loadPack } from '../../generators/scenario-pack.js';
import { EmbeddedElasticsearch } from '../../harness/backends/embedded-elasticsearch.js';
import { EmbeddedSplunkBackend } from '../../harness/backends/embedded-splunk.js';
import { fromRoot } from '../../harness/paths.js';
import { loadElasticRule } from '../../harness/rules/elastic-loader.js';
import { loadSplunkRules } from '../../harness/rules/splunk-loader.js';
import { buildPlan } from '../../harness/scan/plan.js';
import type { ScanPlan } from '../../harness/scan/types.js';
import type { ElasticRecord, SplunkRecord } from '../../harness/model/records.js';
import type { ChunkProcessor } from '../../harness/scan/chunk-processor.js';
import { eqlRule, elasticPlan, jsonEscaped, matchedLines, processorFor, runChunk } from './support.js';

const SEED = 20260307;
const ELASTIC_RULE_FILE = fromRoot('rules', 'elastic', 'command_and_control_tunnel_qemu.toml');
const SPLUNK_RULE_FILE = fromRoot('rules', 'splunk', 'qemu_network_tunneling_windows.yml');
const qemuRule = { ...loadElasticRule(ELASTIC_RULE_FILE), index: ['*'] };

/** Rules exercising every operator the derivation handles, and some it gives up on. */
const RULES = [
  qemuRule,
  eqlRule('name-pattern-and-args', 'process where process.name : ("qemu-system-*", "*kvm*") and process.args : "-netdev"'),
  eqlRule('like-ci-or-in-ci', 'any where process.command_line like~ "*hostfwd=*" or user.name in~ ("Administrator", "root")'),
  eqlRule('exact-path', 'process where process.executable == "C:\\\\Windows\\\\System32\\\\kvm.exe" or process.executable like "/usr/*/qemu-kvm"'),
  eqlRule('like-cs-and-not', 'process where host.name like "WS-*" and not process.name == "cmd.exe" and process.pid > 100'),
  eqlRule('kelvin', 'process where process.title : "*kernel*" or process.args in ("-Kernel", "-netdev")'),
];

const ARG_POOL = [
  '-netdev', '-NETDEV', '-NetDev', '--netdev', '-net', '-nic', '-nographic', '-NOGRAPHIC', '--nographic', '-display', 'none',
  'user,id=n0,hostfwd=tcp::2222-:22', 'user,id=n0,HOSTFWD=tcp::2222-:22', 'user,id=n0,host"fwd"=tcp::2222-:22', 'user,id=lan,restrict=off',
  'user,id=lan,Restrict=Off', 'socket,id=s,connect=203.0.113.7:443', 'socket,id=s,listen=:443', '-m', '1M', '2048', '-Kernel', '-\u212Aernel',
  '{"type":"user","hostfwd":[{"str":"tcp::1-:22"}]}', 'C:\\Users\\Public\\disk.qcow2', '/var/lib/vm/disk.img', 'é', '😀',
];
const NAME_POOL = ['qemu-system-x86_64', 'QEMU-SYSTEM-I386.EXE', 'qemu-kvm', 'KVM', 'cmd.exe', 'CMD.EXE', 'ssh', 'fontdiag.exe', '\u212AVM'];
const TITLE_POOL = ['kernel build', 'KERNEL', '\u212Aernel panic', 'kerne', 'Linux kernel'];
const EXE_POOL = ['C:\\Windows\\System32\\kvm.exe', 'c:\\windows\\system32\\kvm.exe', '/usr/bin/qemu-kvm', '/usr/libexec/qemu-kvm', '/usr/bin/ssh'];

const stringish = fc.oneof(fc.constantFrom(...ARG_POOL), fc.string({ maxLength: 12 }), fc.constantFrom('Netdev', 'neTdev', 'restrict=off', 'hostfwd=', 'connect='));

const docArb = fc.record({
  type: fc.constantFrom<unknown>(['start'], 'start', ['end'], ['START'], ['info', 'start'], null),
  category: fc.constantFrom<unknown>(['process'], 'process', ['PROCESS'], ['network']),
  args: fc.array(fc.oneof(stringish, fc.constantFrom<unknown>(2048, 2.048e3, true, null)), { maxLength: 8 }),
  commandLineFromArgs: fc.boolean(),
  commandLine: stringish,
  name: fc.constantFrom(...NAME_POOL),
  title: fc.constantFrom(...TITLE_POOL),
  exe: fc.constantFrom(...EXE_POOL),
  user: fc.constantFrom('root', 'ROOT', 'Administrator', 'administrator', 'jdoe'),
  host: fc.constantFrom('WS-1', 'ws-2', 'SRV-3'),
  pid: fc.integer({ min: 0, max: 500 }),
  dotted: fc.boolean(),
});

/** Documents close to the QEMU rule: most match it, some miss by one token. */
const qemuDocArb = fc
  .record({
    base: docArb,
    netdev: fc.constantFrom('-netdev', '-NETDEV', '-Netdev', '--netdev'),
    backend: fc.constantFrom('user,id=n0,hostfwd=tcp::2222-:22', 'user,id=n0,HostFwd=tcp::2222-:22', 'user,id=n0,restrict=off', 'socket,id=s,connect=203.0.113.7:443'),
    extra: fc.subarray(['-nographic', 'socket,id=s,connect=198.51.100.1:443', 'user,restrict=off', '-display']),
  })
  .map(({ base, netdev, backend, extra }) => ({ ...base, type: ['start'], category: ['process'], args: ['qemu-system-x86_64', netdev, backend, ...extra], commandLineFromArgs: true }));

type DocSpec = typeof docArb extends fc.Arbitrary<infer D> ? D : never;

function toDoc(d: DocSpec): Record<string, unknown> {
  const commandLine = d.commandLineFromArgs ? d.args.map(String).join(' ') : d.commandLine;
  const process: Record<string, unknown> = { name: d.name, title: d.title, executable: d.exe, pid: d.pid, command_line: commandLine };
  const doc: Record<string, unknown> = { event: { type: d.type, category: d.category }, host: { name: d.host }, user: { name: d.user } };
  if (d.dotted) {
    doc['process'] = process;
    doc['process.args'] = d.args;
  } else {
    doc['process'] = { ...process, args: d.args };
  }
  return doc;
}

/** Decides per character whether to escape it, from a seed (a small LCG): about one in `rate`. */
function escaper(seed: number, rate: number): (ch: string) => boolean {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 16) % rate === 0;
  };
}

const lineArb = fc.oneof(
  { weight: 20, arbitrary: fc.tuple(fc.oneof(docArb, qemuDocArb), fc.integer({ min: 0, max: 0xffff }), fc.constantFrom(0, 2, 8)).map(([d, seed, rate]) => (rate === 0 ? JSON.stringify(toDoc(d)) : jsonEscaped(toDoc(d), escaper(seed, rate)))) },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', '{"process": ', '[1, 2]', '  {"process":{"args":["-netdev"]}}  ', '{"a": }', 'not json', '{"process":{"args":["-netdev"]}}\r') },
);

/** Throws when the two differ (plain checks: Playwright's expect is too slow for thousands of runs). */
function check(what: string, actual: unknown, expected: unknown): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: got ${a}, expected ${e}`);
}

interface Pair {
  with: ChunkProcessor;
  without: ChunkProcessor;
  label: string;
}

async function pair(plans: { with: ScanPlan; without: ScanPlan }): Promise<Pair> {
  return { with: await processorFor(plans.with), without: await processorFor(plans.without), label: plans.with.rules.map((r) => r.rule.id).join(', ') };
}

function comparePrefilter(p: Pair, text: string): { prefiltered: number; matched: number } {
  const a = runChunk(p.with, text);
  const b = runChunk(p.without, text);
  check(`matched lines with the prefilter (${p.label})`, matchedLines(a), matchedLines(b));
  for (const r of [a, b]) {
    for (const rule of r.rules) check('matched = listed', rule.matched, rule.first.length);
    check('records = parsed + prefiltered', r.records, r.parsed + r.prefiltered);
  }
  return { prefiltered: a.prefiltered, matched: a.rules.reduce((n, r) => n + r.matched, 0) };
}

test('random ECS documents with escapes, case changes and lookalikes: the same matches with and without the prefilter', async () => {
  // Each rule alone (its prefilter decides which lines are parsed), and all together.
  const sets = [...RULES.map((r) => [r]), RULES];
  const planPairs = sets.map((rules) => ({ with: elasticPlan(rules, true), without: elasticPlan(rules, false) }));
  // Every rule here has a prefilter, else the chunk loop would parse every line and prove nothing.
  for (const r of planPairs.at(-1)?.with.rules ?? []) expect(r.cnf, r.rule.id).not.toBeNull();
  const plans = await Promise.all(planPairs.map(pair));
  const prefiltered = sets.map(() => 0);
  const matched = sets.map(() => 0);
  fc.assert(
    fc.property(fc.array(lineArb, { minLength: 1, maxLength: 40 }), (lines) => {
      const text = lines.join('\n') + '\n';
      plans.forEach((p, i) => {
        const counts = comparePrefilter(p, text);
        prefiltered[i] = (prefiltered[i] as number) + counts.prefiltered;
        matched[i] = (matched[i] as number) + counts.matched;
      });
    }),
    { seed: SEED, numRuns: 200 },
  );
  // Not vacuous: for each rule, lines were skipped unparsed and lines matched.
  sets.forEach((rules, i) => {
    const label = rules.map((r) => r.id).join(', ');
    expect(prefiltered[i], label).toBeGreaterThan(rules.length === 1 ? 50 : 5);
    expect(matched[i], label).toBeGreaterThan(10);
  });
});

test('a rule whose literal could come from a JSON number gets no prefilter, and the scan stays exact', async () => {
  // A keyword field indexes the JSON number 2.048e3 as the text "2048"
  // (https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/keyword: numbers are coerced to strings).
  const rule = eqlRule('numeric-text', 'any where process.args == "2048"');
  const plans = { with: elasticPlan([rule], true), without: elasticPlan([rule], false) };
  expect(plans.with.rules[0]?.cnf).toBeNull();
  const p = await pair(plans);
  const text = ['{"process":{"args":[2.048e3]}}', '{"process":{"args":["2048"]}}', '{"process":{"args":["2049"]}}'].join('\n');
  const a = runChunk(p.with, text);
  expect(matchedLines(a)).toEqual([[1, 2]]);
  expect(matchedLines(a)).toEqual(matchedLines(runChunk(p.without, text)));
});

/** Every record the simulator renders for the default pack (the evasion variants included). */
function simulatorRecords(): { elastic: ElasticRecord[]; splunk: SplunkRecord[] } {
  const events = generateEvents(loadPack(), { seed: SEED, count: 2 });
  const elastic: ElasticRecord[] = [];
  const splunk: SplunkRecord[] = [];
  for (const source of DATA_SOURCES) {
    for (const e of events) {
      if (!appliesTo(source, e)) continue;
      if (source.siem === 'elastic') elastic.push({ ...source.render(e), _id: `${source.id}/${e.id}` });
      else splunk.push({ ...source.render(e), _id: `${source.id}/${e.id}` });
    }
  }
  return { elastic, splunk };
}

const records = simulatorRecords();

function scanPlans(ruleFile: string): Promise<Pair> {
  const options = { ruleFiles: [ruleFile], inputPaths: [], limits: { maxMatches: 1_000_000, maxMalformed: 1_000_000 } };
  return pair({ with: buildPlan({ ...options, prefilter: true }).plan, without: buildPlan({ ...options, prefilter: false }).plan });
}

test('the simulator\'s ECS records (evasion variants included), plain and escaped: the Elastic rule finds the same events with and without the prefilter, and the same as the embedded Elasticsearch', async () => {
  const plans = await scanPlans(ELASTIC_RULE_FILE);
  expect(records.elastic.some((r) => JSON.stringify(r).includes('--netdev'))).toBe(true); // variants are in
  const plain = records.elastic.map((r) => JSON.stringify(r)).join('\n');
  const escaped = records.elastic.map((r, i) => jsonEscaped(r, escaper(i, 3))).join('\n');
  const lines = comparePrefilter(plans, plain);
  expect(lines.prefiltered).toBeGreaterThan(0);
  comparePrefilter(plans, escaped);
  const backend = new EmbeddedElasticsearch();
  await backend.load(records.elastic);
  const expected = (await backend.run(loadElasticRule(ELASTIC_RULE_FILE))).eventIds ?? [];
  const result = runChunk(plans.with, escaped);
  const found = result.rules[0]?.first.map((m) => m.id) ?? [];
  expect(found.length).toBeGreaterThan(0);
  expect([...found].sort()).toEqual([...expected].sort());
});

test('the simulator\'s Splunk records, as a JSON export, plain and escaped: the Splunk rule counts the same events with and without the prefilter, and the same as the embedded Splunk', async () => {
  const plans = await scanPlans(SPLUNK_RULE_FILE);
  const plain = records.splunk.map((r) => JSON.stringify(r)).join('\n');
  const escaped = records.splunk.map((r, i) => jsonEscaped(r, escaper(i + 7, 3))).join('\n');
  expect(comparePrefilter(plans, plain).prefiltered).toBeGreaterThan(0);
  comparePrefilter(plans, escaped);
  const backend = new EmbeddedSplunkBackend();
  await backend.load(records.splunk);
  const [rule] = loadSplunkRules(SPLUNK_RULE_FILE);
  const expected = (await backend.run(rule as NonNullable<typeof rule>)).eventLevelIds ?? [];
  const found = runChunk(plans.with, escaped).rules[0]?.first.map((m) => m.id) ?? [];
  expect(found.length).toBeGreaterThan(0);
  expect([...found].sort()).toEqual([...expected].sort());
});
