// Building a scan from the command line: load the rules from their native files, decide the input
// format and SIEM, apply the data source, check that every rule can run (before any data is read), and
// derive each rule's literal prefilter.
import type { DeploymentProfile } from '../model/profile.js';
import { dataSourceById, DATA_SOURCE_IDS, type DataSource } from '../../generators/data-sources.js';
import { compileEql } from '../engines/eql/compile.js';
import { parseEql } from '../engines/eql/parser.js';
import { InputError } from '../errors.js';
import { fromRoot } from '../paths.js';
import { resolveIndexPatterns } from '../backends/index-patterns.js';
import { DEFAULT_MACROS_FILE } from '../backends/embedded-splunk.js';
import type { EqlRule, Rule, SplRule } from '../rules/rule.js';
import { inRuleFile, loadRuleFile } from '../rules/rule-files.js';
import { assertUniqueRuleIds } from '../rules/rule-set.js';
import { requiredFieldGroups } from './required-fields.js';
import { isRawSourceId, RAW_SOURCE_IDS, type RawSourceId } from './types.js';
import { baseFieldTypes, readMappingFile, scanFieldTypes } from './elastic-records.js';
import { eqlPrefilter } from './prefilter/eql.js';
import { toCnf, type Cnf } from './prefilter/formula.js';
import { splPrefilter } from './prefilter/spl.js';
import { prepareEventLevel, readMacros } from './splunk-rules.js';
import { DEFAULT_LIMITS, type PlannedRule, type ScanFormat, type ScanLimits, type ScanPlan } from './types.js';
import { referencedFields, type EqlQuery } from '../engines/eql/ast.js';

export interface PlanOptions {
  ruleFiles: string[];
  /** Paths of the inputs (used to recognise `.csv` / `.csv.gz`). */
  inputPaths: string[];
  source?: string;
  format?: ScanFormat;
  prefilter: boolean;
  mappingFile?: string;
  /** Deployment profile whose index settings (Fleet field limits, logsdb) the Elastic indices get. */
  profile?: DeploymentProfile;
  macrosFile?: string;
  limits?: Partial<ScanLimits>;
  /** The records are raw vendor records of --source, mapped to ECS before the rules see them. */
  raw?: boolean;
}

export interface BuiltPlan {
  plan: ScanPlan;
  /** Per rule, what the report should say about it before any data is read. */
  ruleNotes: string[][];
  /** Per rule, its required field groups (required-fields.ts; Elastic); none for SPL (its terms match the raw text). */
  ruleFieldGroups: string[][][];
  dataSource: DataSource | null;
}

/** Every rule a file holds (harness/rules/rule-files.ts picks the loader by extension). */
export function loadRules(path: string): Rule[] {
  const rules = loadRuleFile(path).map((loaded) => loaded.rule);
  if (rules.length === 0) throw new InputError('the file holds no rule (no stanza with a search)', { file: path });
  return rules;
}

function isCsvPath(path: string): boolean {
  return /\.csv(\.gz)?$/i.test(path);
}

function decideFormat(siem: 'elastic' | 'splunk', options: PlanOptions): ScanFormat {
  const format = options.format ?? (options.inputPaths.some(isCsvPath) ? 'csv' : siem === 'elastic' ? 'ndjson' : 'splunk-json');
  if (siem === 'elastic' && format !== 'ndjson') {
    throw new InputError(`--format ${format} holds Splunk exports; Elastic rules read ECS documents as ndjson (one JSON document per line)`);
  }
  if (siem === 'splunk' && format === 'ndjson') {
    throw new InputError('--format ndjson holds ECS documents for Elastic rules; Splunk rules read Splunk exports: --format splunk-json or csv');
  }
  return format;
}

function resolveSource(id: string | undefined, siem: 'elastic' | 'splunk'): DataSource | null {
  if (id === undefined) return null;
  const source = dataSourceById(id);
  if (source === undefined) throw new InputError(`unknown data source [${id}]; known: ${DATA_SOURCE_IDS.join(', ')}`);
  if (source.siem !== siem) throw new InputError(`data source [${id}] lands in ${source.siem === 'elastic' ? 'Elasticsearch' : 'Splunk'}, but the rules are ${siem === 'elastic' ? 'Elastic' : 'Splunk'} rules`);
  return source;
}

function rawSource(options: PlanOptions, source: DataSource | null): RawSourceId | null {
  if (options.raw !== true) return null;
  if (source === null || !isRawSourceId(source.id)) {
    throw new InputError(`--raw needs --source naming the vendor format of the records, one of: ${RAW_SOURCE_IDS.join(', ')}${source === null ? '' : ` (not ${source.id}, whose records are already ECS)`}`);
  }
  return source.id;
}

function cnfOrNull(cnf: Cnf, notes: string[]): Cnf | null {
  if (cnf.length > 0) return cnf;
  notes.push('no literal that every match must contain could be derived from the query: every line is parsed for this rule');
  return null;
}

