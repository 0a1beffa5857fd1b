// Fields of one CSV record (RFC 4180, https://www.rfc-editor.org/rfc/rfc4180), as Splunk writes search
// results: comma-separated, a field with a comma, quote or line break is quoted, a quote inside is
// doubled. A quote that does not start a field is kept as a character (as most readers do).

export type CsvFields = { fields: string[] } | { error: string; column: number };

/** Splits one record (its text without the final line terminator). Columns are 1-based code units. */
export function parseCsvRecord(text: string): CsvFields {
  const fields: string[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    if (text.charCodeAt(i) === 0x22) {
      let value = '';
      let p = i + 1;
      for (;;) {
        const q = text.indexOf('"', p);
        if (q < 0) return { error: 'quoted field is not closed', column: i + 1 };
        value += text.slice(p, q);
        if (text.charCodeAt(q + 1) === 0x22) {
          value += '"';
          p = q + 2;
          continue;
        }
        p = q + 1;
        break;
      }
      if (p < n && text.charCodeAt(p) !== 0x2c) return { error: 'expected a comma after the closing quote', column: p + 1 };
      fields.push(value);
      if (p >= n) return { fields };
      i = p + 1;
    } else {
      const comma = text.indexOf(',', i);
      if (comma < 0) {
        fields.push(text.slice(i));
        return { fields };
      }
      fields.push(text.slice(i, comma));
      i = comma + 1;
    }
  }
}
