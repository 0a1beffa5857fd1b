import { expect, test } from '@playwright/test';
import { InputError } from '../harness/errors.js';
import { parseConfFile } from '../harness/engines/spl/conf-file.js';

// .conf structure: https://help.splunk.com/en/splunk-enterprise/administer/admin-manual/10.0/administer-splunk-enterprise-with-configuration-files/configuration-file-structure
// Multi-line values end each line with a backslash.
test('stanzas, settings, comments and continuation lines', () => {
  const text = ['# comment', '[QEMU search]', 'search = index=main \\', '  qemu-system- \\', '  | stats count', 'disabled = 0', '', '[other]', 'a=b'].join('\n');
  const stanzas = parseConfFile(text, 'savedsearches.conf');
  expect(stanzas.map((s) => s.name)).toEqual(['QEMU search', 'other']);
  expect(stanzas[0]?.settings.get('search')).toEqual({ value: 'index=main \n  qemu-system- \n  | stats count', line: 3 });
  expect(stanzas[0]?.settings.get('disabled')?.value).toBe('0');
  expect(stanzas[1]?.settings.get('a')).toEqual({ value: 'b', line: 9 });
});

test('a malformed line names file, line and reason', () => {
  let error: unknown;
  try {
    parseConfFile('[a]\nthis is not a setting\n', 'macros.conf');
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(InputError);
  expect((error as InputError).format()).toMatch(/^macros\.conf:2:1: expected "key = value"/);
});
