// Loads Splunk rules from their native files. One loader, three forms, detected from the content:
// - detection-catalog YAML: `logic` + `logic_format: Splunk` (id, title, description, techniques,
//   technique_id, references), e.g. rules/splunk/qemu_network_tunneling_windows.yml;
// - Splunk security_content detection YAML: `search:` (id, name, description, tags.mitre_attack_id,
//   references), https://github.com/splunk/security_content (detections/**/*.yml);
// - savedsearches.conf: every stanza with a `search =` setting (continuation lines joined), with
//   `description` and the ES `action.correlationsearch.annotations` JSON when present:
//   https://help.splunk.com/en/data-management/splunk-enterprise-admin-manual/10.0/10.0.0-configuration-file-reference/savedsearches.conf
// Errors are InputErrors naming the file, the key (and line when known) and the reason.
import { isMap, parseDocument } from 'yaml';
import { InputError, positionAt } from '../errors.js';
import { parseConfFile } from '../engines/spl/conf-file.js';
import { yamlToJs } from '../yaml-document.js';
import { confValueOffsets, yamlBlockOffsets, yamlFlowOffsets, type QueryOrigin } from './query-origin.js';
import type { AttackMapping, AttackTechnique, SplRule } from './rule.js';
import { readBoundedText } from '../read-bounded-text.js';

/** MITRE ATT&CK Enterprise tactics by the slug the catalog writes before ':' in `techniques`. */
const TACTICS: Record<string, { id: string; name: string }> = {
  reconnaissance: { id: 'TA0043', name: 'Reconnaissance' },
  'resource-development': { id: 'TA0042', name: 'Resource Development' },
  'initial-access': { id: 'TA0001', name: 'Initial Access' },
  execution: { id: 'TA0002', name: 'Execution' },
  persistence: { id: 'TA0003', name: 'Persistence' },
  'privilege-escalation': { id: 'TA0004', name: 'Privilege Escalation' },
  'defense-evasion': { id: 'TA0005', name: 'Defense Evasion' },
  'credential-access': { id: 'TA0006', name: 'Credential Access' },
  discovery: { id: 'TA0007', name: 'Discovery' },
  'lateral-movement': { id: 'TA0008', name: 'Lateral Movement' },
  collection: { id: 'TA0009', name: 'Collection' },
  'command-and-control': { id: 'TA0011', name: 'Command and Control' },
  exfiltration: { id: 'TA0010', name: 'Exfiltration' },
  impact: { id: 'TA0040', name: 'Impact' },
};

function techniqueRef(id: string): string {
  return `https://attack.mitre.org/techniques/${id.replace('.', '/')}/`;
}

/** Reads every Splunk rule a file holds (a .conf file may hold several). */
export function loadSplunkRules(path: string): SplRule[] {
  return parseSplunkRules(readBoundedText(path, 'rule file'), path);
}

/** The same, from text already read (`path` labels errors and rules). */
export function parseSplunkRules(text: string, path: string): SplRule[] {
  if (/\.conf$/i.test(path) || /^\s*\[[^\]\n]+\]\s*$/m.test(text.split('\n').find((l) => l.trim() !== '' && !l.trim().startsWith('#')) ?? '')) {
    return fromSavedSearches(text, path);
  }
  return [fromYaml(text, path)];
}

type YamlObject = Record<string, unknown>;

