// Windows command lines: argv → one command-line string (quoting), and back (splitting).
//
// Windows passes a process one string, not an argv; the C runtime of the new process splits it.
// Rules: https://learn.microsoft.com/en-us/cpp/c-language/parsing-c-command-line-arguments
// (same rules as CommandLineToArgvW, https://learn.microsoft.com/windows/win32/api/shellapi/nf-shellapi-commandlinetoargvw):
//   - arguments are separated by spaces or tabs;
//   - argv[0] is special: a quoted part runs to the next `"`, with no backslash processing;
//   - 2n backslashes + `"` → n backslashes and the quote toggles quoting;
//   - 2n+1 backslashes + `"` → n backslashes and a literal `"`;
//   - backslashes not followed by `"` are literal;
//   - inside a quoted part, `""` yields one literal `"` and ends the quoted part (the corrected
//     table of MicrosoftDocs/cpp-docs PR 4643: `a"b"" c d` → `ab"`, `c`, `d`).
// Elastic's ingest pipelines (windows.sysmon_operational, crowdstrike.fdr, m365_defender,
// sentinel_one_cloud_funnel) split process.command_line with a Painless port of Go's
// commandLineToArgv (golang/go 39c8d2b7): the same rules without the argv[0] special case.

const SPACE = 0x20;
const TAB = 0x09;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isSeparator(code: number): boolean {
  return code === SPACE || code === TAB;
}

