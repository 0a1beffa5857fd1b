// Elasticsearch EQL semantics, operator by operator. Each test names the documentation it follows.
import { expect, test } from '@playwright/test';
import { ecsFieldTypes } from '../../harness/engines/eql/mappings/index-mapping.js';
import { compileError, fieldsOf, matching } from './support/run.js';

const proc = (fields: Record<string, unknown>): Record<string, unknown> => ({ event: { category: ['process'], type: ['start'] }, ...fields });

// https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax#eql-syntax-comparison-operators
test('== is case-sensitive and never expands wildcards', () => {
  const docs = [proc({ process: { name: 'cmd.exe' } }), proc({ process: { name: 'CMD.EXE' } }), proc({ process: { name: 'cmd*.exe' } })];
  expect(matching('process where process.name == "cmd.exe"', docs)).toEqual([0]);
  expect(matching('process where process.name == "cmd*.exe"', docs)).toEqual([2]);
  expect(matching('process where process.name != "cmd.exe"', docs)).toEqual([1, 2]);
});

// https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax#eql-syntax-wildcards
test(': is case-insensitive with * (any run, newlines too) and ? (exactly one code point)', () => {
  const docs = [
    proc({ process: { command_line: 'QEMU -netdev user,HOSTFWD=tcp::1-:2' } }),
    proc({ process: { command_line: 'qemu\n-netdev\nhostfwd=' } }),
    proc({ process: { command_line: 'doc' } }),
    proc({ process: { command_line: 'd😀c' } }),
    proc({ process: { command_line: 'dooc' } }),
  ];
  expect(matching('process where process.command_line : "*hostfwd=*"', docs)).toEqual([0, 1]);
  expect(matching('process where process.command_line : "d?c"', docs)).toEqual([2, 3]);
  expect(matching('process where process.command_line : "D*C"', docs)).toEqual([2, 3, 4]);
  // Anchored at both ends: no implicit substring match without *.
  expect(matching('process where process.command_line : "hostfwd="', docs)).toEqual([]);
});

// https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax#eql-syntax-pattern-comparison-keywords
test('like is case-sensitive, like~ is not; lists match any pattern', () => {
  const docs = [proc({ process: { name: 'Winword.exe' } }), proc({ process: { name: 'winword.exe' } })];
  expect(matching('process where process.name like "win*.exe"', docs)).toEqual([1]);
  expect(matching('process where process.name like~ "WIN*.EXE"', docs)).toEqual([0, 1]);
  expect(matching('process where process.name like ("x", "W?nword.exe")', docs)).toEqual([0]);
  expect(matching('process where process.name : ("x", "WINWORD.EXE")', docs)).toEqual([0, 1]);
});

// Case-insensitive matching on a keyword-family field is ASCII-only: Lucene's case-insensitive automata
// give a code point up to 128 its other case and any other code point only itself (elastic/elasticsearch
// server/src/main/java/org/elasticsearch/common/lucene/search/AutomatonQueries.java,
// toCaseInsensitiveChar: "For now we only work with ASCII characters"). The wildcard field type confirms
// with the same automaton (x-pack/plugin/wildcard/.../WildcardFieldMapper.java, wildcardQuery).
// https://www.elastic.co/docs/reference/query-languages/query-dsl/query-dsl-term-query#term-field-params (case_insensitive)
test('case-insensitive matching on fields folds ASCII letters only', () => {
  const docs = [
    proc({ process: { name: 'ÉCOLE.EXE', args: ['-NÉTDEV'], command_line: 'qemu -NÉTDEV user' } }),
    proc({ process: { name: 'Straße.exe', args: ['\u212A'], command_line: 'x' } }),
    proc({ process: { name: 'École.EXE', args: ['-nétdev'], command_line: 'qemu -nétDEV user' } }),
  ];
  expect(matching('process where process.name : "école.exe"', docs)).toEqual([]);
  expect(matching('process where process.name : "École.exe"', docs)).toEqual([0, 2]);
  expect(matching('process where process.name : "STRASSE.EXE"', docs)).toEqual([]);
  expect(matching('process where process.args : "-nétdev"', docs)).toEqual([2]);
  // The Kelvin sign (U+212A) lowercases to k in Unicode, but is above 128: it matches only itself.
  expect(matching('process where process.args : "k"', docs)).toEqual([]);
  expect(matching('process where process.args : "\u212A"', docs)).toEqual([1]);
  // command_line is a wildcard field in ECS: the same ASCII-only folding.
  expect(matching('process where process.command_line : "*-nétdev*"', docs)).toEqual([2]);
  expect(matching('process where process.command_line like~ "*-NÉTdev*"', docs)).toEqual([0]);
  expect(matching('process where stringContains~(process.command_line, "-nÉtdev")', docs)).toEqual([0]);
  expect(matching('process where process.name in~ ("école.exe", "straße.EXE")', docs)).toEqual([1]);
  expect(matching('process where startsWith~(process.name, "éc")', docs)).toEqual([]);
  expect(matching('process where startsWith~(process.name, "Éc")', docs)).toEqual([0, 2]);
});

