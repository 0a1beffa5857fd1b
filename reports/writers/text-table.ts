// Aligned plain-text columns for the terminal. Widths are measured on the text before colouring, so
// ANSI styles never shift a column.

export type Align = 'left' | 'right';

export interface TextCell {
  text: string;
  /** Applied after padding, e.g. an ANSI colour; identity when colour is off. */
  style?: (padded: string) => string;
}

/** Display width of `text`: code points, which is exact for the characters our tables contain. */
export function displayWidth(text: string): number {
  return Array.from(text).length;
}

export function layoutTable(rows: TextCell[][], align: Align[], indent = '', gap = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell.text));
    });
  }
  return rows.map((row) => {
    const parts = row.map((cell, i) => {
      const pad = ' '.repeat((widths[i] ?? 0) - displayWidth(cell.text));
      const isLast = i === row.length - 1;
      const padded = align[i] === 'right' ? pad + cell.text : isLast ? cell.text : cell.text + pad;
      return cell.style ? cell.style(padded) : padded;
    });
    return (indent + parts.join(gap)).replace(/\s+$/, '');
  });
}
