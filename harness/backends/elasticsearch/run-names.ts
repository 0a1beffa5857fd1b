// Where a run's documents go. In a container the pinned names are used as they are (the cluster is
// ours and empty). On an existing cluster every name is made run-specific, so the run never writes into,
// searches or deletes anything it did not create:
//   - a data stream named by the data stream scheme `<type>-<dataset>-<namespace>` gets the run token as its
//     namespace: `logs-endpoint.events.process-default` -> `logs-endpoint.events.process-dth1a2b3c`;
//   - any other name gets the token appended: `winlogbeat-9.1.0` -> `winlogbeat-9.1.0-dth1a2b3c`;
//   - a rule's index pattern ending in `*` gets the token appended, so it still selects the run's names
//     and nothing else: `logs-system.security*` -> `logs-system.security*dth1a2b3c`.
// Data stream naming scheme: https://www.elastic.co/docs/reference/fleet/data-streams#data-streams-naming-scheme
import { InputError } from '../../errors.js';

const DATA_STREAM_SCHEME = /^(logs|metrics|traces|synthetics|profiling)-([^-]+)-([^-]+)$/;

/** A run token: lowercase letters and digits only, so it is a valid namespace and index-name part. */
export function checkRunToken(token: string): string {
  if (!/^[a-z0-9]{3,40}$/.test(token)) {
    throw new InputError(`run token "${token}" must be 3 to 40 lowercase letters or digits`);
  }
  return token;
}

export class ElasticRunNames {
  /** `undefined`: use the pinned names unchanged (a fresh container). */
  constructor(readonly token?: string) {
    if (token !== undefined) checkRunToken(token);
  }

  get runSpecific(): boolean {
    return this.token !== undefined;
  }

  /** The index or data stream a record with this pinned `_index` is written to. */
  index(pinned: string): string {
    if (this.token === undefined) return pinned;
    const scheme = DATA_STREAM_SCHEME.exec(pinned);
    if (scheme) return `${scheme[1]}-${scheme[2]}-${this.token}`;
    return `${pinned}-${this.token}`;
  }

  /** The index pattern the rule's pattern becomes, selecting only this run's names. */
  pattern(rulePattern: string): string {
    if (this.token === undefined) return rulePattern;
    if (rulePattern.endsWith('*')) return `${rulePattern}${this.token}`;
    return this.index(rulePattern);
  }

  /** Name of the n-th index template this run installs. */
  templateName(n: number, pattern: string): string {
    const slug = pattern.replace(/\*/g, 'x').replace(/[^a-z0-9._-]/g, '_');
    const prefix = this.token === undefined ? 'dth' : `dth-${this.token}`;
    return `${prefix}-${String(n).padStart(2, '0')}-${slug}`;
  }
}

/** Lucene-style wildcard match as Elasticsearch applies index patterns: `*` only. */
export function matchesIndexPattern(name: string, pattern: string): boolean {
  const parts = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`).test(name);
}
