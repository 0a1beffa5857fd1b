// Backend selection, credentials and their redaction, container cleanup on signals.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { ContainerCleanup } from '../../harness/backends/containers/cleanup.js';
import { probeDocker } from '../../harness/backends/containers/docker.js';
import { Redactor, REDACTED, elasticsearchCredentialsFromEnv, splunkCredentialsFromEnv } from '../../harness/backends/credentials.js';
import { defaultHecUrl, missingDockerMessage, planBackends, startBackends, type StartOptions } from '../../harness/backends/select.js';
import { InputError } from '../../harness/errors.js';
import { SplunkStandIn } from './splunk-stand-in.js';
import { parseMacrosConf } from '../../harness/engines/spl/macros.js';
import { inputErrorOf } from '../support/input-error.js';

const MACROS = parseMacrosConf('[get_endpoint_data]\ndefinition = (index=wineventlog)\n', 'macros.conf');
const noDocker = async () => ({ available: false, detail: 'no Docker engine: Could not find a working container runtime strategy (DOCKER_HOST is not set)' });

test('plan: --backend values, URLs only with their backend, container mode without a URL', () => {
  expect(planBackends({})).toMatchObject({ choice: 'embedded', embedded: true, parity: false });
  expect(planBackends({ backend: 'all' })).toMatchObject({ choice: 'all', embedded: true, parity: true, elasticsearch: { mode: 'container' }, splunk: { mode: 'container' } });
  expect(planBackends({ backend: 'splunk' })).toMatchObject({ embedded: false, parity: false, splunk: { mode: 'container' } });
  expect(planBackends({ backend: 'splunk' }).elasticsearch).toBeUndefined();
  expect(inputErrorOf(() => planBackends({ backend: 'opensearch' })).message).toBe('--backend must be one of embedded, elasticsearch, splunk, all, not "opensearch"');
  expect(inputErrorOf(() => planBackends({ backend: 'splunk', elasticsearchUrl: 'http://es:9200' })).message).toContain('--elasticsearch-url is only used with --backend elasticsearch or all');
  expect(inputErrorOf(() => planBackends({ splunkUrl: 'https://splunk:8089' })).message).toContain('--splunk-url is only used with --backend splunk or all (got --backend embedded)');
});

test('plan: a URL needs credentials from the environment, named exactly when missing', () => {
  const missing = inputErrorOf(() => planBackends({ backend: 'elasticsearch', elasticsearchUrl: 'https://es:9200' }, { DTH_ELASTICSEARCH_USERNAME: 'elastic' }));
  expect(missing.message).toContain('(missing: DTH_ELASTICSEARCH_PASSWORD)');
  const plan = planBackends({ backend: 'all', elasticsearchUrl: 'https://es:9200/', splunkUrl: 'https://splunk:8089' }, {
    DTH_ELASTICSEARCH_API_KEY: 'a2V5LWlkOmFwaS1rZXk=',
    DTH_SPLUNK_TOKEN: 'eyJrIjoic3BsdW5rLXRva2VuIn0',
    DTH_SPLUNK_HEC_TOKEN: '1b4e28ba-2fa1-11d2-883f-0016d3cca427',
    DTH_SPLUNK_INSECURE_TLS: '1',
  });
  expect(plan.elasticsearch).toMatchObject({ mode: 'url', url: 'https://es:9200', credentials: { auth: { kind: 'apiKey' } } });
  expect(plan.splunk).toMatchObject({ mode: 'url', credentials: { auth: { kind: 'token' }, insecureTls: true, hecToken: '1b4e28ba-2fa1-11d2-883f-0016d3cca427' } });
  // The plan's redactor knows every secret in use.
  const text = plan.redactor.redact('key a2V5LWlkOmFwaS1rZXk= token eyJrIjoic3BsdW5rLXRva2VuIn0 hec 1b4e28ba-2fa1-11d2-883f-0016d3cca427');
  expect(text).toBe(`key ${REDACTED} token ${REDACTED} hec ${REDACTED}`);
  expect(inputErrorOf(() => splunkCredentialsFromEnv({ DTH_SPLUNK_TOKEN: 't0ken-value', DTH_SPLUNK_USERNAME: 'admin' })).message).toContain('not both');
  expect(inputErrorOf(() => splunkCredentialsFromEnv({ DTH_SPLUNK_TOKEN: 't0ken-value', DTH_SPLUNK_INSECURE_TLS: 'yes' })).message).toContain('must be 1 or 0');
  expect(inputErrorOf(() => elasticsearchCredentialsFromEnv({ DTH_ELASTICSEARCH_API_KEY: 'k3y-value', DTH_ELASTICSEARCH_CA_CERT: '/nonexistent/ca.pem' })).message).toContain('DTH_ELASTICSEARCH_CA_CERT names a CA certificate file that cannot be read');
});

