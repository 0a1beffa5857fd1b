// What the prefilter requires of a line, derived from a query's AST, and the character tables its
// soundness rests on (recomputed here over every code point).
import { expect, test } from '@playwright/test';
import { foldCodePoint } from '../../harness/engines/eql/text-match.js';
import { parseEql } from '../../harness/engines/eql/parser.js';
import { FOLD_TABLE } from '../../harness/engines/spl/segmenter.js';
import { prepareSearch } from '../../harness/engines/spl/engine.js';
import { parseMacrosConf } from '../../harness/engines/spl/macros.js';
import { fieldTypesFromMapping } from '../../harness/engines/eql/mappings/field-types.js';
import { fromRoot } from '../../harness/paths.js';
import { loadElasticRule } from '../../harness/rules/elastic-loader.js';
import { loadSplunkRules } from '../../harness/rules/splunk-loader.js';
import { scanFieldTypes } from '../../harness/scan/elastic-records.js';
import { eqlPrefilter } from '../../harness/scan/prefilter/eql.js';
import { formatCnf, toCnf } from '../../harness/scan/prefilter/formula.js';
import { EQL_FOLD, LOWERCASE_NORMALIZER_FOLD, requiredRuns, safeRuns, SPL_FOLD } from '../../harness/scan/prefilter/literal.js';
import { splPrefilter } from '../../harness/scan/prefilter/spl.js';
import { readFileSync } from 'node:fs';

const ecs = scanFieldTypes('', null, []);

function eqlCnf(query: string, fields = ecs): string {
  return formatCnf(toCnf(eqlPrefilter(parseEql(query, '<test>'), fields)));
}

/** Every non-ASCII code point as one string, for scanning with regular expressions. */
function allNonAscii(): string {
  const parts: string[] = [];
  for (let cp = 0x80; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    parts.push(String.fromCodePoint(cp));
  }
  return parts.join('');
}

function asciiTargets(fold: (cp: number) => string): Set<string> {
  const out = new Set<string>();
  for (let cp = 0x80; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    for (const ch of fold(cp)) if (ch.charCodeAt(0) < 0x80 && /[a-z]/i.test(ch)) out.add(ch.toLowerCase());
  }
  return out;
}

test('the ASCII letters non-ASCII characters fold to, per engine comparison, are exactly the ones the prefilter leaves out', () => {
  // EQL `:` folds each code point on its own (Lucene's case-insensitive automata):
  // https://www.elastic.co/docs/reference/query-languages/query-dsl/query-dsl-term-query (case_insensitive)
  expect([...asciiTargets((cp) => String.fromCodePoint(foldCodePoint(cp)))].sort()).toEqual([...EQL_FOLD.asciiFoldTargets].sort());
  // A lowercase normalizer lowers whole strings (https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/normalizer).
  expect([...asciiTargets((cp) => String.fromCodePoint(cp).toLowerCase())].sort()).toEqual([...LOWERCASE_NORMALIZER_FOLD.asciiFoldTargets].sort());
  // SPL: the segmenter's folding table, and the raw-text regular expressions (flags `iu`).
  const spl = new Set<string>();
  for (let c = 0x80; c < 0x10000; c++) {
    const f = FOLD_TABLE[c] as number;
    if (f < 0x80 && /[a-z]/i.test(String.fromCharCode(f))) spl.add(String.fromCharCode(f).toLowerCase());
  }
  const text = allNonAscii();
  for (let c = 0x61; c <= 0x7a; c++) if (new RegExp(String.fromCharCode(c), 'iu').test(text)) spl.add(String.fromCharCode(c));
  expect([...spl].sort()).toEqual([...SPL_FOLD.asciiFoldTargets].sort());
});

test('literals are cut where an escape or a case fold could hide their text', () => {
  // JSON may write `/` as `\/` and must escape `"`, `\` and controls (https://www.rfc-editor.org/rfc/rfc8259#section-7).
  expect(safeRuns('C:\\Windows/System32 "x"', false, EQL_FOLD)).toEqual(['C:', 'Windows', 'System32 ', 'x']);
  // KELVIN SIGN folds to `k` case-insensitively, so `k` cannot be required in raw bytes; case-sensitively it can.
  expect(safeRuns('kernel', true, EQL_FOLD)).toEqual(['ernel']);
  expect(safeRuns('kernel', false, EQL_FOLD)).toEqual(['kernel']);
  // LONG S folds to `s` in SPL's case-insensitive regular expressions.
  expect(safeRuns('socket', true, SPL_FOLD)).toEqual(['ocket'.slice(0, 2), 'et']);
  // Too short to pay, and longest first.
  expect(requiredRuns('a/bcd/efghij', { ci: true, profile: EQL_FOLD, numbersIndexedAsText: false })).toEqual(['efghij', 'bcd']);
  // A keyword field indexes the number 1e2 as "100" (https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/keyword):
  // digit-only text, or a piece of "Infinity", cannot be required of the raw line.
  expect(requiredRuns('100', { ci: false, profile: EQL_FOLD, numbersIndexedAsText: true })).toEqual([]);
  expect(requiredRuns('Infinity', { ci: false, profile: EQL_FOLD, numbersIndexedAsText: true })).toEqual([]);
  expect(requiredRuns('v100', { ci: false, profile: EQL_FOLD, numbersIndexedAsText: true })).toEqual(['v100']);
});

