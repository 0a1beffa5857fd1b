// The XmlWinEventLog attribute extraction is a linear scanner standing in for the add-on's transform
// system_props_xml_attributes, REGEX = ([^\s=]+)\s*=\s*('[^<']*'|"[^<"]*") with MV_ADD
// (Splunk_TA_windows/default/transforms.conf, as published in PMJeffery/splunk4windows). It must find
// exactly what that regular expression finds, in the same order, on any text.
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { scanAttributes } from '../../harness/engines/spl/fields/xml-wineventlog.js';

const ADD_ON_REGEX = /([^\s=]+)\s*=\s*('[^<']*'|"[^<"]*")/g;

function byRegex(text: string): [string, string][] {
  return [...text.matchAll(ADD_ON_REGEX)].map((m) => [m[1] as string, m[2] as string]);
}

function byScanner(text: string): [string, string][] {
  const out: [string, string][] = [];
  scanAttributes(text, (name, value) => out.push([name, value]));
  return out;
}

test('attributes of a System block: names and quoted values as the transform captures them', () => {
  const system = "<Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-a5ba-3e3b0328c30d}'/><EventID>4688</EventID><TimeCreated SystemTime='2026-03-05T13:47:36.1909868Z'/><Execution ProcessID='4' ThreadID = \"6968\"/>";
  expect(byScanner(system)).toEqual([
    ['Name', "'Microsoft-Windows-Security-Auditing'"],
    ['Guid', "'{54849625-5478-4994-a5ba-3e3b0328c30d}'"],
    ['SystemTime', "'2026-03-05T13:47:36.1909868Z'"],
    ['ProcessID', "'4'"],
    ['ThreadID', '"6968"'],
  ]);
  expect(byScanner(system)).toEqual(byRegex(system));
});

test('a value that meets `<` before its closing quote is no match, and the scan goes on after it', () => {
  const text = "a='x<y' b='ok' c=\"q'<\" d=\"z\"";
  expect(byScanner(text)).toEqual(byRegex(text));
  expect(byScanner(text).map(([n]) => n)).toEqual(byRegex(text).map(([n]) => n));
});

test('equal to the regular expression on random text over the characters that matter', () => {
  const alphabet = fc.constantFrom('a', 'B', '=', "'", '"', '<', '>', '/', ' ', '\t', '\n', '\u00a0', '\u2028', '\ufeff', 'é');
  fc.assert(
    fc.property(fc.array(alphabet, { maxLength: 60 }), (chars) => {
      const text = chars.join('');
      expect(byScanner(text)).toEqual(byRegex(text));
    }),
    { numRuns: 1000 },
  );
});

test('linear on a long run without whitespace (the regex is quadratic there)', () => {
  // Not a timing assertion: the scanner must simply finish and agree on a 200 KB run.
  const text = '<a>'.repeat(70_000) + "x='1'";
  expect(byScanner(text)).toEqual([['<a>'.repeat(70_000) + 'x', "'1'"]]);
});
