// Where the Splunk coverage diagnosis searches a rule's conditions: every record of the source, indexed
// whole (the diagnosis applies no TRUNCATE, so its reasons do not depend on the deployment profile).
// Indexing a source is most of a diagnosis's cost, and the run has just indexed the same records for
// the rule itself. So when the run's embedded index is at hand, a condition that is judged event by
// event (a base search without a subsearch) is answered from it: its events, except those TRUNCATE cut
// there, plus the cut events searched in a small index of their whole records. Anything else (a
// subsearch reads other events) is searched in a full index of the records, built only then.
import { EmbeddedSplunkBackend, type RuleMacros } from '../backends/embedded-splunk.js';
import { walkSearchExpr } from '../engines/spl/ast.js';
import { prepareSearch } from '../engines/spl/engine.js';
import type { MacroLibrary } from '../engines/spl/macros.js';
import type { SplunkRecord } from '../model/records.js';

export interface DiagnosisIndex {
  /** Ids of the events (of the source's records, whole) a base-search condition selects, in no set order. Throws SplError. */
  eventIds(condition: string, macros: MacroLibrary): Promise<string[]>;
  close(): Promise<void>;
}

/** Whether the condition is one base search whose answer for an event depends on that event alone. */
function judgedPerEvent(condition: string, macros: MacroLibrary): boolean {
  const commands = prepareSearch(condition, macros, '<condition>').pipeline.commands;
  const first = commands[0];
  if (commands.length !== 1 || first?.kind !== 'search') return false;
  let perEvent = true;
  if (first.expr !== null) {
    walkSearchExpr(first.expr, (node) => {
      if (node.kind === 'subsearch') perEvent = false;
    });
  }
  return perEvent;
}

/**
 * `ruleMacros`: the macros each rule expands with (the diagnosis's own indices take them too). `run`: the
 * run's embedded backend for the source, holding exactly `records` loaded in this order with the same
 * macros; TRUNCATE may have cut some of them (its truncatedIds). Without it every condition is searched
 * in a full index of the records.
 */
export function diagnosisIndex(records: readonly SplunkRecord[], ruleMacros: RuleMacros, run?: EmbeddedSplunkBackend): DiagnosisIndex {
  const built: EmbeddedSplunkBackend[] = [];
  const index = async (list: readonly SplunkRecord[]): Promise<EmbeddedSplunkBackend> => {
    const backend = new EmbeddedSplunkBackend({ ruleMacros });
    built.push(backend);
    await backend.load([...list]);
    return backend;
  };
  let full: Promise<EmbeddedSplunkBackend> | undefined;
  let cutWhole: Promise<EmbeddedSplunkBackend> | undefined;
  return {
    async eventIds(condition, macros) {
      if (run === undefined || !judgedPerEvent(condition, macros)) {
        full ??= index(records);
        return (await full).searchEventIds(condition, '<condition>', macros);
      }
      const cut = run.truncatedIds;
      const ids = run.searchEventIds(condition, '<condition>', macros).filter((id) => !cut.has(id));
      if (cut.size === 0) return ids;
      cutWhole ??= index(records.filter((r) => cut.has(r._id)));
      return ids.concat((await cutWhole).searchEventIds(condition, '<condition>', macros));
    },
    async close() {
      await Promise.all(built.map((b) => b.close()));
    },
  };
}
