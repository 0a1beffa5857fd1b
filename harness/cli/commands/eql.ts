// `dth eql <query> --events <file.ndjson> [--mapping <mapping.json>]`: runs one EQL query over
// documents with the embedded engine and prints the matching ids, one per line, in file order, or
// for a sequence one line per sequence with its join keys and member ids.
import type { Command } from 'commander';
import { NdjsonEvaluator, NdjsonSequenceCollector, type NdjsonSequence } from '../../engines/eql/ndjson.js';
import { forEachLineOf, readLineBlocks } from '../../line-reader.js';
import { LineWriter } from '../line-writer.js';
import { jsonLine } from '../../../reports/escape.js';
import { derivePrefilter, LinePrefilter } from '../../scan/line-prefilter.js';
import { parseEql } from '../../engines/eql/parser.js';
import { InputError } from '../../errors.js';
import { fieldTypesFromMapping, parseMappingText, type FieldTypes } from '../../engines/eql/mappings/field-types.js';
import { ES_DEFAULT_FIELD_LIMITS } from '../../engines/eql/mappings/field-limit.js';
import { fieldTypesFor, profileFieldTypes, resolveIndexMapping } from '../../engines/eql/mappings/index-mapping.js';
import { DEFAULT_PROFILE_ID, loadProfile } from '../../profiles/load-profile.js';
import { readBoundedText } from '../../read-bounded-text.js';

function readInput(path: string, what: string): string {
  return readBoundedText(path, what, { allowStdin: true });
}

/** The mapping each document's index gets: the profile's resolution of ECS, or a --mapping file (with --profile's limits if given). */
function eqlFieldTypes(mappingText: string | null, mappingFile: string, profileOption: string | undefined): (indexName: string) => FieldTypes {
  if (mappingText === null) {
    const profile = loadProfile(profileOption ?? DEFAULT_PROFILE_ID);
    return (indexName) => profileFieldTypes(indexName, profile);
  }
  const mapping = parseMappingText(mappingText, mappingFile);
  if (profileOption === undefined) {
    // An index created with this mapping and no template: Elasticsearch's default total-fields settings.
    const fields = fieldTypesFromMapping(mapping, { source: mappingFile, fieldLimits: ES_DEFAULT_FIELD_LIMITS });
    return () => fields.clone();
  }
  const profile = loadProfile(profileOption);
  return (indexName) => {
    const resolved = resolveIndexMapping(indexName, profile, mapping);
    return fieldTypesFor(resolved.mapping, { dynamicProfile: resolved.dynamicProfile, indexIgnoreAbove: resolved.indexIgnoreAbove, fieldLimits: resolved.fieldLimits, source: mappingFile });
  };
}

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
      const parsed = parseEql(query, '<query>');
      const fields = eqlFieldTypes(opts.mapping === undefined ? null : readInput(opts.mapping, 'mapping'), opts.mapping ?? '', opts.profile);
      // The file is read in blocks of lines (any size); output is written once it has all been read.
      const writer = new LineWriter(undefined);
      if (parsed.kind !== 'EventQuery') {
        const maxSamplesPerKey = opts.maxSamplesPerKey === undefined ? undefined : Number(opts.maxSamplesPerKey);
        if (maxSamplesPerKey !== undefined && !(Number.isSafeInteger(maxSamplesPerKey) && maxSamplesPerKey > 0)) {
          throw new InputError(`--max-samples-per-key must be a positive integer, found ${opts.maxSamplesPerKey}`);
        }
        // A sequence joins events anywhere in the file: its documents are held (an event query's are not).
        const collector = new NdjsonSequenceCollector(parsed, opts.events, fields);
        const visit = (text: string, line: number): void => collector.line(text, line);
        for (const block of readLineBlocks(opts.events)) forEachLineOf(block, visit);
        const sequences = collector.finish({ tiebreakerField: opts.tiebreaker, maxSamplesPerKey });
        if (opts.json) await writer.line(jsonLine({ sequences: sequences.map(sequenceJson) }));
        else for (const s of sequences) await writer.line(formatSequenceLine(s));
        await writer.close();
        return;
      }
      const evaluator = new NdjsonEvaluator(parsed, opts.events, fields);
      const visit = (text: string, line: number): void => evaluator.line(text, line);
      const cnf = opts.prefilter === false ? null : derivePrefilter(parsed, fields(''));
      const prefilter = cnf === null ? null : new LinePrefilter(cnf);
      for (const block of readLineBlocks(opts.events)) {
        if (prefilter === null) forEachLineOf(block, visit);
        else prefilter.forEachCandidate(block, visit);
      }
      const matches = evaluator.finish();
      // `_ignored` as a search hit carries it: the fields Elasticsearch ignored in that document.
      if (opts.json) await writer.line(jsonLine({ matches: matches.map((m) => ({ id: m.id, line: m.line, ...(m.ignored !== undefined ? { _ignored: m.ignored } : {}) })) }));
      else for (const m of matches) await writer.line(printableId(m.id));
      await writer.close();
    });
}

/**
 * Ids are document text: printed bare when plainly an identifier, else as a JSON string with every
 * control, separator and bidi character escaped (reports/escape.ts jsonLine), so each match is
 * exactly one line and nothing reaches the terminal raw.
 */
export function printableId(id: string): string {
  return /^[\w.:@/+-]{1,200}$/.test(id) ? id : jsonLine(id);
}

/** `["key", ...] id id ...`: join keys as JSON, events in stage order, `-` for a missing-event stage. */
export function formatSequenceLine(sequence: NdjsonSequence): string {
  return [jsonLine(sequence.joinKeys), ...sequence.events.map((e) => (e === null ? '-' : printableId(e.id)))].join(' ');
}

function sequenceJson(sequence: NdjsonSequence): { join_keys: (string | null)[]; events: ({ id: string; line: number } | null)[] } {
  return { join_keys: sequence.joinKeys, events: sequence.events.map((e) => (e === null ? null : { id: e.id, line: e.line })) };
}
