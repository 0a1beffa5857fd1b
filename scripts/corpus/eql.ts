// Corpus figures for the EQL engine: parses every query of elastic-eql-rules.jsonl (the published
// detection-rules corpus, Elastic License 2.0) and prints `eql parse: N/total`; runs each one
// (event query, sequence or sample) over a few ECS documents and prints `eql runnable: N/total`,
// listing every query that cannot run and why; and runs Elasticsearch's EQL spec suite
// (test/fixtures/eql) printing `eql spec: N/M` per file and `eql spec sequences: N/132`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileEql, DEFAULT_EVENT_CATEGORY_FIELD } from '../../harness/engines/eql/compile.js';
import { indexDocument } from '../../harness/engines/eql/mappings/document.js';
import { searchSamples, searchSequences } from '../../harness/engines/eql/sequence-search.js';
import { exceptionKey, FIGURE_SUITES, isSequenceOrSample, KNOWN_EXCEPTIONS, loadSpecs, loadSuiteBackend, runSpec, SUITES } from '../eql-spec/spec-suite.js';
import { parseEql } from '../../harness/engines/eql/parser.js';
import { ecsFieldTypes } from '../../harness/engines/eql/mappings/index-mapping.js';
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
  /** Queries that compile and evaluate (event queries, sequences, samples) against ECS with no unsupported feature. */
  runnable: number;
  notRunnable: { name: string; ruleId: string; error: string }[];
}

/** A few ECS process and network events for every query to run over (values only need to exist). */
function probeDocuments(): Record<string, unknown>[] {
  const base = (i: number, category: string): Record<string, unknown> => ({
    '@timestamp': new Date(Date.UTC(2026, 2, 2, 10, 0, i)).toISOString(),
    event: { category, type: 'start', action: 'exec' },
    host: { id: 'h1', name: 'host-1', os: { type: 'windows' } },
    user: { id: 'u1', name: 'alice' },
    process: { entity_id: `p${i}`, pid: 100 + i, name: 'cmd.exe', executable: 'C:\\Windows\\System32\\cmd.exe', args: ['cmd.exe', '/c'], command_line: 'cmd.exe /c', parent: { entity_id: 'p0', name: 'explorer.exe' } },
  });
  return [base(1, 'process'), base(2, 'network'), base(3, 'file'), base(4, 'registry'), base(5, 'process')];
}

/** Runs one parsed query over the probe documents; throws what the engine throws. */
function runOnProbe(query: ReturnType<typeof parseEql>, fields: ReturnType<typeof ecsFieldTypes>, docs: Record<string, unknown>[]): void {
  if (query.kind === 'EventQuery') {
    const predicate = compileEql(query, fields, { unmappedFieldsAsNull: true });
    for (const doc of docs) predicate(doc);
    return;
  }
  const index = { name: 'logs-endpoint.events.process-default', fields, docs: docs.map((source, seq) => ({ id: String(seq), source, seq })) };
  if (query.kind === 'SequenceQuery') searchSequences(query, [index], { eventCategoryField: DEFAULT_EVENT_CATEGORY_FIELD, timestampField: '@timestamp' });
  else searchSamples(query, [index], { eventCategoryField: DEFAULT_EVENT_CATEGORY_FIELD });
}

export function parseEqlCorpus(file: string): EqlCorpusResult {
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const failures: EqlCorpusResult['failures'] = [];
  const fields = ecsFieldTypes();
  let eventQueries = 0;
  let compiled = 0;
  let runnable = 0;
  const notRunnable: EqlCorpusResult['notRunnable'] = [];
  const docs = probeDocuments();
  for (const doc of docs) indexDocument(doc, fields);
  lines.forEach((line, index) => {
    const rule = JSON.parse(line) as CorpusRule;
    try {
      const query = parseEql(rule.query, `${rule.name}`);
      try {
        runOnProbe(query, fields, docs);
        runnable++;
      } catch (error) {
        const message = error instanceof InputError ? error.format() : `internal error: ${String(error)}`;
        notRunnable.push({ name: rule.name ?? `line ${index + 1}`, ruleId: rule.rule_id, error: message });
      }
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
  return { total: lines.length, parsed: lines.length - failures.length, failures, eventQueries, compiled, runnable, notRunnable };
}

export async function reportEqlCorpus(dir: string, write: (line: string) => void): Promise<void> {
  const result = parseEqlCorpus(join(dir, 'elastic-eql-rules.jsonl'));
  write(`eql parse: ${result.parsed}/${result.total}`);
  write(`eql compile (event queries, ECS mapping): ${result.compiled}/${result.eventQueries}`);
  for (const failure of result.failures) {
    write(`  FAIL ${failure.name} (${failure.ruleId})`);
    for (const line of failure.error.split('\n')) write(`    ${line}`);
  }
  write(`eql runnable: ${result.runnable}/${result.total}`);
  for (const failure of result.notRunnable) {
    write(`  NOT RUNNABLE ${failure.name} (${failure.ruleId})`);
    for (const line of failure.error.split('\n')) write(`    ${line}`);
  }
  await reportEqlSpec(write);
}

/** Elasticsearch's EQL spec suite on the embedded engine (string fields mapped as keyword). */
async function reportEqlSpec(write: (line: string) => void): Promise<void> {
  const backend = await loadSuiteBackend('keyword');
  let sequencesAgree = 0;
  let sequencesTotal = 0;
  const exceptions: string[] = [];
  for (const suite of SUITES) {
    const specs = loadSpecs(suite.file);
    const outcomes = specs.map((spec) => runSpec(backend, suite, spec));
    write(`eql spec: ${outcomes.filter((o) => o.failure === null).length}/${specs.length} ${suite.file} on ${suite.index}`);
    for (const o of outcomes) {
      if (o.failure === null) continue;
      const reason = KNOWN_EXCEPTIONS.get(exceptionKey(suite.file, suite.index, o.spec.name));
      write(`  ${reason ? 'EXCEPTION' : 'FAIL'} ${o.spec.name}: ${o.failure}`);
      if (reason) exceptions.push(`${o.spec.name}: ${reason}`);
    }
    if (FIGURE_SUITES.includes(suite)) {
      const sequenceOutcomes = outcomes.filter((o) => isSequenceOrSample(o.spec.query));
      sequencesTotal += sequenceOutcomes.length;
      sequencesAgree += sequenceOutcomes.filter((o) => o.failure === null).length;
    }
  }
  write(`eql spec sequences: ${sequencesAgree}/${sequencesTotal}`);
  for (const e of exceptions) write(`  documented exception ${e}`);
}
