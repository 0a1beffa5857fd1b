// `dth eql`'s output: matching ids one per line, or one line per sequence (join keys as JSON, then the
// member ids), or one JSON document (--json).
import type { NdjsonMatch, NdjsonSequence } from '../../harness/engines/eql/ndjson.js';
import type { EqlLineSearchResult } from '../../harness/scan/eql-line-search.js';
import { jsonLine } from '../escape.js';

/**
 * Ids are document text: printed bare when plainly an identifier, else as a JSON string with every
 * control, separator and bidi character escaped (reports/escape.ts jsonLine), so each match is
 * exactly one line and nothing reaches the terminal raw.
 */
function printableId(id: string): string {
  return /^[\w.:@/+-]{1,200}$/.test(id) ? id : jsonLine(id);
}

/** `["key", ...] id id ...`: join keys as JSON, events in stage order, `-` for a missing-event stage. */
function formatSequenceLine(sequence: NdjsonSequence): string {
  return [jsonLine(sequence.joinKeys), ...sequence.events.map((e) => (e === null ? '-' : printableId(e.id)))].join(' ');
}

function sequenceJson(sequence: NdjsonSequence): { join_keys: (string | null)[]; events: ({ id: string; line: number } | null)[] } {
  return { join_keys: sequence.joinKeys, events: sequence.events.map((e) => (e === null ? null : { id: e.id, line: e.line })) };
}

/** The lines `dth eql` prints: one document with --json, else one line per match or sequence. */
export function eqlOutputLines(result: EqlLineSearchResult, json: boolean): string[] {
  if (result.kind === 'sequences') return json ? [jsonLine({ sequences: result.sequences.map(sequenceJson) })] : result.sequences.map(formatSequenceLine);
  // `_ignored` as a search hit carries it: the fields indexing ignored in that document (mappings/document.ts).
  return json ? [jsonLine({ matches: result.matches.map((m: NdjsonMatch) => ({ id: m.id, line: m.line, ...(m.ignored !== undefined ? { _ignored: m.ignored } : {}) })) })] : result.matches.map((m) => printableId(m.id));
}
