// A Splunk rule as a scan runs it: the search with its macros expanded and parsed (the embedded SPL
// engine's prepareSearch and checkSearch), cut before its first transforming command. The part kept is
// what decides, event by event, whether the rule would fire on an event
// (https://help.splunk.com/splunk-enterprise/search/search-manual/9.4/search-primer/types-of-commands:
// streaming commands apply to each event on its own; transforming commands build the results table).
import { loadMacrosFile } from '../backends/embedded-splunk.js';
import { checkSearch, prepareSearch, type PreparedSearch } from '../engines/spl/engine.js';
import { inRuleFile } from '../rules/rule-files.js';
import { isTransforming } from '../engines/spl/commands/index.js';
import { perEvent } from '../engines/spl/stream-search.js';
import type { MacroLibrary } from '../engines/spl/macros.js';
import { forEachSubsearch } from '../engines/spl/subsearch.js';
import { InputError, positionAt } from '../errors.js';
import type { SplRule } from '../rules/rule.js';

/** Generating commands: their rows are built from the whole store (a data model, a lookup), not per event. */
const GENERATING: ReadonlySet<string> = new Set(['tstats', 'inputlookup']);

export function readMacros(file: string): MacroLibrary {
  return loadMacrosFile(file);
}

function label(rule: SplRule): string {
  return `${rule.sourceFile} [query of rule ${rule.id}]`;
}

/** Expands, parses and checks the rule; returns its event-level part. InputError (file, position, reason) when it cannot run. */
export function prepareEventLevel(rule: SplRule, macros: MacroLibrary): PreparedSearch {
  const prepared = inRuleFile(rule, () => {
    const search = prepareSearch(rule.query, macros, label(rule));
    checkSearch(search, { binWithoutField: 'time' }, label(rule));
    return search;
  });
  const commands = prepared.pipeline.commands;
  let cut = commands.findIndex((c, i) => i > 0 && isTransforming(c));
  if (cut < 0) cut = commands.length;
  if (commands[0] !== undefined && isTransforming(commands[0])) cut = 0;
  const first = commands[0];
  if (first !== undefined && GENERATING.has(first.name.toLowerCase())) {
    throw new InputError(`dth scan decides event by event whether a rule fires; the rule starts with \`${first.name}\`, which builds its rows from all events at once, so it cannot be scanned`, { file: rule.sourceFile });
  }
  let subsearch = false;
  forEachSubsearch(prepared.pipeline, () => (subsearch = true));
  if (subsearch) {
    throw new InputError('dth scan decides event by event whether a rule fires; a subsearch ([...]) depends on all events, so this rule cannot be scanned', { file: rule.sourceFile });
  }
  const eventLevel = commands.slice(0, cut);
  // Commands after the base search whose answer for an event depends on other events (dedup, head,
  // sort, eventstats, fillnull without a field list, ...): a chunk's events are not all the events.
  const ctx = { query: prepared.expanded.text, options: { binWithoutField: 'time' as const }, notes: new Set<string>() };
  const bad = eventLevel.slice(1).find((c) => !perEvent(c, ctx));
  if (bad !== undefined) {
    const at = positionAt(prepared.expanded.text, bad.nameSpan.start);
    throw new InputError(
      `dth scan decides event by event whether a rule fires; \`${bad.name}\` before the first transforming command depends on other events, so this rule cannot be scanned (query after macro expansion, line ${at.line}, column ${at.column})`,
      { file: rule.sourceFile },
    );
  }
  return { expanded: prepared.expanded, pipeline: { ...prepared.pipeline, commands: eventLevel } };
}
