// `dth eql <query> --events <file.ndjson> [--mapping <mapping.json>]`: runs one EQL query over
// documents with the embedded engine and prints the matching ids, one per line, in file order, or
// for a sequence one line per sequence with its join keys and member ids.
import type { Command } from 'commander';
import { searchEqlLines } from '../../scan/eql-line-search.js';
import { LineWriter } from '../line-writer.js';
import { eqlOutputLines } from '../../../reports/writers/eql-lines.js';
import { DEFAULT_PROFILE_ID } from '../../profiles/load-profile.js';

export function register(program: Command): void {
  program
    .command('eql')
    .description('run an EQL query (event query or sequence) over ndjson documents with the embedded Elasticsearch semantics; prints matching ids or sequences')
    .argument('<query>', 'EQL query, e.g. \'process where process.args : "-netdev"\'')
    .requiredOption('--events <file>', 'ndjson file, one JSON document per line (nested objects or dotted keys); "-" reads stdin')
    .option('--mapping <file>', 'Elasticsearch mapping JSON ({"properties": ...} or {"mappings": {"properties": ...}}); default: ECS 9.5.0')
    .option('--profile <id|file>', `deployment profile whose index settings each document's _index gets (Fleet field limits, logsdb); default ${DEFAULT_PROFILE_ID} without --mapping`)
    .addHelpText(
      'after',
      `
A document's id is its "_id" field if present, else its 1-based line number.
Ids print in file order; exit 0 also when nothing matches.
A document is indexed into the index its "_index" names, with the mapping that index gets under the
deployment profile — the same resolution dth run and dth scan use: e.g. under the shipped profiles a
logs-endpoint.events.process-* command line over 1,024 characters is not searchable (Fleet), and any
logs-*-* value over 8,191 (logsdb). With --mapping the file's mapping is used as given, plus the
profile's limits only when --profile is given too.
Fields a document has but the mapping lacks are mapped dynamically: with the default ECS mapping as
a logs-*-* data stream maps them (ECS dynamic templates), with --mapping as a plain index does.
| head N / | tail N keep the first / last N matches in file order.
A sequence prints one line per sequence, ordered by its last event: its join keys as a JSON array,
then the ids of its events in stage order ("-" for a missing-event stage), e.g.
  ["host-1"] evt-1 evt-7
Events order by @timestamp, then --tiebreaker (default event.sequence when present), then file order.
A sample prints the same way, one line per sample, in join key order.
--json prints {"sequences": [{"join_keys": [...], "events": [{"id", "line"} | null, ...]}]}
(or {"matches": [{"id", "line", "_ignored"?}]} for an event query; "_ignored" lists the fields
indexing ignored in that document — ignore_above, fields beyond the total-fields limit — as a hit has it).
The file is read line by line in blocks (any size, bounded memory; a sequence holds its documents).
Where the query names literals a match must contain and every field it reads is in the explicit
mapping, lines lacking them are not parsed (the literal prefilter dth scan uses): such a line that looks
like one JSON object is not checked; --no-prefilter parses and checks every line.
Exit 2 on a query error (with line:column) or a malformed line (with its number).`,
    )
    .option('--no-prefilter', 'parse every line (by default, lines lacking the literals a match needs are not parsed)')
    .option('--json', 'print the answer as one JSON document (matches, or sequences with join keys and member events)')
    .option('--tiebreaker <field>', 'sequences: the field that orders events with the same @timestamp; default event.sequence when documents have it')
    .option('--max-samples-per-key <n>', 'samples: how many samples each join key may give (default 1)')
    .action(async (query: string, opts: { events: string; mapping?: string; profile?: string; json?: boolean; tiebreaker?: string; maxSamplesPerKey?: string; prefilter?: boolean }) => {
      // The file is read in blocks of lines (any size); output is written once it has all been read.
      const result = searchEqlLines(query, opts.events, { mappingFile: opts.mapping, profile: opts.profile, prefilter: opts.prefilter, tiebreaker: opts.tiebreaker, maxSamplesPerKey: opts.maxSamplesPerKey });
      const writer = new LineWriter(undefined);
      for (const line of eqlOutputLines(result, opts.json === true)) await writer.line(line);
      await writer.close();
    });
}
