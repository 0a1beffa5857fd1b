import { expect, test } from '@playwright/test';
import fc from 'fast-check';
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

/** The value as the continuation rule defines it, built the direct (quadratic) way: the reference. */
function referenceValue(lines: string[]): { value: string; used: number } {
  let value = (lines[0] ?? '').trim();
  let i = 0;
  while (value.endsWith('\\') && i + 1 < lines.length) {
    i++;
    value = (value.slice(0, -1) + '\n' + (lines[i] as string)).trimEnd();
  }
  return { value, used: i + 1 };
}

test('continuation values equal the direct right-trim-after-each-line definition (whitespace-only and backslash-only lines included)', () => {
  fc.assert(
    fc.property(fc.array(fc.array(fc.constantFrom('a', ' ', '\t', '\\', '='), { maxLength: 6 }).map((cs) => cs.join('')), { minLength: 1, maxLength: 8 }), (rest) => {
      // Only the lines the value takes (the rest would have to be settings of their own).
      const { value, used } = referenceValue(rest);
      const lines = ['k =' + (rest[0] ?? ''), ...rest.slice(1, used)];
      const setting = parseConfFile(['[s]', ...lines].join('\n'), 'x.conf')[0]?.settings.get('k');
      expect(setting?.value).toBe(value);
    }),
    { numRuns: 3000 },
  );
});

test('100,000 continuation lines parse at streaming speed (they were quadratic: 40,000 took 11.7 s)', () => {
  const text = '[m]\ndefinition = a \\\n' + 'b \\\n'.repeat(100_000) + 'c\n';
  const started = performance.now();
  const value = parseConfFile(text, 'macros.conf')[0]?.settings.get('definition')?.value;
  expect(performance.now() - started).toBeLessThan(2000);
  expect(value).toBe('a \n' + 'b \n'.repeat(100_000) + 'c');
});
