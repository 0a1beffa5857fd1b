// Text edits on a Windows command line that leave the argv unchanged: a pair of double quotes
// inserted inside an unquoted token is removed again by the C runtime (learn.microsoft.com,
// "Parsing C command-line arguments"), so `host"fwd"=…` reaches QEMU as `hostfwd=…` while the
// recorded command line keeps the quotes (docs/evasions.md rows 16–17; Microsoft, Parsing C command-line arguments:
// https://learn.microsoft.com/en-us/cpp/c-language/parsing-c-command-line-arguments).

/** Replace every occurrence of `needle` that lies outside a quoted part of `commandLine`. */
export function replaceOutsideQuotes(commandLine: string, needle: string, replacement: string): string {
  let out = '';
  let inQuote = false;
  let backslashes = 0;
  let i = 0;
  while (i < commandLine.length) {
    const ch = commandLine[i] as string;
    if (!inQuote && commandLine.startsWith(needle, i)) {
      out += replacement;
      i += needle.length;
      backslashes = 0;
      continue;
    }
    if (ch === '"' && backslashes % 2 === 0) inQuote = !inQuote;
    backslashes = ch === '\\' ? backslashes + 1 : 0;
    out += ch;
    i++;
  }
  return out;
}