function fromYaml(text: string, file: string): SplRule {
  const doc = parseDocument(text, { prettyErrors: false });
  const first = doc.errors[0];
  if (first !== undefined) {
    const at = positionAt(text, first.pos[0]);
    throw new InputError(`not valid YAML: ${first.message.split('\n')[0]}`, { file, line: at.line, column: at.column }, text);
  }
  if (!isMap(doc.contents)) throw new InputError('expected a YAML mapping (a Splunk rule), found something else', { file, line: 1, column: 1 }, text);
  const obj = yamlToJs(doc, text, file) as YamlObject;
  const lineOf = (key: string): number | undefined => {
    const node = doc.contents && isMap(doc.contents) ? doc.contents.items.find((p) => (p.key as { value?: unknown })?.value === key) : undefined;
    const offset = (node?.key as { range?: [number, number, number] } | undefined)?.range?.[0];
    return offset === undefined ? undefined : positionAt(text, offset).line;
  };
  const originOf = (key: string, query: string): QueryOrigin | undefined => {
    const pair = isMap(doc.contents) ? doc.contents.items.find((p) => (p.key as { value?: unknown })?.value === key) : undefined;
    const node = pair?.value as { type?: string; range?: [number, number, number] } | undefined;
    if (node?.range === undefined) return undefined;
    const [start, end] = node.range;
    const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
    return { fileText: text, offsets: block ? yamlBlockOffsets(text, start, query) : yamlFlowOffsets(text, start, end, query) };
  };
  const sourceOf = (key: string): string | undefined => {
    const pair = isMap(doc.contents) ? doc.contents.items.find((p) => (p.key as { value?: unknown })?.value === key) : undefined;
    const range = (pair?.value as { range?: [number, number, number] } | undefined)?.range;
    return range === undefined ? undefined : text.slice(range[0], range[1]).trim();
  };
  const fail = (key: string, reason: string): never => {
    const line = lineOf(key);
    throw new InputError(`key "${key}": ${reason}`, line === undefined ? { file } : { file, line, column: 1 }, text);
  };
  const str = (key: string, required: boolean): string => {
    const v = obj[key];
    if (v === undefined || v === null) return required ? fail(key, 'missing') : '';
    if (typeof v === 'number' || typeof v === 'boolean') {
      // An unquoted 29624.53380 is the number 29624.5338 and 1e400 is Infinity: never silently changed.
      const raw = sourceOf(key) ?? String(v);
      return fail(key, `YAML reads ${raw} as the ${typeof v} ${String(v)}, not as text; quote it: ${key}: '${raw}'`);
    }
    if (typeof v !== 'string') return fail(key, `expected a string, found ${Array.isArray(v) ? 'a list' : typeof v}`);
    return v;
  };
  const strList = (key: string, value: unknown): string[] => {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) return fail(key, 'expected a list');
    return value.map((v, i) => (typeof v === 'string' ? v : fail(key, `item ${i + 1}: expected a string`)));
  };

  if ('logic' in obj || 'logic_format' in obj) {
    const format = str('logic_format', true);
    if (format.toLowerCase() !== 'splunk') fail('logic_format', `expected "Splunk", found "${format}"`);
    const query = str('logic', true);
    if (query.trim() === '') fail('logic', 'the search is empty');
    const techniques = strList('techniques', obj.techniques);
    const ids = strList('technique_id', obj.technique_id);
    return {
      siem: 'splunk',
      language: 'spl',
      format: 'catalog-yaml',
      id: str('id', true),
      name: str('title', true),
      description: str('description', false).trim(),
      query,
      threat: catalogThreat(ids, techniques),
      references: strList('references', obj.references),
      sourceFile: file,
      ...withOrigin(originOf('logic', query)),
    };
  }
  if ('search' in obj) {
    const query = str('search', true);
    if (query.trim() === '') fail('search', 'the search is empty');
    const tags = obj.tags;
    if (tags !== undefined && tags !== null && (typeof tags !== 'object' || Array.isArray(tags))) fail('tags', 'expected a mapping');
    const mitre = strList('tags.mitre_attack_id', (tags as YamlObject | undefined)?.mitre_attack_id);
    const techniques: AttackTechnique[] = mitre.map((id) => ({ id, reference: techniqueRef(id) }));
    return {
      siem: 'splunk',
      language: 'spl',
      format: 'security-content-yaml',
      id: str('id', true),
      name: str('name', true),
      description: str('description', false).trim(),
      query,
      threat: techniques.length > 0 ? [{ framework: 'MITRE ATT&CK', techniques }] : [],
      references: strList('references', obj.references),
      sourceFile: file,
      ...withOrigin(originOf('search', query)),
    };
  }
  throw new InputError('not a Splunk rule: expected "logic" with "logic_format: Splunk" (detection catalog) or "search" (security_content)', { file, line: 1, column: 1 }, text);
}

