// `dth generate`: canonical events from a scenario pack, rendered as one data source records them,
// written as ndjson (one native record per line) that `dth eql` / `dth spl` read directly.
// `dth generate --list [--json]` lists the pack's scenarios, the evasion variants and the data sources.
// A summary goes to stderr so stdout stays pure ndjson: events generated, records written, and the
// events the source does not record (their OS), so counts in = counts out.
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { appliesTo, DATA_SOURCES, DATA_SOURCE_IDS, dataSourceById, renderRecord, type DataSource } from '../../../generators/data-sources.js';
import { DEFAULT_PROFILE_ID, loadProfile, shippedProfiles } from '../../profiles/load-profile.js';
import { DEFAULT_SEED, generationWindow, streamEvents } from '../../../generators/generate.js';
import { LineWriter } from '../line-writer.js';
import { DEFAULT_PACK, loadPack, type ScenarioPack } from '../../../generators/scenario-pack.js';
import { variantLabel } from '../../../generators/scenario.js';
import { VARIANTS } from '../../../generators/variants/index.js';
import { EVASIONS } from '../../../generators/evasion/index.js';
import { collect, integerOption, scaleOption, startOption } from '../options.js';
import { windowText } from '../../../generators/context/time-window.js';
import { DEFAULT_START } from '../../../generators/context/time-slots.js';
import { layoutTable } from '../../../reports/writers/text-table.js';

interface GenerateCliOptions {
  pack: string;
  scenario: string[];
  source?: string;
  count?: string;
  seed?: string;
  scale?: string;
  start?: string;
  out?: string;
  list?: boolean;
  json?: boolean;
  profile: string;
}

function sourceOption(id: string | undefined): DataSource {
  if (id === undefined) throw new InputError(`--source is required (one of: ${DATA_SOURCE_IDS.join(', ')})`);
  const source = dataSourceById(id);
  if (source === undefined) throw new InputError(`--source: unknown data source '${id}' (one of: ${DATA_SOURCE_IDS.join(', ')})`);
  return source;
}

/** The `--list --json` document: scenarios of the pack, variants and data sources. */
export function listing(pack: ScenarioPack): Record<string, unknown> {
  return {
    pack: pack.file,
    scenarios: pack.scenarios.map((s) => ({
      id: s.id,
      label: s.label,
      title: s.title,
      population: s.population,
      variant: variantLabel(s),
      variants: s.variants.map((v) => v.id),
      os: s.os,
      techniques: s.techniques,
      count: s.count,
      references: s.references,
      expectations: s.expectations.map((e) => ({ rule: e.ruleId, verdict: e.verdict, sources: e.sources, ...(e.reason ? { reason: e.reason } : {}) })),
    })),
    variants: VARIANTS.map((v) => ({ id: v.id, title: v.title, rows: v.rows, os: v.os, acceptance: v.acceptance })),
    evasions: EVASIONS.map((e) => ({ id: e.id, title: e.title, os: e.os, requires: e.requires })),
    programs: Object.values(pack.programs ?? {}).map((p) => ({ id: p.id, title: p.title, traits: p.traits, check: p.check })),
    populations: (pack.populations ?? []).map((p) => ({ id: p.id, title: p.title, label: p.label, program: p.program, os: Object.keys(p.forms), sources: p.sources })),
    profiles: shippedProfiles().map((p) => ({ id: p.id, title: p.title })),
    sources: DATA_SOURCES.map((s) => ({
      id: s.id,
      siem: s.siem,
      title: s.title,
      product: s.product,
      os: s.os,
      ...(s.siem === 'elastic' ? { index: s.index } : { index: s.index, sourcetype: s.sourcetype, source: s.source }),
    })),
  };
}

/** Left-aligned columns through the one text-table writer (reports/writers/text-table.ts). */
function table(rows: string[][]): string {
  return layoutTable(rows.map((row) => row.map((text) => ({ text }))), []).join('\n');
}

function listingText(pack: ScenarioPack): string {
  const scenarios = table([
    ['ID', 'LABEL', 'OS', 'COUNT', 'POPULATION', 'VARIANT'],
    ...pack.scenarios.map((s) => [s.id, s.label, s.os.join(','), String(s.count), s.population, variantLabel(s) ?? '-']),
  ]);
  const variants = table([['ID', 'ROWS', 'OS', 'ACCEPTED BY', 'TITLE'], ...VARIANTS.map((v) => [v.id, v.rows.join(','), v.os.join(','), v.acceptance, v.title])]);
  const sources = table([
    ['ID', 'SIEM', 'OS', 'WHERE', 'TITLE'],
    ...DATA_SOURCES.map((s) => [s.id, s.siem, s.os.join(','), s.siem === 'elastic' ? s.index : `index=${s.index} sourcetype=${s.sourcetype} source=${s.source}`, s.title]),
  ]);
  const evasions = table([['ID', 'OS', 'PROGRAM MUST ACCEPT', 'TITLE'], ...EVASIONS.map((e) => [e.id, e.os.join(','), e.requires.join(',') || '-', e.title])]);
  const profiles = shippedProfiles();
  const profileTable = table([['ID', 'TITLE'], ...profiles.map((p) => [p.id, p.title])]);
  return `Scenarios (${pack.scenarios.length}, ${pack.file}):\n${scenarios}\n\nVariants (${VARIANTS.length}):\n${variants}\n\nGeneric evasions for populations written in a pack (${EVASIONS.length}):\n${evasions}\n\nData sources (${DATA_SOURCES.length}):\n${sources}\n\nDeployment profiles (${profiles.length}, --profile):\n${profileTable}\n`;
}

