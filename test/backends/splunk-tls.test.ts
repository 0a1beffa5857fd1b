// TLS of the real-Splunk backend: the management API goes through splunk-sdk's Service over the harness's
// own transport (harness/backends/splunk/sdk-transport.ts), which verifies certificates by default. A local
// HTTPS server with a certificate from a private CA (test/fixtures/tls/) stands in for a Splunk whose
// certificate no system CA vouches for: refused without the CA, accepted with --splunk-ca, and accepted
// without verification only with --insecure, which the report records.
// splunk-sdk 2.0.2's own NodeHttp sets rejectUnauthorized: false (lib/platform/node/node_http.js), which is why
// the backend passes its own Http to `new Service(http, params)` (lib/context.js init).
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { planBackends } from '../../harness/backends/select.js';
import { SplunkEnterpriseBackend } from '../../harness/backends/splunk.js';
import { HecClient } from '../../harness/backends/splunk/hec.js';
import { MacroLibrary } from '../../harness/engines/spl/macros.js';
import { InputError } from '../../harness/errors.js';
import { attachBackendSection } from '../../reports/parity-section.js';
import { renderTerminal } from '../../reports/writers/terminal.js';
import { buildReport } from '../../reports/build-report.js';
import { syntheticRun } from '../fixtures/reports/synthetic-run.js';

const FIXTURES = new URL('../fixtures/tls/', import.meta.url);
const CA_FILE = new URL('ca.pem', FIXTURES).pathname;
const CA = readFileSync(CA_FILE, 'utf8');
const TOKEN = 'eyJ0ZXN0LXRva2VuIn0';

interface Seen {
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
}

/** server/info over HTTPS, as Splunk answers it (REST API Reference 9.4, introspection endpoints). */
async function startHttpsSplunk(): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer({ key: readFileSync(new URL('server.key', FIXTURES)), cert: readFileSync(new URL('server.pem', FIXTURES)) }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://localhost');
    seen.push({ path: url.pathname, query: url.searchParams, authorization: req.headers.authorization });
    if (url.pathname === '/services/server/info') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ entry: [{ name: 'server-info', content: { version: '9.4.0' } }] }));
      return;
    }
    // HEC (/services/collector/event, then /services/collector/ack): accepted and indexed at once.
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(url.pathname.endsWith('/ack') ? { acks: { '0': true } } : { text: 'Success', code: 0, ackId: 0 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `https://localhost:${(server.address() as AddressInfo).port}`, seen, server };
}

function backend(url: string, tls: { caCert?: string; insecureTls: boolean }): SplunkEnterpriseBackend {
  return new SplunkEnterpriseBackend({
    mode: 'url',
    managementUrl: url,
    hecUrl: url,
    auth: { kind: 'token', token: TOKEN },
    runToken: 'rtls',
    macros: new MacroLibrary(),
    requestTimeoutMs: 5000,
    ...tls,
  });
}

test.describe('Splunk over TLS with a certificate from a private CA', () => {
  let splunk: Awaited<ReturnType<typeof startHttpsSplunk>>;
  test.beforeAll(async () => {
    splunk = await startHttpsSplunk();
  });
  test.afterAll(async () => {
    await new Promise<void>((resolve) => splunk.server.close(() => resolve()));
  });

  test('refused by default: the certificate is not verified by any system CA, and no request reaches the server', async () => {
    const before = splunk.seen.length;
    const error = (await backend(splunk.url, { insecureTls: false }).connect().catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/reading server info failed: GET https:\/\/localhost:\d+\/services\/server\/info: .*(certificate|self.signed)/i);
    expect(error.message).not.toContain(TOKEN);
    expect(splunk.seen.length).toBe(before);
  });

  test('accepted with the CA (--splunk-ca): the SDK builds the request (output_mode=json, the bearer token), our transport sends it', async () => {
    const splunkBackend = backend(splunk.url, { caCert: CA, insecureTls: false });
    expect(await splunkBackend.connect()).toBe('9.4.0');
    const request = splunk.seen.at(-1);
    expect(request?.path).toBe('/services/server/info');
    expect(request?.query.get('output_mode')).toBe('json');
    expect(request?.authorization).toBe(`Bearer ${TOKEN}`);
    expect(splunkBackend.timings().tls).toBe('private-ca');
  });

  test('HEC, sent directly, verifies the same way', async () => {
    const options = { channel: 'c', maxBatchBytes: 1000, busyRetries: 0, ackPollMs: 1, ackTimeoutMs: 100 };
    const envelope = { time: 1, host: 'h', source: 's', sourcetype: 'st', index: 'i', event: 'e' };
    const unverified = new HecClient({ baseUrl: splunk.url, authorization: 'Splunk x', insecureTls: false, timeoutMs: 5000 }, options);
    await expect(unverified.sendAll([envelope], () => undefined)).rejects.toThrow(/certificate|self.signed/i);
    const verified = new HecClient({ baseUrl: splunk.url, authorization: 'Splunk x', caCert: CA, insecureTls: false, timeoutMs: 5000 }, options);
    await expect(verified.sendAll([envelope], () => undefined)).resolves.toEqual({ accepted: 1, acknowledged: true });
  });

  test('accepted without verification only with --insecure, and the report and the terminal say so', async () => {
    const splunkBackend = backend(splunk.url, { insecureTls: true });
    expect(await splunkBackend.connect()).toBe('9.4.0');
    const timings = splunkBackend.timings();
    expect(timings.tls).toBe('insecure');
    const report = attachBackendSection(buildReport(syntheticRun()), { parity: null, timings: [timings] });
    expect(report.backendTimings?.[0]?.tls).toBe('insecure');
    expect(renderTerminal(report, { color: false })).toContain('splunk: TLS certificate not verified (--insecure)');
  });
});

test('--splunk-ca and --insecure: read and checked before anything is contacted', () => {
  const env = { DTH_SPLUNK_TOKEN: TOKEN };
  const withCa = planBackends({ backend: 'splunk', splunkUrl: 'https://splunk.example:8089', splunkCaFile: CA_FILE }, env);
  expect(withCa.splunk?.mode === 'url' && withCa.splunk.credentials.caCert).toBe(CA);
  const insecure = planBackends({ backend: 'splunk', splunkUrl: 'https://splunk.example:8089', insecure: true }, env);
  expect(insecure.splunk?.mode === 'url' && insecure.splunk.credentials.insecureTls).toBe(true);
  const verified = planBackends({ backend: 'splunk', splunkUrl: 'https://splunk.example:8089' }, env);
  expect(verified.splunk?.mode === 'url' && verified.splunk.credentials.insecureTls).toBe(false);
  expect(() => planBackends({ backend: 'splunk', splunkUrl: 'https://splunk.example:8089', splunkCaFile: '/nonexistent/ca.pem' }, env)).toThrow(/--splunk-ca \/nonexistent\/ca.pem: cannot read/);
  expect(() => planBackends({ backend: 'splunk', splunkUrl: 'https://splunk.example:8089', splunkCaFile: new URL('README.md', FIXTURES).pathname }, env)).toThrow(/not a PEM certificate/);
  expect(() => planBackends({ backend: 'splunk', insecure: true }, env)).toThrow(InputError);
  expect(() => planBackends({ backend: 'splunk', splunkUrl: 'https://splunk.example:8089', insecure: true, splunkCaFile: CA_FILE }, env)).toThrow(/contradict/);
});
