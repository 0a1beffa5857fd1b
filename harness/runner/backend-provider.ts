// Where a data source's records go. Each data source is loaded on its own and every rule of its SIEM is
// run over it before the next one: two sources can share an index and event ids (winlogbeat Security
// and Sysmon both land in winlogbeat-*, with the same canonical ids), and metrics are per data source.
// The embedded engines start empty for each source; a real engine is cleared between sources.
import type { ElasticBackend, SplunkBackend } from '../backends/backend.js';

export interface BackendProvider<B extends ElasticBackend | SplunkBackend> {
  /** Backend name as reports show it, e.g. `embedded-elasticsearch`, `elasticsearch`. */
  readonly name: string;
  /** An empty backend for one data source. */
  acquire(): Promise<B>;
  /** Done with the data source: close (embedded) or clear (real). */
  release(backend: B): Promise<void>;
}

/** A fresh instance per data source, closed afterwards. */
export function freshPerSource<B extends ElasticBackend | SplunkBackend>(name: string, create: () => B): BackendProvider<B> {
  return {
    name,
    acquire: async () => create(),
    release: (backend) => backend.close(),
  };
}

/** One long-lived backend (a container or a deployment), emptied between data sources. */
export function sharedClearedBetweenSources<B extends (ElasticBackend | SplunkBackend) & { clear(): Promise<void> }>(backend: B): BackendProvider<B> {
  return {
    name: backend.name,
    acquire: async () => backend,
    release: (b) => b.clear(),
  };
}
