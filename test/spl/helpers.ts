// Shared helpers for the SPL tests: an index over given events and a one-call search.
import type { SplunkRecord } from '../../harness/model/records.js';
import { type SearchResult, runSearch } from '../../harness/engines/spl/engine.js';
import { EventIndex } from '../../harness/engines/spl/index.js';
import { MacroLibrary } from '../../harness/engines/spl/macros.js';
import type { ExecuteOptions } from '../../harness/engines/spl/commands/context.js';

export function indexOf(records: SplunkRecord[]): EventIndex {
  const index = new EventIndex();
  for (const r of records) index.add(r);
  return index;
}

/** A plain event (sourcetype `test`, index `main`) with the given raw text. */
export function ev(id: string, raw: string, extra: Partial<SplunkRecord> = {}): SplunkRecord {
  return { _raw: raw, _time: 1_700_000_000, host: 'h1', source: 'test.log', sourcetype: 'test', index: 'main', _id: id, ...extra };
}

export function search(records: SplunkRecord[], query: string, macros = new MacroLibrary(), options: ExecuteOptions = {}): SearchResult {
  return runSearch(query, indexOf(records), macros, options);
}

/** Ids of the events the event-level part of `query` keeps. */
export function ids(records: SplunkRecord[], query: string, macros = new MacroLibrary()): string[] {
  return search(records, query, macros).eventIds;
}
