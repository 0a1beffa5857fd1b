// Evasions in the option syntax, each only where the program's parser accepts the result: option
// prefix changes (Go's flag package takes -name and --name alike; some parsers take /name), option
// reordering, and getopt's attached short-option values (-R8080:host:22).
import type { ArgToken, ProgramLaunch } from '../declarative/model.js';
import type { SourceRef } from '../populations/population.js';
import { cloneLaunch, type EvasionOperator } from './operator.js';

const GO_FLAG: SourceRef = { title: 'Go flag package: "One or two dashes may be used; they are equivalent"', url: 'https://pkg.go.dev/flag#hdr-Command_line_flag_syntax', confidence: 'source' };
const GETOPT: SourceRef = { title: 'POSIX getopt: an option-argument may follow the option letter in the same argument', url: 'https://pubs.opengroup.org/onlinepubs/9699919799/functions/getopt.html', confidence: 'source' };

function isSwitchable(token: ArgToken): boolean {
  return token.role === 'option' && /^--?[A-Za-z]/.test(token.text) && !token.text.includes('=');
}

export const optionPrefix: EvasionOperator = {
  id: 'option-prefix',
  title: 'Option prefix changed (-name ↔ --name, or /name)',
  summary: 'Go programs (chisel, frp, ngrok, cloudflared, ligolo-ng) treat -name and --name alike; rules that list one spelling miss the other.',
  os: ['windows', 'linux', 'macos'],
  requires: ['go-flag'],
  sources: [GO_FLAG],
  parameterSchema: { type: 'object', properties: { style: { enum: ['swap', 'single', 'double'], description: 'swap each option (default), or force one or two dashes' } } },
  check: (launch) => (launch.tokens.some(isSwitchable) ? null : 'no option starting with - or --'),
  apply(launch, { params }) {
    const next = cloneLaunch(launch);
    const style = typeof params.style === 'string' ? params.style : 'swap';
    for (const token of next.tokens) {
      if (!isSwitchable(token)) continue;
      const name = token.text.replace(/^-+/, '');
      const double = token.text.startsWith('--');
      token.text = style === 'single' || (style === 'swap' && double) ? `-${name}` : `--${name}`;
    }
    return next;
  },
};

export const slashOptions: EvasionOperator = {
  id: 'slash-options',
  title: 'Options written with "/" instead of "-"',
  summary: 'For programs whose parser accepts /name for -name (many Windows tools); rules matching "-name" miss it.',
  os: ['windows'],
  requires: ['slash-options'],
  sources: [{ title: 'Wietze Beukema, Windows Command-Line Obfuscation: option char substitution', url: 'https://www.wietzebeukema.nl/blog/windows-command-line-obfuscation', confidence: 'secondary' }],
  parameterSchema: { type: 'object', properties: {} },
  check: (launch) => (launch.tokens.some((t) => t.role === 'option' && /^-[A-Za-z]/.test(t.text)) ? null : 'no single-dash option'),
  apply(launch) {
    const next = cloneLaunch(launch);
    for (const token of next.tokens) if (token.role === 'option' && /^-[A-Za-z]/.test(token.text)) token.text = `/${token.text.slice(1)}`;
    return next;
  },
};

/** Option units (an option and its values) in maximal runs between operands. */
function optionRuns(tokens: readonly ArgToken[]): Array<{ start: number; units: ArgToken[][] }> {
  const runs: Array<{ start: number; units: ArgToken[][] }> = [];
  let current: { start: number; units: ArgToken[][] } | null = null;
  tokens.forEach((token, i) => {
    if (token.role === 'option') {
      current ??= { start: i, units: [] };
      current.units.push([token]);
    } else if (token.role === 'value' && current !== null) {
      (current.units[current.units.length - 1] as ArgToken[]).push(token);
    } else {
      if (current !== null) runs.push(current);
      current = null;
    }
  });
  if (current !== null) runs.push(current);
  return runs.filter((r) => r.units.length > 1);
}

export const optionReorder: EvasionOperator = {
  id: 'option-reorder',
  title: 'Options in another order',
  summary: 'Option units (option + value) shuffled among themselves, operands kept in place: rules that match a fixed sequence of arguments in the command line miss it.',
  os: ['windows', 'linux', 'macos'],
  requires: ['options-any-order'],
  sources: [GETOPT, GO_FLAG],
  parameterSchema: { type: 'object', properties: {} },
  check: (launch) => (optionRuns(launch.tokens).length > 0 ? null : 'fewer than two adjacent options to reorder'),
  apply(launch, { rng }) {
    const next = cloneLaunch(launch);
    for (const run of optionRuns(next.tokens)) {
      const shuffled = rng.shuffle(run.units);
      if (shuffled.every((u, i) => u === run.units[i])) shuffled.reverse();
      const flat = shuffled.flat();
      next.tokens.splice(run.start, flat.length, ...flat);
    }
    return next;
  },
};

function attachable(launch: ProgramLaunch): number[] {
  return launch.tokens.flatMap((t, i) => (t.role === 'option' && /^-[A-Za-z]$/.test(t.text) && launch.tokens[i + 1]?.role === 'value' && !/^-/.test(launch.tokens[i + 1]?.text ?? '') ? [i] : []));
}

export const attachedValue: EvasionOperator = {
  id: 'attached-value',
  title: 'Short option with its value attached (-R8080:localhost:22)',
  summary: 'getopt accepts the value in the same argument; rules matching the option as a whole argument (args == "-R") miss it.',
  os: ['windows', 'linux', 'macos'],
  requires: ['getopt'],
  sources: [GETOPT],
  parameterSchema: { type: 'object', properties: {} },
  check: (launch) => (attachable(launch).length > 0 ? null : 'no single-letter option followed by a value'),
  apply(launch) {
    const next = cloneLaunch(launch);
    for (const i of attachable(launch).reverse()) {
      const option = next.tokens[i] as ArgToken;
      const value = next.tokens[i + 1] as ArgToken;
      next.tokens.splice(i, 2, { text: `${option.text}${value.text}`, role: 'option' });
    }
    return next;
  },
};
