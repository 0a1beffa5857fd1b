// `dth eql <query> --events <file.ndjson> [--mapping <mapping.json>]`: runs one EQL event query over
// documents with the embedded engine and prints the matching ids, one per line, in file order.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { NdjsonEvaluator } from '../../engines/eql/ndjson.js';
import { forEachLineOf, readLineBlocks } from '../../line-reader.js';
import { LineWriter } from '../line-writer.js';
import { parseEql } from '../../engines/eql/parser.js';
import { InputError } from '../../errors.js';
import { fieldTypesFromMapping, parseMappingText, type FieldTypes } from '../../mappings/field-types.js';
import { fieldTypesFor, profileFieldTypes, resolveIndexMapping } from '../../mappings/index-mapping.js';
import { DEFAULT_PROFILE_ID, loadProfile } from '../../profiles/load-profile.js';

function readInput(path: string, what: string): string {
  try {
    return path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${what}: ${(error as Error).message}`, { file: path });
  }
}

/** The mapping each document's index gets: the profile's resolution of ECS, or a --mapping file (with --profile's limits if given). */
function eqlFieldTypes(mappingText: string | null, mappingFile: string, profileOption: string | undefined): (indexName: string) => FieldTypes {
  if (mappingText === null) {
    const profile = loadProfile(profileOption ?? DEFAULT_PROFILE_ID);
    return (indexName) => profileFieldTypes(indexName, profile);
  }
  const mapping = parseMappingText(mappingText, mappingFile);
  if (profileOption === undefined) {
    const fields = fieldTypesFromMapping(mapping, { source: mappingFile });
    return () => fields.clone();
  }
  const profile = loadProfile(profileOption);
  return (indexName) => {
    const resolved = resolveIndexMapping(indexName, profile, mapping);
    return fieldTypesFor(resolved.mapping, { dynamicProfile: resolved.dynamicProfile, indexIgnoreAbove: resolved.indexIgnoreAbove, source: mappingFile });
  };
}

export function register(program: Command): void {
  program
    .command('eql')
    .description('run an EQL event query over ndjson documents with the embedded Elasticsearch semantics; prints matching ids')
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
Exit 2 on a query error (with line:column) or a malformed line (with its number).`,
    )
    .action(async (query: string, opts: { events: string; mapping?: string; profile?: string }) => {
      const parsed = parseEql(query, '<query>');
      const fields = eqlFieldTypes(opts.mapping === undefined ? null : readInput(opts.mapping, 'mapping'), opts.mapping ?? '', opts.profile);
      // The file is read in blocks of lines (bounded memory, any size); matches print once it is all read.
      const evaluator = new NdjsonEvaluator(parsed, opts.events, fields);
      const visit = (text: string, line: number): void => evaluator.line(text, line);
      for (const block of readLineBlocks(opts.events)) forEachLineOf(block, visit);
      const writer = new LineWriter(undefined);
      for (const match of evaluator.finish()) await writer.line(match.id);
      await writer.close();
    });
}
