// The EQL parser: grammar coverage, positions in errors, the normalized printer.
// Grammar: https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import type { EqlQuery, Expr } from '../../harness/engines/eql/ast.js';
import { referencedFields } from '../../harness/engines/eql/ast.js';
import { EqlSyntaxError } from '../../harness/engines/eql/errors.js';
import { parseEql } from '../../harness/engines/eql/parser.js';
import { printEql, printExpanded } from '../../harness/engines/eql/printer.js';
import { fromRoot } from '../../harness/paths.js';

function condition(text: string): Expr {
  const q = parseEql(text);
  if (q.kind !== 'EventQuery') throw new Error('not an event query');
  return q.filter.condition;
}

function syntaxError(text: string): EqlSyntaxError {
  try {
    parseEql(text);
  } catch (error) {
    if (error instanceof EqlSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected a syntax error for ${text}`);
}

// Precedence: or < and < not < comparison (eql-syntax "Logical operators"; EqlBase.g4 order).
test('and binds tighter than or, not tighter than and', () => {
  const e = condition('process where a == 1 or b == 2 and not c == 3');
  expect(e.kind).toBe('Logical');
  if (e.kind !== 'Logical') return;
  expect(e.operator).toBe('or');
  expect(e.right.kind === 'Logical' && e.right.operator).toBe('and');
  const right = e.right as Extract<Expr, { kind: 'Logical' }>;
  expect(right.right.kind).toBe('Not');
});

// https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax#eql-syntax-math-operators
test('arithmetic precedence: * before +, unary minus binds tightest', () => {
  const e = condition('any where -a + 2 * b == 3');
  expect(e.kind).toBe('Comparison');
  if (e.kind !== 'Comparison') return;
  expect(e.left.kind === 'Arithmetic' && e.left.operator).toBe('+');
  const sum = e.left as Extract<Expr, { kind: 'Arithmetic' }>;
  expect(sum.left.kind).toBe('Unary');
  expect(sum.right.kind === 'Arithmetic' && sum.right.operator).toBe('*');
});

// Strings, escapes, raw strings: eql-syntax "Strings", "Escape characters in a string", "Raw strings".
test('string escapes and raw strings decode as documented', () => {
  const lit = (t: string): unknown => {
    const e = condition(`any where f == ${t}`);
    return e.kind === 'Comparison' && e.right.kind === 'Literal' ? e.right.value : undefined;
  };
  expect(lit('"a\\tb\\nc\\"d\\\\e"')).toBe('a\tb\nc"d\\e');
  expect(lit('"\\u{200f}"')).toBe('\u200f');
  expect(lit('"\\u{0000200F}"')).toBe('\u200f');
  expect(lit('"""C:\\Windows\\"x"""')).toBe('C:\\Windows\\"x');
  expect(lit('""""quoted""""')).toBe('"quoted"');
});

test('single quotes, ?"" strings, "=" and unknown escapes are syntax errors with positions', () => {
  // eql-syntax: "Strings enclosed in single quotes (') are not supported"; "`=` is not supported".
  expect(syntaxError("process where a == 'x'").location).toMatchObject({ line: 1, column: 20 });
  expect(syntaxError('process where a == ?"x"').message).toContain('triple double quotes');
  const eq = syntaxError('process where\n  process.name = "x"');
  expect(eq.location).toMatchObject({ line: 2, column: 16 });
  expect(eq.format()).toContain('2 |   process.name = "x"\n  |                ^');
  expect(syntaxError('process where a == "C:\\Windows"').message).toContain('invalid escape');
  expect(syntaxError('process where a == "x').message).toContain('unterminated string');
});

// eql-syntax "Escape a field name", "Optional fields", "Escape an event category".
test('backquoted and optional fields, quoted categories, @timestamp', () => {
  const q = parseEql('"my-category" where ?`my-field`.sub == 1 and `a``b` == 2 and @timestamp > 0');
  expect(q.kind === 'EventQuery' && q.filter.category).toBe('my-category');
  expect(referencedFields(q).map((f) => [f.name, f.optional])).toEqual([
    ['my-field.sub', true],
    ['a`b', false],
    ['@timestamp', false],
  ]);
});

test('keywords are lowercase and case-sensitive; a keyword field must be backquoted', () => {
  expect(syntaxError('process where a == 1 AND b == 2').message).toContain("expected end of query, found 'AND'");
  expect(syntaxError('process where event.sequence == 1').message).toContain('quote that part with backticks');
  expect(() => parseEql('process where event.`sequence` == 1')).not.toThrow();
});

