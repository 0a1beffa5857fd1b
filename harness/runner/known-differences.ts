// The committed list of accepted differences between an embedded engine and the real one
// (reports/known-differences.yaml). A difference the parity check finds fails the run unless an entry
// here covers it, with its reason. Format (a YAML list; the file's header repeats it):
//   - rule: b29b7652-219f-468b-aa1f-5da7bcc24b03   # rule id (required)
//     dataSource: winlogbeat-security-4688          # data source id, or "*" for all (required)
//     backend: elasticsearch                        # elasticsearch | splunk (optional: either)
//     event: <canonical event id>                   # one event ...
//     scenario: <scenario id>                       # ... or every event of a scenario (exactly one of the two)
//     embedded: false                               # optional: the embedded verdict accepted
//     real: true                                    # optional: the real verdict accepted
//     reason: why the engines differ and why that is accepted (required)
import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';
import { InputError, type SourceLocation } from '../errors.js';
import { readBoundedText } from '../read-bounded-text.js';

export interface KnownDifference {
  rule: string;
  dataSource: string;
  backend?: string;
  event?: string;
  scenario?: string;
  embedded?: boolean;
  real?: boolean;
  reason: string;
  /** Where the entry is written, for messages. */
  location: SourceLocation;
}

const KEYS = new Set(['rule', 'dataSource', 'backend', 'event', 'scenario', 'embedded', 'real', 'reason']);
const BACKENDS = new Set(['elasticsearch', 'splunk']);

export function loadKnownDifferences(path: string): KnownDifference[] {
  return parseKnownDifferences(readBoundedText(path, 'the known-differences file'), path);
}

export function parseKnownDifferences(text: string, file: string): KnownDifference[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const at = (node: Node | null | undefined): SourceLocation => {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const { line, col } = lineCounter.linePos(error?.pos[0] ?? 0);
    throw new InputError(`not valid YAML: ${error?.message.split('\n')[0] ?? ''}`, { file, line, column: col }, text);
  }
  const root = doc.contents;
  if (root === null || root === undefined) return [];
  if (!isSeq(root)) throw new InputError('expected a list of known differences (YAML sequence, "[]" when empty)', at(root), text);
  return root.items.map((item) => {
    if (!isMap(item)) throw new InputError('each known difference is a mapping with rule, dataSource, event or scenario, and reason', at(item as Node), text);
    const entry: Record<string, unknown> = {};
    for (const pair of item.items) {
      const key = String((pair.key as { value?: unknown } | null)?.value ?? '');
      if (!KEYS.has(key)) {
        throw new InputError(`unknown key "${key}" (expected one of ${[...KEYS].join(', ')})`, at(pair.key as Node), text);
      }
      entry[key] = (pair.value as { value?: unknown } | null)?.value;
    }
    const location = at(item);
    const fail = (message: string): never => {
      throw new InputError(message, location, text);
    };
    const str = (key: string, required: boolean): string | undefined => {
      const v = entry[key];
      if (v === undefined || v === null) return required ? fail(`known difference has no "${key}"`) : undefined;
      if (typeof v !== 'string' || v.trim() === '') return fail(`"${key}" must be a non-empty string`);
      return v;
    };
    const bool = (key: string): boolean | undefined => {
      const v = entry[key];
      if (v === undefined || v === null) return undefined;
      if (typeof v !== 'boolean') return fail(`"${key}" must be true or false`);
      return v;
    };
    const rule = str('rule', true) as string;
    const dataSource = str('dataSource', true) as string;
    const reason = str('reason', true) as string;
    const backend = str('backend', false);
    if (backend !== undefined && !BACKENDS.has(backend)) fail(`"backend" must be elasticsearch or splunk, not "${backend}"`);
    const event = str('event', false);
    const scenario = str('scenario', false);
    if ((event === undefined) === (scenario === undefined)) fail('a known difference names exactly one of "event" (an event id) or "scenario" (a scenario id)');
    const embedded = bool('embedded');
    const real = bool('real');
    return {
      rule,
      dataSource,
      reason,
      location,
      ...(backend !== undefined ? { backend } : {}),
      ...(event !== undefined ? { event } : {}),
      ...(scenario !== undefined ? { scenario } : {}),
      ...(embedded !== undefined ? { embedded } : {}),
      ...(real !== undefined ? { real } : {}),
    };
  });
}
