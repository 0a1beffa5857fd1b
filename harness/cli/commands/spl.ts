// `dth spl <search> --events <file.ndjson> [--macros <macros.conf>] [--ids]`: runs an SPL search over
// Splunk events with the embedded engine.
// - Each non-blank line of the events file is one event: {"_raw", "_time" (epoch seconds or ISO 8601),
//   "host", "source", "sourcetype", "index", optional "_id"}.
// - With --ids: the ids (`_id`, else the 1-based line number) of the events that pass the event-level
//   part of the search (everything before its first transforming command), one per line, in file order.
// - Without: the result rows as JSON lines.
// - Exit 2 with a positioned message on a parse error, an unsupported command or a malformed line.
// Behaviour notes (e.g. how `bin` without a field was treated) go to stderr.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError, LineInputError } from '../../errors.js';
import { forEachLine } from '../../line-reader.js';
import { DEFAULT_LOOKUPS_DIR, DEFAULT_MACROS_FILE, EmbeddedSplunkBackend, hasControlCharacter, loadLookups, loadMacrosFile } from '../../backends/embedded-splunk.js';
import { fromRoot } from '../../paths.js';
import type { SplunkRecord } from '../../model/records.js';
import { LineWriter } from '../line-writer.js';
import { parseSplunkTime } from '../../engines/spl/record-time.js';
import { jsonLine } from '../../../reports/escape.js';

const STRING_FIELDS = ['_raw', 'host', 'source', 'sourcetype', 'index'] as const;

/** Reads an events file line by line (any size; only the records are held); a malformed line is an InputError with its line number. */
export function readEventsFile(path: string): SplunkRecord[] {
  const records: SplunkRecord[] = [];
  const seen = new Map<string, number>();
  forEachLine(path, (line, lineNumber) => {
    if (line.trim() === '') return;
    const where = { file: path, line: lineNumber, column: 1 };
    const fail = (message: string): never => {
      throw new LineInputError(message, where, line);
    };
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (e) {
      return fail(`not a JSON object: ${(e as Error).message}`);
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) fail('expected a JSON object (one Splunk event)');
    const o = obj as Record<string, unknown>;
    for (const f of STRING_FIELDS) {
      if (typeof o[f] !== 'string' || (f !== '_raw' && (o[f] as string) === '')) fail(`"${f}": expected a${f === '_raw' ? '' : ' non-empty'} string`);
    }
    const time = parseSplunkTime(o._time);
    if (time === null) fail('"_time": expected epoch seconds or an ISO 8601 date-time (no zone: UTC)');
    let id = String(lineNumber);
    if (o._id !== undefined) {
      if (typeof o._id !== 'string' || o._id === '' || hasControlCharacter(o._id)) fail('"_id": expected a non-empty string without control characters');
      id = o._id as string;
    }
    const previous = seen.get(id);
    if (previous !== undefined) fail(`"_id" ${JSON.stringify(id)} already used on line ${previous}`);
    seen.set(id, lineNumber);
    records.push({ _raw: o._raw as string, _time: time as number, host: o.host as string, source: o.source as string, sourcetype: o.sourcetype as string, index: o.index as string, _id: id });
  });
  return records;
}

export function register(program: Command): void {
  program
    .command('spl')
    .description('run an SPL search over Splunk events (NDJSON) with the embedded engine')
    .argument('<search>', 'the SPL search (macros in backticks are expanded)')
    .requiredOption('--events <file>', 'events, one JSON object per line: {_raw, _time, host, source, sourcetype, index, _id?}')
    .option('--macros <file>', `macros.conf to expand the search with (default ${DEFAULT_MACROS_FILE})`)
    .option('--lookups <dir>', `directory of CSV lookup tables for the lookup command (default ${DEFAULT_LOOKUPS_DIR})`)
    .option('--ids', 'print the ids of the events passing the event-level part of the search, one per line')
    .action(async (search: string, opts: { events: string; macros?: string; lookups?: string; ids?: boolean }) => {
      const macros = loadMacrosFile(opts.macros ?? fromRoot(DEFAULT_MACROS_FILE));
      if (opts.lookups !== undefined && !existsSync(opts.lookups)) throw new InputError('lookup directory not found', { file: opts.lookups });
      const lookups = loadLookups(opts.lookups ?? fromRoot(DEFAULT_LOOKUPS_DIR));
      const records = readEventsFile(opts.events);
      const backend = new EmbeddedSplunkBackend({ macros, lookups });
      const report = await backend.load(records);
      if (report.rejected.length > 0) {
        const r = report.rejected[0] as { id: string; reason: string };
        throw new InputError(`event ${r.id}: ${r.reason}`, { file: opts.events });
      }
      const result = backend.search(search, '<search>');
      for (const note of result.notes) process.stderr.write(`dth spl: note: ${note}\n`);
      const writer = new LineWriter(undefined);
      if (opts.ids) for (const id of result.eventIds) await writer.line(id);
      else for (const row of result.rows) await writer.line(jsonLine(row));
      await writer.close();
    });
}
