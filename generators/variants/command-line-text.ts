// Text edits on a Windows command line that leave the argv unchanged: a pair of double quotes
// inserted inside an unquoted token is removed again by the C runtime (learn.microsoft.com,
// "Parsing C command-line arguments"), so `host"fwd"=…` reaches QEMU as `hostfwd=…` while the
// recorded command line keeps the quotes (docs/evasions.md rows 16–17; Microsoft, Parsing C command-line arguments:
// https://learn.microsoft.com/en-us/cpp/c-language/parsing-c-command-line-arguments).

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Replace every occurrence of `needle` that lies outside a quoted part of `commandLine`. */
export function replaceOutsideQuotes(commandLine: string, needle: string, replacement: string): string {
  // Most lines hold no occurrence at all; the scan below only runs for those that do. It copies the
  // text between replacements in slices (a padded command line is ~20 000 characters).
  if (needle === '' || !commandLine.includes(needle)) return commandLine;
  const first = needle.charCodeAt(0);
  let out = '';
  let copied = 0;
  let inQuote = false;
  let backslashes = 0;
  let i = 0;
  while (i < commandLine.length) {
    const c = commandLine.charCodeAt(i);
    if (!inQuote && c === first && commandLine.startsWith(needle, i)) {
      out += commandLine.slice(copied, i) + replacement;
      i += needle.length;
      copied = i;
      backslashes = 0;
      continue;
    }
    if (c === QUOTE && backslashes % 2 === 0) inQuote = !inQuote;
    backslashes = c === BACKSLASH ? backslashes + 1 : 0;
    i++;
  }
  return out + commandLine.slice(copied);
}