function withOrigin(origin: QueryOrigin | undefined): { queryOrigin?: QueryOrigin } {
  return origin === undefined ? {} : { queryOrigin: origin };
}

/** `technique_id` pairs with `techniques` by position; the slug before ':' names the tactic. */
function catalogThreat(ids: string[], techniques: string[]): AttackMapping[] {
  const byTactic = new Map<string, AttackMapping>();
  const untactic: AttackTechnique[] = [];
  ids.forEach((id, i) => {
    const entry = techniques[i];
    const [slug, name] = entry !== undefined && entry.includes(':') ? [entry.slice(0, entry.indexOf(':')), entry.slice(entry.indexOf(':') + 1)] : [undefined, entry];
    const technique: AttackTechnique = { id, reference: techniqueRef(id), ...(name ? { name } : {}) };
    const tactic = slug === undefined ? undefined : TACTICS[slug];
    if (tactic === undefined) return void untactic.push(technique);
    let m = byTactic.get(tactic.id);
    if (m === undefined) {
      m = { framework: 'MITRE ATT&CK', tactic: { ...tactic, reference: `https://attack.mitre.org/tactics/${tactic.id}/` }, techniques: [] };
      byTactic.set(tactic.id, m);
    }
    m.techniques.push(technique);
  });
  const out = [...byTactic.values()];
  if (untactic.length > 0) out.push({ framework: 'MITRE ATT&CK', techniques: untactic });
  return out;
}

function fromSavedSearches(text: string, file: string): SplRule[] {
  const rules: SplRule[] = [];
  for (const stanza of parseConfFile(text, file)) {
    const search = stanza.settings.get('search');
    if (search === undefined) continue;
    if (stanza.name === 'default' && stanza.line === 0) {
      throw new InputError('key "search": set before any [stanza] header', { file, line: search.line, column: 1 }, text);
    }
    if (search.value.trim() === '') throw new InputError(`stanza [${stanza.name}] key "search": the search is empty`, { file, line: search.line, column: 1 }, text);
    let threat: AttackMapping[] = [];
    const annotations = stanza.settings.get('action.correlationsearch.annotations');
    if (annotations !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(annotations.value);
      } catch (e) {
        throw new InputError(`stanza [${stanza.name}] key "action.correlationsearch.annotations": not JSON (${(e as Error).message})`, { file, line: annotations.line, column: 1 }, text);
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new InputError(`stanza [${stanza.name}] key "action.correlationsearch.annotations": expected a JSON object such as {"mitre_attack": ["T1572"]}, found ${parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : typeof parsed}`, { file, line: annotations.line, column: 1 }, text);
      }
      const ids = (parsed as { mitre_attack?: unknown }).mitre_attack;
      if (Array.isArray(ids) && ids.every((x) => typeof x === 'string')) {
        threat = [{ framework: 'MITRE ATT&CK', techniques: (ids as string[]).map((id) => ({ id, reference: techniqueRef(id) })) }];
      }
    }
    rules.push({
      siem: 'splunk',
      language: 'spl',
      format: 'savedsearches-conf',
      id: stanza.name,
      name: stanza.name,
      description: stanza.settings.get('description')?.value ?? '',
      query: search.value,
      threat,
      references: [],
      sourceFile: file,
      queryOrigin: { fileText: text, offsets: confValueOffsets(text, search.line, search.value) },
    });
  }
  if (rules.length === 0) throw new InputError('no saved search: no stanza has a "search" setting', { file, line: 1, column: 1 }, text);
  return rules;
}
