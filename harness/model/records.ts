// The ground floor (DESIGN.md "Layout"): the record and result types every layer shares. Native records
// are what a data source stores for one canonical event (generators render them, engines and backends
// load them, reports cite them); a result row is what a Splunk search returns. No logic, no imports.

/** A document as Elasticsearch stores it: the target index, the id (= canonical event id) and the _source. */
export interface ElasticRecord {
  _index: string;
  _id: string;
  [field: string]: unknown;
}

/** An event as Splunk stores it. `_time` is epoch seconds (fractions allowed). */
export interface SplunkRecord {
  _raw: string;
  _time: number;
  host: string;
  source: string;
  sourcetype: string;
  index: string;
  _id: string;
}

export type Siem = 'elastic' | 'splunk';

/** One result row of a transforming search (Splunk `stats`, `table`): field -> value(s). */
export type ResultRow = Record<string, string | string[]>;