// Space, tab, quote, newline, vertical tab.
const NEEDS_QUOTES = /[ \t"\n\v]/;

/** True when the CRT would not read `arg` back unchanged without quotes. */
function needsQuotes(arg: string): boolean {
  if (arg.length === 0) return true;
  // Long arguments (a 20 000-character -name padding) are scanned in the regex engine's native loop;
  // for the usual short ones a plain loop costs less than entering it.
  if (arg.length > 64) return NEEDS_QUOTES.test(arg);
  for (let i = 0; i < arg.length; i++) {
    const c = arg.charCodeAt(i);
    if (c === SPACE || c === TAB || c === QUOTE || c === 0x0a || c === 0x0b) return true;
  }
  return false;
}

/**
 * Quote one argument (not argv[0]) so the rules above give it back exactly: wrap in quotes when
 * needed, double the backslashes that precede a quote or the closing quote, escape quotes with `\`.
 * The result never contains `""` inside a quoted part, so the argument survives every splitter
 * above, whichever `""` rule it uses.
 */
export function quoteWindowsArg(arg: string): string {
  if (!needsQuotes(arg)) return arg;
  let out = '"';
  let backslashes = 0;
  for (const ch of arg) {
    if (ch === '\\') {
      backslashes++;
      continue;
    }
    if (ch === '"') {
      out += '\\'.repeat(backslashes * 2 + 1) + '"';
    } else {
      out += '\\'.repeat(backslashes) + ch;
    }
    backslashes = 0;
  }
  return out + '\\'.repeat(backslashes * 2) + '"';
}

export type ProgramQuoting = 'always' | 'as-needed';

/**
 * Quote argv[0]. A program path cannot contain `"` (not allowed in Windows file names), so the
 * argv[0] rule (quotes delimit, no escapes) and the general rule agree for every valid path that
 * does not end in a backslash.
 */
export function quoteWindowsProgram(program: string, quoting: ProgramQuoting): string {
  if (program.includes('"')) throw new Error(`a Windows program path cannot contain a double quote: ${program}`);
  if (quoting === 'always' || program.length === 0 || /[ \t]/.test(program)) return `"${program}"`;
  return program;
}

/** argv → the command line a Windows launcher passes to CreateProcess. */
export function windowsCommandLine(argv: readonly string[], quoting: ProgramQuoting = 'as-needed'): string {
  if (argv.length === 0) return '';
  const parts = new Array<string>(argv.length);
  parts[0] = quoteWindowsProgram(argv[0] ?? '', quoting);
  for (let i = 1; i < argv.length; i++) parts[i] = quoteWindowsArg(argv[i] ?? '');
  return parts.join(' ');
}

// The next character that can change an argument: outside quotes also the separators.
const SPECIAL_OUTSIDE = /[\t "\\]/g;
const SPECIAL_INSIDE = /["\\]/g;

/** Reads one argument starting at `start` (not on a separator); returns it and the index after it. */
function readArgument(cmd: string, start: number): { arg: string; next: number } {
  const n = cmd.length;
  let out = '';
  let inQuote = false;
  let i = start;
  for (;;) {
    // Plain characters are copied in runs: jump to the next special character.
    const special = inQuote ? SPECIAL_INSIDE : SPECIAL_OUTSIDE;
    special.lastIndex = i;
    const found = special.exec(cmd);
    const j = found === null ? n : found.index;
    if (j > i) out += cmd.slice(i, j);
    i = j;
    if (i >= n) return { arg: out, next: n };
    const c = cmd.charCodeAt(i);
    if (c === SPACE || c === TAB) return { arg: out, next: i + 1 }; // only found outside quotes
    if (c === BACKSLASH) {
      let k = i;
      while (k < n && cmd.charCodeAt(k) === BACKSLASH) k++;
      const count = k - i;
      if (cmd.charCodeAt(k) !== QUOTE) {
        out += cmd.slice(i, k); // backslashes not before a quote are literal
        i = k;
      } else if (count % 2 === 1) {
        out += '\\'.repeat(count >> 1) + '"'; // 2n+1 backslashes + quote: n backslashes and a literal quote
        i = k + 1;
      } else {
        out += '\\'.repeat(count >> 1); // 2n backslashes: n backslashes, the quote is read next
        i = k;
      }
      continue;
    }
    // A quote that toggles quoting; `""` inside a quoted part is one literal quote and ends the part.
    if (inQuote && cmd.charCodeAt(i + 1) === QUOTE) {
      out += '"';
      i += 2;
      inQuote = false;
    } else {
      inQuote = !inQuote;
      i++;
    }
  }
}

/**
 * Elastic's pipeline splitter (Go commandLineToArgv rules, no argv[0] special case). Empty
 * arguments (`""`) are kept, as windows.sysmon_operational keeps them; `dropEmpty` models the
 * pipelines that discard them (crowdstrike.fdr skips '' args; sentinel_one_cloud_funnel drops
 * empty values recursively at the end of its default pipeline).
 */
export function splitWindowsCommandLine(cmd: string, options: { dropEmpty?: boolean } = {}): string[] {
  const args: string[] = [];
  splitFrom(cmd, 0, options.dropEmpty === true, args);
  return args;
}

/** Appends the arguments of `cmd` from `start` on (general rules) to `args`. */
function splitFrom(cmd: string, start: number, dropEmpty: boolean, args: string[]): void {
  let i = start;
  while (i < cmd.length) {
    if (isSeparator(cmd.charCodeAt(i))) {
      i++;
      continue;
    }
    const { arg, next } = readArgument(cmd, i);
    i = next;
    if (dropEmpty && arg === '') continue;
    args.push(arg);
  }
}

/**
 * The argv the Microsoft C runtime (and CommandLineToArgvW) builds for the new process: argv[0]
 * by the program-name rule, the rest by the general rules.
 */
export function parseWindowsCommandLine(cmd: string): string[] {
  // argv[0]: quoted parts protect separators, the quotes themselves are dropped, backslashes are literal.
  let i = 0;
  let program = '';
  let runStart = 0; // start of the run of plain characters not yet copied into `program`
  let inQuote = false;
  for (; i < cmd.length; i++) {
    const c = cmd.charCodeAt(i);
    if (c === QUOTE) {
      program += cmd.slice(runStart, i);
      runStart = i + 1;
      inQuote = !inQuote;
      continue;
    }
    if (isSeparator(c) && !inQuote) break;
  }
  program += cmd.slice(runStart, i);
  const args = [program];
  splitFrom(cmd, i, false, args);
  return args;
}
