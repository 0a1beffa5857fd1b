// Helpers for the scan tests: plans built from rule files or from query text, a chunk run in the test's
// own thread, and a JSON writer that escapes characters the way other producers do (`\uXXXX`, `\/`).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEql } from '../../harness/engines/eql/parser.js';
import { referencedFields } from '../../harness/engines/eql/ast.js';
import { scanFieldTypes } from '../../harness/scan/elastic-records.js';
import { ChunkProcessor } from '../../harness/scan/chunk-processor.js';
import { eqlPrefilter } from '../../harness/scan/prefilter/eql.js';
import { toCnf } from '../../harness/scan/prefilter/formula.js';
import { DEFAULT_LIMITS, type ChunkResult, type ScanPlan } from '../../harness/scan/types.js';
import type { EqlRule } from '../../harness/rules/rule.js';

const made: string[] = [];

/** A fresh temporary directory, removed by removeTempDirs(). */
export function tempDir(prefix = 'dth-scan-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function writeTemp(dir: string, name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** An EQL rule over every index, from query text. */
export function eqlRule(id: string, query: string): EqlRule {
  return {
    siem: 'elastic',
    language: 'eql',
    id,
    name: id,
    description: '',
    query,
    threat: [],
    references: [],
    sourceFile: `<${id}>`,
    type: 'eql',
    severity: 'low',
    riskScore: 1,
    index: ['*'],
    from: null,
    timestampOverride: null,
  };
}

/** A plan for Elastic rules over ndjson with ECS field types; `prefilter` decides whether CNFs are derived. */
export function elasticPlan(rules: EqlRule[], prefilter: boolean): ScanPlan {
  const queries = rules.map((rule) => parseEql(rule.query, rule.sourceFile));
  const fields = scanFieldTypes('', null, queries.flatMap((q) => referencedFields(q).map((f) => f.name)));
  return {
    format: 'ndjson',
    siem: 'elastic',
    rules: rules.map((rule, i) => {
      const cnf = toCnf(eqlPrefilter(queries[i] as (typeof queries)[number], fields));
      return { rule, cnf: prefilter && cnf.length > 0 ? cnf : null };
    }),
    prefilter,
    limits: { ...DEFAULT_LIMITS, maxMatches: 1_000_000, maxMalformed: 1_000_000 },
    elastic: { defaultIndex: null, mappingFile: null, raw: null, profile: null },
    splunk: null,
  };
}

const processors = new WeakMap<ScanPlan, Promise<ChunkProcessor>>();

/** The plan's chunk processor (one per plan, as a worker keeps one), loading its engine once. */
export function processorFor(plan: ScanPlan): Promise<ChunkProcessor> {
  let p = processors.get(plan);
  if (p === undefined) {
    p = ChunkProcessor.create(plan);
    processors.set(plan, p);
  }
  return p;
}

/** Runs one chunk in this thread. */
export function runChunk(processor: ChunkProcessor, text: string | Buffer): Omit<ChunkResult, 'seq' | 'input'> {
  const buffer = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return processor.process({ buffer, length: buffer.length, csvHeader: null });
}

/** Per rule, the lines that matched. */
export function matchedLines(result: Omit<ChunkResult, 'seq' | 'input'>): number[][] {
  return result.rules.map((r) => r.first.map((m) => m.line));
}

/**
 * JSON text of `value` where each character of a string may be escaped: `escape(i)` is asked for every
 * character and answers `\uXXXX`, `\/` (for `/`) or nothing. Object keys are written plainly.
 */
export function jsonEscaped(value: unknown, escape: (ch: string) => boolean): string {
  if (typeof value === 'string') {
    let out = '"';
    for (const ch of value) {
      const plain = JSON.stringify(ch).slice(1, -1);
      if (!escape(ch)) out += plain;
      else if (ch === '/') out += '\\/';
      else for (let k = 0; k < ch.length; k++) out += `\\u${ch.charCodeAt(k).toString(16).padStart(4, '0')}`;
    }
    return out + '"';
  }
  if (Array.isArray(value)) return `[${value.map((v) => jsonEscaped(v, escape)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${JSON.stringify(k)}:${jsonEscaped(v, escape)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
