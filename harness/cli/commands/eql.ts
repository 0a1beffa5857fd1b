// `dth eql <query> --events <file.ndjson> [--mapping <mapping.json>]`: runs one EQL event query over
// documents with the embedded engine and prints the matching ids, one per line, in file order.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { evaluateNdjson } from '../../engines/eql/ndjson.js';
import { parseEql } from '../../engines/eql/parser.js';
import { InputError } from '../../errors.js';
import { parseMappingJson } from '../../mappings/field-types.js';
import { ecsFieldTypes } from '../../mappings/index-mapping.js';

function readInput(path: string, what: string): string {
  try {
    return path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${what}: ${(error as Error).message}`, { file: path });
  }
}

export function register(program: Command): void {
  program
    .command('eql')
    .description('run an EQL event query over ndjson documents with the embedded Elasticsearch semantics; prints matching ids')
    .argument('<query>', 'EQL query, e.g. \'process where process.args : "-netdev"\'')
    .requiredOption('--events <file>', 'ndjson file, one JSON document per line (nested objects or dotted keys); "-" reads stdin')
    .option('--mapping <file>', 'Elasticsearch mapping JSON ({"properties": ...} or {"mappings": {"properties": ...}}); default: ECS 9.5.0')
    .addHelpText(
      'after',
      `
A document's id is its "_id" field if present, else its 1-based line number.
Ids print in file order; exit 0 also when nothing matches.
Fields a document has but the mapping lacks are mapped dynamically: with the default ECS mapping as
a logs-*-* data stream maps them (ECS dynamic templates), with --mapping as a plain index does.
| head N / | tail N keep the first / last N matches in file order.
Exit 2 on a query error (with line:column) or a malformed line (with its number).`,
    )
    .action((query: string, opts: { events: string; mapping?: string }) => {
      const parsed = parseEql(query, '<query>');
      const fields = opts.mapping ? parseMappingJson(readInput(opts.mapping, 'mapping'), opts.mapping) : ecsFieldTypes();
      const text = readInput(opts.events, 'events');
      const matches = evaluateNdjson(parsed, text, opts.events, fields);
      process.stdout.write(matches.map((m) => m.id + '\n').join(''));
    });
}
