// Loads an Elastic detection rule from its detection-rules TOML file (`[metadata]`, `[rule]`,
// `[[rule.threat]]`), as published in elastic/detection-rules. Only EQL rules are supported here;
// anything else fails with the file, the key and the reason.
// Format: https://github.com/elastic/detection-rules (rules/**/*.toml; schema in detection_rules/schemas)
import { parse as parseToml, TomlError } from 'smol-toml';
import { InputError } from '../errors.js';
import { tomlStringOffsets, tomlValueStart } from './query-origin.js';
import type { AttackMapping, AttackTechnique, EqlRule } from './rule.js';
import { readBoundedText } from '../read-bounded-text.js';

type Table = Record<string, unknown>;

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Reads and validates a detection-rules TOML file. Throws InputError naming file, key and reason. */
export function loadElasticRule(path: string): EqlRule {
  return parseElasticRule(readBoundedText(path, 'rule file'), path);
}

export function parseElasticRule(text: string, file: string): EqlRule {
  let doc: Table;
  try {
    doc = parseToml(text) as Table;
  } catch (error) {
    if (error instanceof TomlError) {
      throw new InputError(`invalid TOML: ${error.message.split('\n')[0]}`, { file, line: error.line, column: error.column }, text);
    }
    throw error;
  }
  const keyLine = (key: string): number | undefined => {
    const re = new RegExp(`^\\s*${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*=`, 'm');
    const m = re.exec(text);
    if (!m) return undefined;
    return text.slice(0, m.index).split('\n').length;
  };
  const fail = (key: string, reason: string): never => {
    const line = keyLine(key.split('.').pop() as string);
    throw new InputError(`[${key}] ${reason}`, line === undefined ? { file } : { file, line, column: 1 }, line === undefined ? undefined : text);
  };
  const rule = doc['rule'];
  if (!isTable(rule)) return fail('rule', 'missing [rule] table');
  const str = (key: string, required = true): string | null => {
    const v = rule[key];
    if (v === undefined) return required ? fail(`rule.${key}`, 'is required') : null;
    if (typeof v !== 'string') return fail(`rule.${key}`, `must be a string, found ${typeof v}`);
    return v;
  };
  const strList = (key: string, required: boolean): string[] => {
    const v = rule[key];
    if (v === undefined) return required ? fail(`rule.${key}`, 'is required') : [];
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return fail(`rule.${key}`, 'must be an array of strings');
    return v as string[];
  };

  const type = str('type') as string;
  if (type !== 'eql') fail('rule.type', `rule type [${type}] is not supported: this loader reads EQL rules (type = "eql")`);
  const language = str('language') as string;
  if (language !== 'eql') fail('rule.language', `language [${language}] is not supported: expected "eql"`);
  const query = str('query') as string;
  if (query.trim() === '') fail('rule.query', 'is empty');
  const index = strList('index', true);
  if (index.length === 0) fail('rule.index', 'needs at least one index pattern');
  const riskScore = rule['risk_score'];
  if (typeof riskScore !== 'number' || !Number.isInteger(riskScore) || riskScore < 0 || riskScore > 100) {
    fail('rule.risk_score', 'must be an integer from 0 to 100');
  }
  const severity = str('severity') as string;
  if (!['low', 'medium', 'high', 'critical'].includes(severity)) fail('rule.severity', `must be low, medium, high or critical, found [${severity}]`);

  const queryStart = tomlValueStart(text, 'rule', 'query');
  return {
    siem: 'elastic',
    language: 'eql',
    id: str('rule_id') as string,
    name: str('name') as string,
    description: (str('description') as string).trim(),
    query,
    threat: parseThreat(rule['threat'], fail),
    references: strList('references', false),
    sourceFile: file,
    ...(queryStart < 0 ? {} : { queryOrigin: { fileText: text, offsets: tomlStringOffsets(text, queryStart, query) } }),
    type,
    severity,
    riskScore: riskScore as number,
    index,
    from: str('from', false),
    interval: str('interval', false),
    maxSignals: maxSignals(rule['max_signals'], fail),
    timestampOverride: str('timestamp_override', false),
  };
}

function maxSignals(value: unknown, fail: (key: string, reason: string) => never): number | null {
  if (value === undefined) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) return fail('rule.max_signals', 'must be a positive integer');
  return value;
}

function parseThreat(value: unknown, fail: (key: string, reason: string) => never): AttackMapping[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return fail('rule.threat', 'must be an array of tables ([[rule.threat]])');
  return value.map((entry, i) => {
    const at = `rule.threat[${i}]`;
    if (!isTable(entry)) return fail(at, 'must be a table');
    if (typeof entry['framework'] !== 'string') return fail(`${at}.framework`, 'is required');
    const tactic = entry['tactic'];
    if (tactic !== undefined && (!isTable(tactic) || typeof tactic['id'] !== 'string')) fail(`${at}.tactic`, 'needs an id');
    const techniques = entry['technique'] ?? [];
    if (!Array.isArray(techniques)) return fail(`${at}.technique`, 'must be an array of tables');
    return {
      framework: entry['framework'],
      tactic: isTable(tactic) ? { id: tactic['id'] as string, name: optionalString(tactic['name']), reference: optionalString(tactic['reference']) } : undefined,
      techniques: techniques.map((t, j) => parseTechnique(t, `${at}.technique[${j}]`, fail)),
    };
  });
}

function parseTechnique(value: unknown, at: string, fail: (key: string, reason: string) => never): AttackTechnique {
  if (!isTable(value) || typeof value['id'] !== 'string') return fail(at, 'needs an id');
  const subs = value['subtechnique'];
  if (subs !== undefined && !Array.isArray(subs)) fail(`${at}.subtechnique`, 'must be an array of tables');
  const technique: AttackTechnique = { id: value['id'], name: optionalString(value['name']), reference: optionalString(value['reference']) };
  if (Array.isArray(subs) && subs.length > 0) technique.subtechniques = subs.map((s, k) => parseTechnique(s, `${at}.subtechnique[${k}]`, fail));
  return technique;
}

function optionalString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