// https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax#eql-syntax-lookup-operators
test('in is case-sensitive, in~ is not, and neither expands wildcards; not in negates', () => {
  const docs = [proc({ process: { name: 'a.exe' } }), proc({ process: { name: 'A.EXE' } }), proc({ process: { name: 'a*' } }), proc({})];
  expect(matching('process where process.name in ("a.exe", "b.exe")', docs)).toEqual([0]);
  expect(matching('process where process.name in~ ("a.exe")', docs)).toEqual([0, 1]);
  expect(matching('process where process.name in~ ("a*")', docs)).toEqual([2]);
  expect(matching('process where process.name not in ("a.exe")', docs)).toEqual([1, 2, 3]);
});

// https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax#eql-syntax-pattern-comparison-keywords
// (regex syntax: https://www.elastic.co/docs/reference/query-languages/query-dsl/regexp-syntax)
test('regex uses Lucene syntax over the whole value; regex~ ignores case', () => {
  const docs = [proc({ process: { command_line: 'net1  localgroup admins' } }), proc({ process: { command_line: 'x net1 localgroup' } }), proc({ process: { command_line: '^a$' } })];
  expect(matching('process where process.command_line regex "net1[ ]+localgroup.*"', docs)).toEqual([0]);
  expect(matching('process where process.command_line regex~ ".*NET1 LOCALGROUP"', docs)).toEqual([1]);
  // Lucene has no anchors: ^ and $ are ordinary characters.
  expect(matching('process where process.command_line regex "^a$"', docs)).toEqual([2]);
  expect(compileError('process where process.command_line regex "~(a)"', docs)).toContain('unsupported: regular expression feature');
});

// A multi-valued field matches when any value matches; each predicate is tested on its own.
// https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/array
test('arrays: any element matches, predicates are independent, != fails when any element equals', () => {
  const docs = [proc({ process: { args: ['qemu', '-nographic', '-netdev', 'user'] } }), proc({ process: { args: ['qemu', '-netdev=user'] } })];
  expect(matching('process where process.args : "-NETDEV" and process.args : "-nographic"', docs)).toEqual([0]);
  expect(matching('process where process.args == "qemu"', docs)).toEqual([0, 1]);
  expect(matching('process where process.args != "user"', docs)).toEqual([1]);
});

// https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax#eql-syntax-check-field-exists
// and #eql-syntax-optional-fields; not / != are bool must_not (a missing field satisfies them).
test('missing fields, null, optional fields and negation', () => {
  const docs = [proc({ process: { name: 'a' } }), proc({ process: { pid: 1 } })];
  expect(matching('process where process.name == "a"', docs)).toEqual([0]);
  expect(matching('process where not process.name == "a"', docs)).toEqual([1]);
  expect(matching('process where process.name != "a"', docs)).toEqual([1]);
  expect(matching('process where process.name != null', docs)).toEqual([0]);
  expect(matching('process where process.name == null', docs)).toEqual([1]);
  expect(matching('process where ?no.such.field == null', docs)).toEqual([0, 1]);
  expect(matching('process where ?no.such.field != null', docs)).toEqual([]);
  expect(compileError('process where no.such.field == null', docs)).toBe('Unknown column [no.such.field]');
  expect(matching('process where process.pid > 0', docs)).toEqual([1]);
  expect(matching('process where not process.pid > 0', docs)).toEqual([0]);
});

