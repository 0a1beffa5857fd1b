import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import type { SearchCommand, StatsCommand } from '../../harness/engines/spl/ast.js';
import { prepareSearch } from '../../harness/engines/spl/engine.js';
import { SplError } from '../../harness/engines/spl/errors.js';
import { parseMacrosJsonl } from '../../harness/engines/spl/macros.js';
import { parseSpl } from '../../harness/engines/spl/parser.js';
import { fromRoot } from '../../harness/paths.js';
import { corpusEnvironment } from '../../scripts/corpus/spl.js';

// Anatomy of a search (commands separated by pipes; the search command is implied at the start):
// https://help.splunk.com/splunk-enterprise/search/search-manual/10.0/using-the-search-app/anatomy-of-a-search

test('the seed rule parses into a base search and four commands', () => {
  const q =
    '(index=wineventlog) (TERM(EventCode=4688) OR "<EventID>4688<" OR Type=Process) "qemu-system-" ("-net " OR "hostfwd=") | table _time, host, process_* | bin span=1s | stats values(*) as * by _time, host';
  const p = parseSpl(q);
  expect(p.commands.map((c) => c.kind)).toEqual(['search', 'table', 'bin', 'stats']);
  const base = p.commands[0] as SearchCommand;
  expect(base.implicit).toBe(true);
  expect(base.expr?.kind).toBe('and');
  const items = base.expr?.kind === 'and' ? base.expr.items : [];
  expect(items[0]).toMatchObject({ kind: 'compare', field: 'index', op: '=', value: 'wineventlog' });
  expect(items[1]).toMatchObject({ kind: 'or' });
  const or = items[1]?.kind === 'or' ? items[1].items : [];
  expect(or[0]).toMatchObject({ kind: 'term', text: 'EventCode=4688', term: true });
  expect(or[1]).toMatchObject({ kind: 'term', text: '<EventID>4688<', quoted: true });
  expect(or[2]).toMatchObject({ kind: 'compare', field: 'Type', value: 'Process' });
  expect(items[2]).toMatchObject({ kind: 'term', text: 'qemu-system-', quoted: true });
  const stats = p.commands[3] as StatsCommand;
  expect(stats.aggregations).toMatchObject([{ fn: 'values', arg: { kind: 'field', name: '*' }, as: { name: '*' } }]);
  expect(stats.by.map((b) => b.name)).toEqual(['_time', 'host']);
  // Spans point into the query text.
  expect(q.slice(or[1]?.span.start, or[1]?.span.end)).toBe('"<EventID>4688<"');
});

test('search precedence in the tree: OR groups tighter than the implicit AND', () => {
  // https://help.splunk.com/en/splunk-enterprise/search/search-manual/9.3/expressions-and-predicates
  const base = parseSpl('a b OR c NOT d').commands[0] as SearchCommand;
  expect(base.expr).toMatchObject({ kind: 'and', items: [{ kind: 'term', text: 'a' }, { kind: 'or', items: [{ text: 'b' }, { text: 'c' }] }, { kind: 'not', expr: { text: 'd' } }] });
});

test('eval precedence: AND before OR, XOR last; arithmetic before comparison', () => {
  // https://help.splunk.com/en/splunk-enterprise/search/search-manual/9.3/expressions-and-predicates
  const p = parseSpl('* | where a=1 OR b=2 AND c+1*2>3');
  const where = p.commands[1];
  expect(where).toMatchObject({ kind: 'where', expr: { kind: 'binary', op: 'OR', right: { op: 'AND', right: { op: '>', left: { op: '+', right: { op: '*' } } } } } });
});

test('commands the engine does not run parse into generic arguments', () => {
  const p = parseSpl('| tstats count from datamodel=Endpoint.Processes where Processes.process_name=qemu* by Processes.dest span=1h | `x` | rex field=_raw "(?<a>\\d+)" | join type=left user [search index=main | fields user]');
  expect(p.leadingPipe).toBe(true);
  const tstats = p.commands[0];
  expect(tstats).toMatchObject({ kind: 'generic', name: 'tstats' });
  if (tstats?.kind !== 'generic') throw new Error('expected generic');
  expect(tstats.args.find((a) => a.kind === 'option')).toMatchObject({ key: 'datamodel', value: { text: 'Endpoint.Processes' } });
  expect(tstats.args.find((a) => a.kind === 'by')).toMatchObject({ fields: [{ name: 'Processes.dest' }] });
  const join = p.commands[3];
  if (join?.kind !== 'generic') throw new Error('expected generic');
  expect(join.args.find((a) => a.kind === 'subsearch')).toMatchObject({ pipeline: { commands: [{ kind: 'search' }, { kind: 'fields' }] } });
});

test('syntax errors carry the line, column and a caret', () => {
  const cases: [string, RegExp][] = [
    ['a (b', /1:3: unbalanced "\(": expected "\)"/],
    ['a OR', /1:3: OR needs a search term on each side/],
    ['a | ', /1:3: expected a command after "\|"/],
    ['a "b', /1:3: unterminated quoted string/],
    ['a\n| eval x=', /2:9: expected an expression after "x="/],
    ['a | stats', /1:10: stats needs at least one function/],
  ];
  for (const [q, re] of cases) {
    let error: unknown;
    try {
      parseSpl(q);
    } catch (e) {
      error = e;
    }
    expect(error, q).toBeInstanceOf(SplError);
    expect((error as SplError).format(), q).toMatch(re);
    expect((error as SplError).format(), q).toContain('^');
  }
});

test('every search of the fixture sample parses, macros expanded from security_content', () => {
  const searches = readFileSync(fromRoot('test/fixtures/spl/security-content-searches.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { name: string; search: string });
  const macros = corpusEnvironment(searches).merge(parseMacrosJsonl(readFileSync(fromRoot('test/fixtures/spl/security-content-macros.jsonl'), 'utf8'), 'macros.jsonl'));
  const failures: string[] = [];
  for (const s of searches) {
    try {
      prepareSearch(s.search, macros);
    } catch (e) {
      failures.push(`${s.name}: ${(e as Error).message}`);
    }
  }
  expect(failures).toEqual([]);
  expect(searches.length).toBe(120);
});
