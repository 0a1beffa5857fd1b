// The SPL parser: a query (macros already expanded) to a Pipeline. Every command of the corpus parses:
// the commands the engine runs get a precise tree from their own argument parser (commands/<name>.ts,
// beside the executor); every other command gets generic arguments (words, quoted strings, key=value
// options, groups, subsearches, by-clauses) and is refused only when run. The search expression has its
// parser in search-parser.ts, eval expressions in eval-parser.ts.
//
// Grammar references:
// - anatomy of a search (commands separated by pipes, the first word names the command):
//   https://help.splunk.com/splunk-enterprise/search/search-manual/10.0/using-the-search-app/anatomy-of-a-search
// - the search command and the implicit search:
//   https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/search
import type { Command, CommandHead, FieldPattern, GenericArg, Pipeline, SearchCommand, SearchExpr, Span } from './ast.js';
import { syntaxError } from './errors.js';
import { type ArgToken, lexArgs, skipSpace, splitCommands, trimEnd } from './lexer.js';
import { parseSearchExpression } from './search-parser.js';
import { type ArgWordToken, isOptionWord, optionOf } from './commands/args.js';
import { parseBin } from './commands/bin.js';
import { parseDedup } from './commands/dedup.js';
import { parseEval } from './commands/eval.js';
import { parseFields } from './commands/fields.js';
import { parseHead } from './commands/head.js';
import { parseRename } from './commands/rename.js';
import { parseSort } from './commands/sort.js';
import { parseStats } from './commands/stats.js';
import { parseTable } from './commands/table.js';
import { parseTail } from './commands/tail.js';
import { parseWhere } from './commands/where.js';

/**
 * SPL command names. Inside a subsearch (`[ ... ]`) a first word from this list starts a command even
 * without a pipe: `[ tstats ... ]`, `[| inputlookup ...]`, and the `eval` templates of `foreach [...]`.
 */
const SPL_COMMANDS = new Set(
  ('abstract accum addcoltotals addinfo addtotals analyzefields anomalies anomalousvalue anomalydetection append appendcols ' +
    'appendpipe apply arules associate audit autoregress bin bucket bucketdir chart cluster cofilter collect concurrency ' +
    'contingency convert correlate datamodel dbinspect dedup delta diff erex eval eventcount eventstats extract fieldformat ' +
    'fields fieldsummary filldown fillnull findtypes fit foreach format from fromjson gauge gentimes geom geomfilter geostats ' +
    'head highlight history iconify inputcsv inputlookup iplocation join kmeans kvform loadjob localize localop lookup ' +
    'makecontinuous makemv makeresults map mcatalog mcollect metadata metasearch meventcollect mpreview mstats multikv ' +
    'multisearch mvcombine mvexpand nomv outlier outputcsv outputlookup outputtext overlap pivot predict rangemap rare regex ' +
    'relevancy reltime rename replace require rest return reverse rex rtorder savedsearch script scrub search searchtxn ' +
    'selfjoin sendemail set setfields sichart sirare sistats sitimechart sitop sort spath stats strcat streamstats table tags ' +
    'tail timechart timewrap tojson top transaction transpose trendline tscollect tstats typeahead typelearner typer union ' +
    'uniq untable walklex where x11 xmlkv xmlunescape xpath xyseries').split(' '),
);

/** How deeply subsearches may nest (`[ ... [ ... ] ... ]`). */
const MAX_SUBSEARCH_NESTING = 200;

/** A command's argument parser: the arguments are text[start, end), after the command name. */
type ArgumentParser = (text: string, start: number, end: number, head: CommandHead) => Command;

/** The commands the engine runs, by lower-case name (aliases included), with their argument parsers. */
const ARGUMENT_PARSERS: ReadonlyMap<string, ArgumentParser> = new Map<string, ArgumentParser>([
  ['where', parseWhere],
  ['eval', parseEval],
  ['table', parseTable],
  ['fields', parseFields],
  ['rename', parseRename],
  ['bin', parseBin],
  ['bucket', parseBin],
  ['discretize', parseBin],
  ['stats', parseStats],
  ['dedup', parseDedup],
  ['sort', parseSort],
  ['head', parseHead],
  ['tail', parseTail],
]);

/** Parses a whole query (macros expanded, comments removed). Throws SplError (kind `syntax`) with the position. */
export function parseSpl(text: string): Pipeline {
  return parsePipeline(text, 0, text.length, false, 0);
}

/**
 * Pipeline : ("|" Command | FirstCommand) ("|" Command)*
 * FirstCommand : "search" SearchExpression | Command (in a subsearch, for a known command name) | SearchExpression
 */
