// The 4688 args split of the Windows Security pipelines: elastic/beats
// x-pack/winlogbeat/module/security/ingest/security_standard.yml and elastic/integrations
// packages/system/data_stream/security/elasticsearch/ingest_pipeline/standard.yml ("Process Event
// 4688" script). It is not the Windows argv rule: a double quote only toggles an in-quote flag and
// stays in the argument; every Java whitespace character outside quotes ends an argument (so
// doubled spaces give empty arguments); backslashes are plain characters. The winlogbeat golden
// file security-windows2019_4688_Process_Created.golden.json shows the result:
// "\"C:\\Windows\\system32\\wevtutil.exe\" cl Security" → ["\"C:\\Windows\\system32\\wevtutil.exe\"", "cl", "Security"].

/**
 * java.lang.Character.isWhitespace over UTF-16 code units: SPACE_SEPARATOR, LINE_SEPARATOR and
 * PARAGRAPH_SEPARATOR except the non-breaking spaces (U+00A0, U+2007, U+202F), plus U+0009–U+000D
 * and U+001C–U+001F (https://docs.oracle.com/javase/8/docs/api/java/lang/Character.html#isWhitespace-char-).
 * With the double quote, the characters that can end or change an argument.
 */
// eslint-disable-next-line no-control-regex -- Java counts U+001C–U+001F as whitespace
const BOUNDARY = /["\t-\r\u001c-\u001f \u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]/g;

export function splitSecurity4688(commandLine: string): string[] {
  const args: string[] = [];
  const n = commandLine.length;
  let start = 0;
  let inQuote = false;
  BOUNDARY.lastIndex = 0;
  for (let found = BOUNDARY.exec(commandLine); found !== null; found = BOUNDARY.exec(commandLine)) {
    const i = found.index;
    if (commandLine.charCodeAt(i) === 0x22) inQuote = !inQuote;
    else if (!inQuote) {
      args.push(commandLine.slice(start, i));
      start = i + 1;
    }
  }
  // The pipeline script adds the text after the last separator when it reaches the last character.
  if (n > 0) args.push(commandLine.slice(start, n));
  return args;
}
