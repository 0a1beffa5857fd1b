import { expect, test } from '@playwright/test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { escapeHtml, escapeMarkdown, escapeTerminal, escapeXml, visible } from '../../reports/escape.js';
import { HOSTILE_COMMAND_LINE } from '../fixtures/reports/synthetic-run.js';

// Characters that must never reach a terminal from event text: C0 controls (ESC starts ANSI/VT
// sequences, ECMA-48 §5), DEL, C1 controls (U+009B is a one-byte CSI), and the bidirectional overrides
// that reorder displayed text (Unicode UAX #9; CVE-2021-42574 "Trojan Source").
const DANGEROUS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u; // eslint-disable-line no-control-regex

test('visible() turns controls into visible, inert tokens', () => {
  expect(visible('a\u001b[31mb')).toBe('a\u241b[31mb');
  expect(visible('bell\u0007 tab\t nl\n del\u007f')).toBe('bell\u2407 tab\u2409 nl\u240a del\u2421');
  expect(visible('csi\u009b2J')).toBe('csi\u27e8U+009B\u27e92J');
  expect(visible('x\u202ey')).toBe('x\u27e8U+202E\u27e9y');
  expect(visible('lone \ud800 pair \ud83d\ude00')).toBe('lone \u27e8U+D800\u27e9 pair \ud83d\ude00');
  expect(visible('C:\\Program Files\\qemu\\qemu-system-x86_64.exe -netdev user')).toBe('C:\\Program Files\\qemu\\qemu-system-x86_64.exe -netdev user');
});

test('visible() truncates by code point and never splits a token', () => {
  expect(visible('abcdef', 3)).toBe('abc\u2026');
  expect(visible('ab\u202ecd', 4)).toBe('ab\u2026');
  expect(visible('\ud83d\ude00\ud83d\ude00\ud83d\ude00', 2)).toBe('\ud83d\ude00\ud83d\ude00\u2026');
  expect(visible('short', 10)).toBe('short');
});

test('escapeTerminal leaves no control, C1 or bidi character', () => {
  const out = escapeTerminal(HOSTILE_COMMAND_LINE);
  expect(DANGEROUS.test(out)).toBe(false);
  expect(out).toContain('\u241b[31mRED');
});

test('escapeHtml leaves no markup', () => {
  const out = escapeHtml(HOSTILE_COMMAND_LINE);
  expect(out).not.toMatch(/[<>"']/);
  expect(out).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
  expect(out).toContain('&amp;amp;');
});

test('escapeXml output is a valid XML 1.0 attribute and text, and parses back to the visible text', () => {
  const hostile = `${HOSTILE_COMMAND_LINE} \u0000 \ufffe \ud800`;
  const xml = `<r a="${escapeXml(hostile)}">${escapeXml(hostile)}</r>`;
  expect(XMLValidator.validate(xml)).toBe(true);
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', processEntities: true, htmlEntities: false }).parse(xml) as {
    r: { '@a': string; '#text': string };
  };
  expect(parsed.r['@a']).toBe(visible(hostile));
  expect(parsed.r['#text']).toBe(visible(hostile));
});

test('escapeMarkdown escapes every character that could start markup, pipes included', () => {
  const out = escapeMarkdown(HOSTILE_COMMAND_LINE);
  // Remove escaped pairs; nothing special may remain.
  const unescaped = out.replace(/\\[\s\S]/g, '');
  expect(unescaped).not.toMatch(/[\\`*_{}[\]()<>#|~!&:@$]/);
  expect(out).toContain('\\<script\\>');
  expect(out).toContain('\\| col \\|');
  expect(DANGEROUS.test(out)).toBe(false);
});
