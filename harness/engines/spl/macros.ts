// Search macros: definitions from macros.conf (or security_content's macro list) and their textual
// expansion into a query, the way Splunk expands them before it parses the search.
// This is the one macros.conf reader: the embedded engine, the real-Splunk installer
// (backends/splunk/macros.ts), dth spl, dth scan and dth rule show all read macros through it.
// - macros.conf: stanza `name` or `name(N)`, `args = a, b`, `definition` with `$a$` placeholders, `iseval`
//   https://help.splunk.com/en/data-management/splunk-enterprise-admin-manual/10.0/10.0.0-configuration-file-reference/macros.conf
// - a macro name is whatever a call can name: any characters but white space and parentheses (`get$x`
//   too); `[default]` (explicit, or settings before the first stanza) is not a macro: its settings apply
//   to every stanza that does not set them ("Global settings ... If an attribute is defined at both the
//   global level and in a specific stanza, the value in the specific stanza takes precedence.")
//   https://help.splunk.com/en/splunk-enterprise/administer/admin-manual/10.0/administer-splunk-enterprise-with-configuration-files/configuration-file-structure
// - calls: `name` or `name(arg1, arg2)` or `name(a=x, b=y)` between backticks; macros inside quoted values
//   are not expanded; nested macros expand too
//   https://help.splunk.com/en/splunk-enterprise/manage-knowledge-objects/knowledge-management-manual/10.0/search-macros
//   https://help.splunk.com/splunk-enterprise/manage-knowledge-objects/knowledge-management-manual/9.3/search-macros/search-macro-examples
// - comments (three backticks) are replaced by a space before the search runs
//   https://help.splunk.com/splunk-enterprise/search/search-manual/10.0/using-the-search-app/add-comments-to-searches
import { InputError } from '../../errors.js';
import { parseConfFile, type ConfSetting } from './conf-file.js';
import { SplError } from './errors.js';

export interface MacroDefinition {
  name: string;
  /** Argument names in order; empty for a macro without arguments. */
  args: string[];
  definition: string;
  /** `iseval = true`: the definition is an eval expression producing the expansion (refused: see expand). */
  iseval: boolean;
  /** Where the definition came from, e.g. `rules/splunk/macros.conf:12`. */
  origin: string;
  /**
   * The macros.conf stanza as a real Splunk gets it: its name as written (`name` or `name(N)`) and every
   * setting after `[default]`. Absent for macros read from elsewhere (security_content's list).
   */
  conf?: { stanza: string; settings: Readonly<Record<string, string>> };
}

function key(name: string, argc: number): string {
  return argc === 0 ? name : `${name}(${argc})`;
}

export class MacroLibrary {
  private readonly byKey = new Map<string, MacroDefinition>();

  constructor(definitions: Iterable<MacroDefinition> = []) {
    for (const d of definitions) this.byKey.set(key(d.name, d.args.length), d);
  }

  /** Definitions of `other` replace same-named (same argument count) definitions of this library. */
  merge(other: MacroLibrary): MacroLibrary {
    return new MacroLibrary([...this.byKey.values(), ...other.byKey.values()]);
  }

  get(name: string, argc: number): MacroDefinition | undefined {
    return this.byKey.get(key(name, argc));
  }

  /** Argument counts defined for a name, for "did you mean" messages. */
  arities(name: string): number[] {
    return [...this.byKey.values()].filter((d) => d.name === name).map((d) => d.args.length);
  }

  definitions(): MacroDefinition[] {
    return [...this.byKey.values()];
  }

  get size(): number {
    return this.byKey.size;
  }
}

/** Reads macros.conf text. Errors name the file, line and reason. */
export function parseMacrosConf(text: string, file: string): MacroLibrary {
  const defs: MacroDefinition[] = [];
  const stanzas = parseConfFile(text, file);
  const defaults = new Map<string, ConfSetting>();
  for (const stanza of stanzas) if (stanza.name === 'default') for (const [k, v] of stanza.settings) defaults.set(k, v);
  for (const written of stanzas) {
    if (written.name === 'default') continue;
    const stanza = { ...written, settings: new Map([...defaults, ...written.settings]) };
    const m = /^([^()\s]+)(?:\((\d+)\))?$/.exec(stanza.name);
    if (!m) throw new InputError(`macro stanza "[${stanza.name}]": expected "name" or "name(N)"`, { file, line: stanza.line, column: 1 }, text);
    const name = m[1] as string;
    const argc = m[2] === undefined ? 0 : Number(m[2]);
    const definition = stanza.settings.get('definition');
    if (definition === undefined) throw new InputError(`macro "${stanza.name}": no "definition" setting`, { file, line: stanza.line, column: 1 }, text);
    const argsSetting = stanza.settings.get('args');
    const args = argsSetting === undefined || argsSetting.value.trim() === '' ? [] : argsSetting.value.split(',').map((a) => a.trim());
    if (args.length !== argc) {
      const line = argsSetting?.line ?? stanza.line;
      throw new InputError(`macro "${stanza.name}": stanza name says ${argc} argument(s) but "args" lists ${args.length}`, { file, line, column: 1 }, text);
    }
    const iseval = /^(1|true|t|yes|y)$/i.test(stanza.settings.get('iseval')?.value.trim() ?? 'false');
    const settings: Record<string, string> = {};
    for (const [k, v] of stanza.settings) settings[k] = v.value;
    defs.push({ name, args, definition: definition.value.replace(/\\\n/g, '\n'), iseval, origin: `${file}:${definition.line}`, conf: { stanza: stanza.name, settings } });
  }
  return new MacroLibrary(defs);
}