test('the QEMU rule: every match needs `-netdev` in some letter case, and one of the branch literals', () => {
  // `:` is case-insensitive equality; `*x*` a case-insensitive substring; `==` case-sensitive; `process where`
  // is `event.category == "process"`: https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax
  const rule = loadElasticRule(fromRoot('rules', 'elastic', 'command_and_control_tunnel_qemu.toml'));
  const cnf = toCnf(eqlPrefilter(parseEql(rule.query, rule.sourceFile), ecs));
  expect(cnf).toContainEqual([{ text: '-netdev', ci: true }]);
  expect(cnf).toContainEqual([{ text: 'start', ci: false }]);
  expect(cnf).toContainEqual([{ text: 'process', ci: false }]);
  expect(cnf).toContainEqual([
    { text: 'restrict=off', ci: true },
    { text: 'hostfwd=', ci: true },
  ]);
});

test('derivation per operator: AND keeps both sides, OR needs one per side, and it gives up where a literal is not provable', () => {
  // https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax (operators, `in`, `like`, `~`)
  expect(eqlCnf('any where process.name == "qemu.exe" and user.name : "admin*"')).toBe('"qemu.exe" AND "admin"~');
  expect(eqlCnf('any where process.name == "qemu.exe" or user.name : "admin*"')).toBe('("qemu.exe" OR "admin"~)');
  expect(eqlCnf('any where process.name in ("qemu.exe", "kvm.exe")')).toBe('("qemu.exe" OR "kvm.exe")');
  expect(eqlCnf('any where process.name in~ ("QEMU.exe", "Xen.exe")')).toBe('("qemu.exe"~ OR "xen.exe"~)');
  expect(eqlCnf('any where process.name like "qemu*.exe"')).toBe('"qemu" AND ".exe"');
  expect(eqlCnf('any where process.name like~ "QEMU*"')).toBe('"qemu"~');
  // Gives up: not, !=, not in, regex, functions, numeric comparisons, a wildcard-only pattern.
  expect(eqlCnf('any where not process.name == "qemu.exe"')).toBe('none');
  expect(eqlCnf('any where process.name != "qemu.exe"')).toBe('none');
  expect(eqlCnf('any where process.name not in ("qemu.exe")')).toBe('none');
  expect(eqlCnf('any where process.name regex "qemu.*"')).toBe('none');
  expect(eqlCnf('any where startsWith(process.name, "qemu")')).toBe('none');
  expect(eqlCnf('any where process.pid == 1234')).toBe('none');
  expect(eqlCnf('any where process.name : "*"')).toBe('none');
  // One unprovable branch of an OR makes the whole OR unprovable; in an AND the other side still counts.
  expect(eqlCnf('any where process.name == "qemu.exe" or process.pid > 5')).toBe('none');
  expect(eqlCnf('any where process.name == "qemu.exe" and process.pid > 5')).toBe('"qemu.exe"');
});

test('field properties: a lowercase normalizer makes == case-insensitive; constant_keyword and null_value give up', () => {
  // https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/normalizer
  // https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/null-value
  // https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/keyword#constant-keyword-field-type
  const fields = fieldTypesFromMapping({
    properties: {
      a: { type: 'keyword', normalizer: 'lowercase' },
      b: { type: 'keyword', null_value: 'none' },
      c: { type: 'constant_keyword', value: 'fixed' },
      d: { type: 'text', fields: { raw: { type: 'keyword' } } },
      e: { type: 'long' },
    },
  });
  expect(eqlCnf('any where a == "QEMU"', fields)).toBe('"qemu"~');
  // `i` folds from U+0130 under toLowerCase: left out.
  expect(eqlCnf('any where a == "vmlinux"', fields)).toBe('"vml"~ AND "nux"~');
  expect(eqlCnf('any where b == "none"', fields)).toBe('none');
  expect(eqlCnf('any where c == "fixed"', fields)).toBe('none');
  expect(eqlCnf('any where d == "qemu"', fields)).toBe('"qemu"');
  expect(eqlCnf('any where e == 5', fields)).toBe('none');
});

test('the Splunk rule: the prefilter comes from its search terms, never from field comparisons', () => {
  // Terms are matched in the raw text, case-insensitively:
  // https://help.splunk.com/splunk-enterprise/search/search-manual/10.0/search-primer/event-segmentation-and-searching
  const [rule] = loadSplunkRules(fromRoot('rules', 'splunk', 'qemu_network_tunneling_windows.yml'));
  const macros = parseMacrosConf(readFileSync(fromRoot('rules', 'splunk', 'macros.conf'), 'utf8'), 'macros.conf');
  const prepared = prepareSearch((rule as NonNullable<typeof rule>).query, macros);
  // `qemu-system-` with the `s` letters cut out (LONG S), and no clause from index=/sourcetype=.
  expect(formatCnf(toCnf(splPrefilter(prepared.pipeline)))).toBe('"qemu-"~ AND "tem-"~');
  const cnf = (query: string): string => formatCnf(toCnf(splPrefilter(prepareSearch(query, macros).pipeline)));
  expect(cnf('index=main "hostfwd=" OR CASE(NetDev)')).toBe('("tfwd="~ OR "NetDev")');
  expect(cnf('index=main NOT qemu')).toBe('none');
  expect(cnf('index=main process_name=qemu.exe')).toBe('none');
  expect(cnf('qemu*.exe | search hostfwd')).toBe('"qemu"~ AND ".exe"~');
});