// https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax#eql-syntax-match-any-event-category
test('<category> where is a case-sensitive event.category test; any where needs no category', () => {
  const docs = [proc({}), { event: { category: ['Process'] } }, { message: 'x' }, { event: { category: ['network', 'process'] } }];
  expect(matching('process where true', docs)).toEqual([0, 3]);
  expect(matching('any where true', docs)).toEqual([0, 1, 2, 3]);
  expect(matching('"Process" where true', docs)).toEqual([1]);
});

// https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/ignore-above
test('ignore_above: a longer keyword element is not searchable; its short siblings are', () => {
  const long = 'x'.repeat(1025);
  const docs = [proc({ process: { args: ['-netdev', long] } }), proc({ process: { args: [long] } })];
  expect(matching(`process where process.args == "${long}"`, docs)).toEqual([]);
  expect(matching('process where process.args : "-netdev"', docs)).toEqual([0]);
  expect(matching('process where process.args != null', docs)).toEqual([0]);
  // process.command_line is a wildcard field without ignore_above in ECS: long values still match.
  const cmd = [proc({ process: { command_line: `${'a'.repeat(20000)} hostfwd=tcp::1-:2` } })];
  expect(matching('process where process.command_line : "*hostfwd=*"', cmd)).toEqual([0]);
  // In a logsdb index (index.mapping.ignore_above 8191) the same value is not indexed.
  // https://www.elastic.co/docs/reference/elasticsearch/index-settings/index-modules
  const logsdb = fieldsOf({ properties: { process: { properties: { command_line: { type: 'wildcard' } } } } }, { indexIgnoreAbove: 8191 });
  expect(matching('any where process.command_line : "*hostfwd=*"', cmd, logsdb)).toEqual([]);
});

// https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax#eql-text-fields
test('text fields: an error without a keyword sub-field, else matched through the sub-field', () => {
  const fields = fieldsOf({ properties: { msg: { type: 'text' }, name: { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 5 } } }, m: { type: 'match_only_text' } } });
  expect(compileError('any where msg == "x"', [], fields)).toBe('No keyword/multi-field defined exact matches for [msg]; define one or use MATCH/QUERY instead');
  expect(compileError('any where m : "x"', [], fields)).toContain('No keyword/multi-field defined exact matches for [m]');
  const docs = [{ name: 'abc' }, { name: 'abcdefgh' }];
  expect(matching('any where name : "ABC"', docs, fields)).toEqual([0]);
  expect(matching('any where name : "abcdefgh"', docs, fields)).toEqual([]);
});

// Numbers, strings, comparisons: https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax#eql-syntax-comparison-operators
test('numeric fields compare numerically, keywords lexicographically and case-sensitively', () => {
  const fields = fieldsOf({ properties: { n: { type: 'long' }, f: { type: 'float' }, s: { type: 'keyword' } } });
  const docs = [{ n: 5, s: 'b', f: 0.1 }, { n: '10', s: 'B' }, { n: 7.9, s: '10' }];
  expect(matching('any where n == 5', docs, fields)).toEqual([0]);
  expect(matching('any where n == "10"', docs, fields)).toEqual([1]); // a numeric string is coerced
  expect(matching('any where n == 7', docs, fields)).toEqual([2]); // 7.9 is indexed as 7 in a long
  expect(matching('any where n == 7.5', docs, fields)).toEqual([]);
  expect(matching('any where n < 9.5 and n >= 5', docs, fields)).toEqual([0, 2]);
  expect(matching('any where f == 0.1', docs, fields)).toEqual([0]); // float precision on both sides
  expect(matching('any where s > "a"', docs, fields)).toEqual([0]); // "B" < "a" in UTF-16 order
  expect(matching('any where s == 10', docs, fields)).toEqual([2]); // the number becomes the term "10"
  expect(compileError('any where n == "abc"', docs, fields)).toContain('failed to create query');
  expect(compileError('any where n : "5"', docs, fields)).toContain('must be [string]');
});

