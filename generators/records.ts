// Native records: what a data source stores for one canonical event.

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
