// Windows command lines: quoting argv so the C runtime gives it back, the splitters the Elastic
// pipelines use, and the naive 4688 split. Property tests use a fixed fast-check seed.
import { deepStrictEqual } from 'node:assert/strict';
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { parseWindowsCommandLine, quoteWindowsArg, splitWindowsCommandLine, windowsCommandLine } from '../../generators/qemu/windows-cmdline.js';
import { splitSecurity4688 } from '../../generators/renderers/shared/winlog-4688-split.js';

const SEED = 20260302;

/**
 * Reference splitter written straight from the documented rules, one character at a time (no
 * argv[0] rule), to check the optimised one against. `doubledQuote` selects what `""` inside a
 * quoted part means: 'close' = one literal quote and the quoted part ends (the corrected MS table,
 * MicrosoftDocs/cpp-docs PR 4643; also Go's commandLineToArgv), 'open' = one literal quote and the
 * part stays open (older msvcrt behaviour), 'none' = no special case.
 */
function referenceSplit(cmd: string, doubledQuote: 'close' | 'open' | 'none' = 'close'): string[] {
  const args: string[] = [];
  let i = 0;
  const n = cmd.length;
  while (i < n) {
    while (i < n && (cmd[i] === ' ' || cmd[i] === '\t')) i++;
    if (i >= n) break;
    let arg = '';
    let inQuote = false;
    for (; i < n; i++) {
      const c = cmd[i];
      if ((c === ' ' || c === '\t') && !inQuote) break;
      if (c === '\\') {
        let slashes = 0;
        while (i < n && cmd[i] === '\\') {
          slashes++;
          i++;
        }
        if (i < n && cmd[i] === '"') {
          arg += '\\'.repeat(Math.floor(slashes / 2));
          if (slashes % 2 === 1) {
            arg += '"';
            continue;
          }
          i--; // let the quote be handled below
        } else {
          arg += '\\'.repeat(slashes);
          i--;
        }
        continue;
      }
      if (c === '"') {
        if (inQuote && doubledQuote !== 'none' && cmd[i + 1] === '"') {
          arg += '"';
          i++;
          if (doubledQuote === 'close') inQuote = false;
          continue;
        }
        inQuote = !inQuote;
        continue;
      }
      arg += c;
    }
    args.push(arg);
  }
  return args;
}

// Inside properties, node:assert keeps each run cheap (Playwright's expect records a step per call).

// The example table of https://learn.microsoft.com/en-us/cpp/c-language/parsing-c-command-line-arguments
// (last row as corrected by MicrosoftDocs/cpp-docs PR 4643).
const MS_TABLE: Array<[string, string[]]> = [
  ['"abc" d e', ['abc', 'd', 'e']],
  ['a\\\\b d"e f"g h', ['a\\\\b', 'de fg', 'h']],
  ['a\\\\\\"b c d', ['a\\"b', 'c', 'd']],
  ['a\\\\\\\\"b c" d e', ['a\\\\b c', 'd', 'e']],
  ['a"b"" c d', ['ab"', 'c', 'd']],
];

test('the Microsoft documentation table splits as documented', () => {
  for (const [input, expected] of MS_TABLE) {
    expect(parseWindowsCommandLine(`prog ${input}`).slice(1), input).toEqual(expected);
    expect(splitWindowsCommandLine(input), input).toEqual(expected);
    expect(referenceSplit(input), input).toEqual(expected);
  }
});

// argv[0] rule (same page): "If the program name is in quotes, ... backslashes are not escape characters".
test('argv[0] is read by the program-name rule: quotes delimit, backslashes stay literal', () => {
  expect(parseWindowsCommandLine('"C:\\Program Files\\qemu\\qemu-system-x86_64.exe" -netdev user,id=n0')).toEqual([
    'C:\\Program Files\\qemu\\qemu-system-x86_64.exe',
    '-netdev',
    'user,id=n0',
  ]);
  expect(parseWindowsCommandLine('"C:\\tools\\" -a')).toEqual(['C:\\tools\\', '-a']);
  // The Go/Painless splitter has no argv[0] rule: the same text reads differently there.
  expect(splitWindowsCommandLine('"C:\\tools\\" -a')).toEqual(['C:\\tools" -a']);
  expect(parseWindowsCommandLine('qemu.exe')).toEqual(['qemu.exe']);
  expect(parseWindowsCommandLine('"" x')).toEqual(['', 'x']);
});

test('quoting examples: only what needs quotes is quoted, backslashes doubled only before a quote', () => {
  expect(quoteWindowsArg('user,id=n0')).toBe('user,id=n0');
  expect(quoteWindowsArg('')).toBe('""');
  expect(quoteWindowsArg('a b')).toBe('"a b"');
  expect(quoteWindowsArg('C:\\dir\\')).toBe('C:\\dir\\');
  expect(quoteWindowsArg('C:\\my dir\\')).toBe('"C:\\my dir\\\\"');
  expect(quoteWindowsArg('say "hi"')).toBe('"say \\"hi\\""');
  expect(quoteWindowsArg('a\\"b')).toBe('"a\\\\\\"b"');
  expect(windowsCommandLine(['C:\\Program Files\\qemu\\qemu-system-x86_64.exe', '-name', 'a b'])).toBe('"C:\\Program Files\\qemu\\qemu-system-x86_64.exe" -name "a b"');
  expect(windowsCommandLine(['qemu-system-x86_64.exe', '-m', '512'], 'always')).toBe('"qemu-system-x86_64.exe" -m 512');
});