async function writeOutput(text: string, out: string | undefined): Promise<void> {
  const writer = new LineWriter(out);
  await writer.text(text);
  await writer.close();
}

async function runGenerate(opts: GenerateCliOptions): Promise<void> {
  const pack = loadPack(opts.pack);
  if (opts.list) {
    await writeOutput(opts.json ? JSON.stringify(listing(pack), null, 2) + '\n' : listingText(pack), opts.out);
    return;
  }
  if (opts.json) throw new InputError('--json only applies with --list (records are always ndjson)');
  const source = sourceOption(opts.source);
  const profile = loadProfile(opts.profile);
  const options = {
    seed: integerOption('seed', opts.seed, 0) ?? DEFAULT_SEED,
    count: integerOption('count', opts.count, 1),
    scale: scaleOption(opts.scale),
    start: startOption(opts.start),
    scenarioIds: opts.scenario.length > 0 ? opts.scenario : undefined,
  };
  const events = streamEvents(pack, options);
  const window = generationWindow(pack, options);
  // Each record is written as it is rendered: neither the events nor their text are held.
  const writer = new LineWriter(opts.out);
  const skipped = new Map<string, number>();
  let generated = 0;
  for (const event of events) {
    generated++;
    if (appliesTo(source, event)) await writer.line(JSON.stringify(renderRecord(source, event, profile)));
    else skipped.set(event.os, (skipped.get(event.os) ?? 0) + 1);
  }
  if (writer.lines === 0 && opts.scenario.length > 0) {
    throw new InputError(`--source ${source.id} records ${source.os.join('/')} process starts; scenario(s) ${opts.scenario.join(', ')} produce none`);
  }
  await writer.close();
  const notRecorded = [...skipped].map(([os, n]) => `${n} ${os}`).join(', ');
  process.stderr.write(
    `dth generate: ${generated} events, ${writer.lines} ${source.id} records written${opts.out && opts.out !== '-' ? ` to ${opts.out}` : ''}` +
      (notRecorded ? `; not recorded by ${source.id}: ${notRecorded} events` : '') +
      `; events timed ${windowText(window)}` +
      (opts.start === undefined ? ' (the default window; --start now for a live SIEM)' : ` (--start ${opts.start})`) +
      '\n',
  );
}

export function register(program: Command): void {
  program
    .command('generate')
    .description('generate labelled QEMU process-start events from a scenario pack and write them as one data source records them (ndjson)')
    .option('--pack <file>', 'scenario pack (YAML)', DEFAULT_PACK)
    .option('--scenario <id>', 'only this scenario (repeat for more); default: every scenario in the pack', collect, [] as string[])
    .option('--source <data-source-id>', `data source to render: ${DATA_SOURCE_IDS.join(', ')}`)
    .option('--count <n>', 'events per scenario and OS, instead of the counts in the pack')
    .option('--scale <x>', 'multiply every scenario count (e.g. 0.1 for a quick run)')
    .option('--seed <n>', `seed for every random choice (same seed, same bytes); default ${DEFAULT_SEED}`)
    .option('--start <time>', `start of the time window: ISO 8601 (2026-03-02T00:00:00Z), a date, or now with date math (now, now-7d); default ${DEFAULT_START.replace('.000Z', 'Z')}`)
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--profile <id|file>', 'deployment profile the records are rendered under (command-line capture, host metadata, pipeline version)', DEFAULT_PROFILE_ID)
    .option('--list', 'list the scenarios of the pack, the evasion variants, the data sources and the deployment profiles')
    .option('--json', 'with --list: print the listing as JSON')
    .addHelpText(
      'after',
      `
Records are one JSON object per line: Elastic {"_index", "_id", ...document}, Splunk {"_raw", "_time",
"host", "source", "sourcetype", "index", "_id"}; "_id" is the canonical event id. Events whose OS the
source does not record are counted on stderr, not written.
Records are rendered as the deployment profile's sensors and pipelines record them (--profile; e.g.
vendor-defaults writes 4688 events without a command line).
--list --json prints {"scenarios": [{"id", "label", ...}], "variants": [{"id", ...}],
"profiles": [{"id", "title"}], "sources": [{"id", "siem", ...}]}.
Events fall in a window that starts at --start and lasts a week (longer when a scenario needs more
seconds); the summary on stderr prints it. The default window is fixed, so runs compare; a live SIEM's
rules look back from now, so replay there with --start now, or now-7d for a one-week window that ends about now. The same
seed and the same resolved start give the same bytes.
Exit 2 on a bad pack (file:line:column and the expected shape) or a bad option.`,
    )
    .action(async (opts: GenerateCliOptions) => {
      await runGenerate(opts);
    });
}