/** Reads security_content's macro list: one JSON object per line `{name, arguments, definition}`. */
export function parseMacrosJsonl(text: string, file: string): MacroLibrary {
  const defs: MacroDefinition[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (e) {
      throw new InputError(`not JSON: ${(e as Error).message}`, { file, line: i + 1, column: 1 });
    }
    const o = obj as { name?: unknown; arguments?: unknown; definition?: unknown };
    if (typeof o.name !== 'string' || typeof o.definition !== 'string') {
      throw new InputError('expected {"name": string, "definition": string, "arguments": [..] | null}', { file, line: i + 1, column: 1 });
    }
    const args = Array.isArray(o.arguments) ? o.arguments.map(String) : [];
    defs.push({ name: o.name, args, definition: o.definition, iseval: false, origin: `${file}:${i + 1}` });
  });
  return new MacroLibrary(defs);
}

/** One macro call in the original query and where its expansion landed in the expanded text. */
export interface MacroCallSite {
  name: string;
  originalStart: number;
  originalEnd: number;
  expandedStart: number;
  expandedEnd: number;
}

export interface ExpandedQuery {
  original: string;
  /** The query with comments replaced by a space and every macro expanded. */
  text: string;
  /** Top-level macro calls, in order. */
  calls: MacroCallSite[];
}

/** Macros expanded inside each other (Splunk: a search fails on a macro cycle; the depth is ours). */
export const MAX_DEPTH = 50;
/** Characters of a query once its macros are expanded (and of any one macro's substituted body). */
export const MAX_LENGTH = 1_000_000;

/**
 * Expands every macro call (recursively) and replaces comments with a space. Throws SplError (kind
 * `macro`) for an undefined macro, a cycle, a malformed call or an eval-based macro, positioned at the
 * call in the original query.
 */
export function expandMacros(query: string, library: MacroLibrary): ExpandedQuery {
  const calls: MacroCallSite[] = [];
  const text = expandText(query, library, [], query, null, calls);
  return { original: query, text, calls };
}

/** End (exclusive) of the double-quoted string starting at `start`; backslash escapes the next character. */
function quotedEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else i++;
  }
  return text.length;
}

function expandText(
  text: string,
  library: MacroLibrary,
  stack: string[],
  rootQuery: string,
  /** Offset of the top-level call being expanded, or null while scanning the root query itself. */
  rootAt: number | null,
  calls: MacroCallSite[] | null,
): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      const end = quotedEnd(text, i);
      out += text.slice(i, end);
      i = end;
      continue;
    }
    if (c !== '`') {
      out += c;
      i++;
      continue;
    }
    if (text.startsWith('```', i)) {
      const close = text.indexOf('```', i + 3);
      i = close < 0 ? text.length : close + 3;
      out += ' ';
      continue;
    }
    const close = text.indexOf('`', i + 1);
    const at = rootAt ?? i;
    if (close < 0) throw macroError('unterminated macro call: no closing backtick', at, rootQuery, stack);
    const call = parseCall(text.slice(i + 1, close), at, rootQuery, stack);
    const def = library.get(call.name, call.args.length);
    if (def === undefined) {
      const arities = library.arities(call.name);
      const hint = arities.length > 0 ? ` (defined with ${arities.map((n) => `${n} argument${n === 1 ? '' : 's'}`).join(', ')})` : '';
      throw macroError(`undefined macro \`${call.name}\` with ${call.args.length} argument${call.args.length === 1 ? '' : 's'}${hint}`, at, rootQuery, stack);
    }
    const id = key(def.name, def.args.length);
    if (stack.includes(id)) throw macroError(`macro cycle: ${[...stack, id].join(' -> ')}`, at, rootQuery, stack);
    if (stack.length >= MAX_DEPTH) throw macroError(`macro nesting deeper than ${MAX_DEPTH}`, at, rootQuery, stack);
    if (def.iseval) throw new SplError(`macro \`${id}\` (${def.origin}) is eval-based (iseval = true), which the embedded engine does not run`, 'unsupported', at, rootQuery);
    const body = substitute(def, call, at, rootQuery, stack);
    const expanded = expandText(body, library, [...stack, id], rootQuery, at, null);
    if (out.length + expanded.length > MAX_LENGTH) throw macroError(`macro expansion longer than ${MAX_LENGTH} characters`, at, rootQuery, stack);
    if (calls !== null) calls.push({ name: id, originalStart: i, originalEnd: close + 1, expandedStart: out.length, expandedEnd: out.length + expanded.length });
    out += expanded;
    i = close + 1;
  }
  return out;
}

