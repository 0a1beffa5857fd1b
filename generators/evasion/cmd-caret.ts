// cmd.exe escape carets in the parent: the tool is started by `cmd.exe /c p^l^i^n^k.exe …`. cmd
// removes the carets before it starts the child, so the child's own command line is unchanged;
// only the parent command line carries the obfuscated text.
import { fileNameOf, cloneLaunch, type EvasionOperator } from './operator.js';

const CMD = 'C:\\Windows\\System32\\cmd.exe';

function caret(text: string): string {
  return [...text].map((c) => (/[A-Za-z]/.test(c) ? `${c}^` : c)).join('').replace(/\^$/, '');
}

export const cmdCaret: EvasionOperator = {
  id: 'cmd-caret',
  title: 'Started through cmd.exe with caret-escaped names',
  summary: 'cmd.exe /c p^l^i^n^k.exe …: the parent command line no longer names the tool; the child is unchanged.',
  os: ['windows'],
  requires: [],
  sources: [{ title: 'Daniel Bohannon, DOSfuscation: Exploring the Depths of Cmd.exe Obfuscation (FireEye, 2018)', url: 'https://www.mandiant.com/resources/blog/dosfuscation-exploring-depths-cmd-exe-obfuscation-and-detection-techniques', confidence: 'secondary' }],
  parameterSchema: { type: 'object', properties: {} },
  check: () => null,
  apply(launch) {
    const next = cloneLaunch(launch);
    const words = [caret(fileNameOf(launch.executable)), ...launch.tokens.map((t) => (/[\s"&|<>^]/.test(t.text) ? `"${t.text}"` : caret(t.text)))];
    next.parent = { executable: CMD, argv: [CMD, '/c', words.join(' ')], commandLine: `${CMD} /c ${words.join(' ')}`, account: launch.parent.account ?? launch.account };
    return next;
  },
};
