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
    // Continuation: a value line ending in a backslash keeps going; the newline is kept in the value,
    // and the value so far is right-trimmed after each line. Kept as pieces, trimmed from the tail only:
    // re-trimming one growing string is quadratic (100k continuation lines took minutes).
    const pieces = [raw.slice(eq + 1).trim()];
    while ((pieces[pieces.length - 1] ?? '').endsWith('\\') && i + 1 < lines.length) {
      i++;
      pieces[pieces.length - 1] = (pieces[pieces.length - 1] as string).slice(0, -1);
      pieces.push('\n' + (lines[i] as string));
      trimTail(pieces);
    }
    const value = pieces.join('');
    if (current === undefined) {
      current = { name: 'default', line: 0, settings: new Map() };
      stanzas.push(current);
    }
    current.settings.set(key, { value, line: lineNo });
  }
  return stanzas;
}

/** Right-trims the concatenation of `pieces` in place, touching only the pieces at its end. */
function trimTail(pieces: string[]): void {
  while (pieces.length > 0) {
    const last = (pieces[pieces.length - 1] as string).trimEnd();
    if (last !== '') {
      pieces[pieces.length - 1] = last;
      return;
    }
    pieces.pop();
  }
}
