// The floor `dth eql` is measured against: one pass over an ndjson file that does nothing but JSON.parse
// each line (read in blocks by the same reader, harness/line-reader.ts). Prints the number of objects.
// Usage: node dist/bench/json-parse-floor.js <file>
import { forEachLine } from '../harness/line-reader.js';

let objects = 0;
forEachLine(process.argv[2] as string, (text) => {
  if (text === '') return;
  const value: unknown = JSON.parse(text);
  if (typeof value === 'object' && value !== null) objects++;
});
process.stdout.write(`${objects}\n`);
