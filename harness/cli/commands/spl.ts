// `dth spl <search> --events <file.ndjson> [--macros <macros.conf>] [--ids]`: runs an SPL search over
// Splunk events with the embedded engine.
// - Each non-blank line of the events file is one event: {"_raw", "_time" (epoch seconds or ISO 8601),
//   "host", "source", "sourcetype", "index", optional "_id"}.
// - With --ids: the ids (`_id`, else the 1-based line number) of the events that pass the event-level
//   part of the search (everything before its first transforming command), one per line, in file order.
// - Without: the result rows as JSON lines.
// - Exit 2 with a positioned message on a parse error, an unsupported command or a malformed line.
// Behaviour notes (e.g. how `bin` without a field was treated) go to stderr.
// - Any size: events are searched as they are read; only those reaching the search's first command that
//   needs other events (stats, sort, dedup, head, ...) are held. Lines lacking a literal the base search
//   needs are not parsed unless --no-prefilter (harness/scan/spl-line-search.ts).
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { DEFAULT_LOOKUPS_DIR, DEFAULT_MACROS_FILE, loadLookups, loadMacrosFile } from '../../backends/embedded-splunk.js';
import { StreamingSearch } from '../../engines/spl/stream-search.js';
import { searchEventLines } from '../../scan/spl-line-search.js';
import { fromRoot } from '../../paths.js';
import { LineWriter } from '../line-writer.js';
import { jsonLine } from '../../../reports/escape.js';

export function register(program: Command): void {
  program
    .command('spl')
    .description('run an SPL search over Splunk events (NDJSON) with the embedded engine')
    .argument('<search>', 'the SPL search (macros in backticks are expanded)')
    .requiredOption('--events <file>', 'events, one JSON object per line: {_raw, _time, host, source, sourcetype, index, _id?}')
    .option('--macros <file>', `macros.conf to expand the search with (default ${DEFAULT_MACROS_FILE})`)
    .option('--lookups <dir>', `directory of CSV lookup tables for the lookup command (default ${DEFAULT_LOOKUPS_DIR})`)
    .option('--ids', 'print the ids of the events passing the event-level part of the search, one per line')
    .option('--no-prefilter', 'parse and check every line (by default, lines lacking the literals the base search needs are not parsed)')
    .action(async (query: string, opts: { events: string; macros?: string; lookups?: string; ids?: boolean; prefilter?: boolean }) => {
      const macros = loadMacrosFile(opts.macros ?? fromRoot(DEFAULT_MACROS_FILE));
      if (opts.lookups !== undefined && !existsSync(opts.lookups)) throw new InputError('lookup directory not found', { file: opts.lookups });
      const lookups = loadLookups(opts.lookups ?? fromRoot(DEFAULT_LOOKUPS_DIR));
      // Events are searched as they are read (harness/engines/spl/stream-search.ts); output once all are read.
      const search = new StreamingSearch(query, macros, { binWithoutField: 'time', lookups }, '<search>');
      const { result } = searchEventLines(opts.events, search, { prefilter: opts.prefilter !== false });
      for (const note of result.notes) process.stderr.write(`dth spl: note: ${note}\n`);
      const writer = new LineWriter(undefined);
      if (opts.ids) for (const id of result.eventIds) await writer.line(id);
      else for (const row of result.rows) await writer.line(jsonLine(row));
      await writer.close();
    });
}
