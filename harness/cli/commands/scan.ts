// `dth scan`: streams a team's own log files through production rules ("how often would this rule have
// fired on our data?"), with memory bounded by a constant whatever the file size. See harness/scan/.
import { availableParallelism } from 'node:os';
import { Command, InvalidArgumentError, Option } from 'commander';
import { InputError } from '../../errors.js';
import { DATA_SOURCE_IDS } from '../../../generators/data-source-ids.js';
// The scan's machinery loads when the command runs (below), so that other commands do not pay for it.
import { DEFAULT_CHUNK_SIZE, DEFAULT_LIMITS, DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_MALFORMED_SHARE, RAW_SOURCE_IDS, SCAN_FORMATS, type ScanFormat } from '../../scan/types.js';

interface ScanOptions {
  rule: string[];
  events: string[];
  source?: string;
  format?: ScanFormat;
  gzip?: boolean;
  json?: boolean;
  prefilter: boolean;
  threads?: number;
  mapping?: string;
  profile?: string;
  macros?: string;
  maxMatches: number;
  maxHosts: number;
  maxDays: number;
  maxMalformed: number;
  chunkSize: number;
  maxLineBytes: number;
  maxMalformedShare: number;
  raw?: boolean;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function share(value: string): number {
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x) || x < 0 || x > 1) throw new InvalidArgumentError('expected a number from 0 to 1, e.g. 0.01');
  return x;
}

function integer(min: number): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value) || Number(value) < min) throw new InvalidArgumentError(`expected an integer >= ${min}`);
    return Number(value);
  };
}

export function register(program: Command): void {
  program
    .command('scan')
    .description("stream large log files (ECS ndjson, Splunk exports; plain, gzip, a directory or stdin) through rules: how often each would have fired")
    .requiredOption('--rule <file>', 'rule file: Elastic detection-rules .toml, Splunk .yml or savedsearches .conf (repeatable)', collect)
    .requiredOption('--events <path>', 'events: a file, a directory (every file under it, sorted), or - for stdin (repeatable)', collect)
    .addOption(new Option('--source <data-source-id>', 'the data source the events come from (sets their index / sourcetype / source defaults)').choices([...DATA_SOURCE_IDS]))
    .addOption(new Option('--format <format>', 'ndjson (ECS documents), splunk-json or csv (Splunk exports); default from the rules, --source and the file names').choices([...SCAN_FORMATS]))
    .option('--raw', `the records are --source's raw vendor records (${RAW_SOURCE_IDS.join(', ')}; evtx_dump JSON for the Windows ones), mapped to ECS as the Elastic integration does`)
    .option('--gzip', 'the inputs are gzip (otherwise recognised by their first bytes)')
    .option('--json', 'print the report as JSON')
    .option('--no-prefilter', 'parse every line (no literal prefilter): slower, validates every line')
    .option('--threads <n>', `worker threads (0: the main thread only); default ${availableParallelism()}, one per core, or 0 for inputs under 8 MB`, integer(0))
    .option('--mapping <file>', 'Elasticsearch mapping JSON replacing ECS 9.5.0 (Elastic rules)')
    .option('--profile <id|file>', 'deployment profile whose index settings each _index gets (Elastic rules; Fleet field limits, logsdb); default recommended without --mapping')
    .option('--macros <file>', 'macros.conf replacing rules/splunk/macros.conf (Splunk rules)')
    .option('--max-matches <n>', 'matches listed per rule', integer(0), DEFAULT_LIMITS.maxMatches)
    .option('--max-hosts <n>', 'distinct hosts counted per rule (the rest together)', integer(1), DEFAULT_LIMITS.maxHosts)
    .option('--max-days <n>', 'distinct days counted per rule (the rest together)', integer(1), DEFAULT_LIMITS.maxDays)
    .option('--max-malformed <n>', 'malformed lines listed', integer(0), DEFAULT_LIMITS.maxMalformed)
    .option('--chunk-size <bytes>', 'bytes handed to a worker at a time', integer(1024), DEFAULT_CHUNK_SIZE)
    .option('--max-line-bytes <bytes>', 'longer lines are reported as malformed and skipped', integer(1024), DEFAULT_MAX_LINE_BYTES)
    .option('--max-malformed-share <x>', `share of an input's events that may be malformed before the scan fails, 0 to 1 (default ${DEFAULT_MAX_MALFORMED_SHARE})`, share, DEFAULT_MAX_MALFORMED_SHARE)
    .addHelpText(
      'after',
      `
Each rule reports: read = matched + not matched + malformed (events, i.e. non-blank lines or CSV
records), the first matches with file:line, and matches per host and per day (UTC).
Elastic rules read ECS documents, one JSON object per line, with dotted or nested keys. A document's
_index (or --source's index) picks its mapping (as dth run and dth eql resolve it under the deployment
profile) and decides whether the rule's index patterns search it;
without either, every rule searches every document. A document Elasticsearch would reject (a value
its field type cannot take) is malformed.
Splunk rules read exported events: JSON lines ({"_raw", "_time", "host", "source", "sourcetype",
"index"} or the REST export's {"result": {...}}) or CSV with a header row; --source fills in index,
sourcetype and source where the export lacks them. An event counts when it passes the search's
event-level part (before the first transforming command such as table or stats).
The prefilter skips lines that cannot match, found from literals of each rule's query in the raw
bytes; such lines are only checked to look like one JSON object. Exit 2 on bad input (a rule that
fails to load, an unreadable or truncated input: the report is printed first).`,
    )
    .action(async (opts: ScanOptions) => {
      const [{ scanFiles }, { renderScanJson, renderScanTerminal }] = await Promise.all([import('../../scan/scan-files.js'), import('../../../reports/writers/scan.js')]);
      const report = await scanFiles({
        ruleFiles: opts.rule,
        events: opts.events,
        source: opts.source,
        format: opts.format,
        prefilter: opts.prefilter,
        mappingFile: opts.mapping,
        profile: opts.profile,
        macrosFile: opts.macros,
        raw: opts.raw ?? false,
        limits: { maxMatches: opts.maxMatches, maxHosts: opts.maxHosts, maxDays: opts.maxDays, maxMalformed: opts.maxMalformed },
        threads: opts.threads,
        chunkSize: opts.chunkSize,
        maxLineBytes: opts.maxLineBytes,
        maxMalformedShare: opts.maxMalformedShare,
        gzip: opts.gzip ?? false,
      });
      process.stdout.write(opts.json ? renderScanJson(report) : renderScanTerminal(report));
      const failed = report.inputs.filter((i) => i.error !== null);
      if (failed.length > 0) {
        const first = failed[0] as (typeof failed)[number];
        throw new InputError(`${first.error}${failed.length > 1 ? ` (and ${failed.length - 1} more inputs with errors)` : ''}`, { file: first.file });
      }
      if (report.warnings.length > 0) {
        throw new InputError(`${report.warnings[0] as string}${report.warnings.length > 1 ? ` (and ${report.warnings.length - 1} more warnings above)` : ''}`);
      }
    });
}
