// Errors that carry where bad input was found. Every parser (EQL, SPL, macros, scenario packs,
// rule files, event files) reports through these, so the CLI prints them the same way and exits 2.

export interface SourceLocation {
  /** File path as the user gave it, or a label such as `<query>` or `<stdin>`. */
  file?: string;
  /** 1-based line. */
  line?: number;
  /** 1-based column (UTF-16 code units, as editors count them). */
  column?: number;
}

/** Bad input: a malformed rule, query, scenario, macro file or event line. CLI exit code 2. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly location: SourceLocation = {},
    /** Source text the location points into; used to print the line with a caret. */
    readonly sourceText?: string,
  ) {
    super(message);
    this.name = 'InputError';
  }

  /** `file:line:column: message`, then the offending line and a caret under the column. */
  format(): string {
    return formatLocated(this.message, this.location, this.sourceText);
  }
}

/**
 * Bad input on one line of a large input that is read line by line: the excerpt comes from that line's
 * text alone (the whole input is never held).
 */
export class LineInputError extends InputError {
  constructor(
    message: string,
    location: SourceLocation & { line: number },
    readonly lineText: string,
  ) {
    super(message, location);
  }

  override format(): string {
    return `${formatLocated(this.message, this.location)}\n${caretLine(this.lineText, this.location.line ?? 1, this.location.column ?? 1)}`;
  }
}

/** A gate or pinned expectation that did not hold. CLI exit code 1. */
export class ExpectationFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpectationFailure';
  }
}

export function formatLocation(location: SourceLocation): string {
  const parts: string[] = [];
  if (location.file !== undefined) parts.push(location.file);
  if (location.line !== undefined) {
    parts.push(String(location.line));
    if (location.column !== undefined) parts.push(String(location.column));
  }
  return parts.join(':');
}

export function formatLocated(message: string, location: SourceLocation, sourceText?: string): string {
  const where = formatLocation(location);
  const head = where ? `${where}: ${message}` : message;
  if (sourceText === undefined || location.line === undefined) return head;
  return `${head}\n${caretExcerpt(sourceText, location.line, location.column ?? 1)}`;
}

/** The 1-based `line` of `text`, prefixed with its number, and a caret under `column`. */
export function caretExcerpt(text: string, line: number, column: number): string {
  const lines = text.split(/\r\n|\r|\n/);
  return caretLine(lines[line - 1] ?? '', line, column);
}

/** One line's `content` (line number `line` of its input), prefixed with its number, and a caret under `column`. */
export function caretLine(text: string, line: number, column: number): string {
  let content = text;
  let caret = Math.max(0, column - 1);
  // A long line (a query of thousands of terms) is shown as a window around the column.
  if (content.length > EXCERPT_WIDTH) {
    const from = Math.max(0, Math.min(caret - EXCERPT_WIDTH / 2, content.length - EXCERPT_WIDTH));
    const head = from > 0 ? '…' : '';
    const tail = from + EXCERPT_WIDTH < content.length ? '…' : '';
    content = head + content.slice(from, from + EXCERPT_WIDTH) + tail;
    caret = caret - from + head.length;
  }
  const gutter = `${line} | `;
  const pad = ' '.repeat(gutter.length - 2) + '| ';
  const before = content.slice(0, caret).replace(/[^\t]/g, ' ');
  return `${gutter}${content}\n${pad}${before}^`;
}

/** Characters of a source line shown under an error. */
const EXCERPT_WIDTH = 160;

/** 1-based line and column of a 0-based offset into `text`. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */ || (c === 13 /* \r */ && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}