test('plan: credentials in a URL are refused and not echoed', () => {
  const error = inputErrorOf(() => planBackends({ backend: 'elasticsearch', elasticsearchUrl: 'https://elastic:hunter2-secret@es:9200' }, { DTH_ELASTICSEARCH_API_KEY: 'k3y-value' }));
  expect(error.message).toContain('carries credentials in the URL');
  expect(error.message).not.toContain('hunter2-secret');
  expect(inputErrorOf(() => planBackends({ backend: 'splunk', splunkUrl: 'ftp://splunk' }, { DTH_SPLUNK_TOKEN: 't0ken-value' })).message).toContain('must start with http:// or https://');
});

test('no Docker and no URL: exit-2 input error naming every missing piece', async () => {
  const plan = planBackends({ backend: 'all' });
  const error = await startBackends(plan, { rulePatterns: [], macros: MACROS, probeDocker: noDocker }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InputError);
  const message = (error as InputError).message;
  expect(message).toContain('--backend all cannot run here: no Docker engine');
  expect(message).toContain('Elasticsearch: start a Docker engine, or pass --elasticsearch-url with DTH_ELASTICSEARCH_API_KEY or DTH_ELASTICSEARCH_USERNAME and DTH_ELASTICSEARCH_PASSWORD set.');
  expect(message).toContain('Splunk: start a Docker engine, or pass --splunk-url with DTH_SPLUNK_TOKEN or DTH_SPLUNK_USERNAME and DTH_SPLUNK_PASSWORD set');
  // With a URL for Elasticsearch, only Splunk is named as missing.
  const mixed = planBackends({ backend: 'all', elasticsearchUrl: 'http://es:9200' }, { DTH_ELASTICSEARCH_API_KEY: 'k3y-value' });
  const text = missingDockerMessage(mixed, 'no Docker engine');
  expect(text).not.toContain('Elasticsearch:');
  expect(text).toContain('Splunk:');
});

test('the Docker probe answers without throwing and says what it found', async () => {
  const status = await probeDocker();
  expect(typeof status.available).toBe('boolean');
  // On a machine without an engine the message names where testcontainers looked.
  if (!status.available) expect(status.detail).toMatch(/^no Docker engine: .*DOCKER_HOST/);
  else expect(status.detail).toContain('container runtime at');
});

/** A local HTTP server answering as Elasticsearch does to `GET /` and cluster health. */
async function fakeElasticsearch(): Promise<{ url: string; close(): Promise<void>; paths: string[] }> {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'Content-Type': 'application/json', 'X-Elastic-Product': 'Elasticsearch' });
    const body = req.url?.startsWith('/_cluster/health') ? { status: 'green' } : { version: { number: '9.4.3' }, tagline: 'You Know, for Search' };
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, paths, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

test('start: containers (faked) become connected backends with timings; close stops them', async () => {
  const es = await fakeElasticsearch();
  const splunk = new SplunkStandIn({ username: 'admin', password: 'Dth-generated-pw' });
  const splunkUrl = await splunk.start();
  const stopped: string[] = [];
  const options: StartOptions = {
    rulePatterns: ['logs-*'],
    macros: MACROS,
    probeDocker: async () => ({ available: true, detail: 'container runtime at test' }),
    startElasticsearch: async () => ({ url: es.url, username: 'elastic', password: 'es-generated-pw', image: 'test', readyMs: 1234, stop: async () => void stopped.push('es') }),
    startSplunk: async () => ({ managementUrl: splunkUrl, hecUrl: splunkUrl, username: 'admin', password: 'Dth-generated-pw', image: 'test', readyMs: 4321, stop: async () => void stopped.push('splunk') }),
  };
  try {
    const backends = await startBackends(planBackends({ backend: 'all' }), options);
    expect(backends.elasticsearch?.name).toBe('elasticsearch');
    expect(backends.splunk?.name).toBe('splunk');
    expect(es.paths).toContain('GET /');
    const timings = backends.timings();
    expect(timings.map((t) => [t.backend, t.mode])).toEqual([['elasticsearch', 'container'], ['splunk', 'container']]);
    expect(timings[0]?.readyMs).toBeGreaterThanOrEqual(1234);
    expect(timings[1]?.readyMs).toBeGreaterThanOrEqual(4321);
    // The generated container passwords are redacted too.
    expect(backends.redactor.redact('pw es-generated-pw / Dth-generated-pw')).toBe(`pw ${REDACTED} / ${REDACTED}`);
    await backends.close();
    expect(stopped.sort()).toEqual(['es', 'splunk']);
  } finally {
    await es.close();
    await splunk.stop();
  }
});