// eql-syntax "Lookup operators", "Pattern comparison keywords", "Case-insensitive functions".
test('lookup and pattern operators, ~ functions', () => {
  const e = condition('any where a in~ ("x", "y") and b not in (1, 2) and c : ("p*", "q") and d like~ "r?" and e regex """.*""" and endsWith~(f, "g")');
  const kinds: string[] = [];
  const visit = (x: Expr): void => {
    if (x.kind === 'Logical') {
      visit(x.left);
      visit(x.right);
    } else kinds.push(x.kind === 'PatternMatch' ? `${x.kind}:${x.operator}` : x.kind === 'InList' ? `${x.kind}:${x.negated}:${x.caseInsensitive}` : x.kind === 'Call' ? `Call:${x.name}:${x.caseInsensitive}` : x.kind);
  };
  visit(e);
  expect(kinds).toEqual(['InList:false:true', 'InList:true:false', 'PatternMatch::', 'PatternMatch:like~', 'PatternMatch:regex', 'Call:endsWith:true']);
});

// eql-syntax "Sequences", "with maxspan", "until", "with runs", "Missing events", "Samples"; eql-pipe-ref.
test('sequences and samples parse into the AST', () => {
  const s = parseEql('sequence by host.id with maxspan=5m [process where true] by a ![file where true] [network where true] with runs=2 until [process where b == 1] | tail 3');
  expect(s.kind).toBe('SequenceQuery');
  if (s.kind !== 'SequenceQuery') return;
  expect(s.maxspan).toMatchObject({ value: 5, unit: 'm', millis: 300_000 });
  expect(s.stages.map((st) => [st.filter.category, st.missing, st.runs, st.by.length])).toEqual([
    ['process', false, null, 1],
    ['file', true, null, 0],
    ['network', false, 2, 0],
  ]);
  expect(s.until?.filter.category).toBe('process');
  expect(s.pipes).toEqual([expect.objectContaining({ name: 'tail', count: 3 })]);
  const sample = parseEql('sample by host [any where a] by os [any where b]');
  expect(sample.kind).toBe('SampleQuery');
  expect(syntaxError('sequence [process where true]').message).toContain('minimum of 2');
  expect(syntaxError('sequence [a where true] ![b where true]').message).toContain('requires [with maxspan]');
  expect(syntaxError('sequence with maxspan=1x [a where true] [b where true]').message).toContain('unrecognized time unit [x]');
});

// eql-syntax "Differences from Endgame EQL syntax": no joins, lineage, or pipes other than head/tail.
test('unsupported Endgame syntax is refused at parse time', () => {
  expect(syntaxError('process where true | unique process.name').message).toContain('pipe [unique] is not supported');
  expect(syntaxError('join [a where true] [b where true]').message).toContain('join is not supported');
  expect(syntaxError('process where descendant of [process where true]').message).toContain('process relationships');
  expect(syntaxError('process where a[0] == 1').message).toContain('array indexes are not supported');
});

test('comments are skipped (line and nested block comments)', () => {
  // The EQL grammar's LINE_COMMENT and BRACKETED_COMMENT tokens are hidden.
  expect(() => parseEql('process where /* a /* nested */ comment */ a == 1 // trailing\n and b == 2')).not.toThrow();
});

test('the printer normalizes, and its output parses to the same tree', () => {
  const queries = [
    'process where event.type == "start" and process.args : "-netdev" and ((process.args : "-nographic" and process.command_line : "*connect=*") or process.command_line : "*hostfwd=*")',
    'any where not (a == 1 or b == 2) and -c * (d + 1) >= 2.5 and e not in~ ("x", "y\\n") and `my-field` : ("a", "b*")',
    'sequence by h with maxspan=10s [process where true] by p [file where true] by q until [process where false] | head 5',
  ];
  const strip = (q: EqlQuery): string => JSON.stringify(q, (k, v) => (k === 'loc' || k === 'categoryLoc' || k === 'text' ? undefined : v));
  for (const text of queries) {
    const printed = printEql(parseEql(text));
    expect(strip(parseEql(printed))).toBe(strip(parseEql(text)));
    expect(printEql(parseEql(printed))).toBe(printed);
  }
  expect(printExpanded(parseEql('process where a == 1 or b == 2'))).toBe('any where event.category == "process" and (a == 1 or b == 2)');
});

test('every query of the corpus sample parses (production rules, Elastic License 2.0)', () => {
  const lines = readFileSync(fromRoot('test/fixtures/eql/corpus-sample.jsonl'), 'utf8').trim().split('\n');
  expect(lines.length).toBeGreaterThan(200);
  const failures = lines.map((l) => JSON.parse(l) as { name: string; query: string }).flatMap((r) => {
    try {
      const q = parseEql(r.query, r.name);
      expect(printEql(parseEql(printEql(q)))).toBe(printEql(q));
      return [];
    } catch (error) {
      return [`${r.name}: ${(error as Error).message}`];
    }
  });
  expect(failures).toEqual([]);
});

test('the expanded form writes the category filter of every stage explicitly', () => {
  const q = parseEql('sequence by h [process where a == 1] [file where true] until [process where b == 2]');
  expect(printExpanded(q)).toBe(
    'sequence by h\n  [any where event.category == "process" and a == 1]\n  [any where event.category == "file" and true]\nuntil [any where event.category == "process" and b == 2]',
  );
});
