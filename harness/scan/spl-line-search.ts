// `dth spl`'s reading: an events file (or stdin), line by line in blocks (harness/line-reader.ts), each
// line checked and handed to the streaming search (harness/engines/spl/stream-search.ts) as it is read,
// so only the events that reach the search's first non-streaming command are held.
//
// The literal prefilter (the one dth scan uses for Splunk rules: prefilter/spl.ts, line-prefilter.ts)
// applies when the search streams from its base search: a line lacking a literal the base search needs
// cannot hold a matching event, and an event the base search rejects never reaches a command, so ruling
// such lines out changes no row, id or note. What it changes is the checking of those lines: as in
// `dth eql`, a line ruled out that looks like one JSON object is not parsed, so it is neither checked nor
// its `_id` compared; a line that does not look like an object is always parsed (and reported).
// `prefilter: false` parses and checks every line.
import { LineInputError } from '../errors.js';
import { forEachLineOf, readLineBlocks } from '../line-reader.js';
import type { SearchResult } from '../engines/spl/engine.js';
import { EventIdRegistry } from '../engines/spl/event-ids.js';
import { parseEventLine } from '../engines/spl/event-line.js';
import type { StreamingSearch } from '../engines/spl/stream-search.js';
import { LinePrefilter } from './line-prefilter.js';
import { toCnf } from './prefilter/formula.js';
import { splPrefilter } from './prefilter/spl.js';

export interface SplLineSearchOptions {
  /** Rule lines out by the base search's literals (default true). */
  prefilter?: boolean;
}

export interface SplLineSearchResult {
  result: SearchResult;
  /** Lines the prefilter ruled out (not parsed). */
  skipped: number;
}

/** The explicit `_id` of line `target` of the file, read again (null when it has none). */
export function idOnLine(path: string, target: number): string | null {
  for (const block of readLineBlocks(path)) {
    if (target >= block.firstLine + block.lineCount) continue;
    let id: string | null = null;
    forEachLineOf(block, (text, line) => {
      if (line !== target) return;
      try {
        const o = JSON.parse(text) as { _id?: unknown } | null;
        id = typeof o?._id === 'string' ? o._id : null;
      } catch {
        id = null;
      }
    });
    return id;
  }
  return null;
}

/** The literal prefilter for the search, or null when it has none or cannot use one soundly. */
function prefilterFor(search: StreamingSearch): LinePrefilter | null {
  const prepared = search.streamingSearch;
  if (prepared === null) return null;
  const cnf = toCnf(splPrefilter(prepared.pipeline));
  return cnf.length > 0 ? new LinePrefilter(cnf) : null;
}

/** Reads the events of `path` ('-': stdin) into the search and returns its answer. */
export function searchEventLines(path: string, search: StreamingSearch, options: SplLineSearchOptions = {}): SplLineSearchResult {
  const ids = new EventIdRegistry(path === '-' ? null : (line) => idOnLine(path, line));
  const visit = (text: string, line: number): void => {
    if (text.trim() === '') return;
    const event = parseEventLine(text, line, path);
    const id = event._id ?? String(line);
    const clash = ids.check(event._id, line);
    if (clash !== null) throw new LineInputError(`"_id" ${JSON.stringify(id)} already used on line ${clash}`, { file: path, line, column: 1 }, text);
    search.add({ _raw: event._raw, _time: event._time, host: event.host, source: event.source, sourcetype: event.sourcetype, index: event.index, _id: id });
  };
  const prefilter = options.prefilter === false ? null : prefilterFor(search);
  let skipped = 0;
  for (const block of readLineBlocks(path)) {
    if (prefilter === null) forEachLineOf(block, visit);
    else skipped += prefilter.forEachCandidate(block, visit).skipped;
  }
  return { result: search.finish(), skipped };
}
