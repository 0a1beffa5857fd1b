// Checks the writer tests share: JUnit XML parsed back with fast-xml-parser, and the Markdown structure
// (table rows keep their cell count, no raw HTML) whatever text the events carry.
import { expect } from '@playwright/test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name) });

export interface JunitCase {
  '@name': string;
  '@classname': string;
  failure?: { '@message': string; '@type': string; '#text'?: string };
  error?: { '@message': string };
  skipped?: { '@message': string };
  'system-out'?: string;
}

export interface JunitSuite {
  '@name': string;
  '@tests': string;
  '@failures': string;
  '@errors': string;
  '@skipped': string;
  testcase?: JunitCase[];
  properties?: { property: { '@name': string; '@value': string }[] };
  'system-out'?: string;
}

export interface Junit {
  tests: number;
  failures: number;
  errors: number;
  suites: JunitSuite[];
}

/** Valid XML, parsed: the totals of <testsuites> and every suite. */
export function parseJunit(xml: string): Junit {
  expect(XMLValidator.validate(xml)).toBe(true);
  const root = (parser.parse(xml) as { testsuites: { '@tests': string; '@failures': string; '@errors': string; testsuite?: JunitSuite[] } }).testsuites;
  return { tests: Number(root['@tests']), failures: Number(root['@failures']), errors: Number(root['@errors']), suites: root.testsuite ?? [] };
}

/** Table cell separators: pipes not escaped with a backslash. */
function unescapedPipes(line: string): number {
  return (line.replace(/\\\\/g, '').match(/(?<!\\)\|/g) ?? []).length;
}

/** Every row of every table has as many cells as its header. */
export function expectMarkdownTablesWellFormed(md: string): void {
  let columns = -1;
  for (const line of md.split('\n')) {
    if (!line.startsWith('|')) {
      columns = -1;
      continue;
    }
    const pipes = unescapedPipes(line);
    if (columns === -1) columns = pipes;
    expect(pipes, line).toBe(columns);
  }
}

/** Every < is escaped or one of our own details/summary tags. */
export function expectNoRawHtml(md: string): void {
  expect(md.replace(/<\/?(details|summary)>/g, '').match(/(?<!\\)</g)).toBeNull();
}