const HOSTILE_UNITS = ['"', '\\', ' ', '\t', 'a', 'Z', '0', ',', '=', ':', '-', '<', '>', '&', "'", '%', '^', '|', '/', '\n', 'é', 'ß', '日', '😀', '\u00a0', '\u2028'];
const hostileString = fc.oneof(
  fc.string({ unit: fc.constantFrom(...HOSTILE_UNITS), maxLength: 24 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', '"', '\\', '\\\\"', '""', '<script>alert("x")</script>', '"><img src=x onerror=alert(1)>', 'a"b"" c d', ' ', '\t', '\\" \\'),
);
// A Windows program path: no double quote (not allowed in file names).
const programPath = fc.string({ unit: fc.constantFrom('C', ':', '\\', ' ', 'q', 'e', 'm', 'u', '.', 'x', '日', '(', ')'), minLength: 1, maxLength: 30 });

test('property: the C runtime gives back every argv the quoter renders (hostile arguments)', () => {
  fc.assert(
    fc.property(programPath, fc.array(hostileString, { maxLength: 8 }), fc.constantFrom('always' as const, 'as-needed' as const), (program, rest, quoting) => {
      const argv = [program, ...rest];
      deepStrictEqual(parseWindowsCommandLine(windowsCommandLine(argv, quoting)), argv);
    }),
    { seed: SEED, numRuns: 3000 },
  );
});

test('property: Elastic pipelines (Go rules, no argv[0] rule) read the same argv when the program does not end in a backslash', () => {
  fc.assert(
    fc.property(
      programPath.filter((p) => !p.endsWith('\\')),
      fc.array(hostileString, { maxLength: 8 }),
      (program, rest) => {
        const argv = [program, ...rest];
        deepStrictEqual(splitWindowsCommandLine(windowsCommandLine(argv, 'as-needed')), argv);
      },
    ),
    { seed: SEED, numRuns: 2000 },
  );
});

test('property: the quoter never relies on the "" rule, so every splitter generation agrees', () => {
  fc.assert(
    fc.property(fc.array(hostileString, { minLength: 1, maxLength: 8 }), (args) => {
      const line = args.map(quoteWindowsArg).join(' ');
      deepStrictEqual(referenceSplit(line, 'close'), args);
      deepStrictEqual(referenceSplit(line, 'open'), args);
      deepStrictEqual(referenceSplit(line, 'none'), args);
    }),
    { seed: SEED, numRuns: 2000 },
  );
});

test('property: the optimised splitter equals the reference on arbitrary command lines', () => {
  const commandLine = fc.string({ unit: fc.constantFrom('"', '\\', ' ', '\t', 'a', 'b', '日'), maxLength: 40 });
  fc.assert(
    fc.property(commandLine, (cmd) => {
      const reference = referenceSplit(cmd);
      deepStrictEqual(splitWindowsCommandLine(cmd), reference);
      deepStrictEqual(splitWindowsCommandLine(cmd, { dropEmpty: true }), reference.filter((a) => a !== ''));
    }),
    { seed: SEED, numRuns: 5000 },
  );
});

// elastic/beats x-pack/winlogbeat/module/security/ingest/security_standard.yml and elastic/integrations
// packages/system/.../ingest_pipeline/standard.yml: quotes toggle and are kept, whitespace ends an argument.
test('the 4688 pipeline split keeps quotes and makes empty arguments from doubled spaces', () => {
  // Golden: elastic/beats x-pack/winlogbeat/module/security/test/testdata/ingest/security-windows2019_4688_Process_Created.golden.json
  expect(splitSecurity4688('"C:\\Windows\\system32\\wevtutil.exe" cl Security')).toEqual(['"C:\\Windows\\system32\\wevtutil.exe"', 'cl', 'Security']);
  expect(splitSecurity4688('a  b')).toEqual(['a', '', 'b']);
  expect(splitSecurity4688('a b ')).toEqual(['a', 'b', '']);
  expect(splitSecurity4688('x "a b" c')).toEqual(['x', '"a b"', 'c']);
  expect(splitSecurity4688('x\\"a b')).toEqual(['x\\"a b']);
  expect(splitSecurity4688('')).toEqual([]);
});

/** Character-by-character transcription of the pipelines' 4688 script, to check the optimised split against. */
function reference4688(commandLine: string): string[] {
  const isJavaWhitespace = (c: number) =>
    (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c === 0x1680 || (c >= 0x2000 && c <= 0x200a && c !== 0x2007) || c === 0x2028 || c === 0x2029 || c === 0x205f || c === 0x3000;
  const args: string[] = [];
  let start = 0;
  let inQuote = false;
  for (let i = 0; i < commandLine.length; i++) {
    const c = commandLine.charCodeAt(i);
    if (c === 0x22) inQuote = !inQuote;
    if (isJavaWhitespace(c) && !inQuote) {
      args.push(commandLine.slice(start, i));
      start = i + 1;
    }
    if (i === commandLine.length - 1) args.push(commandLine.slice(start, i + 1));
  }
  return args;
}

test('property: the optimised 4688 split equals the pipeline script on arbitrary command lines', () => {
  const commandLine = fc.string({ unit: fc.constantFrom('"', '\\', ' ', '\t', '\n', 'a', '\u00a0', '\u2007', '\u2003', '\u3000', '\u001f', '日'), maxLength: 40 });
  fc.assert(
    fc.property(commandLine, (cmd) => {
      deepStrictEqual(splitSecurity4688(cmd), reference4688(cmd));
    }),
    { seed: SEED, numRuns: 5000 },
  );
});
