import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { InputError } from '../../harness/errors.js';
import { SplError } from '../../harness/engines/spl/errors.js';
import { MacroLibrary, expandMacros, parseMacrosConf, parseMacrosJsonl } from '../../harness/engines/spl/macros.js';
import { prepareSearch } from '../../harness/engines/spl/engine.js';
import { fromRoot } from '../../harness/paths.js';

// macros.conf: stanza `name` or `name(N)`, `args`, `definition` with $arg$, `iseval`:
// https://help.splunk.com/en/data-management/splunk-enterprise-admin-manual/10.0/10.0.0-configuration-file-reference/macros.conf
const CONF = [
  '[simple]',
  'definition = index=main',
  '',
  '[with_args(2)]',
  'args = field, value',
  'definition = $field$="$value$"',
  '',
  '[nested]',
  'definition = `simple` `with_args(host, web*)`',
  '',
  '[multi]',
  'definition = sourcetype=a OR \\',
  '  sourcetype=b',
  '',
  '[loop_a]',
  'definition = `loop_b`',
  '[loop_b]',
  'definition = x `loop_a`',
  '',
  '[evaluated]',
  'iseval = true',
  'definition = "index=" . "main"',
].join('\n');
const LIB = parseMacrosConf(CONF, 'macros.conf');

test('a macro without arguments expands in place, as text', () => {
  // https://help.splunk.com/en/splunk-enterprise/manage-knowledge-objects/knowledge-management-manual/10.0/search-macros
  expect(expandMacros('`simple` error | stats count', LIB).text).toBe('index=main error | stats count');
});

test('arguments substitute $name$ everywhere in the definition, positionally or by name', () => {
  // https://help.splunk.com/splunk-enterprise/manage-knowledge-objects/knowledge-management-manual/9.3/search-macros/search-macro-examples
  expect(expandMacros('`with_args(user, adm*)`', LIB).text).toBe('user="adm*"');
  expect(expandMacros('`with_args(value=adm*, field=user)`', LIB).text).toBe('user="adm*"');
  expect(expandMacros('`with_args("user", "a, b")`', LIB).text).toBe('user="a, b"');
});

test('macros nest; continuation lines join; the expansion keeps no added parentheses', () => {
  expect(expandMacros('`nested`', LIB).text).toBe('index=main host="web*"');
  expect(expandMacros('`multi` x', LIB).text).toBe('sourcetype=a OR \n  sourcetype=b x');
});

test('macros inside quoted values are not expanded', () => {
  // "Macros inside of quoted values are not expanded":
  // https://help.splunk.com/en/splunk-enterprise/manage-knowledge-objects/knowledge-management-manual/10.0/search-macros
  expect(expandMacros('"audit`users`local" | eval x=split(p,"`")', LIB).text).toBe('"audit`users`local" | eval x=split(p,"`")');
});

test('comments (three backticks) are replaced by a space before macros expand', () => {
  // https://help.splunk.com/splunk-enterprise/search/search-manual/10.0/using-the-search-app/add-comments-to-searches
  expect(expandMacros('a ```note `simple` here``` | stats```x```count', LIB).text).toBe('a   | stats count');
  expect(expandMacros('x```c```y', new MacroLibrary()).text).toBe('x y');
});

test('an undefined macro is a positioned error naming it and the defined arities', () => {
  let error: unknown;
  try {
    expandMacros('error | `nope`', LIB);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SplError);
  expect((error as SplError).format()).toMatch(/^<query>:1:9: undefined macro `nope` with 0 arguments/);
  expect(() => expandMacros('`with_args(a)`', LIB)).toThrow(/undefined macro `with_args` with 1 argument \(defined with 2 arguments\)/);
});

test('a macro cycle is an error that shows the cycle', () => {
  expect(() => expandMacros('`loop_a`', LIB)).toThrow(/macro cycle: loop_a -> loop_b -> loop_a/);
});

test('eval-based macros are refused with a clear message', () => {
  expect(() => expandMacros('`evaluated`', LIB)).toThrow(/eval-based \(iseval = true\)/);
});

test('a malformed macros.conf names file, line and reason', () => {
  let error: unknown;
  try {
    parseMacrosConf('[two(2)]\nargs = a\ndefinition = $a$', 'site.conf');
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(InputError);
  expect((error as InputError).format()).toMatch(/^site\.conf:2:1: macro "two\(2\)": stanza name says 2 argument\(s\) but "args" lists 1/);
  expect(() => parseMacrosConf('[x]\nargs =\n', 'site.conf')).toThrow(/no "definition" setting/);
});

test('a parse error inside an expansion names the macro and where it was called', () => {
  const lib = parseMacrosConf('[broken]\ndefinition = (a OR', 'm.conf');
  expect(() => prepareSearch('x `broken`', lib)).toThrow(/in the expansion of macro `broken` called at 1:3/);
});

test('the harness defaults select the indexes and source types where data is loaded', () => {
  const lib = parseMacrosConf(readFileSync(fromRoot('rules/splunk/macros.conf'), 'utf8'), 'macros.conf');
  expect(expandMacros('`get_endpoint_data` `get_endpoint_data_winevent`', lib).text).toBe(
    '(index=wineventlog OR index=sysmon OR index=linux) (sourcetype=XmlWinEventLog OR sourcetype=WinEventLog)',
  );
});

test('security_content macro lists load, arguments included', () => {
  const lib = parseMacrosJsonl(readFileSync(fromRoot('test/fixtures/spl/security-content-macros.jsonl'), 'utf8'), 'macros.jsonl');
  expect(lib.size).toBe(189);
  expect(expandMacros('`security_content_ctime(firstTime)`', lib).text).toBe('convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(firstTime)');
});
