// Splunk .conf files (savedsearches.conf, macros.conf): `[stanza]` headers, `key = value` settings,
// a trailing backslash continues a value on the next line, `#` starts a comment line.
// Reference: https://help.splunk.com/en/splunk-enterprise/administer/admin-manual/10.0/administer-splunk-enterprise-with-configuration-files/configuration-file-structure
import { InputError } from '../../errors.js';

export interface ConfSetting {
  value: string;
  /** 1-based line of the key. */
  line: number;
}

export interface ConfStanza {
  name: string;
  /** 1-based line of the `[name]` header (0 for settings before any header: the default stanza). */
  line: number;
  settings: Map<string, ConfSetting>;
}

export function parseConfFile(text: string, file: string): ConfStanza[] {
  const lines = text.split(/\r\n|\n|\r/);
  const stanzas: ConfStanza[] = [];
  let current: ConfStanza | undefined;
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i] as string;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (trimmed.startsWith('[')) {
      if (!trimmed.endsWith(']')) {
        throw new InputError('stanza header must end with "]"', { file, line: lineNo, column: raw.length + 1 }, text);
      }
      current = { name: trimmed.slice(1, -1).trim(), line: lineNo, settings: new Map() };
      stanzas.push(current);
      continue;
    }
    const eq = raw.indexOf('=');
    if (eq < 0) {
      throw new InputError('expected "key = value", a "[stanza]" header or a "#" comment', { file, line: lineNo, column: 1 }, text);
    }
    const key = raw.slice(0, eq).trim();
    if (key === '') throw new InputError('setting has no key before "="', { file, line: lineNo, column: eq + 1 }, text);
    let value = raw.slice(eq + 1).trim();
    // Continuation: a value line ending in a backslash keeps going; the newline is kept in the value.
    while (value.endsWith('\\') && i + 1 < lines.length) {
      i++;
      value = value.slice(0, -1) + '\n' + (lines[i] as string);
      value = value.trimEnd();
    }
    if (current === undefined) {
      current = { name: 'default', line: 0, settings: new Map() };
      stanzas.push(current);
    }
    current.settings.set(key, { value, line: lineNo });
  }
  return stanzas;
}
