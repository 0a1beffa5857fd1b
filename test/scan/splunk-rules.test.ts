// dth scan decides event by event; a Splunk rule whose rows come from all events at once (a generating
// command such as tstats, a subsearch, eventstats) cannot be scanned and says so, rather than matching
// nothing. https://help.splunk.com/splunk-enterprise/search/search-manual/9.4/search-primer/types-of-commands
import { expect, test } from '@playwright/test';
import { loadMacrosFile } from '../../harness/backends/embedded-splunk.js';
import { fromRoot } from '../../harness/paths.js';
import type { SplRule } from '../../harness/rules/rule.js';
import { prepareEventLevel } from '../../harness/scan/splunk-rules.js';

const MACROS = loadMacrosFile(fromRoot('rules/splunk/macros.conf'));

function rule(query: string): SplRule {
  return { id: 'r1', name: 'r1', description: '', query, threat: [], references: [], sourceFile: 'test.conf', siem: 'splunk', language: 'spl', format: 'savedsearches-conf' };
}

test('tstats, subsearches and eventstats cannot be scanned; rex and regex before stats can', () => {
  expect(() => prepareEventLevel(rule('| tstats `security_content_summariesonly` count from datamodel=Endpoint.Processes by Processes.dest'), MACROS)).toThrow(/starts with `tstats`, which builds its rows from all events at once/);
  expect(() => prepareEventLevel(rule('index=main [search index=main action=fail | fields user]'), MACROS)).toThrow(/a subsearch \(\[\.\.\.\]\) depends on all events/);
  expect(() => prepareEventLevel(rule('index=main | eventstats count by host | where count > 5'), MACROS)).toThrow(/`eventstats` before the first transforming command depends on other events/);
  // fillnull without a field list fills the fields any result has: it needs the other events.
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/fillnull
  expect(() => prepareEventLevel(rule('index=main | fillnull | where user=0'), MACROS)).toThrow(/`fillnull` before the first transforming command depends on other events/);
  expect(prepareEventLevel(rule('index=main | fillnull value=0 user | where user=0'), MACROS).pipeline.commands.map((c) => c.name)).toEqual(['search', 'fillnull', 'where']);
  const ok = prepareEventLevel(rule('index=main | rex field=_raw "(?<n>\\d+)" | regex n="^4" | stats count by host'), MACROS);
  expect(ok.pipeline.commands.map((c) => c.name)).toEqual(['search', 'rex', 'regex']);
});
