// Corpus figures: how much of the real production rule corpora the engines parse and can run.
// Usage: npm run corpus -- <corpus dir>   (a directory holding elastic-eql-rules.jsonl, the EQL rules
// of elastic/detection-rules, and splunk-detections.jsonl / splunk-macros.jsonl, the searches and
// macros of splunk/security_content, one record per line)
import { existsSync } from 'node:fs';
import { reportEqlCorpus } from './eql.js';
import { reportSplCorpus } from './spl.js';

async function main(): Promise<number> {
  const dir = process.argv[2];
  if (dir === undefined || !existsSync(dir)) {
    process.stderr.write('usage: npm run corpus -- <corpus dir holding elastic-eql-rules.jsonl, splunk-detections.jsonl, splunk-macros.jsonl>\n');
    return 2;
  }
  const write = (line: string): void => {
    process.stdout.write(line + '\n');
  };
  await reportEqlCorpus(dir, write);
  await reportSplCorpus(dir, write);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`corpus: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 3;
  },
);
