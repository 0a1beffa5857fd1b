// Evasions in the Windows command-line text that leave the program's argv unchanged: empty quote
// pairs inside tokens, extra whitespace between tokens (both split away by the C runtime's rules),
// and look-alike characters that the OS best-fit maps to ASCII for programs with an ANSI main().
import type { ProgramLaunch } from '../declarative/model.js';
import type { SourceRef } from '../populations/population.js';
import { cloneLaunch, type EvasionOperator } from './operator.js';

const CRT_PARSING: SourceRef = { title: 'Microsoft Learn: Parsing C command-line arguments', url: 'https://learn.microsoft.com/en-us/cpp/c-language/parsing-c-command-line-arguments', confidence: 'source' };
const BEST_FIT: SourceRef = { title: 'Unicode.org WindowsBestFit bestfit1252.txt (U+2010, U+2011, U+2212, U+FF0D → 0x2D)', url: 'https://www.unicode.org/Public/MAPPINGS/VENDORS/MICSFT/WindowsBestFit/bestfit1252.txt', confidence: 'source' };
const OBFUSCATION: SourceRef = { title: 'Wietze Beukema, Windows Command-Line Obfuscation (2021)', url: 'https://www.wietzebeukema.nl/blog/windows-command-line-obfuscation', confidence: 'secondary' };

/** Tokens safe to edit: no whitespace or quotes (their standard rendering is the text itself), 2+ chars. */
function plainIndexes(launch: ProgramLaunch): number[] {
  return launch.tokens.flatMap((t, i) => (t.text.length >= 2 && !/[\s"]/.test(t.text) && launch.windowsText.tokens[i + 1] === undefined ? [i + 1] : []));
}

export const quoteInsertion: EvasionOperator = {
  id: 'quote-insertion',
  title: 'Empty quote pairs inside arguments',
  summary: 'cl""ient, -""R: the C runtime drops the empty quotes, so argv is unchanged while the recorded command line no longer contains the token.',
  os: ['windows'],
  requires: ['windows-argv'],
  sources: [CRT_PARSING, OBFUSCATION],
  parameterSchema: { type: 'object', properties: { tokens: { type: 'integer', minimum: 1, maximum: 20, description: 'how many arguments to edit (default 2)' } } },
  check: (launch) => (plainIndexes(launch).length > 0 ? null : 'no argument without spaces or quotes to edit'),
  apply(launch, { rng, params }) {
    const next = cloneLaunch(launch);
    const wanted = typeof params.tokens === 'number' ? params.tokens : 2;
    const candidates = plainIndexes(launch);
    for (let n = 0; n < wanted && candidates.length > 0; n++) {
      const index = candidates.splice(rng.int(0, candidates.length - 1), 1)[0] as number;
      const text = (launch.tokens[index - 1] as { text: string }).text;
      const at = rng.int(1, text.length - 1);
      next.windowsText.tokens[index] = `${text.slice(0, at)}""${text.slice(at)}`;
    }
    return next;
  },
};

export const whitespacePadding: EvasionOperator = {
  id: 'whitespace-padding',
  title: 'Runs of spaces and tabs between arguments',
  summary: 'Separators of many spaces/tabs: argv is unchanged, but substring rules written with single spaces ("* -R *") stop matching.',
  os: ['windows'],
  requires: ['windows-argv'],
  sources: [CRT_PARSING],
  parameterSchema: { type: 'object', properties: { width: { type: 'integer', minimum: 2, maximum: 4096, description: 'maximum separator length (default 8)' } } },
  check: (launch) => (launch.tokens.length > 0 ? null : 'no arguments to separate'),
  apply(launch, { rng, params }) {
    const next = cloneLaunch(launch);
    const width = typeof params.width === 'number' ? params.width : 8;
    for (let i = 1; i <= launch.tokens.length; i++) {
      next.windowsText.separators[i] = Array.from({ length: rng.int(2, width) }, () => (rng.chance(0.8) ? ' ' : '\t')).join('');
    }
    return next;
  },
};

/** Look-alikes of '-' that bestfit1252 maps to 0x2D. */
const DASH_LOOKALIKES = ['\u2010', '\u2011', '\u2212', '\uff0d'];

export const unicodeLookalike: EvasionOperator = {
  id: 'unicode-lookalike',
  title: 'Look-alike dashes the ANSI conversion folds to "-"',
  summary: 'The option dash written as U+2010/U+2011/U+2212/U+FF0D: an ANSI program receives "-" through the best-fit conversion; telemetry records the Unicode text.',
  os: ['windows'],
  requires: ['windows-argv', 'ansi-argv'],
  sources: [BEST_FIT, OBFUSCATION],
  parameterSchema: { type: 'object', properties: {} },
  check: (launch) => (launch.tokens.some((t, i) => t.role === 'option' && t.text.startsWith('-') && !/[\s"]/.test(t.text) && launch.windowsText.tokens[i + 1] === undefined) ? null : 'no option starting with "-"'),
  apply(launch, { rng }) {
    const next = cloneLaunch(launch);
    launch.tokens.forEach((t, i) => {
      if (t.role === 'option' && t.text.startsWith('-') && !/[\s"]/.test(t.text) && launch.windowsText.tokens[i + 1] === undefined) {
        next.windowsText.tokens[i + 1] = t.text.replace(/^-+/, (dashes) => [...dashes].map(() => rng.pick(DASH_LOOKALIKES)).join(''));
      }
    });
    next.bestFit = true;
    return next;
  },
};

/** What an ANSI program's argv holds for a best-fit command-line token. */
export function bestFitToAscii(text: string): string {
  return text.replace(/[\u2010\u2011\u2212\uff0d]/g, '-');
}
