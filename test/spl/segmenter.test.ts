import { expect, test } from '@playwright/test';
import { fold, majorBreakerLength, minorTerms, segment, termPieces } from '../../harness/engines/spl/segmenter.js';

// Default MAJOR and MINOR breakers, segmenters.conf [default]:
// https://help.splunk.com/en/data-management/splunk-enterprise-admin-manual/10.0/10.0.0-configuration-file-reference/segmenters.conf

test('major breakers split an event into major segments; minor breakers split those again', () => {
  const s = segment('C:\\Program Files\\qemu\\qemu-system-x86_64.exe');
  expect(s.major).toEqual(['C:\\Program', 'Files\\qemu\\qemu-system-x86_64.exe']);
  expect(s.minor).toEqual(['C', 'Program', 'Files', 'qemu', 'qemu', 'system', 'x86', '64', 'exe']);
});

test('a QEMU -netdev argument segments as the notes work out', () => {
  // https://help.splunk.com/splunk-enterprise/search/search-manual/10.0/search-primer/event-segmentation-and-searching
  const s = segment('-netdev user,id=n0,hostfwd=tcp::2222-:22');
  expect(s.major).toEqual(['-netdev', 'user', 'id=n0', 'hostfwd=tcp::2222-:22']);
  expect(s.minor).toEqual(['netdev', 'user', 'id', 'n0', 'hostfwd', 'tcp', '2222', '22']);
});

test('every single-character major breaker of the spec splits', () => {
  for (const c of ['[', ']', '<', '>', '(', ')', '{', '}', '|', '!', ';', ',', "'", '"', '*', '\n', '\r', ' ', '\t', '&', '?', '+']) {
    expect(segment(`a${c}b`).major).toEqual(['a', 'b']);
  }
});

test('every minor breaker of the spec splits only inside a major segment', () => {
  for (const c of ['/', ':', '=', '@', '.', '-', '$', '#', '%', '\\', '_']) {
    const s = segment(`a${c}b`);
    expect(s.major).toEqual([`a${c}b`]);
    expect(s.minor).toEqual(['a', 'b']);
  }
});

test('"--" and the URL-encoded sequences are major breakers although "-" and "%" alone are minor', () => {
  expect(segment('a--netdev').major).toEqual(['a', 'netdev']);
  expect(segment('a%20b%2Cc%3Dd%2526e').major).toEqual(['a', 'b', 'c', 'd', 'e']);
  expect(segment('a%25b').major).toEqual(['a%25b']);
  expect(majorBreakerLength('%2520', 0)).toBe(5);
  expect(majorBreakerLength('-x', 0)).toBe(0);
});

test('index terms are folded to lower case', () => {
  // Searches are case-insensitive by default:
  // https://help.splunk.com/splunk-enterprise/search/search-manual/10.0/search-primer/use-case-and-term-to-match-phrases
  expect([...minorTerms('EventCode=4688 QEMU-System')].sort()).toEqual(['4688', 'eventcode', 'qemu', 'system']);
  expect(fold('ÄBC')).toBe('äbc');
});

test('a search term splits into the index terms it needs; "*" stays inside a piece as a wildcard', () => {
  // `127.0.0.1` is looked up as 127 AND 0 AND 1:
  // https://docs.splunk.com/Documentation/Splunk/6.4.11/Search/UseCASEandTERMtomatchphrases
  expect(termPieces('127.0.0.1').map((p) => p.text)).toEqual(['127', '0', '0', '1']);
  expect(termPieces('qemu-system-')).toEqual([
    { text: 'qemu', wildcard: false },
    { text: 'system', wildcard: false },
  ]);
  expect(termPieces('-net ')).toEqual([{ text: 'net', wildcard: false }]);
  expect(termPieces('<EventID>4688<')).toEqual([
    { text: 'eventid', wildcard: false },
    { text: '4688', wildcard: false },
  ]);
  expect(termPieces('qemu-sys*')).toEqual([
    { text: 'qemu', wildcard: false },
    { text: 'sys*', wildcard: true },
  ]);
  expect(termPieces('*')).toEqual([]);
});
