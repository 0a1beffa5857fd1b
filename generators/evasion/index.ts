// The generic evasion registry: operators that apply to any declarative population whose program
// has the parser traits they require.
import { cmdCaret } from './cmd-caret.js';
import { binaryRename, executableCase, pathRelocation } from './executable-name.js';
import type { EvasionOperator } from './operator.js';
import { attachedValue, optionPrefix, optionReorder, slashOptions } from './options.js';
import { quoteInsertion, unicodeLookalike, whitespacePadding } from './windows-text.js';

export const EVASIONS: readonly EvasionOperator[] = [binaryRename, pathRelocation, executableCase, quoteInsertion, whitespacePadding, unicodeLookalike, cmdCaret, optionPrefix, slashOptions, optionReorder, attachedValue];

const byId = new Map(EVASIONS.map((e) => [e.id, e]));

export function evasionById(id: string): EvasionOperator | undefined {
  return byId.get(id);
}

export type { EvasionOperator, EvasionContext } from './operator.js';
