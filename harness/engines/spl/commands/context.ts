// What every pipeline command receives besides its rows.
import type { LookupLibrary } from '../lookups.js';
import type { EventSource } from '../search.js';

export interface ExecuteOptions {
  /**
   * `bin` without a field (the QEMU rule's `| bin span=1s`): `'time'` (default) bins `_time`; `'error'`
   * refuses the search as the syntax in the bin reference (field required) would. See commands/bin.ts.
   */
  binWithoutField?: 'time' | 'error';
  /** CSV lookup tables the `lookup` command reads (shipped beside the rules); none when absent. */
  lookups?: LookupLibrary;
}

export interface CommandContext {
  /** The text the AST spans point into, for positioned errors. */
  query: string;
  options: ExecuteOptions;
  /** Behaviour choices that applied to this run, for the report. */
  notes: Set<string>;
  /** The event store, for generating commands (tstats); absent when a search is only checked. */
  events?: EventSource;
}
