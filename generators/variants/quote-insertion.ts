// Rows 16–17 (Windows): double quotes inserted inside tokens. The C runtime removes them when it
// builds argv, so QEMU sees the normal options, while the command line the OS records keeps them:
// `host"fwd"=`, `restrict=of"f"`, `conn"ect"=` (row 16) defeat Rule B's wildcards on
// process.command_line; quoting the option names too (`-net"dev"`, `so"cket"`, `-no"graphic"`,
// row 17) also removes every Rule A term from the raw event.
import type { Launch } from '../populations/population.js';
import { renderArgv } from '../qemu/render.js';
import { cloneLaunch } from './network-options.js';
import { replaceOutsideQuotes } from './command-line-text.js';
import { EVASION_TABLE, type Variant } from './variant.js';

const VALUE_EDITS: ReadonlyArray<readonly [string, string]> = [
  ['hostfwd=', 'host"fwd"='],
  ['restrict=off', 'restrict=of"f"'],
  ['connect=', 'conn"ect"='],
];

const NAME_EDITS: ReadonlyArray<readonly [string, string]> = [
  ['-netdev', '-net"dev"'],
  ['-device', '-dev"ice"'],
  ['-nographic', '-no"graphic"'],
  ['-net ', '-ne"t" '],
  ['socket', 'so"cket"'],
  ['listen', 'lis"ten"'],
  ['-redir', '-re"dir"'],
];

function editor(edits: ReadonlyArray<readonly [string, string]>): (commandLine: string) => string {
  return (commandLine) => edits.reduce((text, [needle, replacement]) => replaceOutsideQuotes(text, needle, replacement), commandLine);
}

function argvMentions(launch: Launch, needles: readonly string[]): boolean {
  const text = renderArgv(launch.invocation).join(' ') + ' ';
  return needles.some((needle) => text.includes(needle));
}

export const quoteInsertionValues: Variant = {
  id: 'quote-insertion-values',
  title: 'Quotes inserted inside key names: host"fwd"=, restrict=of"f", conn"ect"=',
  rows: [16],
  summary: 'The recorded command line carries the quotes; argv (what QEMU and the Elastic splitters see) does not.',
  os: ['windows'],
  acceptance: 'qemu-7.2',
  sources: [EVASION_TABLE, { title: 'learn.microsoft.com, Parsing C command-line arguments', url: 'https://learn.microsoft.com/en-us/cpp/c-language/parsing-c-command-line-arguments', confidence: 'source' }],
  parameterSchema: { type: 'object', additionalProperties: false, properties: {} },
  check(launch) {
    return argvMentions(launch, VALUE_EDITS.map(([needle]) => needle)) ? null : 'needs hostfwd=, restrict=off or connect= in the arguments';
  },
  apply(launch) {
    const out = cloneLaunch(launch);
    out.commandLineEdits.push(editor(VALUE_EDITS));
    return out;
  },
};

export const quoteInsertionNames: Variant = {
  id: 'quote-insertion-names',
  title: 'Quotes inserted in option names and terms too: -net"dev", so"cket", -no"graphic", -dev"ice"',
  rows: [17],
  summary: 'Row 16 plus quotes in the option names and back-end types, so no Rule A term (-netdev, -device, socket, hostfwd=, -net ) remains in the raw text.',
  os: ['windows'],
  acceptance: 'qemu-7.2',
  sources: [EVASION_TABLE, { title: 'learn.microsoft.com, Parsing C command-line arguments', url: 'https://learn.microsoft.com/en-us/cpp/c-language/parsing-c-command-line-arguments', confidence: 'source' }],
  parameterSchema: { type: 'object', additionalProperties: false, properties: {} },
  check(launch) {
    return argvMentions(launch, ['-netdev', '-device', '-nographic', 'socket', 'hostfwd=', '-net ']) ? null : 'needs a network option name to quote';
  },
  apply(launch) {
    const out = cloneLaunch(launch);
    out.commandLineEdits.push(editor([...VALUE_EDITS, ...NAME_EDITS]));
    return out;
  },
};