// https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax#limitations-for-comparisons
test('comparing a field with another field is refused', () => {
  expect(compileError('process where process.name == process.executable')).toContain('comparisons against fields are not supported');
  expect(compileError('process where length(process.name) > process.pid')).toContain('comparisons against fields are not supported');
});

// https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax#eql-divide-operator-float-rounding
test('integer division rounds down; a float operand keeps the fraction', () => {
  const docs = [proc({ process: { args_count: 3 } }), proc({ process: { args_count: 4 } })];
  expect(matching('process where (4 / process.args_count) == 1', docs)).toEqual([0, 1]);
  expect(matching('process where (4.0 / process.args_count) == 1', docs)).toEqual([1]);
  expect(matching('process where process.args_count % 2 == 1 and -process.args_count < 0', docs)).toEqual([0]);
});

// https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/null-value
test('null_value: an explicit null is indexed as the null value; a missing field is not', () => {
  const fields = fieldsOf({ properties: { o: { type: 'keyword', null_value: 'NULL' } } });
  const docs = [{ o: null }, {}, { o: [] }, { o: ['x', null] }];
  expect(matching('any where o == "NULL"', docs, fields)).toEqual([0, 3]);
  expect(matching('any where o == null', docs, fields)).toEqual([1, 2]);
});

// https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/field-alias
test('an alias field reads its target', () => {
  const fields = fieldsOf({ properties: { event_type: { type: 'keyword' }, event: { properties: { category: { type: 'alias', path: 'event_type' } } } } });
  expect(matching('process where true', [{ event_type: 'process' }, { event_type: 'file' }], fields)).toEqual([0]);
});

// https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/keyword#constant-keyword-field-type
test('constant_keyword: every document has the mapping value', () => {
  const fields = fieldsOf({ properties: { data_stream: { properties: { type: { type: 'constant_keyword', value: 'logs' } } } } });
  expect(matching('any where data_stream.type == "logs"', [{}, { a: 1 }], fields)).toEqual([0, 1]);
});

// https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/date and
// https://www.elastic.co/docs/reference/query-languages/query-dsl/query-dsl-range-query#range-query-date-math-rounding
test('dates: a string without every part covers the whole unit; epoch millis compare exactly', () => {
  const docs = [{ '@timestamp': '2017-08-30T20:47:33.120Z' }, { '@timestamp': 1504126054000 }, { '@timestamp': '2017-08-30T20:47:32.999Z' }];
  expect(matching('any where @timestamp == "2017-08-30T20:47:33Z"', docs)).toEqual([0]);
  expect(matching('any where @timestamp > "2017-08-30T20:47:33Z"', docs)).toEqual([1]);
  expect(matching('any where @timestamp <= "2017-08-30T20:47:33Z"', docs)).toEqual([0, 2]);
  expect(matching('any where @timestamp == 1504126054000', docs)).toEqual([1]);
  expect(matching('any where @timestamp >= "2017-08-30"', docs)).toEqual([0, 1, 2]);
});

// https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/ip and
// https://www.elastic.co/docs/reference/query-languages/eql/eql-function-ref#eql-fn-cidrmatch
test('ip fields: exact, CIDR term and cidrMatch; cidrMatch needs an ip field', () => {
  const docs = [{ source: { ip: '10.6.48.157' } }, { source: { ip: '192.168.1.1' } }, { source: { ip: '::ffff:10.0.0.1' } }, { source: { ip: '2001:db8::1' } }];
  expect(matching('any where source.ip == "10.6.48.157"', docs)).toEqual([0]);
  expect(matching('any where source.ip == "10.0.0.0/8"', docs)).toEqual([0, 2]);
  expect(matching('any where cidrMatch(source.ip, "192.168.0.0/16", "2001:db8::/32")', docs)).toEqual([1, 3]);
  expect(compileError('any where cidrMatch(process.name, "10.0.0.0/8")')).toContain('must be [ip]');
});

// https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/boolean
test('a bare boolean field is a condition; other bare fields are refused', () => {
  const docs = [{ process: { interactive: true } }, { process: { interactive: 'false' } }];
  expect(matching('any where process.interactive', docs)).toEqual([0]);
  expect(matching('any where process.interactive == false', docs)).toEqual([1]);
  expect(compileError('any where process.name')).toContain('condition expression needs to be boolean');
});

