// Where a run's Splunk events go, and what the installed macros are called.
// - A fresh container, first load: the pinned indexes (`wineventlog`, `sysmon`, `linux`) and the macros'
//   own names, exactly as in production.
// - An existing deployment: every index is run-specific (`dth_<token>_wineventlog`) and every macro the
//   harness installs is renamed (`dth_<token>_get_endpoint_data`), so nothing the site owns is written,
//   shadowed or deleted. The rule's macro calls and the macros' `index=` terms are rewritten to match
//   (macros.ts), and the search also gets an explicit index restriction; `expandedQuery` shows the result.
// - After clear(): a new generation of index names (`dth_g1_wineventlog`, `dth_<token>g1_wineventlog`),
//   so the next load starts empty without deleting events (Splunk has no quick "empty this index").
// Index names: lowercase letters, digits, `_` and `-`, not starting with `_` or `-`.
// https://help.splunk.com/en/splunk-enterprise/manage-your-data/manage-indexers-and-indexer-clusters/9.4/manage-indexes/create-custom-indexes
import { checkRunToken } from '../elasticsearch/run-names.js';

/** The indexes the pinned Splunk data sources and the default macros use. */
export const PINNED_SPLUNK_INDEXES = ['wineventlog', 'sysmon', 'linux'] as const;

export class SplunkRunNames {
  constructor(
    readonly token: string | undefined,
    readonly generation = 0,
  ) {
    if (token !== undefined) checkRunToken(token);
  }

  /** True when names differ from production: the search then also carries an explicit index restriction. */
  get rewritten(): boolean {
    return this.token !== undefined || this.generation > 0;
  }

  next(): SplunkRunNames {
    return new SplunkRunNames(this.token, this.generation + 1);
  }

  index(pinned: string): string {
    if (!this.rewritten) return pinned;
    const generation = this.generation > 0 ? `g${this.generation}` : '';
    return `dth_${this.token ?? ''}${generation}_${pinned}`;
  }

  /** Macros keep their names in a container (the deployment is ours); elsewhere they are prefixed. */
  macro(name: string): string {
    return this.token === undefined ? name : `dth_${this.token}_${name}`;
  }

  hecTokenName(): string {
    return `dth_${this.token ?? 'container'}_hec`;
  }
}