function parsePipeline(text: string, start: number, end: number, subsearch: boolean, depth: number): Pipeline {
  if (depth > MAX_SUBSEARCH_NESTING) throw syntaxError('subsearches nested too deeply', start, text);
  const segments = splitCommands(text, start, end);
  const commands: Command[] = [];
  const first = segments[0] as Span;
  const firstStart = skipSpace(text, first.start, first.end);
  const leadingPipe = segments.length > 1 && firstStart === first.end;
  segments.forEach((segment, index) => {
    const commandStart = skipSpace(text, segment.start, segment.end);
    const commandEnd = trimEnd(text, commandStart, segment.end);
    if (index === 0) {
      if (leadingPipe) return;
      const word = /^[A-Za-z_][\w-]*/.exec(text.slice(commandStart, commandEnd))?.[0] ?? '';
      const lower = word.toLowerCase();
      const afterWord = text[commandStart + word.length] ?? '';
      const wordEndsCommand = commandStart + word.length === commandEnd;
      if (lower === 'search' && (wordEndsCommand || /\s|\(|"/.test(afterWord))) {
        commands.push(parseCommand(text, commandStart, commandEnd, depth));
      } else if (subsearch && SPL_COMMANDS.has(lower) && (wordEndsCommand || /\s/.test(afterWord))) {
        commands.push(parseCommand(text, commandStart, commandEnd, depth));
      } else {
        commands.push(implicitSearch(text, commandStart, commandEnd, depth));
      }
      return;
    }
    if (commandStart === commandEnd) throw syntaxError('expected a command after "|"', segment.start > 0 ? segment.start - 1 : segment.start, text);
    commands.push(parseCommand(text, commandStart, commandEnd, depth));
  });
  return { kind: 'pipeline', leadingPipe, commands, span: { start, end } };
}

/** The subsearch parser a search expression or generic arguments at this depth use. */
function subsearchParser(text: string, depth: number): (start: number, end: number) => Pipeline {
  return (start, end) => parsePipeline(text, start, end, true, depth + 1);
}

/** The search at the start of a query without the word `search`. */
function implicitSearch(text: string, start: number, end: number, depth: number): SearchCommand {
  return {
    kind: 'search',
    name: 'search',
    implicit: true,
    nameSpan: { start, end: start },
    expr: parseSearchExpression(text, start, end, subsearchParser(text, depth)),
    span: { start, end },
  };
}

/** Command : CommandName Arguments   (the arguments as the command's own parser reads them, else GenericArguments) */
function parseCommand(text: string, start: number, end: number, depth: number): Command {
  const m = /^[^\s([\]"=,|]+/.exec(text.slice(start, end));
  if (!m) throw syntaxError('expected a command name', start, text);
  const name = m[0];
  const nameSpan = { start, end: start + name.length };
  const argsStart = skipSpace(text, nameSpan.end, end);
  const head: CommandHead = { name, nameSpan, span: { start, end } };
  const lower = name.toLowerCase();
  if (lower === 'search') {
    return { kind: 'search', ...head, implicit: false, expr: parseSearchExpression(text, argsStart, end, subsearchParser(text, depth)) };
  }
  const parseArguments = ARGUMENT_PARSERS.get(lower);
  if (parseArguments !== undefined) return parseArguments(text, argsStart, end, head);
  return { kind: 'generic', ...head, args: argsFromTokens(text, lexArgs(text, argsStart, end), depth) };
}

/** A search expression over text[start, end) (the WHERE clause of tstats); null when the range is empty. */
export function parseSearchRange(text: string, start: number, end: number): SearchExpr | null {
  return parseSearchExpression(text, start, end, subsearchParser(text, 0));
}

// ---- generic arguments: every command the engine does not run -------------------------------------------

/**
 * GenericArguments : (Word | QuotedString | Option | "," | "(" GenericArguments ")" | "[" Pipeline "]" | ByClause)*
 * ByClause : "by" Field (","? Field)*
 */
function argsFromTokens(text: string, tokens: ArgToken[], depth: number): GenericArg[] {
  const out: GenericArg[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as ArgToken;
    switch (token.t) {
      case ',':
        out.push({ kind: 'punct', text: ',', span: token.span });
        break;
      case ')':
        throw syntaxError('unbalanced ")": no "(" is open', token.span.start, text);
      case '(': {
        let level = 0;
        let j = i;
        for (; j < tokens.length; j++) {
          const inner = tokens[j] as ArgToken;
          if (inner.t === '(') level++;
          else if (inner.t === ')') {
            level--;
            if (level === 0) break;
          }
        }
        if (j >= tokens.length) throw syntaxError('unbalanced "(": expected ")"', token.span.start, text);
        const close = tokens[j] as ArgToken;
        out.push({ kind: 'group', args: argsFromTokens(text, tokens.slice(i + 1, j), depth), span: { start: token.span.start, end: close.span.end } });
        i = j;
        break;
      }
      case 'sub':
        out.push({ kind: 'subsearch', pipeline: parsePipeline(text, token.span.start + 1, token.span.end - 1, true, depth + 1), span: token.span });
        break;
      case 'string':
        out.push({ kind: 'string', value: token.value, span: token.span });
        break;
      case 'word': {
        if (isOptionWord(token)) {
          const { option, consumedNext } = optionOf(token as ArgWordToken, tokens[i + 1]);
          out.push(option);
          if (consumedNext) i++;
          break;
        }
        if (token.text.toLowerCase() === 'by') {
          const fields: FieldPattern[] = [];
          let j = i + 1;
          for (; j < tokens.length; j++) {
            const field = tokens[j] as ArgToken;
            if (field.t === ',') continue;
            if (field.t === 'word' && !isOptionWord(field)) fields.push({ name: field.text, span: field.span });
            else if (field.t === 'string') fields.push({ name: field.value, span: field.span });
            else break;
          }
          const lastSpan = fields.length > 0 ? (fields[fields.length - 1] as FieldPattern).span : token.span;
          out.push({ kind: 'by', fields, span: { start: token.span.start, end: lastSpan.end } });
          i = j - 1;
          break;
        }
        out.push({ kind: 'word', text: token.text, span: token.span });
        break;
      }
    }
  }
  return out;
}