function planElastic(rules: EqlRule[], options: PlanOptions, source: DataSource | null): { planned: PlannedRule[]; notes: string[][]; defaultIndex: string | null } {
  const defaultIndex = source?.siem === 'elastic' ? source.index : null;
  const mapping = options.mappingFile === undefined ? null : readMappingFile(options.mappingFile);
  const queries = rules.map((rule) => parseEql(rule.query, rule.sourceFile));
  const profile = options.profile ?? null;
  const base = baseFieldTypes(defaultIndex ?? '', mapping, profile);
  const fields = scanFieldTypes(defaultIndex ?? '', mapping, queries.flatMap((q) => referencedFields(q).map((f) => f.name)), profile);
  const notes: string[][] = [];
  const planned = rules.map((rule, i) => {
    const ruleNotes: string[] = [];
    const query = queries[i] as EqlQuery;
    // Verification errors and unsupported features (sequences) surface now, naming the rule file.
    inRuleFile(rule, () => compileEql(query, fields, { unmappedFieldsAsNull: true }));
    for (const ref of referencedFields(query)) {
      if (base.get(ref.name) !== undefined) continue;
      const mapped = fields.get(ref.name);
      ruleNotes.push(
        mapped === undefined
          ? `field ${ref.name} is not in the mapping and cannot be mapped dynamically: it reads as null`
          : `field ${ref.name} is not in the mapping: mapped as [${mapped.type}], as dynamic mapping maps a string value`,
      );
    }
    if (query.pipes.length > 0) ruleNotes.push('pipes (| head, | tail) are not applied: every matching event is counted');
    if (defaultIndex !== null && resolveIndexPatterns(rule.index, [defaultIndex]).length === 0) {
      ruleNotes.push(`the rule's index patterns (${rule.index.join(', ')}) do not select [${defaultIndex}], the index of --source ${source?.id}: documents without their own _index never match`);
    }
    const cnf = options.prefilter ? cnfOrNull(toCnf(eqlPrefilter(query, fields)), ruleNotes) : null;
    notes.push(ruleNotes);
    return { rule, cnf };
  });
  return { planned, notes, defaultIndex };
}

function planSplunk(rules: SplRule[], options: PlanOptions, macrosFile: string): { planned: PlannedRule[]; notes: string[][] } {
  const macros = readMacros(macrosFile);
  const notes: string[][] = [];
  const planned = rules.map((rule) => {
    const ruleNotes: string[] = ['counted: events that pass the event-level part of the search (everything before its first transforming command)'];
    const prepared = prepareEventLevel(rule, macros);
    const cnf = options.prefilter ? cnfOrNull(toCnf(splPrefilter(prepared.pipeline)), ruleNotes) : null;
    notes.push(ruleNotes);
    return { rule, cnf };
  });
  return { planned, notes };
}

export function buildPlan(options: PlanOptions): BuiltPlan {
  if (options.ruleFiles.length === 0) throw new InputError('give at least one --rule <file>');
  const rules = options.ruleFiles.flatMap(loadRules);
  assertUniqueRuleIds(rules);
  const siems = new Set(rules.map((r) => r.siem));
  if (siems.size > 1) throw new InputError('the rules are for both Elastic and Splunk: a scan reads one SIEM\'s export; scan each SIEM\'s rules on its own data');
  const siem = rules[0]?.siem ?? 'elastic';
  const format = decideFormat(siem, options);
  const source = resolveSource(options.source, siem);
  const limits: ScanLimits = { ...DEFAULT_LIMITS, ...options.limits };
  if (siem === 'elastic') {
    if (options.macrosFile !== undefined) throw new InputError('--macros applies to Splunk rules only');
    const raw = rawSource(options, source);
    // The prefilter looks for the query's literals in the raw bytes; values the pipeline derives
    // (event.type "start") are not there in a vendor record, so raw records are all parsed.
    const prefilter = options.prefilter && raw === null;
    const { planned, notes, defaultIndex } = planElastic(rules as EqlRule[], { ...options, prefilter }, source);
    if (raw !== null) for (const ruleNotes of notes) ruleNotes.push(`--raw: ${raw} vendor records are mapped to ECS as its Elastic integration pipeline maps them, then evaluated; every record is parsed (no prefilter)`);
    return {
      plan: { format, siem, rules: planned, prefilter, limits, elastic: { defaultIndex, mappingFile: options.mappingFile ?? null, raw, profile: options.profile ?? null }, splunk: null },
      ruleNotes: notes,
      ruleFieldGroups: (rules as EqlRule[]).map((rule) => requiredFieldGroups(parseEql(rule.query, rule.sourceFile))),
      dataSource: source,
    };
  }
  if (options.mappingFile !== undefined) throw new InputError('--mapping applies to Elastic rules only');
  if (options.raw === true) throw new InputError('--raw applies to Elastic rules (raw vendor records mapped to ECS); Splunk rules read the exported _raw as it is');
  const macrosFile = options.macrosFile ?? fromRoot(DEFAULT_MACROS_FILE);
  const { planned, notes } = planSplunk(rules as SplRule[], options, macrosFile);
  const defaults = source?.siem === 'splunk' ? { index: source.index, sourcetype: source.sourcetype, source: source.source } : {};
  return {
    plan: { format, siem, rules: planned, prefilter: options.prefilter, limits, elastic: null, splunk: { macrosFile, defaults } },
    ruleNotes: notes,
    ruleFieldGroups: rules.map(() => []),
    dataSource: source,
  };
}
