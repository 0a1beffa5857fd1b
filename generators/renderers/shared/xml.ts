// XML text escaping as Windows renders event XML: `&`, `<`, `>` become entities; quotes and
// apostrophes stay literal in element text (security_content sysmon_eventid_1.yml example_log).
// Attribute values are single-quoted, so an apostrophe in an attribute is escaped.

export function escapeXmlText(text: string): string {
  if (!/[&<>]/.test(text)) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
