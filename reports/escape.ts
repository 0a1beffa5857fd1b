// Event text is attacker-controlled. Every writer passes it through visible() first, which makes
// invisible and terminal-active characters visible and inert, then through its format's own escape.

// C0 controls, DEL, C1 controls, lone surrogates, the bidirectional and zero-width formatting
// characters (they can reorder or hide text: "Trojan Source", CVE-2021-42574), line and paragraph
// separators, BOM, interlinear annotation characters, and the XML non-characters U+FFFE and U+FFFF.
// With the `u` flag a surrogate pair is one code point, so [\ud800-\udfff] matches lone surrogates only.
// eslint-disable-next-line no-control-regex -- matching control characters is this regex's purpose
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ufffe\uffff\ud800-\udfff]/gu;

function token(char: string): string {
  const code = char.charCodeAt(0);
  // C0 controls and DEL as Unicode Control Pictures (U+2400 block): one column wide and recognisable.
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `\u27e8U+${code.toString(16).toUpperCase().padStart(4, '0')}\u27e9`;
}

/**
 * `text` with every unsafe character replaced by a visible token (ESC becomes `␛`, U+202E becomes
 * `⟨U+202E⟩`). With `maxLength`, cut to at most that many code points (tokens are never split) plus `…`.
 */
export function visible(text: string, maxLength?: number): string {
  const safe = text.replace(UNSAFE, token);
  if (maxLength === undefined) return safe;
  const points = Array.from(safe);
  if (points.length <= maxLength) return safe;
  let cut = maxLength;
  // Step back out of a ⟨U+XXXX⟩ token rather than split it.
  const open = points.lastIndexOf('\u27e8', cut - 1);
  if (open !== -1 && points.indexOf('\u27e9', open) >= cut) cut = open;
  return points.slice(0, cut).join('') + '\u2026';
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** For HTML text and quoted attribute values. */
export function escapeHtml(text: string): string {
  return visible(text).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] as string);
}

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** For XML 1.0 text and attribute values; visible() already removed the characters XML forbids. */
export function escapeXml(text: string): string {
  return visible(text).replace(/[&<>"']/g, (c) => XML_ENTITIES[c] as string);
}

/**
 * For CommonMark / GitHub-flavoured Markdown inline text, including table cells. Backslash-escapes
 * (CommonMark 0.31 §2.4 allows it for any ASCII punctuation) every character that can open emphasis,
 * code, a link, an autolink (`:` and `@`), raw HTML, an entity, a table pipe, strikethrough or GitHub's
 * `$` math. Block markers (`-`, `+`, `.`) are left alone: our Markdown never puts event text at the
 * start of a line.
 */
export function escapeMarkdown(text: string, maxLength?: number): string {
  return visible(text, maxLength).replace(/[\\`*_{}[\]()<>#|~!&:@$]/g, (c) => `\\${c}`);
}

/** For a terminal: visible() already made every control sequence inert. */
export function escapeTerminal(text: string, maxLength?: number): string {
  return visible(text, maxLength);
}

// What JSON.stringify leaves raw but a terminal or a line-based reader may act on: DEL and C1 controls
// (U+009B is a one-byte CSI), zero-width and bidirectional formatting characters, the line and
// paragraph separators, BOM and interlinear annotations. C0 controls and lone surrogates are already
// escaped by JSON.stringify itself.
const JSON_UNSAFE = /[\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;

/**
 * `value` as one line of JSON in which every character a terminal could act on is a `\uXXXX` escape:
 * still valid JSON that parses back to the same value, and never more than one line, whatever an
 * event id or field holds.
 */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
