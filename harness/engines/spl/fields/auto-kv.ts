// Automatic key-value extraction (KV_MODE = auto, the default for source types without their own
// setting): `key=value` pairs found in _raw become fields, in the order found.
// https://help.splunk.com/splunk-enterprise/manage-knowledge-objects/knowledge-management-manual/10.0/use-the-configuration-files-to-configure-field-extractions/configure-automatic-key-value-field-extraction
// The exact pair grammar is not documented; this engine takes a key of word characters (letters,
// digits, `_`, `.`, `-`, starting with a letter or `_`) directly followed by `=`, and a value that is a
// double-quoted string (quotes removed) or the run of characters up to whitespace, `,` or `;`.
// Repeated keys become multivalue fields; at most 100 pairs per event (limits.conf [kv] limit).
// Used for the Linux audit source type (linux:audit) and any source type without an add-on here.
import type { FieldSet } from './field-set.js';

const PAIR = /(?<![\w.-])([A-Za-z_][\w.-]*)=(?:"([^"]*)"|([^\s,;"]*))/g;
const LIMIT = 100;

export function extractAutoKv(raw: string, f: FieldSet): void {
  let n = 0;
  for (const m of raw.matchAll(PAIR)) {
    if (n++ >= LIMIT) break;
    const key = (m[1] as string).replace(/[^A-Za-z0-9_]/g, '_');
    f.add(key, m[2] ?? m[3], true);
  }
}
