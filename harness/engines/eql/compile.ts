// Compiles an EQL query, against the field types of a mapping, into predicates over documents with
// Elasticsearch's semantics, in two passes as graphql-js validates then executes: verification
// (verify.ts: field resolution, type checks and Elasticsearch's positioned errors, into the typed IR of
// typed-ir.ts), then predicate building (query-predicates.ts: Query DSL queries over indexed values,
// scripts over doc values, script.ts).
// Source: Elasticsearch's EQL planner (Verifier, QueryTranslator, read, not copied) and
// https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax.
import type { FieldTypes } from './mappings/field-types.js';
import type { EqlQuery, SampleQuery, SequenceQuery, SequenceStage } from './ast.js';
import { EqlUnsupportedError } from './errors.js';
import { buildPredicate } from './query-predicates.js';
import { Verifier } from './verify.js';

export type EqlPredicate = (doc: Record<string, unknown>) => boolean;

export interface CompileOptions {
  /** The field behind `<category> where` (Elasticsearch's `event_category_field`). Default `event.category`. */
  eventCategoryField?: string;
  /**
   * Read a field the mapping does not have as null instead of failing. The embedded backend sets it
   * when searching several indices: a field unknown in one index but mapped in another is simply
   * absent from the first one's documents.
   */
  unmappedFieldsAsNull?: boolean;
}

export const DEFAULT_EVENT_CATEGORY_FIELD = 'event.category';

function verifierFor(query: EqlQuery, fields: FieldTypes, options: CompileOptions): Verifier {
  return new Verifier(query, fields, {
    eventCategoryField: options.eventCategoryField ?? DEFAULT_EVENT_CATEGORY_FIELD,
    unmappedFieldsAsNull: options.unmappedFieldsAsNull ?? false,
  });
}

/** Verifies one stage's filter, then builds its predicate (a constant the field's query cannot take fails here). */
function compileFilter(verifier: Verifier, stage: Pick<SequenceStage, 'filter'>): EqlPredicate {
  const verified = verifier.verifyFilter(stage.filter.category, stage.filter.categoryLoc, stage.filter.condition);
  return buildPredicate(verified, (message, loc) => verifier.fail(message, loc)) as EqlPredicate;
}

/**
 * Compiles an event query into a predicate over documents (nested objects, dotted keys or both).
 * Throws EqlVerificationError where Elasticsearch rejects the query against these field types
 * (unknown field, text field, type error) and EqlUnsupportedError for sequences and samples.
 * Pipes (`| head`, `| tail`) are not part of the predicate: they apply to the ordered result.
 */
export function compileEql(query: EqlQuery, fields: FieldTypes, options: CompileOptions = {}): EqlPredicate {
  const verifier = verifierFor(query, fields, options);
  if (query.kind !== 'EventQuery') {
    // Verify every stage first, as Elasticsearch would, then refuse to evaluate.
    for (const stage of query.kind === 'SequenceQuery' && query.until ? [...query.stages, query.until] : query.stages) {
      verifier.verifyFilter(stage.filter.category, stage.filter.categoryLoc, stage.filter.condition);
      for (const key of stage.by) verifier.verifyKey(key);
    }
    for (const key of query.by) verifier.verifyKey(key);
    throw new EqlUnsupportedError(query.kind === 'SequenceQuery' ? 'sequence evaluation' : 'sequence evaluation (sample queries)', {
      text: query.text,
      file: query.file,
      offset: query.loc.start,
    });
  }
  return compileFilter(verifier, query);
}

/** The compiled filters of a sequence's or sample's stages (`with runs=N` not expanded) and of `until`. */
export interface CompiledStages {
  stages: EqlPredicate[];
  until: EqlPredicate | null;
}

/**
 * Compiles every stage of a sequence or sample into a predicate (the same semantics as an event
 * query's filter) and verifies its join keys against the field types. Join keys must be fields:
 * Elasticsearch's spec suite keeps `by unique_pid * 2` among its unsupported queries.
 */
export function compileStages(query: SequenceQuery | SampleQuery, fields: FieldTypes, options: CompileOptions = {}): CompiledStages {
  const verifier = verifierFor(query, fields, options);
  const keys = [...query.by, ...query.stages.flatMap((s) => s.by), ...(query.kind === 'SequenceQuery' && query.until ? query.until.by : [])];
  for (const key of keys) {
    if (key.kind !== 'FieldRef') throw new EqlUnsupportedError('join keys that are not fields', { text: query.text, file: query.file, offset: key.loc.start });
    verifier.verifyKey(key);
  }
  const compile = (stage: SequenceStage): EqlPredicate => compileFilter(verifier, stage);
  return { stages: query.stages.map(compile), until: query.kind === 'SequenceQuery' && query.until ? compile(query.until) : null };
}
