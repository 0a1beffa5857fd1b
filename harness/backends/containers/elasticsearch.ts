// Elasticsearch in a container, in the testcontainers module style: a class with its defaults and a
// start() that waits until the node answers and returns a handle with the connection details.
// Built on @testcontainers/elasticsearch (single-node, HTTP without TLS, security on with user `elastic`,
// 2 GB heap, HTTP readiness wait on `/` with the credentials).
// Image: pinned to the patch that matches the client (@elastic/elasticsearch 9.4.3; clients are forward
// compatible with equal or later minors of the same major, and 9.x clients need a 9.x server).
// https://www.elastic.co/docs/reference/elasticsearch/clients/javascript#_compatibility
import { randomBytes } from 'node:crypto';
import { elapsedSince } from '../timings.js';
import { containerCleanup } from './cleanup.js';

export const ELASTICSEARCH_IMAGE = 'docker.elastic.co/elasticsearch/elasticsearch:9.4.3';

export interface StartedElasticsearch {
  url: string;
  username: string;
  password: string;
  image: string;
  /** Container start plus readiness wait. */
  readyMs: number;
  stop(): Promise<void>;
}

export class ElasticsearchService {
  private password = randomBytes(12).toString('hex');
  private startupTimeoutMs = 180_000;

  constructor(readonly image: string = ELASTICSEARCH_IMAGE) {}

  withPassword(password: string): this {
    this.password = password;
    return this;
  }

  withStartupTimeout(ms: number): this {
    this.startupTimeoutMs = ms;
    return this;
  }

  async start(): Promise<StartedElasticsearch> {
    const start = performance.now();
    const { ElasticsearchContainer } = await import('@testcontainers/elasticsearch');
    const container = await new ElasticsearchContainer(this.image).withPassword(this.password).withStartupTimeout(this.startupTimeoutMs).start();
    const stop = containerCleanup.track('Elasticsearch', container);
    return {
      url: container.getHttpUrl(),
      username: container.getUsername(),
      password: container.getPassword(),
      image: this.image,
      readyMs: elapsedSince(start),
      stop,
    };
  }
}
