// A small HTTP client for Splunk's management port (REST, 8089) and HEC (8088).
// Why not splunk-sdk (npm 2.0.2) here: its Node transport hard-codes `rejectUnauthorized: false`
// (lib/platform/node/node_http.js), which would send an existing deployment's credentials over
// unverified TLS; it has no HEC client and no indexer acknowledgement; it has no types and throws plain
// objects. This client verifies certificates unless DTH_SPLUNK_INSECURE_TLS=1 (or the harness's own
// container, whose certificate is self-signed), trusts DTH_SPLUNK_CA_CERT, and bounds every request.
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
  if (target.authorization !== undefined) headers['Authorization'] = target.authorization;
  let payload: string | undefined;
  if (req.form !== undefined) {
    payload = encodeForm(req.form);
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  } else if (req.body !== undefined) {
    payload = req.body;
    headers['Content-Type'] ??= 'application/json';
  }
  if (payload !== undefined) headers['Content-Length'] = String(Buffer.byteLength(payload));
  // The URL in messages never carries the query (it may hold a search) nor credentials.
  const shown = `${req.method} ${url.origin}${url.pathname}`;
  return new Promise<HttpResponse>((resolve, reject) => {
    const options = { method: req.method, headers, timeout: target.timeoutMs };
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
