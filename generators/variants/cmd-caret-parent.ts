// Row 19: carets typed in cmd.exe (`-net^dev`). cmd removes them before CreateProcess, so the QEMU
// process event is clean; only the parent cmd.exe event (cmd /c …) shows the carets.
import { quoteWindowsArg } from '../qemu/windows-cmdline.js';
import { renderArgv } from '../qemu/render.js';
import { WIN } from '../populations/build-helpers.js';
import { cloneLaunch } from './network-options.js';
import { replaceOutsideQuotes } from './command-line-text.js';
import { EVASION_TABLE, type Variant } from './variant.js';
import { MS_CMD_ESCAPE } from './public-sources.js';

const CARETS: ReadonlyArray<readonly [string, string]> = [
  ['-netdev', '-net^dev'],
  ['hostfwd=', 'host^fwd='],
  ['connect=', 'conn^ect='],
  ['restrict=', 'rest^rict='],
  ['-nographic', '-no^graphic'],
];

export const cmdCaretParent: Variant = {
  id: 'cmd-caret-parent',
  title: 'Carets in a cmd.exe one-liner (-net^dev): only the parent command line shows them',
  rows: [19],
  summary: 'The QEMU start is issued as cmd.exe /c "<qemu command with carets>"; the QEMU event itself is unchanged.',
  os: ['windows'],
  acceptance: 'qemu-7.2',
  sources: [EVASION_TABLE, MS_CMD_ESCAPE],
  parameterSchema: { type: 'object', additionalProperties: false, properties: {} },
  check() {
    return null;
  },
  apply(launch) {
    const out = cloneLaunch(launch);
    const qemuLine = renderArgv(out.invocation).map((a, i) => (i === 0 ? a : quoteWindowsArg(a))).join(' ');
    const typed = CARETS.reduce((text, [needle, replacement]) => replaceOutsideQuotes(text, needle, replacement), qemuLine);
    out.parent = { executable: WIN.cmd, argv: [WIN.cmd, '/c', typed], commandLine: `C:\\Windows\\system32\\cmd.exe /c ${typed}` };
    return out;
  },
};
