// Corpus figure for the EQL parser: parses every query of elastic-eql-rules.jsonl (the published
// detection-rules corpus, Elastic License 2.0) and prints `eql parse: N/total`, then each failure.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileEql } from '../../harness/engines/eql/compile.js';
import { parseEql } from '../../harness/engines/eql/parser.js';
import { ecsFieldTypes } from '../../harness/mappings/index-mapping.js';
import { InputError } from '../../harness/errors.js';

interface CorpusRule {
  rule_id: string;
  name: string;
  query: string;
  source?: string;
}

export interface EqlCorpusResult {
  total: number;
  parsed: number;
  failures: { name: string; ruleId: string; error: string }[];
  /** Event queries (not sequences/samples) among the parsed ones, and how many compile against ECS. */
  eventQueries: number;
  compiled: number;
}

export function parseEqlCorpus(file: string): EqlCorpusResult {
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const failures: EqlCorpusResult['failures'] = [];
  const fields = ecsFieldTypes();
  let eventQueries = 0;
  let compiled = 0;
  lines.forEach((line, index) => {
    const rule = JSON.parse(line) as CorpusRule;
    try {
      const query = parseEql(rule.query, `${rule.name}`);
      if (query.kind === 'EventQuery') {
        eventQueries++;
        try {
          // Fields outside ECS (integration fields) read as absent, as in an index that lacks them.
          compileEql(query, fields, { unmappedFieldsAsNull: true });
          compiled++;
        } catch {
          // counted, not listed: the parse figure is the contract
        }
      }
    } catch (error) {
      const message = error instanceof InputError ? error.format() : `internal error: ${String(error)}`;
      failures.push({ name: rule.name ?? `line ${index + 1}`, ruleId: rule.rule_id, error: message });
    }
  });
  return { total: lines.length, parsed: lines.length - failures.length, failures, eventQueries, compiled };
}

export async function reportEqlCorpus(dir: string, write: (line: string) => void): Promise<void> {
  const result = parseEqlCorpus(join(dir, 'elastic-eql-rules.jsonl'));
  write(`eql parse: ${result.parsed}/${result.total}`);
  write(`eql compile (event queries, ECS mapping): ${result.compiled}/${result.eventQueries}`);
  for (const failure of result.failures) {
    write(`  FAIL ${failure.name} (${failure.ruleId})`);
    for (const line of failure.error.split('\n')) write(`    ${line}`);
  }
}