interface Call {
  name: string;
  /** Positional values, or named values when `named` is set. */
  args: string[];
  named: Map<string, string> | null;
}

function parseCall(body: string, at: number, rootQuery: string, stack: string[]): Call {
  const trimmed = body.trim();
  const open = trimmed.indexOf('(');
  if (open < 0) {
    if (!/^[^\s()]+$/.test(trimmed)) throw macroError(`malformed macro call \`${body}\``, at, rootQuery, stack);
    return { name: trimmed, args: [], named: null };
  }
  if (!trimmed.endsWith(')')) throw macroError(`malformed macro call \`${body}\`: expected ")" at the end`, at, rootQuery, stack);
  const name = trimmed.slice(0, open).trim();
  if (name === '' || /\s/.test(name)) throw macroError(`malformed macro call \`${body}\`: expected a macro name`, at, rootQuery, stack);
  const inner = trimmed.slice(open + 1, -1);
  const raw = inner.trim() === '' ? [] : splitArgs(inner);
  const namedRe = /^\s*([A-Za-z_][\w.]*)\s*=(.*)$/s;
  const allNamed = raw.length > 0 && raw.every((a) => namedRe.test(a));
  if (allNamed) {
    const named = new Map<string, string>();
    for (const a of raw) {
      const m = namedRe.exec(a) as RegExpExecArray;
      named.set(m[1] as string, unquoteArg(m[2] as string));
    }
    return { name, args: [...named.values()], named };
  }
  return { name, args: raw.map(unquoteArg), named: null };
}

/** Splits macro arguments on top-level commas (commas inside quotes or parentheses stay). */
function splitArgs(inner: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i] as string;
    if (c === '"') {
      const end = quotedEnd(inner, i);
      cur += inner.slice(i, end);
      i = end - 1;
    } else if (c === '(') {
      depth++;
      cur += c;
    } else if (c === ')') {
      depth--;
      cur += c;
    } else if (c === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  out.push(cur);
  return out;
}

/**
 * An argument value: surrounding whitespace trimmed and one pair of enclosing double quotes removed
 * (security_content writes both `drop_dm_object_name(Processes)` and `drop_dm_object_name("Processes")`
 * for the same expansion). Whether Splunk strips the quotes is not spelled out in its documentation.
 */
function unquoteArg(arg: string): string {
  const t = arg.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"') && quotedEnd(t, 0) === t.length) return t.slice(1, -1);
  return t;
}

function substitute(def: MacroDefinition, call: Call, at: number, rootQuery: string, stack: string[]): string {
  const values = new Map<string, string>();
  if (call.named) {
    for (const [k, v] of call.named) {
      if (!def.args.includes(k)) throw macroError(`macro \`${def.name}\` has no argument "${k}" (arguments: ${def.args.join(', ')})`, at, rootQuery, stack);
      values.set(k, v);
    }
  } else {
    def.args.forEach((a, idx) => values.set(a, call.args[idx] as string));
  }
  let body = def.definition;
  for (const [k, v] of values) {
    const parts = body.split(`$${k}$`);
    // Checked before the text is built: an argument repeated in a definition grows geometrically.
    if (body.length + (parts.length - 1) * (v.length - k.length - 2) > MAX_LENGTH) {
      throw macroError(`macro expansion longer than ${MAX_LENGTH} characters (argument "${k}" of \`${def.name}\` substituted ${parts.length - 1} times)`, at, rootQuery, stack);
    }
    body = parts.join(v);
  }
  return body;
}

function macroError(message: string, at: number, rootQuery: string, stack: string[]): SplError {
  const within = stack.length > 0 ? ` (inside the expansion of \`${stack[stack.length - 1]}\`)` : '';
  return new SplError(message + within, 'macro', at, rootQuery);
}

/** The top-level macro call whose expansion covers `offset` of the expanded text, if any. */
export function callAt(expanded: ExpandedQuery, offset: number): MacroCallSite | undefined {
  return expanded.calls.find((c) => offset >= c.expandedStart && offset < c.expandedEnd);
}