test('start: when one backend fails, the other is stopped and the error is redacted', async () => {
  const es = await fakeElasticsearch();
  const stopped: string[] = [];
  try {
    const error = await startBackends(planBackends({ backend: 'all' }), {
      rulePatterns: [],
      macros: MACROS,
      probeDocker: async () => ({ available: true, detail: 'test' }),
      startElasticsearch: async () => ({ url: es.url, username: 'elastic', password: 'es-generated-pw', image: 'test', readyMs: 1, stop: async () => void stopped.push('es') }),
      startSplunk: async () => {
        throw new Error('Splunk container: management port not ready after 120000 ms');
      },
    }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('management port not ready');
    expect(stopped).toEqual(['es']);
  } finally {
    await es.close();
  }
});

test('HEC defaults to port 8088 of the management host', () => {
  expect(defaultHecUrl('https://splunk.example.com:8089')).toBe('https://splunk.example.com:8088');
});

test('redaction: known secrets in any encoding, auth headers, URL user info, deep values', () => {
  const redactor = Redactor.forSplunk({ auth: { kind: 'basic', username: 'admin', password: 'p@ss word!' }, hecToken: 'abcd-1234-hec', insecureTls: false });
  const basic = Buffer.from('admin:p@ss word!').toString('base64');
  expect(redactor.redact(`password p@ss word! encoded p%40ss%20word! basic ${basic}`)).toBe(`password ${REDACTED} encoded ${REDACTED} basic ${REDACTED}`);
  expect(redactor.redact('Authorization: Splunk 5e3c0f2a-0b7c-4c53-a1fe-0d9e8d1c2b3a')).toBe(`Authorization: Splunk ${REDACTED}`);
  expect(redactor.redact('Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig')).toBe(`Authorization: Bearer ${REDACTED}`);
  expect(redactor.redact('GET https://admin:p4ssw0rd@splunk:8089/services')).toBe(`GET https://${REDACTED}@splunk:8089/services`);
  expect(redactor.redactValue({ notes: ['hec abcd-1234-hec'], nested: { n: 1, s: 'x p@ss word!' } })).toEqual({ notes: [`hec ${REDACTED}`], nested: { n: 1, s: `x ${REDACTED}` } });
  // Ordinary text is untouched; very short values are not treated as secrets.
  expect(new Redactor(['ab']).redact('a tab')).toBe('a tab');
  const error = redactor.redactError(new InputError('refused for admin:p@ss word!'));
  expect(error).toBeInstanceOf(InputError);
  expect(error.message).toBe(`refused for admin:${REDACTED}`);
});

test('cleanup: SIGINT and SIGTERM remove every registered container, report failures, and exit 130 / 143', async () => {
  const lines: string[] = [];
  const exits: number[] = [];
  const stopped: string[] = [];
  const cleanup = new ContainerCleanup((line) => lines.push(line), (code) => exits.push(code), false);
  cleanup.register('Elasticsearch', async () => void stopped.push('es'));
  const unregister = cleanup.register('Splunk', async () => {
    throw new Error('container already removed');
  });
  cleanup.register('Other', async () => void stopped.push('other'));
  expect(cleanup.size).toBe(3);
  await cleanup.onSignal('SIGINT');
  expect(stopped.sort()).toEqual(['es', 'other']);
  expect(lines[0]).toBe('SIGINT: removing 3 container(s) before exiting');
  expect(lines[1]).toContain('could not remove the Splunk container: Error: container already removed');
  expect(exits).toEqual([130]);
  unregister();
  cleanup.register('Again', async () => void stopped.push('again'));
  await cleanup.onSignal('SIGTERM');
  expect(stopped).toContain('again');
  expect(exits).toEqual([130, 143]);
});

test('cleanup: a tracked container stops once, whether the run ends normally or a signal comes first', async () => {
  const exits: number[] = [];
  const cleanup = new ContainerCleanup(() => undefined, (code) => exits.push(code), false);
  let stops = 0;
  const stop = cleanup.track('Elasticsearch', { stop: async () => void stops++ });
  expect(cleanup.size).toBe(1);
  await stop();
  await stop();
  expect(stops).toBe(1);
  expect(cleanup.size).toBe(0);
  const stopSplunk = cleanup.track('Splunk', { stop: async () => void stops++ });
  await cleanup.onSignal('SIGINT');
  await stopSplunk();
  expect(stops).toBe(2);
  expect(exits).toEqual([130]);
});