// https://www.elastic.co/docs/reference/elasticsearch/mapping-reference/dots-in-field-names
test('documents may use nested objects, dotted keys, or both, and arrays of objects', () => {
  const docs = [{ 'process.name': 'a' }, { process: { name: 'a' } }, { process: [{ name: 'b' }, { name: 'a' }] }, { process: { name: 'b' }, 'process.name': 'a' }];
  expect(matching('any where process.name == "a"', docs)).toEqual([0, 1, 2, 3]);
});

// https://www.elastic.co/docs/reference/query-languages/eql/eql-function-ref
test('functions on fields: any value, case-insensitive ~ forms, null in null out', () => {
  const docs = [proc({ process: { name: 'REGSVR32.exe', args: ['a', 'bbbbbb'] } }), proc({})];
  expect(matching('process where endsWith(process.name, ".exe")', docs)).toEqual([0]);
  expect(matching('process where endsWith(process.name, ".EXE")', docs)).toEqual([]);
  expect(matching('process where endsWith~(process.name, ".EXE") and startsWith~(process.name, "regsvr")', docs)).toEqual([0]);
  expect(matching('process where stringContains~(process.name, "SVR3")', docs)).toEqual([0]);
  expect(matching('process where length(process.args) > 5', docs)).toEqual([0]); // any element
  expect(matching('process where length(process.args) == 1 and length(process.args) == 6', docs)).toEqual([0]);
  expect(matching('process where substring(process.name, -4) : ".exe" and indexOf~(process.name, "svr") == 3', docs)).toEqual([0]);
  expect(matching('process where concat(process.name, ":", 1) == "REGSVR32.exe:1"', docs)).toEqual([0]);
  expect(matching('process where between(process.name, "REG", ".exe") == "SVR32"', docs)).toEqual([0]);
  expect(matching('process where number("0x10") == 16 and string(1.5) == "1.5"', docs)).toEqual([0, 1]); // folded to true
  // A script over a missing field sees null: the comparison is null (false), its negation true.
  expect(matching('process where length(process.name) > 3', docs)).toEqual([0]);
  expect(matching('process where not length(process.name) > 3', docs)).toEqual([1]);
  expect(compileError('process where length~(process.name) > 3')).toContain('does not support case-insensitive');
  expect(compileError('process where nosuchfn(process.name)')).toBe('Unknown function [nosuchfn]');
  expect(compileError('process where add(process.name, 1) > 3')).toContain('must be [numeric]');
});

// endsWith / stringContains on a field become a Lucene wildcard query of the text (Elasticsearch's
// EQL QueryTranslator), so * and ? inside the text act as wildcards there.
// https://www.elastic.co/docs/reference/query-languages/query-dsl/query-dsl-wildcard-query
test('stringContains on a field: * in the text is a wildcard, as in the wildcard query it becomes', () => {
  const docs = [proc({ process: { command_line: 'a hostfwd=tcp' } }), proc({ process: { command_line: 'a host*fwd' } })];
  expect(matching('process where stringContains(process.command_line, "host*fwd")', docs)).toEqual([0, 1]);
});

// https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax#eql-syntax-escape-characters
test('a backslash in a pattern is a literal character', () => {
  const docs = [proc({ process: { executable: 'C:\\Windows\\System32\\cmd.exe' } })];
  expect(matching('process where process.executable : "c:\\\\windows\\\\*\\\\CMD.exe"', docs)).toEqual([0]);
  expect(matching('process where process.executable : """C:\\Windows\\*"""', docs)).toEqual([0]);
});

test('an object field cannot be compared; sequences are refused with "unsupported: sequence evaluation"', () => {
  expect(compileError('process where process == "x"')).toContain('only its subfields');
  // https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax#eql-sequences
  expect(compileError('sequence [process where true] [process where true]')).toBe('unsupported: sequence evaluation');
  expect(compileError('sequence [process where no.such.field == 1] [process where true]')).toBe('Unknown column [no.such.field]');
  expect(ecsFieldTypes().get('process.command_line')?.type).toBe('wildcard');
});
