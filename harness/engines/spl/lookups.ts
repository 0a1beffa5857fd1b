// CSV lookup tables for the `lookup` command: files shipped beside a rule (`<name>.csv`), read with the
// CSV rules of RFC 4180 (a header row of field names; quoted values with doubled quotes; CRLF or LF).
// A table is named by its file name without `.csv`; `lookup <name>.csv ...` names the file directly.
// https://help.splunk.com/splunk-enterprise/manage-knowledge-objects/knowledge-management-manual/10.0/lookups/about-lookups
// Bad input (an unterminated quote, a row with more values than the header) is an InputError with the
// file and line.
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError } from '../../errors.js';
import { readBoundedText } from '../../read-bounded-text.js';

export interface LookupTable {
  name: string;
  file: string;
  fields: string[];
  rows: Map<string, string>[];
}

export class LookupLibrary {
  private readonly byName = new Map<string, LookupTable>();

  constructor(tables: Iterable<LookupTable> = []) {
    for (const t of tables) this.byName.set(t.name, t);
  }

  get(name: string): LookupTable | undefined {
    return this.byName.get(name) ?? this.byName.get(name.replace(/\.csv$/i, ''));
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }
}

/** Splits CSV text into records of values. */
export function parseCsv(text: string, file: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let value = '';
  let quoted = false;
  let line = 1;
  let quoteLine = 1;
  let i = 0;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const endValue = (): void => {
    record.push(value);
    value = '';
  };
  for (; i < body.length; i++) {
    const c = body[i] as string;
    if (quoted) {
      if (c === '"') {
        if (body[i + 1] === '"') {
          value += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        value += c;
      }
      continue;
    }
    if (c === '"' && value === '') {
      quoted = true;
      quoteLine = line;
    } else if (c === ',') endValue();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i++;
      endValue();
      records.push(record);
      record = [];
      line++;
    } else value += c;
  }
  if (quoted) throw new InputError('unterminated quoted value', { file, line: quoteLine, column: 1 });
  if (value !== '' || record.length > 0) {
    endValue();
    records.push(record);
  }
  return records.filter((r) => !(r.length === 1 && r[0] === ''));
}

export function parseLookupCsv(text: string, file: string, name = basename(file).replace(/\.csv$/i, '')): LookupTable {
  const records = parseCsv(text, file);
  const header = records[0];
  if (header === undefined || header.every((h) => h.trim() === '')) throw new InputError('a lookup file needs a header row of field names', { file, line: 1, column: 1 });
  const fields = header.map((h) => h.trim());
  const rows = records.slice(1).map((r, i) => {
    if (r.length > fields.length) throw new InputError(`row has ${r.length} values but the header names ${fields.length} fields`, { file, line: i + 2, column: 1 });
    return new Map(fields.map((f, j) => [f, r[j] ?? '']));
  });
  return { name, file, fields, rows };
}

/** Every `*.csv` file of a directory, named by its file name without `.csv`. */
export function loadLookupDirectory(dir: string): LookupLibrary {
  const tables: LookupTable[] = [];
  for (const entry of readdirSync(dir).sort()) {
    if (!/\.csv$/i.test(entry)) continue;
    const file = join(dir, entry);
    // Bounded like every configuration file (../../read-bounded-text.ts): a FIFO, a device or a table
    // over DTH_MAX_CONFIG_BYTES is refused by name instead of hanging or filling memory.
    tables.push(parseLookupCsv(readBoundedText(file, 'lookup table'), file));
  }
  return new LookupLibrary(tables);
}
