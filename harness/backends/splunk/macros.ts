// The rule's macros, as the embedded engine read them from macros.conf, prepared for
// installation in a real Splunk: renamed when run-specific, with `index=` terms pointed at the run's
// indexes. Pure text transforms; installation is rest.ts.
// Installed settings: `definition`, `args`, `iseval`, `validation`, `errormsg`, `description`.
// https://help.splunk.com/en/splunk-enterprise/administer/admin-manual/9.4/configuration-file-reference/9.4.0-configuration-file-reference/macros.conf
// Macro calls in a search: `name` or `name(arg1,arg2)`.
// https://help.splunk.com/en/splunk-enterprise/search/knowledge-manager-manual/9.4/use-search-macros/use-search-macros-in-searches
import type { MacroLibrary } from '../../engines/spl/macros.js';

export interface MacroStanza {
  /** Stanza name as written: `name` or `name(N)`. */
  stanza: string;
  /** Macro name without the arity. */
  name: string;
  /** Settings to install (definition, args, iseval, ...), after macros.conf's `[default]`. */
  settings: Record<string, string>;
}

const INSTALLED_SETTINGS = ['definition', 'args', 'iseval', 'validation', 'errormsg', 'description'];

/**
 * The macros of a library (read by the engine's one macros.conf reader, engines/spl/macros.ts) as
 * stanzas to install: the same names, arities and definitions the embedded engine expands.
 */
export function installableMacros(library: MacroLibrary): MacroStanza[] {
  return library.definitions().map((macro) => {
    const written = macro.conf?.settings ?? { args: macro.args.join(','), iseval: macro.iseval ? '1' : '0' };
    const settings: Record<string, string> = {};
    for (const key of INSTALLED_SETTINGS) {
      const value = written[key];
      if (value !== undefined && !(key === 'args' && value === '')) settings[key] = value;
    }
    settings['definition'] = macro.definition;
    return { stanza: macro.conf?.stanza ?? (macro.args.length === 0 ? macro.name : `${macro.name}(${macro.args.length})`), name: macro.name, settings };
  });
}

/** Renames calls to the given macros: `` `get_endpoint_data` `` -> `` `dth_x_get_endpoint_data` ``. */
export function renameMacroCalls(text: string, defined: ReadonlySet<string>, rename: (name: string) => string): string {
  // A call names any characters but white space, parentheses and backticks (engines/spl/macros.ts).
  return text.replace(/`([^\s()`]+)(?=[`(])/g, (whole, name: string) => (defined.has(name) ? '`' + rename(name) : whole));
}

export interface IndexRewrite {
  text: string;
  /** Index values the text selects that are not the run's (wildcards, other indexes): left as they are. */
  unmapped: string[];
}

const INDEX_TERM = /\b(index\s*!?=\s*)("([^"]*)"|[^\s()"|]+)/gi;
const INDEX_IN = /\b(index\s+IN\s*\()([^)]*)(\))/gi;

/** Points `index=NAME`, `index="NAME"` and `index IN (A, B)` at the run's names for every NAME `map` knows. */
export function rewriteIndexReferences(text: string, map: (name: string) => string | undefined): IndexRewrite {
  const unmapped: string[] = [];
  const one = (raw: string): string => {
    const quoted = raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2;
    const name = quoted ? raw.slice(1, -1) : raw;
    const target = map(name);
    if (target === undefined) {
      unmapped.push(name);
      return raw;
    }
    return quoted ? `"${target}"` : target;
  };
  let out = text.replace(INDEX_TERM, (_whole, head: string, value: string) => head + one(value));
  out = out.replace(INDEX_IN, (_whole, head: string, list: string, tail: string) =>
    head + list.split(',').map((item) => item.replace(/\S(.*\S)?/, (value) => one(value))).join(',') + tail,
  );
  return { text: out, unmapped };
}

export interface PreparedMacro {
  /** Stanza name to install (renamed when run-specific, arity kept). */
  stanza: string;
  settings: Record<string, string>;
}

export interface PreparedMacros {
  macros: PreparedMacro[];
  /** The rule's search text with calls renamed. */
  query: string;
  notes: string[];
}

/**
 * Renames macros (and calls to them, in the rule and in other macros) with `renameMacro`, and points
 * their `index=` terms at the run's indexes with `mapIndex`.
 */
export function prepareMacros(
  macros: readonly MacroStanza[],
  query: string,
  renameMacro: (name: string) => string,
  mapIndex: (name: string) => string | undefined,
): PreparedMacros {
  const defined = new Set(macros.map((macro) => macro.name));
  const notes: string[] = [];
  const prepared = macros.map((macro) => {
    const settings = { ...macro.settings };
    const definition = settings['definition'] ?? '';
    const rewrite = rewriteIndexReferences(renameMacroCalls(definition, defined, renameMacro), mapIndex);
    settings['definition'] = rewrite.text;
    for (const name of rewrite.unmapped) {
      notes.push(`macro ${macro.stanza} selects index "${name}", which is not one of this run's indexes; left as written (the search's index restriction still applies)`);
    }
    const stanza = renameMacro(macro.name) + macro.stanza.slice(macro.name.length);
    if (stanza !== macro.stanza || rewrite.text !== definition) notes.push(`macro ${macro.stanza} installed as ${stanza} = ${rewrite.text}`);
    return { stanza, settings };
  });
  return { macros: prepared, query: renameMacroCalls(query, defined, renameMacro), notes };
}

/**
 * The `search` parameter of a job: SPL that does not start with a generating command (`|`) must start
 * with `search` (REST API: "The search language string ... must begin with search unless it starts with a
 * pipe"). `restrictTo` ANDs an explicit index selection in front of the rule's own terms.
 * https://help.splunk.com/en/splunk-enterprise/leverage-rest-apis/rest-api-reference/9.4/search-endpoints/search-endpoint-descriptions
 */
export function buildSearch(query: string, restrictTo?: readonly string[]): { search: string; restricted: boolean } {
  const trimmed = query.trim();
  if (trimmed.startsWith('|')) return { search: trimmed, restricted: false };
  const body = trimmed.replace(/^search\s+/i, '');
  if (restrictTo === undefined || restrictTo.length === 0) return { search: `search ${body}`, restricted: false };
  const restriction = restrictTo.map((index) => `index="${index}"`).join(' OR ');
  return { search: `search (${restriction}) ${body}`, restricted: true };
}
