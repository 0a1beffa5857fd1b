// `dth generate`: canonical events from a scenario pack, rendered as one data source records them,
// written as ndjson (one native record per line) that `dth eql` / `dth spl` read directly.
// `dth generate --list [--json]` lists the pack's scenarios, the evasion variants and the data sources.
// A summary goes to stderr so stdout stays pure ndjson: events generated, records written, and the
// events the source does not record (their OS), so counts in = counts out.
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { DATA_SOURCE_IDS, dataSourceById, type DataSource } from '../../../generators/data-sources.js';
import { DEFAULT_PROFILE_ID, loadProfile } from '../../profiles/load-profile.js';
import { DEFAULT_SEED } from '../../../generators/generate.js';
import { writeRecords } from '../../../generators/write-records.js';
import { LineWriter } from '../line-writer.js';
import { DEFAULT_PACK, loadPack } from '../../../generators/scenario-pack.js';
import { collect, integerOption, scaleOption, startOption } from '../options.js';
import { DEFAULT_START } from '../../../generators/context/time-slots.js';
import { listingJson, listingText } from '../../../reports/writers/pack-listing.js';

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

async function writeOutput(text: string, out: string | undefined): Promise<void> {
  const writer = new LineWriter(out);
  await writer.text(text);
  await writer.close();
}

async function runGenerate(opts: GenerateCliOptions): Promise<void> {
  const pack = loadPack(opts.pack);
  if (opts.list) {
    await writeOutput(opts.json ? listingJson(pack) : listingText(pack), opts.out);
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
  const writer = new LineWriter(opts.out);
  const result = await writeRecords(pack, source, profile, options, writer);
  await writer.close();
  const notRecorded = [...result.notRecorded].map(([os, n]) => `${n} ${os}`).join(', ');
  process.stderr.write(
    `dth generate: ${result.generated} events, ${result.written} ${source.id} records written${opts.out && opts.out !== '-' ? ` to ${opts.out}` : ''}` +
      (notRecorded ? `; not recorded by ${source.id}: ${notRecorded} events` : '') +
      `; events timed ${result.window}` +
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
