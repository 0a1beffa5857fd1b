// Corpus figures for the embedded SPL engine: how many of security_content's 1711 detection searches
// parse (macros expanded from the corpus's macro list) and how many it could run: `spl runnable` counts
// the searches that pass the same check a run makes before reading data (every command, eval and stats
// function, option and search field supported); `spl every command supported` counts those whose
// commands alone are all supported. Each failure is listed with the search name and the error.
//
// Macros the corpus does not define, supplied here as the environment a search runs in:
// - `<detection>_filter`: contentctl generates one per detection, definition `search *`, when the
//   repository has none (splunk/contentctl: contentctl/objects/abstract_security_content_objects/
//   detection_abstract.py, getDetectionMacros);
// - `drop_dm_object_name(1)`: Splunk_SA_CIM's macro that strips a data-model prefix from field names,
//   `rename $object$.* AS *` (contentctl lists it as part of CIM: contentctl/objects/macro.py);
// - `cim_corporate_web_domain_search(1)` (CIM) and `get_asset(1)` (Enterprise Security): their app
//   definitions are not public; stand-ins with the same shape (a search predicate over the argument
//   field, a lookup command on it) are used, so only the parse figure depends on them, and the number of
//   searches that use a stand-in is printed.
// security_content's lookup files (lookups/*.csv) are not in the corpus: a search that reads one is not
// runnable here, and its line names the table.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MacroLibrary, type MacroDefinition, parseMacrosJsonl } from '../../harness/engines/spl/macros.js';
import { checkSearch, prepareSearch } from '../../harness/engines/spl/engine.js';
import { SUPPORTED_COMMANDS } from '../../harness/engines/spl/commands/index.js';
import type { Pipeline } from '../../harness/engines/spl/ast.js';

interface Detection {
  name: string;
  search: string;
  source?: string;
}

const STAND_INS: MacroDefinition[] = [
  { name: 'cim_corporate_web_domain_search', args: ['field'], definition: '$field$="*.example.com"', iseval: false, origin: 'stand-in (CIM, not public)' },
  { name: 'get_asset', args: ['field'], definition: 'lookup asset_lookup_by_str asset AS $field$', iseval: false, origin: 'stand-in (Enterprise Security, not public)' },
];

/** The macros a corpus search runs with besides the corpus list: see the header. */
export function corpusEnvironment(detections: { name: string }[]): MacroLibrary {
  const defs: MacroDefinition[] = [
    { name: 'drop_dm_object_name', args: ['object'], definition: 'rename $object$.* AS *', iseval: false, origin: 'Splunk_SA_CIM' },
    ...STAND_INS,
  ];
  for (const d of detections) {
    const name = d.name.replace(/ /g, '_').replace(/-/g, '_').replace(/\./g, '_').replace(/\//g, '_').toLowerCase() + '_filter';
    defs.push({ name, args: [], definition: 'search *', iseval: false, origin: 'contentctl filter macro' });
  }
  return new MacroLibrary(defs);
}

/** Every command of the pipeline (subsearches not counted: they are refused as a whole) is one the engine runs. */
function commandsSupported(p: Pipeline): boolean {
  return p.commands.every((c) => SUPPORTED_COMMANDS.has(c.name.toLowerCase()));
}

/** One reason for every missing lookup table (each search's own line still names its table). */
function groupReason(reason: string): string {
  return reason.replace(/lookup table "[^"]*" is not defined: .*$/, 'lookup table not shipped (the corpus has no lookup files; each search below names its table)');
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

export async function reportSplCorpus(dir: string, write: (line: string) => void): Promise<void> {
  const detectionsFile = join(dir, 'splunk-detections.jsonl');
  const macrosFile = join(dir, 'splunk-macros.jsonl');
  const detections: Detection[] = readFileSync(detectionsFile, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      const o = JSON.parse(l) as Partial<Detection>;
      if (typeof o.name !== 'string' || typeof o.search !== 'string') throw new Error(`${detectionsFile}:${i + 1}: expected {name, search}`);
      return { name: o.name, search: o.search };
    });
  const macros = corpusEnvironment(detections).merge(parseMacrosJsonl(readFileSync(macrosFile, 'utf8'), macrosFile));
  const standInNames = STAND_INS.map((m) => m.name);
  let parsed = 0;
  let runnable = 0;
  let commandsOk = 0;
  let usingStandIns = 0;
  const failures: string[] = [];
  const reasons = new Map<string, number>();
  for (const d of detections) {
    if (standInNames.some((n) => d.search.includes('`' + n))) usingStandIns++;
    let prepared;
    try {
      prepared = prepareSearch(d.search, macros, d.name);
      parsed++;
      if (commandsSupported(prepared.pipeline)) commandsOk++;
    } catch (e) {
      failures.push(`spl parse failed: ${d.name}: ${firstLine((e as Error).message)}`);
      continue;
    }
    try {
      checkSearch(prepared, {}, d.name);
      runnable++;
    } catch (e) {
      const message = firstLine((e as Error).message);
      failures.push(`spl not runnable: ${d.name}: ${message}`);
      const reason = groupReason(message.replace(/ \(in the expansion of .*$/, ''));
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
  }
  write(`spl parse: ${parsed}/${detections.length}`);
  write(`spl runnable: ${runnable}/${detections.length}`);
  write(`spl every command supported: ${commandsOk}/${detections.length}`);
  write(`spl searches using a stand-in macro (${standInNames.join(', ')}): ${usingStandIns}`);
  const top = [...reasons.entries()].sort((a, b) => b[1] - a[1]);
  for (const [reason, n] of top) write(`spl not runnable because ${reason}: ${n}`);
  for (const f of failures) write(f);
}
