// The one HTTP client for Splunk's management port (REST, 8089) and HEC (8088), with TLS verified.
// The management API goes through splunk-sdk's Service with this client as its transport
// (splunk/sdk-transport.ts): the SDK's own Node transport hard-codes `rejectUnauthorized: false`
// (splunk-sdk 2.0.2 lib/platform/node/node_http.js), which would send a deployment's credentials over
// unverified TLS. HEC has no SDK client and is sent here directly. Certificates are verified unless the
// user passes --insecure (or DTH_SPLUNK_INSECURE_TLS=1; the harness's own container, whose certificate is
// self-signed, is the one other exception); --splunk-ca / DTH_SPLUNK_CA_CERT adds a private CA; every
// request is bounded by a timeout.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';

export interface HttpTarget {
  /** e.g. https://splunk.example.com:8089 (no trailing slash). */
  baseUrl: string;
  /** Authorization header value (`Basic …`, `Bearer …`, `Splunk <hec token>`). */
  authorization?: string;
  caCert?: string;
  insecureTls: boolean;
  timeoutMs: number;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  /** Sent as application/x-www-form-urlencoded (REST API). */
  form?: Record<string, string | number | undefined>;
  /** Sent verbatim (HEC envelopes, ack requests). */
  body?: string;
  headers?: Record<string, string>;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** No HTTP answer at all: refused, reset, TLS failure, timeout. */
export class HttpTransportError extends Error {
  constructor(
    readonly url: string,
    message: string,
  ) {
    super(`${url}: ${message}`);
    this.name = 'HttpTransportError';
  }
}

const agents = new Map<string, Agent>();

function agentFor(target: HttpTarget): Agent {
  const key = `${target.insecureTls}\u0000${target.caCert ?? ''}`;
  let agent = agents.get(key);
  if (agent === undefined) {
    agent = new Agent({ keepAlive: true, rejectUnauthorized: !target.insecureTls, ...(target.caCert !== undefined ? { ca: target.caCert } : {}) });
    agents.set(key, agent);
  }
  return agent;
}

export function encodeForm(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined) params.append(key, String(value));
  return params.toString();
}

export function send(target: HttpTarget, req: HttpRequest): Promise<HttpResponse> {
  const url = new URL(target.baseUrl + req.path);
  if (req.query) url.search = encodeForm(req.query);
  const headers: Record<string, string> = { ...req.headers };
  let payload: string | undefined;
  if (req.form !== undefined) {
    payload = encodeForm(req.form);
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  } else if (req.body !== undefined) {
    payload = req.body;
    headers['Content-Type'] ??= 'application/json';
  }
  if (target.authorization !== undefined) headers['Authorization'] = target.authorization;
  return exchange(target, req.method, url, headers, payload);
}

/** One request to an absolute URL with headers and an encoded body as given; TLS as the target says. */
export function exchange(target: HttpTarget, method: string, url: URL, given: Record<string, string>, payload: string | undefined): Promise<HttpResponse> {
  const headers = { ...given };
  if (payload !== undefined) headers['Content-Length'] = String(Buffer.byteLength(payload));
  // The URL in messages never carries the query (it may hold a search) nor credentials.
  const shown = `${method} ${url.origin}${url.pathname}`;
  return new Promise<HttpResponse>((resolve, reject) => {
    const options = { method, headers, timeout: target.timeoutMs };
    const onResponse = (res: import('node:http').IncomingMessage): void => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (error) => reject(new HttpTransportError(shown, error.message)));
    };
    const client =
      url.protocol === 'https:' ? httpsRequest(url, { ...options, agent: agentFor(target) }, onResponse) : httpRequest(url, options, onResponse);
    client.on('timeout', () => client.destroy(new Error(`no answer within ${target.timeoutMs} ms`)));
    client.on('error', (error) => reject(new HttpTransportError(shown, error.message)));
    if (payload !== undefined) client.write(payload);
    client.end();
  });
}

/** Parses a JSON body, or says what came back instead. */
export function parseJson(response: HttpResponse, what: string): unknown {
  try {
    return JSON.parse(response.text) as unknown;
  } catch {
    const head = response.text.slice(0, 200).replace(/\s+/g, ' ');
    throw new Error(`${what}: expected JSON, got ${response.status} "${head}"`);
  }
}
