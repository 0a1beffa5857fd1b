// `dth eql`'s reading: one EQL query over an ndjson file (or stdin), line by line in blocks
// (harness/line-reader.ts). Each document's index gets its mapping as dth run and dth scan resolve it
// (the deployment profile's resolution of ECS, or a --mapping file). An event query streams (with the
// literal prefilter dth scan uses, unless turned off); a sequence or sample holds its documents, since
// it joins events anywhere in the file.
import { NdjsonEvaluator, NdjsonSequenceCollector, type NdjsonMatch, type NdjsonSequence } from '../engines/eql/ndjson.js';
import { parseEql } from '../engines/eql/parser.js';
import { fieldTypesFromMapping, parseMappingText, type FieldTypes } from '../engines/eql/mappings/field-types.js';
import { ES_DEFAULT_FIELD_LIMITS } from '../engines/eql/mappings/field-limit.js';
import { fieldTypesFor, profileFieldTypes, resolveIndexMapping } from '../engines/eql/mappings/index-mapping.js';
import { InputError } from '../errors.js';
import { forEachLineOf, readLineBlocks } from '../line-reader.js';
import { DEFAULT_PROFILE_ID, loadProfile } from '../profiles/load-profile.js';
import { readBoundedText } from '../read-bounded-text.js';
import { derivePrefilter, LinePrefilter } from './line-prefilter.js';

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

export interface EqlLineSearchOptions {
  /** --mapping: an Elasticsearch mapping file; default ECS under the profile. */
  mappingFile?: string;
  /** --profile: a shipped id or a file. */
  profile?: string;
  /** Rule lines out by the query's literals (default true; event queries only). */
  prefilter?: boolean;
  /** Sequences: the field ordering events with the same @timestamp. */
  tiebreaker?: string;
  /** Samples: how many samples each join key may give (text as given, checked here). */
  maxSamplesPerKey?: string;
}

export type EqlLineSearchResult = { kind: 'matches'; matches: NdjsonMatch[] } | { kind: 'sequences'; sequences: NdjsonSequence[] };

export function searchEqlLines(query: string, eventsFile: string, options: EqlLineSearchOptions): EqlLineSearchResult {
  const parsed = parseEql(query, '<query>');
  const fields = eqlFieldTypes(options.mappingFile === undefined ? null : readInput(options.mappingFile, 'mapping'), options.mappingFile ?? '', options.profile);
  if (parsed.kind !== 'EventQuery') {
    const maxSamplesPerKey = options.maxSamplesPerKey === undefined ? undefined : Number(options.maxSamplesPerKey);
    if (maxSamplesPerKey !== undefined && !(Number.isSafeInteger(maxSamplesPerKey) && maxSamplesPerKey > 0)) {
      throw new InputError(`--max-samples-per-key must be a positive integer, found ${options.maxSamplesPerKey}`);
    }
    const collector = new NdjsonSequenceCollector(parsed, eventsFile, fields);
    const visit = (text: string, line: number): void => collector.line(text, line);
    for (const block of readLineBlocks(eventsFile)) forEachLineOf(block, visit);
    return { kind: 'sequences', sequences: collector.finish({ tiebreakerField: options.tiebreaker, maxSamplesPerKey }) };
  }
  const evaluator = new NdjsonEvaluator(parsed, eventsFile, fields);
  const visit = (text: string, line: number): void => evaluator.line(text, line);
  const cnf = options.prefilter === false ? null : derivePrefilter(parsed, fields(''));
  const prefilter = cnf === null ? null : new LinePrefilter(cnf);
  for (const block of readLineBlocks(eventsFile)) {
    if (prefilter === null) forEachLineOf(block, visit);
    else prefilter.forEachCandidate(block, visit);
  }
  return { kind: 'matches', matches: evaluator.finish() };
}
